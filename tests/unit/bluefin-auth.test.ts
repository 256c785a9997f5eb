/**
 * Bluefin signing: fixed key + fixed payloads → known wire strings, the
 * digest recomputed independently (reference BLAKE2b + node:crypto ed25519),
 * and the simulator's verifier refusing every tampered variant.
 */
import { createPublicKey, verify } from 'node:crypto';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { blake2b } from '@noble/hashes/blake2.js';
import { describe, expect, it } from 'vitest';
import { VenueCallError } from '../../main/core/venue.ts';
import {
  cancelPayload,
  hashOfHashes,
  keypairFromSecret,
  onboardingPayload,
  parseBluefinCredentials,
  payloadBytes,
  signPayload,
} from '../../main/venues/bluefin/auth.ts';
import { DEMO_MNEMONIC } from '../../main/venues/bluefin/sim/index.ts';
import { verifyWireSignature } from '../../main/venues/bluefin/sim/verify.ts';

/** Seed bytes 00 01 02 … 1f. */
const SEED_HEX = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0')).join('');
const ADDRESS = '0x160179a1565ea7cff27ead23f54cc7f50893bf58155cd7285156e57afa31c3ac';
const PUBLIC_KEY_B64 = 'A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=';
const HASHES = ['a1'.repeat(32), 'b2'.repeat(32)];
const HASH_OF_HASHES = 'daae581bcd0ddc7171e5f4cf2c23e7e471461420c4a354044f37bcc777919726';
const ONBOARDING_URL = 'https://trade-sui.bluefin.exchange';

const VECTORS = {
  v2: '210d9b2a58d8146a78ecf6cae20f320a4d4b13b5aa5721600d4e2a30ea9a605d75808c2b215cd6ded4c357dcd93fa13adf9a5661e469c8881ffbf7f968cb5e06',
  v1: '3b963539fbd402820b2233f4c0a50747a78489d586ab6d35a5037346121bfd4fc8c5c8bd8c56e6a19001421c6559b043f95ad2b5b62de69b618f741a409b4b0c',
  onboarding:
    '3ecd42547fcb2b62f2e1f794df22fc06244dc7392f45d0be6c95065a6e21b08cbf41514a65c4e2c74c19c4134d7f0aca33227ef4a2762b7d4d3eac559f23970a',
};
const wire = (hex: string): string => `${hex}1${PUBLIC_KEY_B64}`;

/** Sui PersonalMessage digest, from the spec: blake2b-256([3,0,0] ‖ ULEB128(len) ‖ msg). */
function personalMessageDigest(message: Uint8Array): Uint8Array {
  const uleb: number[] = [];
  let n = message.length;
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n > 0) byte |= 0x80;
    uleb.push(byte);
  } while (n > 0);
  return blake2b(new Uint8Array([3, 0, 0, ...uleb, ...message]), { dkLen: 32 });
}

function verifyIndependently(payload: unknown, wireSignature: string): boolean {
  const signature = Buffer.from(wireSignature.slice(0, 128), 'hex');
  const publicKey = Buffer.from(wireSignature.slice(129), 'base64');
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: publicKey.toString('base64url') },
    format: 'jwk',
  });
  return verify(null, personalMessageDigest(payloadBytes(payload)), key, signature);
}

