/**
 * OX.FUN signing against vectors computed independently
 * (`openssl dgst -sha256 -hmac <secret> -binary | base64`) from the docs' examples.
 */
import { describe, expect, it } from 'vitest';
import {
  loginMessage,
  parseOxfunCredentials,
  restHeaders,
  restMessage,
  restSignature,
  restTimestamp,
  signaturesEqual,
  wsLoginSignature,
} from '../../main/venues/oxfun/auth.ts';

describe('oxfun auth', () => {
  it('signs the WebSocket login as Base64(HMAC-SHA256(secret, ms + "GET/auth/self/verify"))', () => {
    expect(wsLoginSignature('API-SECRET', '1592491803978')).toBe(
      'XpIE+dNB9KH7DHH5gA69JQGd1BC1maYIPZLgsZVxsaA=',
    );
  });

  it('builds the login message with the timestamp as a string', () => {
    const message = loginMessage({ apiKey: 'API-KEY', apiSecret: 'API-SECRET' }, 1592491803978, 'login1');
    expect(message).toEqual({
      op: 'login',
      tag: 'login1',
      data: {
        apiKey: 'API-KEY',
        timestamp: '1592491803978',
        signature: 'XpIE+dNB9KH7DHH5gA69JQGd1BC1maYIPZLgsZVxsaA=',
      },
    });
  });

  it('signs REST requests over ts\\nnonce\\nVERB\\nhost\\npath\\nbody (the docs example)', () => {
    const parts = {
      timestamp: '2020-04-30T15:20:30',
      nonce: '123',
      verb: 'GET',
      host: 'stgapi.ox.fun',
      path: '/v3/positions',
      body: 'marketCode=BTC-oUSD-SWAP-LIN',
    };
    expect(restMessage(parts)).toBe(
      '2020-04-30T15:20:30\n123\nGET\nstgapi.ox.fun\n/v3/positions\nmarketCode=BTC-oUSD-SWAP-LIN',
    );
    expect(restSignature('API-SECRET', parts)).toBe('vQho3YkGd7wj2ENsF1RCjsietaVF1agMyJD5Bq8J4uY=');
    const headers = restHeaders({ apiKey: 'API-KEY', apiSecret: 'API-SECRET' }, parts);
    expect(headers).toMatchObject({
      AccessKey: 'API-KEY',
      Timestamp: '2020-04-30T15:20:30',
      Nonce: '123',
      Signature: 'vQho3YkGd7wj2ENsF1RCjsietaVF1agMyJD5Bq8J4uY=',
    });
  });

  it('formats the REST timestamp as yyyy-MM-ddTHH:mm:ss in UTC', () => {
    expect(restTimestamp(new Date(Date.UTC(2020, 3, 30, 15, 20, 30, 987)))).toBe('2020-04-30T15:20:30');
  });

  it('compares signatures without throwing on different lengths', () => {
    expect(signaturesEqual('abc', 'abc')).toBe(true);
    expect(signaturesEqual('abc', 'abcd')).toBe(false);
  });

  it('names missing credential fields without echoing any value', () => {
    expect(() => parseOxfunCredentials({ apiKey: 'visible-key', apiSecret: '' })).toThrow(/apiSecret/);
    try {
      parseOxfunCredentials({ apiKey: 'visible-key', apiSecret: '' });
    } catch (err) {
      expect(String(err)).not.toContain('visible-key');
    }
    expect(parseOxfunCredentials({ apiKey: 'k', apiSecret: 's' })).toEqual({ apiKey: 'k', apiSecret: 's' });
  });
});
