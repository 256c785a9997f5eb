import { describe, expect, it } from 'vitest';
import {
  credentialHint,
  effectiveSettings,
  effectiveUrls,
  scrub,
  validateDraft,
} from '../../main/accounts/validate.ts';
import { ApiFailure } from '../../main/core/api-failure.ts';
import { railsVenue } from '../../main/venues/rails/index.ts';
import type { VenueModule } from '../../main/venues/types.ts';
import type { AccountDraft } from '../../preload/contract.ts';
import { accountDraftSchema } from '../../preload/contract.ts';

function draft(patch: Partial<AccountDraft> = {}): AccountDraft {
  return {
    venue: 'rails',
    label: 'Main',
    environment: 'production',
    credentials: { apiKey: 'key-12345678', apiSecret: 'SECRET-abcdef' },
    ...patch,
  };
}

const SIM_URLS = {
  auth: 'http://127.0.0.1:4100',
  rest: 'http://127.0.0.1:4100',
  account: 'http://127.0.0.1:4100',
  ws: 'ws://127.0.0.1:4100',
};

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiFailure);
    expect((err as ApiFailure).code).toBe('invalid_request');
    return (err as ApiFailure).message;
  }
  throw new Error('expected a refusal');
}

describe('account drafts', () => {
  it('accepts a production draft and derives a hint from the key id only', () => {
    const valid = validateDraft(railsVenue, draft({ markets: ['ETH-USD', 'ETH-USD'] }));
    expect(valid).toEqual({
      label: 'Main',
      environment: 'production',
      markets: ['ETH-USD'],
      settings: effectiveSettings(railsVenue, undefined),
      credentials: { apiKey: 'key-12345678', apiSecret: 'SECRET-abcdef' },
      credentialHint: '…5678',
    });
  });

  it('trims what was pasted around the keys', () => {
    const valid = validateDraft(
      railsVenue,
      draft({ credentials: { apiKey: ' key-12345678\n', apiSecret: '\tS3 ' } }),
    );
    expect(valid.credentials).toEqual({ apiKey: 'key-12345678', apiSecret: 'S3' });
  });

  it('requires every credential field the venue declares, and no other', () => {
    expect(refusal(() => validateDraft(railsVenue, draft({ credentials: { apiKey: 'k' } })))).toBe(
      'API secret is required',
    );
    expect(
      refusal(() => validateDraft(railsVenue, draft({ credentials: { apiKey: 'k', apiSecret: '  ' } }))),
    ).toBe('API secret is required');
    expect(
      refusal(() =>
        validateDraft(railsVenue, draft({ credentials: { apiKey: 'k', apiSecret: 's', passphrase: 'p' } })),
      ),
    ).toBe('Rails takes no credential field passphrase');
  });

  it('takes custom URLs for every role, TLS unless loopback', () => {
    const valid = validateDraft(railsVenue, draft({ environment: 'custom', urls: SIM_URLS }));
    expect(valid.urls).toEqual(SIM_URLS);
    expect(
      refusal(() =>
        validateDraft(railsVenue, draft({ environment: 'custom', urls: { auth: SIM_URLS.auth } })),
      ),
    ).toBe('a rest URL is required for a custom environment');
    expect(
      refusal(() =>
        validateDraft(
          railsVenue,
          draft({ environment: 'custom', urls: { ...SIM_URLS, rest: 'http://sim.example.com' } }),
        ),
      ),
    ).toMatch(/rest URL must use TLS/);
    expect(
      refusal(() =>
        validateDraft(
          railsVenue,
          draft({ environment: 'custom', urls: { ...SIM_URLS, ws: 'http://127.0.0.1:1' } }),
        ),
      ),
    ).toMatch(/ws URL must start with wss:\/\//);
    expect(
      refusal(() =>
        validateDraft(
          railsVenue,
          draft({ environment: 'custom', urls: { ...SIM_URLS, rest: 'https://u:p@example.com' } }),
        ),
      ),
    ).toMatch(/must not contain a user name or password/);
    expect(
      refusal(() =>
        validateDraft(
          railsVenue,
          draft({ environment: 'custom', urls: { ...SIM_URLS, extra: 'https://x.y' } }),
        ),
      ),
    ).toMatch(/no URL role extra/);
    expect(refusal(() => validateDraft(railsVenue, draft({ environment: 'testnet' })))).toBe(
      'Rails has no testnet',
    );
  });

  it('runs the venue own credential check and scrubs what it says', () => {
    const picky: VenueModule = {
      ...railsVenue,
      createAdapter: (config) => {
        throw new Error(`bad key format: ${config.credentials.apiSecret}`);
      },
    };
    const message = refusal(() => validateDraft(picky, draft()));
    expect(message).toBe('Rails refused the keys: bad key format: [redacted]');
  });

  it('resolves the URLs an account connects to', () => {
    expect(effectiveUrls(railsVenue, 'production', undefined)).toEqual(railsVenue.defaultUrls);
    expect(effectiveUrls(railsVenue, 'custom', SIM_URLS)).toEqual(SIM_URLS);
    const withTestnet: VenueModule = { ...railsVenue, testnetUrls: { ...SIM_URLS } };
    expect(effectiveUrls(withTestnet, 'testnet', undefined)).toEqual(SIM_URLS);
  });

  it('never builds a hint from a secret field or a short key', () => {
    const secretOnly: VenueModule = {
      ...railsVenue,
      credentialFields: [{ name: 'privateKey', label: 'Key', secret: true }],
    };
    expect(credentialHint(secretOnly, { privateKey: 'suiprivkey1qqqqqqqqqq' })).toBeUndefined();
    expect(credentialHint(railsVenue, { apiKey: 'short', apiSecret: 'x' })).toBeUndefined();
  });

  it('takes only declared settings and choices, fills defaults, never fails on an old stored value', () => {
    const venue: VenueModule = {
      ...railsVenue,
      credentialFields: [
        ...railsVenue.credentialFields.filter((field) => !field.optional),
        { name: 'wsKey', label: 'WebSocket key', secret: false, optional: true },
      ],
      settingFields: [
        {
          name: 'tier',
          label: 'Account type',
          choices: [
            { value: 'retail', label: 'Retail' },
            { value: 'mm', label: 'Market maker' },
          ],
          defaultValue: 'retail',
        },
      ],
    };
    expect(validateDraft(venue, draft()).settings).toEqual({ tier: 'retail' });
    expect(validateDraft(venue, draft({ settings: { tier: 'mm' } })).settings).toEqual({ tier: 'mm' });
    expect(refusal(() => validateDraft(venue, draft({ settings: { tier: 'whale' } })))).toBe(
      'Account type must be one of: Retail, Market maker',
    );
    expect(refusal(() => validateDraft(venue, draft({ settings: { speed: 'fast' } })))).toBe(
      'Rails has no setting speed',
    );
    // The optional key may be absent or blank; it is then not stored at all.
    expect(validateDraft(venue, draft()).credentials).not.toHaveProperty('wsKey');
    expect(
      validateDraft(venue, draft({ credentials: { ...draft().credentials, wsKey: '  ' } })).credentials,
    ).not.toHaveProperty('wsKey');
    // A file from an older build (no settings) or with a choice this build dropped gets the default.
    expect(effectiveSettings(venue, undefined)).toEqual({ tier: 'retail' });
    expect(effectiveSettings(venue, { tier: 'gone', stale: 'x' })).toEqual({ tier: 'retail' });
  });

  it('scrubs every credential value out of a message', () => {
    expect(scrub('key AAAA1111 secret BBBB2222 done', { a: 'AAAA1111', b: 'BBBB2222', c: 'xy' })).toBe(
      'key [redacted] secret [redacted] done',
    );
  });

  it('the contract refuses malformed drafts before any of this runs', () => {
    expect(accountDraftSchema.safeParse({ ...draft(), venue: 'nasdaq' }).success).toBe(false);
    expect(accountDraftSchema.safeParse({ ...draft(), label: '   ' }).success).toBe(false);
    expect(accountDraftSchema.safeParse({ ...draft(), credentials: { 'bad name': 'x' } }).success).toBe(
      false,
    );
    expect(accountDraftSchema.safeParse({ ...draft(), extra: 1 }).success).toBe(false);
    expect(
      accountDraftSchema.safeParse({ ...draft(), credentials: { apiKey: 'x'.repeat(9000) } }).success,
    ).toBe(false);
  });
});