describe('bluefin signing', () => {
  const keypair = keypairFromSecret(SEED_HEX);

  it('derives the address and public key of the fixed key', () => {
    expect(keypair.toSuiAddress()).toBe(ADDRESS);
    expect(keypair.getPublicKey().toBase64()).toBe(PUBLIC_KEY_B64);
  });

  it('hashes the hash list as the official v2 client does', () => {
    expect(hashOfHashes(HASHES)).toBe(HASH_OF_HASHES);
    expect(cancelPayload(HASHES, 'v2')).toEqual({ orderHashes: [HASH_OF_HASHES] });
    expect(cancelPayload(HASHES, 'v1')).toEqual({ orderHashes: HASHES });
    expect(new TextDecoder().decode(payloadBytes(cancelPayload(HASHES, 'v2')))).toBe(
      `{"orderHashes":["${HASH_OF_HASHES}"]}`,
    );
  });

  it('produces the known signature strings (v2 cancel, v1 cancel, login)', async () => {
    expect(await signPayload(keypair, cancelPayload(HASHES, 'v2'))).toBe(wire(VECTORS.v2));
    expect(await signPayload(keypair, cancelPayload(HASHES, 'v1'))).toBe(wire(VECTORS.v1));
    expect(await signPayload(keypair, onboardingPayload(ONBOARDING_URL))).toBe(wire(VECTORS.onboarding));
  });

  it('the known signatures verify against the digest recomputed from the spec, not the library', () => {
    expect(verifyIndependently(cancelPayload(HASHES, 'v2'), wire(VECTORS.v2))).toBe(true);
    expect(verifyIndependently(cancelPayload(HASHES, 'v1'), wire(VECTORS.v1))).toBe(true);
    expect(verifyIndependently(onboardingPayload(ONBOARDING_URL), wire(VECTORS.onboarding))).toBe(true);
    expect(verifyIndependently(cancelPayload(HASHES, 'v1'), wire(VECTORS.v2))).toBe(false);
  });

  it('the simulator verifier accepts the vector and refuses every tampered variant', async () => {
    const payload = cancelPayload(HASHES, 'v2');
    expect(await verifyWireSignature(payload, wire(VECTORS.v2), ADDRESS)).toEqual({ ok: true });

    // One changed hash in the request: the recomputed hash of hashes no longer matches.
    const changed = cancelPayload([HASHES[0] as string, `${'b2'.repeat(31)}b3`], 'v2');
    expect((await verifyWireSignature(changed, wire(VECTORS.v2), ADDRESS)).ok).toBe(false);

    // Wrong key-type character: 0 (secp256k1) with an ed25519 key; 2 and 3 are not plain keys.
    for (const keyType of ['0', '2', '3']) {
      const tampered = `${VECTORS.v2}${keyType}${PUBLIC_KEY_B64}`;
      expect((await verifyWireSignature(payload, tampered, ADDRESS)).ok).toBe(false);
    }

    // Another account's key: its own valid signature, presented for this account…
    const other = Ed25519Keypair.deriveKeypair(DEMO_MNEMONIC);
    const otherSignature = await signPayload(other, payload);
    expect(await verifyWireSignature(payload, otherSignature, other.toSuiAddress())).toEqual({ ok: true });
    expect(await verifyWireSignature(payload, otherSignature, ADDRESS)).toEqual({
      ok: false,
      reason: 'signer is not the account',
    });
    // …and this account's signature carrying the other key.
    const swapped = `${VECTORS.v2}1${other.getPublicKey().toBase64()}`;
    expect((await verifyWireSignature(payload, swapped, other.toSuiAddress())).ok).toBe(false);

    // Truncated, or one flipped signature digit.
    expect((await verifyWireSignature(payload, wire(VECTORS.v2).slice(0, 100), ADDRESS)).ok).toBe(false);
    const flipped = `${VECTORS.v2.startsWith('2') ? '3' : '2'}${VECTORS.v2.slice(1)}`;
    expect((await verifyWireSignature(payload, wire(flipped), ADDRESS)).ok).toBe(false);
  });

  it('accepts a suiprivkey string, a hex seed and a mnemonic for the same kind of key', () => {
    expect(parseBluefinCredentials({ privateKey: keypair.getSecretKey() }).address).toBe(ADDRESS);
    expect(parseBluefinCredentials({ privateKey: `0x${SEED_HEX}` }).address).toBe(ADDRESS);
    expect(parseBluefinCredentials({ privateKey: DEMO_MNEMONIC }).address).toBe(
      Ed25519Keypair.deriveKeypair(DEMO_MNEMONIC).toSuiAddress(),
    );
  });

  it('refuses bad credentials with an auth error that does not echo the value', () => {
    const cases: Record<string, string>[] = [
      {},
      { privateKey: '' },
      { privateKey: 'hunter2-not-a-key' },
      { privateKey: 'suiprivkey1garbage' },
    ];
    for (const credentials of cases) {
      let caught: unknown;
      try {
        parseBluefinCredentials(credentials);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(VenueCallError);
      const error = (caught as VenueCallError).venueError;
      expect(error).toMatchObject({ category: 'auth', code: 'credentials' });
      expect(error.message).not.toContain('hunter2');
      expect(error.message).not.toContain('garbage');
    }
  });
});
