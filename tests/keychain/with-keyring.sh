#!/usr/bin/env bash
# Runs a command against a private, real Secret Service: a temporary HOME, a
# private D-Bus session bus (dbus-run-session) and gnome-keyring-daemon with
# a "login" keyring unlocked by an empty password. The user's own keychain is
# never touched, and everything is removed when the command ends.
#   tests/keychain/with-keyring.sh <command> [args...]
# Needs (Debian/Ubuntu): apt-get install gnome-keyring dbus-x11   (.ci/run installs them)
# SIGTERM/SIGINT to this script reach the command; its exit status is the script's.
set -uo pipefail

if [ "${BLOTTER_KEYRING_INNER:-}" = "1" ]; then
  # Inside the private bus: unlock a fresh keyring, run the command, pass signals on.
  printf '\n' | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 1
  bus() {
    dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      "org.freedesktop.DBus.$1" string:org.freedesktop.secrets 2>/dev/null
  }
  for _ in $(seq 100); do
    bus NameHasOwner | grep -q true && break
    sleep 0.05
  done
  keyring_pid="$(bus GetConnectionUnixProcessID | awk '{print $2}')"
  if [ -z "$keyring_pid" ]; then
    echo "with-keyring: gnome-keyring-daemon did not register the Secret Service on the bus" >&2
    exit 1
  fi
  # The daemon leaves its session (setsid): stop it explicitly rather than trust it to notice the bus is gone.
  trap 'kill "$keyring_pid" 2>/dev/null' EXIT
  export BLOTTER_TEST_KEYRING=1
  "$@" &
  command_pid=$!
  echo "$command_pid" >"$HOME/command.pid"
  trap 'kill -TERM "$command_pid" 2>/dev/null' TERM
  trap 'kill -INT "$command_pid" 2>/dev/null' INT
  status=0
  wait "$command_pid" || status=$?
  # A trapped signal interrupts `wait` early: wait again for the command's own status.
  while kill -0 "$command_pid" 2>/dev/null; do
    status=0
    wait "$command_pid" || status=$?
  done
  exit "$status"
fi

for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: $tool not found; install it: sudo apt-get install gnome-keyring dbus-x11" >&2
    exit 127
  fi
done

home="$(mktemp -d "${TMPDIR:-/tmp}/blotter-keyring-XXXXXX")"
mkdir -p "$home/run" && chmod 700 "$home/run"
trap 'rm -rf "$home"' EXIT
forward() {
  [ -s "$home/command.pid" ] && kill "-$1" "$(cat "$home/command.pid")" 2>/dev/null
}
trap 'forward TERM' TERM
trap 'forward INT' INT

# dbus-daemon warns that an unprivileged user cannot raise its fd limit: noise, filtered out.
BLOTTER_KEYRING_INNER=1 HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" \
  XDG_CACHE_HOME="$home/.cache" XDG_RUNTIME_DIR="$home/run" \
  dbus-run-session -- "$0" "$@" 2> >(grep --line-buffered -v 'Failed to set fd limit' >&2) &
session_pid=$!
status=0
wait "$session_pid" || status=$?
while kill -0 "$session_pid" 2>/dev/null; do
  status=0
  wait "$session_pid" || status=$?
done
exit "$status"
