import { describe, expect, it } from 'vitest';
import {
  authHeaders,
  loginMessage,
  parseCoinwCredentials,
  sign,
  signatureMatches,
  signaturePayload,
} from '../../main/venues/coinw/auth.ts';

const SECRET = 'demo-secret-key';

describe('coinw signing', () => {
  it('builds the payload as timestamp + METHOD + path (+ ?query for GET) + body', () => {
    expect(
      signaturePayload({
        timestamp: '1701944491793',
        method: 'get',
        path: '/v1/fapi/getStopProfit',
        query: 'orderId=54635502191944903&instrument=BTC&openId=0',
      }),
    ).toBe('1701944491793GET/v1/fapi/getStopProfit?orderId=54635502191944903&instrument=BTC&openId=0');
    expect(
      signaturePayload({
        timestamp: '1',
        method: 'DELETE',
        path: '/v1/perpum/order',
        query: 'ignored=1',
        body: '{"id":"7"}',
      }),
    ).toBe('1DELETE/v1/perpum/order{"id":"7"}');
  });

  // Vectors computed independently: printf '%s' "$payload" | openssl dgst -sha256 -hmac "$secret" -binary | base64
  it('matches known HMAC-SHA256/Base64 vectors', () => {
    expect(
      sign(SECRET, {
        timestamp: '1701944491793',
        method: 'GET',
        path: '/v1/fapi/getStopProfit',
        query: 'orderId=54635502191944903&instrument=BTC&openId=0',
      }),
    ).toBe('GpplvJwk5wDB6CN3RiRo9c/5YL8jQ8AQMI3VGRww+C8=');
    expect(
      sign(SECRET, {
        timestamp: '1701945494169',
        method: 'DELETE',
        path: '/v1/perpum/order',
        body: '{"id":"33308749002645666"}',
      }),
    ).toBe('wkIBL7Lp34By1KceBU9z4zqJ4uq2yhGuQ/X7gpRVofs=');
  });

  it('verifies signatures and refuses a tampered body', () => {
    const input = {
      timestamp: '5',
      method: 'DELETE',
      path: '/v1/perpum/batchOrders',
      body: '{"sourceIds":[1,2]}',
    };
    const signature = sign(SECRET, input);
    expect(signatureMatches(SECRET, input, signature)).toBe(true);
    expect(signatureMatches(SECRET, { ...input, body: '{"sourceIds":[1,3]}' }, signature)).toBe(false);
    expect(signatureMatches('other', input, signature)).toBe(false);
    expect(signatureMatches(SECRET, input, 'short')).toBe(false);
  });

  it('puts api_key, timestamp and sign in the headers, never the secret', () => {
    const headers = authHeaders(
      { apiKey: 'key-1', apiSecret: SECRET },
      { method: 'GET', path: '/p', query: 'a=1' },
      1234,
    );
    expect(headers).toEqual({
      api_key: 'key-1',
      timestamp: '1234',
      sign: sign(SECRET, { timestamp: '1234', method: 'GET', path: '/p', query: 'a=1' }),
    });
    expect(JSON.stringify(headers)).not.toContain(SECRET);
  });

  it('validates credentials without echoing them', () => {
    expect(parseCoinwCredentials({ apiKey: 'k', apiSecret: 's' })).toEqual({ apiKey: 'k', apiSecret: 's' });
    expect(() => parseCoinwCredentials({ apiKey: 'k' })).toThrow(/apiSecret/);
    expect(() => parseCoinwCredentials({ apiKey: '', apiSecret: 'hidden-value' })).toThrow(/apiKey/);
    try {
      parseCoinwCredentials({ apiKey: '', apiSecret: 'hidden-value' });
    } catch (err) {
      expect(String(err)).not.toContain('hidden-value');
    }
  });

  it('logs in with the api key and the secret as passphrase', () => {
    expect(loginMessage({ apiKey: 'k', apiSecret: 's' })).toEqual({
      event: 'login',
      params: { api_key: 'k', passphrase: 's' },
    });
  });
});
