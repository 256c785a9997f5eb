/**
 * A request refused at the dial never reached the venue, so it must not spend the adapter's own rate
 * budget: after a long outage (retries every 100 ms for 30 s) the account would otherwise be throttled by
 * itself in the very second the venue is back, and a trader's cancels would wait for tokens the venue
 * never counted. Each adapter's pacing is driven past its capacity against a refused port with the clock
 * frozen (no refill): every call still fails at once, as a network error marked not sent.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/log.ts';
import { VenueCallError } from '../../main/core/venue.ts';
import { createRequestPacer } from '../../main/venues/bluefin/pacer.ts';
import { createCoinwAdapter } from '../../main/venues/coinw/adapter.ts';
import { LISTING_PACING } from '../../main/venues/coinw/constants.ts';
import { REST_CLIENT_BUCKET } from '../../main/venues/oxfun/constants.ts';
import { createOxfunRest } from '../../main/venues/oxfun/rest.ts';

/** A loopback port nothing listens on (bound, then closed): dials to it are refused. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Runs `calls` calls one after another; fails the test if they have not all settled within `ms`. */
async function settlesWithin<T>(ms: number, calls: number, call: () => Promise<T>): Promise<unknown[]> {
  const errors: unknown[] = [];
  const all = (async () => {
    for (let i = 0; i < calls; i++) {
      try {
        await call();
        errors.push(undefined);
      } catch (err) {
        errors.push(err);
      }
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`only ${errors.length} of ${calls} calls settled in ${ms} ms`)),
      ms,
    );
  });
  try {
    await Promise.race([all, late]);
  } finally {
    clearTimeout(timer);
  }
  return errors;
}

const FROZEN = () => 1_800_000_000_000;

function expectRefusedNotSent(errors: unknown[]): void {
  for (const err of errors) {
    expect(err).toBeInstanceOf(VenueCallError);
    expect((err as VenueCallError).venueError).toMatchObject({ category: 'network', notSent: true });
  }
}

describe('a refused dial spends none of the adapter’s own rate budget', () => {
  it('OX.FUN REST: more listings than the bucket holds all fail at once', async () => {
    const port = await refusedPort();
    const rest = createOxfunRest({
      restUrl: `http://127.0.0.1:${port}`,
      credentials: { apiKey: 'k', apiSecret: 's' },
      logger: silentLogger,
      onMalformed: () => {},
      now: FROZEN,
    });
    const errors = await settlesWithin(5000, REST_CLIENT_BUCKET.capacity + 10, () => rest.listWorking());
    expectRefusedNotSent(errors);
  });

  it('CoinW: more listings than its listing pacer holds all fail at once', async () => {
    const port = await refusedPort();
    const adapter = createCoinwAdapter(
      {
        accountId: 'coinw-refused',
        urls: { rest: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}/perpum` },
        credentials: { apiKey: 'k', apiSecret: 's' },
        logger: silentLogger,
      },
      { now: FROZEN },
    );
    const spec = LISTING_PACING[0];
    const capacity = spec && 'capacity' in spec ? spec.capacity : 0;
    expect(capacity).toBeGreaterThan(0);
    const errors = await settlesWithin(5000, capacity + 5, () => adapter.listOpenOrders());
    expectRefusedNotSent(errors);
  });

  it('Bluefin: a refused request gives its token back, one that may have arrived does not', async () => {
    const pacer = createRequestPacer({ name: 'test', capacity: 2, refillPerSecond: 0.001 }, FROZEN);
    const refused = new VenueCallError({
      category: 'network',
      code: 'ECONNREFUSED',
      message: 'x',
      notSent: true,
    });
    for (let i = 0; i < 10; i++) {
      await pacer.acquire();
      expect(() => pacer.failed(refused)).toThrow(refused);
    }
    const reset = new VenueCallError({ category: 'network', code: 'ECONNRESET', message: 'x' });
    for (let i = 0; i < 2; i++) {
      await pacer.acquire();
      expect(() => pacer.failed(reset)).toThrow(reset);
    }
    // Both tokens are spent now: the next request waits (the clock is frozen, so it would wait forever).
    let admitted = false;
    void pacer.acquire().then(() => {
      admitted = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(admitted).toBe(false);
  });
});
