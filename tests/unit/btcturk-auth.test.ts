import { describe, expect, it } from 'vitest';
import { VenueCallError } from '../../main/core/venue.ts';
import {
  authHeaders,
  parseBtcturkCredentials,
  restSignature,
  verifySignature,
  wsLoginSignature,
} from '../../main/venues/btcturk/auth.ts';
import { createAuthGate } from '../../main/venues/btcturk/auth-gate.ts';

// Vector computed independently with:
//   printf 'abc123-public1700000000000' | openssl dgst -sha256 -mac HMAC -macopt hexkey:<hex of the key bytes> -binary | base64
const credentials = {
  publicKey: 'abc123-public',
  privateKey: 'c2VjcmV0LWtleS1mb3ItdmVjdG9yLTAxMjM0NTY3ODk=', // Base64 of "secret-key-for-vector-0123456789"
};
const REST_VECTOR = 'PRkLb+y2SCVNqjZ1MAqIDlxwSp8ry9kFnPTAOvu5ja0=';
const WS_VECTOR = '1ycRi0az6/Jb0UyeE+UY+vC6eoAtPqtCxd1iYeCtrjw=';

describe('btcturk signing', () => {
  it('signs REST calls with HMAC-SHA256 keyed by the Base64-decoded private key over publicKey + stamp', () => {
    expect(restSignature(credentials, '1700000000000')).toBe(REST_VECTOR);
    expect(authHeaders(credentials, 1_700_000_000_000)).toEqual({
      'X-PCK': 'abc123-public',
      'X-Stamp': '1700000000000',
      'X-Signature': REST_VECTOR,
    });
  });

  it('signs the WebSocket login over publicKey + nonce', () => {
    expect(wsLoginSignature(credentials, 3000)).toBe(WS_VECTOR);
  });

  it('verifies a signature and refuses a wrong one', () => {
    expect(verifySignature(credentials.privateKey, 'abc123-public1700000000000', REST_VECTOR)).toBe(true);
    expect(verifySignature(credentials.privateKey, 'abc123-public1700000000001', REST_VECTOR)).toBe(false);
    expect(verifySignature(credentials.privateKey, 'abc123-public1700000000000', 'AAAA')).toBe(false);
  });

  it('validates credentials and never echoes a value in the error', () => {
    expect(parseBtcturkCredentials(credentials)).toEqual(credentials);
    const bad = { publicKey: 'abc123-public', privateKey: 'not base64 at all!' };
    let error: unknown;
    try {
      parseBtcturkCredentials(bad);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(VenueCallError);
    expect((error as VenueCallError).venueError.category).toBe('auth');
    expect((error as VenueCallError).message).toMatch(/privateKey/);
    expect((error as VenueCallError).message).not.toContain('not base64');
    expect(() => parseBtcturkCredentials({ publicKey: '', privateKey: credentials.privateKey })).toThrow(
      /publicKey/,
    );
  });
});

describe('btcturk auth gate', () => {
  it('fails calls locally after a refusal and lets one through after the cool-down', () => {
    const gate = createAuthGate(60_000);
    expect(gate.blocked(0)).toBeUndefined();
    gate.refused('credentials refused', 1000);
    expect(gate.blocked(2000)).toBe('credentials refused');
    expect(gate.blocked(60_999)).toBe('credentials refused');
    expect(gate.blocked(61_000)).toBeUndefined();
    // Only one call gets through per cool-down.
    expect(gate.blocked(61_001)).toBe('credentials refused');
    gate.accepted();
    expect(gate.blocked(61_002)).toBeUndefined();
  });
});
