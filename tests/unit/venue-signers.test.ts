import { describe, expect, it } from 'vitest';
import { authHeaders as btcturkHeaders, restHeaderSigner } from '../../main/venues/btcturk/auth.ts';
import { authHeaders as coinwHeaders, headerSigner } from '../../main/venues/coinw/auth.ts';

describe('request signers keyed once', () => {
  it('BTCTurk: the same headers as signing each call from the Base64 key', () => {
    const keys = {
      publicKey: 'pub-1',
      privateKey: Buffer.from('a secret of 32 bytes, or so....').toString('base64'),
    };
    const sign = restHeaderSigner(keys);
    for (const now of [1_700_000_000_000, 1_700_000_000_001])
      expect(sign(now)).toEqual(btcturkHeaders(keys, now));
    expect(sign(1)['X-Signature']).not.toEqual(sign(2)['X-Signature']);
  });

  it('CoinW: the same headers as signing each call from the secret', () => {
    const credentials = { apiKey: 'key-1', apiSecret: 'secret-1' };
    const sign = headerSigner(credentials);
    const input = { method: 'DELETE', path: '/v1/perpum/order', body: '{"id":"42"}' };
    expect(sign(input, 1_700_000_000_000)).toEqual(coinwHeaders(credentials, input, 1_700_000_000_000));
    expect(sign({ ...input, body: '{"id":"43"}' }, 1)).not.toEqual(sign(input, 1));
  });
});
