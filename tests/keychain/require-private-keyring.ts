/** Refuses to run the keychain suite against anything but the private keyring of with-keyring.sh. */
export default function requirePrivateKeyring(): void {
  if (process.env.BLOTTER_TEST_KEYRING !== '1') {
    throw new Error(
      'the keychain suite needs the private Secret Service of tests/keychain/with-keyring.sh: run `npm run test:keychain`',
    );
  }
}
