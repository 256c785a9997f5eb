/**
 * Bluefin credentials and signing. The account's Sui Ed25519 key never leaves
 * main: it lives in a closure behind `BluefinSigner`, and neither the key nor
 * a signature is ever logged or put in an error message.
 *
 * One algorithm signs both the login and the cancels: the compact JSON of a
 * payload object, as a Sui PersonalMessage (intent [3,0,0] + BCS vector<u8>,
 * blake2b-256), ed25519; on the wire `hex(sig) + "1" + base64(publicKey)`.
 * `Ed25519Keypair.signPersonalMessage` computes exactly that digest and signature.
 */
import { createHash } from 'node:crypto';
import { decodeSuiPrivateKey, parseSerializedSignature } from '@mysten/sui/cryptography';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { fromHex, toBase64, toHex } from '@mysten/sui/utils';
import { z } from 'zod';
import { VenueCallError } from '../../core/venue.ts';
import { type CancelVariant, KEY_TYPE } from './constants.ts';

export const bluefinCredentialsSchema = z.object({
  /** `suiprivkey1…` (Bech32, ED25519), a 32-byte hex seed, or a BIP-39 mnemonic. */
  privateKey: z.string().min(1),
});
export type BluefinCredentials = z.infer<typeof bluefinCredentialsSchema>;

export interface BluefinSigner {
  /** The account's Sui address (0x + 64 hex). */
  readonly address: string;
  /** The wire signature string of `payload`. */
  sign(payload: unknown): Promise<string>;
}

const MNEMONIC_WORD_COUNTS = new Set([12, 15, 18, 21, 24]);

function credentialError(message: string): VenueCallError {
  return new VenueCallError({ category: 'auth', code: 'credentials', message });
}

/** The keypair behind a private-key string; the error says which form failed, never the value. */
export function keypairFromSecret(secret: string): Ed25519Keypair {
  const text = secret.trim();
  if (text.startsWith('suiprivkey')) {
    let decoded: ReturnType<typeof decodeSuiPrivateKey>;
    try {
      decoded = decodeSuiPrivateKey(text);
    } catch {
      throw credentialError('privateKey is not a valid suiprivkey string');
    }
    if (decoded.scheme !== 'ED25519') {
      throw credentialError(`privateKey is a ${decoded.scheme} key; only Ed25519 keys are supported`);
    }
    return Ed25519Keypair.fromSecretKey(decoded.secretKey);
  }
  if (/^(0x)?[0-9a-fA-F]{64}$/.test(text)) return Ed25519Keypair.fromSecretKey(fromHex(text));
  const words = text.split(/\s+/);
  if (MNEMONIC_WORD_COUNTS.has(words.length)) {
    try {
      return Ed25519Keypair.deriveKeypair(words.join(' ').toLowerCase());
    } catch {
      throw credentialError('privateKey looks like a mnemonic but is not a valid BIP-39 phrase');
    }
  }
  throw credentialError('privateKey must be a suiprivkey string, a 32-byte hex seed or a mnemonic');
}

/** Validates the credential object and builds the signer; throws an `auth` VenueCallError that names no value. */
export function parseBluefinCredentials(raw: Record<string, string>): BluefinSigner {
  const parsed = bluefinCredentialsSchema.safeParse(raw);
  if (!parsed.success) throw credentialError('missing or empty: privateKey');
  return signerFromKeypair(keypairFromSecret(parsed.data.privateKey));
}

export function signerFromKeypair(keypair: Ed25519Keypair): BluefinSigner {
  return {
    address: keypair.toSuiAddress(),
    sign: (payload) => signPayload(keypair, payload),
  };
}

/** UTF-8 of the compact JSON: the exact bytes the server recomputes from the request. */
export function payloadBytes(payload: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(payload));
}

export async function signPayload(keypair: Ed25519Keypair, payload: unknown): Promise<string> {
  const { signature } = await keypair.signPersonalMessage(payloadBytes(payload));
  const parsed = parseSerializedSignature(signature);
  if (parsed.signatureScheme !== 'ED25519')
    throw new Error('unexpected signature scheme from an Ed25519 keypair');
  return `${toHex(parsed.signature)}${KEY_TYPE.ed25519}${toBase64(parsed.publicKey)}`;
}

/** What the login signs. */
export function onboardingPayload(onboardingUrl: string): { onboardingUrl: string } {
  return { onboardingUrl };
}

/** v2: hex(sha256(UTF-8(JSON.stringify(hashes)))) — the official client's hash of the hash list. */
export function hashOfHashes(hashes: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(hashes), 'utf8').digest('hex');
}

/** What a cancel signs: the hash list (v1) or the one-element list of its hash (v2). */
export function cancelPayload(hashes: readonly string[], variant: CancelVariant): { orderHashes: string[] } {
  return { orderHashes: variant === 'v2' ? [hashOfHashes(hashes)] : [...hashes] };
}
