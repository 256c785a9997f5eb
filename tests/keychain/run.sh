#!/usr/bin/env bash
# `npm run test:keychain`: the keychain tests against a real Secret Service
# (gnome-keyring in a private dbus-run-session with a temporary HOME).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(uname -s)" != "Linux" ]; then
  echo "test:keychain: skipped on $(uname -s): this suite drives gnome-keyring (the Secret Service); macOS and Windows keychains are exercised by hand (README)."
  exit 0
fi
exec tests/keychain/with-keyring.sh node_modules/.bin/vitest run --config tests/keychain/vitest.config.ts "$@"
