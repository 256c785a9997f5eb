/**
 * The server side of Bluefin's signature check, as the simulator runs it:
 * split the wire string at 128/129, rebuild a Sui serialized signature for
 * the key type, verify it as a PersonalMessage over the payload the server
 * recomputed from the request, and require the key's address to be the
 * account. Any failure is a reason string; nothing here throws.
 */
import { type SignatureScheme, toSerializedSignature } from '@mysten/sui/cryptography';
import { fromBase64, fromHex, normalizeSuiAddress } from '@mysten/sui/utils';
import { isValidPersonalMessageSignature, publicKeyFromRawBytes } from '@mysten/sui/verify';
import { payloadBytes } from '../auth.ts';
import { KEY_TYPE, SIGNATURE_HEX_LENGTH } from '../constants.ts';

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

const WIRE_PATTERN = /^[0-9a-fA-F]{128}[0-9][A-Za-z0-9+/]+={0,2}$/;

const SCHEME_BY_KEY_TYPE: Readonly<Record<string, SignatureScheme>> = {
  [KEY_TYPE.ed25519]: 'ED25519',
  [KEY_TYPE.secp256k1]: 'Secp256k1',
};

export async function verifyWireSignature(
  payload: unknown,
  wire: string,
  expectedAddress: string,
): Promise<SignatureCheck> {
  if (!WIRE_PATTERN.test(wire)) return { ok: false, reason: 'malformed signature' };
  const keyType = wire.charAt(SIGNATURE_HEX_LENGTH);
  const scheme = SCHEME_BY_KEY_TYPE[keyType];
  if (!scheme) return { ok: false, reason: `unsupported key type ${keyType}` };
  try {
    const signature = fromHex(wire.slice(0, SIGNATURE_HEX_LENGTH));
    // Throws when the key bytes do not fit the scheme (a 32-byte ed25519 key flagged secp256k1).
    const publicKey = publicKeyFromRawBytes(scheme, fromBase64(wire.slice(SIGNATURE_HEX_LENGTH + 1)));
    if (normalizeSuiAddress(publicKey.toSuiAddress()) !== normalizeSuiAddress(expectedAddress)) {
      return { ok: false, reason: 'signer is not the account' };
    }
    const serialized = toSerializedSignature({ signature, signatureScheme: scheme, publicKey });
    const valid = await isValidPersonalMessageSignature(payloadBytes(payload), serialized, {
      address: expectedAddress,
    });
    return valid ? { ok: true } : { ok: false, reason: 'signature does not match the payload' };
  } catch {
    return { ok: false, reason: 'signature could not be decoded' };
  }
}
