/**
 * BTCTurk's limits as the venue counts them (the simulator's model), the
 * stream's connection-attempt limiter, and the engine's pacing bound under
 * the declared windows.
 */
import { describe, expect, it } from 'vitest';
import { pacingBoundMs, withoutGuards } from '../../main/core/pacing-bound.ts';
import { btcturkCapabilities } from '../../main/venues/btcturk/adapter.ts';
import { parseBtcturkCredentials, wsKeyPair } from '../../main/venues/btcturk/auth.ts';
import { createCancelWindows } from '../../main/venues/btcturk/cancel-windows.ts';
import { cancelWindows, VENUE_CANCEL_LIMITS } from '../../main/venues/btcturk/constants.ts';
import { neverReachedVenue } from '../../main/venues/btcturk/rest.ts';
import { deleteOrderLimits } from '../../main/venues/btcturk/sim/index.ts';
import { VenueLimits } from '../../main/venues/btcturk/sim/limits.ts';
import { createConnectLimiter, loginRefusedDetail } from '../../main/venues/btcturk/stream.ts';

describe('simulator: DELETE order windows anchored at the first request, blocks on overflow', () => {
  it('10 in the 1 s window; the 11th is refused and blocks until that window ends', () => {
    const limits = new VenueLimits(deleteOrderLimits(1));
    for (let i = 0; i < 10; i++) expect(limits.admit(500 + i * 10).ok).toBe(true);
    // The window opened at 500 (the first request), not on a clock second.
    expect(limits.admit(1400)).toMatchObject({ ok: false, retryAfterMs: 100 });
    expect(limits.admit(1450)).toMatchObject({ ok: false, retryAfterMs: 50 });
    expect(limits.admit(1500).ok).toBe(true);
  });

  it('300 in the 60 s window; the 301st blocks the rest of that window', () => {
    const limits = new VenueLimits(deleteOrderLimits(1));
    let now = 0;
    for (let sent = 0; sent < 300; sent++) {
      if (sent > 0 && sent % 10 === 0) now += 1000;
      expect(limits.admit(now).ok).toBe(true);
    }
    now += 1000; // 30 s in: the 1 s window is fresh, the 60 s one full
    expect(limits.admit(now)).toMatchObject({ ok: false, retryAfterMs: 60_000 - now });
    expect(limits.admit(59_999).ok).toBe(false);
    expect(limits.admit(60_000).ok).toBe(true);
  });

  it("the old token buckets' first second (15 calls) would have been refused", () => {
    const limits = new VenueLimits(deleteOrderLimits(1));
    const admitted = Array.from({ length: 15 }, (_, i) => limits.admit(i * 60).ok).filter(Boolean);
    expect(admitted).toHaveLength(10);
  });

  it('rateLimitScale shrinks the windows', () => {
    expect(deleteOrderLimits(10).map((limit) => limit.windowMs)).toEqual([100, 6000]);
  });
});

describe('engine pacing under the declared windows', () => {
  it('400 cancels: 69 s at the venue, under 1.1× of it with our guards', () => {
    const venueBound = pacingBoundMs(withoutGuards(VENUE_CANCEL_LIMITS), 400);
    expect(venueBound).toBe(69_000);
    const engineBound = pacingBoundMs(btcturkCapabilities().rateLimits, 400);
    expect(engineBound).toBeGreaterThan(venueBound);
    expect(engineBound).toBeLessThan(venueBound * 1.1);
  });

  it('the engine never puts more than the venue admits into any venue window', () => {
    // Replay the engine's pacing and count what the venue model would refuse.
    const venue = new VenueLimits(deleteOrderLimits(1));
    const specs = cancelWindows(1);
    let sent = 0;
    let refused = 0;
    let now = 0;
    const times: number[] = [];
    // pacingBoundMs replays the same pacers; derive each call's time by bounding 1..n calls.
    for (let n = 1; n <= 400; n++) times.push(pacingBoundMs(specs, n));
    for (const at of times) {
      now = at;
      if (venue.admit(now).ok) sent += 1;
      else refused += 1;
    }
    expect(refused).toBe(0);
    expect(sent).toBe(400);
  });
});

describe('stream: WebSocket connection requests', () => {
  it('never more than 15 in any 60 s span', () => {
    const limiter = createConnectLimiter(15, 60_000, 250);
    let now = 0;
    const attempts: number[] = [];
    while (attempts.length < 40) {
      const wait = limiter.waitMs(now);
      if (wait > 0) {
        now += wait;
        continue;
      }
      limiter.record(now);
      attempts.push(now);
      now += 100; // a reconnect loop as fast as the backoff's floor
    }
    for (let i = 15; i < attempts.length; i++) {
      expect((attempts[i] ?? 0) - (attempts[i - 15] ?? 0)).toBeGreaterThanOrEqual(60_000);
    }
  });

  it('a refused login says why and what to do, and that cancels go on', () => {
    expect(loginRefusedDetail('Authentication failed.', false)).toMatch(
      /WebSocket login refused \(Authentication failed\.\); cancels are still sent.*API Access → WebSocket/,
    );
    expect(loginRefusedDetail('', true)).not.toMatch(/API Access/);
  });
});

describe('credentials: the optional WebSocket pair', () => {
  const rest = { publicKey: 'pub', privateKey: Buffer.from('secret-bytes').toString('base64') };

  it('empty WS fields mean the REST pair logs in', () => {
    const credentials = parseBtcturkCredentials({ ...rest, wsPublicKey: '', wsPrivateKey: ' ' });
    expect(wsKeyPair(credentials)).toEqual({ keys: rest, separate: false });
  });

  it('a WS pair is used for the login', () => {
    const ws = { wsPublicKey: 'ws-pub', wsPrivateKey: Buffer.from('ws-secret').toString('base64') };
    const credentials = parseBtcturkCredentials({ ...rest, ...ws });
    expect(wsKeyPair(credentials)).toEqual({
      keys: { publicKey: 'ws-pub', privateKey: ws.wsPrivateKey },
      separate: true,
    });
  });

  it('half a WS pair is refused, naming fields, never values', () => {
    let message = '';
    try {
      parseBtcturkCredentials({ ...rest, wsPublicKey: 'ws-pub-secretish' });
    } catch (err) {
      message = err instanceof Error ? err.message : String(err);
    }
    expect(message).toMatch(/wsPrivateKey/);
    expect(message).not.toContain('ws-pub-secretish');
  });
});

describe('adapter: DELETE windows anchored at the first answer', () => {
  it('a stall between our send and the venue count cannot make the next window overflow', async () => {
    let clock = 0;
    const sleeps: number[] = [];
    const windows = createCancelWindows(
      [{ kind: 'fixed-window', name: '10/s', limit: 10, windowMs: 1000 }],
      () => clock,
      async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    );
    const venue = new VenueLimits([{ name: '10/s', limit: 10, windowMs: 1000, block: 'window' }]);
    // Window 1: ten sent at 0, but they reach the venue only at 300 (a stall), answered at 301.
    const first = await Promise.all(Array.from({ length: 10 }, () => windows.acquire()));
    clock = 300;
    for (let i = 0; i < 10; i++) expect(venue.admit(clock).ok).toBe(true);
    clock = 301;
    for (const ticket of first) windows.answered(ticket, clock);
    // The engine's window (from 0) ended at 1000; the venue's ends at 1300. The adapter waits to 1301.
    clock = 1000;
    const next = await windows.acquire();
    expect(clock).toBe(1301);
    expect(sleeps).toEqual([301]);
    expect(venue.admit(clock).ok).toBe(true);
    windows.answered(next, clock + 1);
  });

  it('a full window waits for its first answer when it is still out', async () => {
    let clock = 0;
    const windows = createCancelWindows(
      [{ kind: 'fixed-window', name: '2/s', limit: 2, windowMs: 1000 }],
      () => clock,
      async (ms) => {
        clock += ms;
      },
    );
    const a = await windows.acquire();
    await windows.acquire();
    let third = false;
    const pending = windows.acquire().then(() => {
      third = true;
    });
    await Promise.resolve();
    expect(third).toBe(false);
    clock = 50;
    windows.answered(a, clock);
    await pending;
    expect(third).toBe(true);
    expect(clock).toBe(1050);
  });
});

describe('adapter: a DELETE the gateway refused at TCP level is given back', () => {
  const refused = {
    kind: 'failed',
    error: { category: 'network', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' },
  } as const;

  it('only a connection that was never made proves the venue did not count the request', () => {
    expect(neverReachedVenue(refused)).toBe(true);
    // A reset or a timeout may come after BTCTurk counted the request.
    for (const code of ['ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', '500'])
      expect(neverReachedVenue({ kind: 'failed', error: { ...refused.error, code } })).toBe(false);
    expect(neverReachedVenue({ kind: 'accepted' })).toBe(false);
  });

  it('a window opened by refused requests neither counts them nor anchors at their failure', async () => {
    let clock = 0;
    const windows = createCancelWindows(
      [{ kind: 'fixed-window', name: '2/s', limit: 2, windowMs: 1000 }],
      () => clock,
      async (ms) => {
        clock += ms;
      },
    );
    // Two refused while the gateway is down: both slots come back, the window closes.
    const a = await windows.acquire();
    const b = await windows.acquire();
    clock = 10;
    windows.released(a);
    windows.released(b);
    // The venue is back at 20: a fresh window opens there and holds two real requests.
    clock = 20;
    const c = await windows.acquire();
    const d = await windows.acquire();
    let third = false;
    const pending = windows.acquire().then(() => {
      third = true;
    });
    await Promise.resolve();
    expect(third).toBe(false);
    clock = 25;
    windows.answered(c, clock);
    windows.answered(d, clock + 1);
    await pending;
    // Anchored at the first real answer (25), not at the refusals (10).
    expect(clock).toBe(1025);
    // A stale ticket (an earlier window) touches nothing.
    windows.released(a);
    windows.answered(a, 0);
  });

  it('a slot given back inside a window that reached the venue lets one more go at once', async () => {
    let clock = 0;
    const windows = createCancelWindows(
      [{ kind: 'fixed-window', name: '2/s', limit: 2, windowMs: 1000 }],
      () => clock,
      async (ms) => {
        clock += ms;
      },
    );
    const a = await windows.acquire();
    const b = await windows.acquire();
    windows.answered(a, 5);
    clock = 6;
    windows.released(b);
    await windows.acquire();
    expect(clock).toBe(6);
  });
});

describe("adapter: a DELETE that may land in BTCTurk's next window counts in our next one", () => {
  it('sent near the end and answered late: it fills a slot of the next window, so that one never overflows', async () => {
    let clock = 0;
    const windows = createCancelWindows(
      [{ kind: 'fixed-window', name: '3/s', limit: 3, windowMs: 1000 }],
      () => clock,
      async (ms) => {
        clock += ms;
      },
    );
    const venue = new VenueLimits([{ name: '3/s', limit: 3, windowMs: 1000, block: 'window' }]);
    const a = await windows.acquire();
    expect(venue.admit(1).ok).toBe(true);
    windows.answered(a, 2);
    // Sent at 995 (our window ends at 1002), it reaches BTCTurk at 1010: after its window (1..1001) ended.
    clock = 995;
    const late = await windows.acquire();
    clock = 1010;
    expect(venue.admit(clock).ok).toBe(true);
    windows.answered(late, 1011);
    // Our next window holds only two more: with the late one they are BTCTurk's three.
    const next = [await windows.acquire(), await windows.acquire()];
    for (const ticket of next) {
      expect(venue.admit(clock).ok).toBe(true);
      windows.answered(ticket, clock + 1);
    }
    await windows.acquire();
    expect(clock).toBeGreaterThanOrEqual(2010);
    expect(venue.admit(clock).ok).toBe(true);
  });

  it('answered in time to prove it arrived inside: not carried', async () => {
    let clock = 0;
    const windows = createCancelWindows(
      [{ kind: 'fixed-window', name: '2/s', limit: 2, windowMs: 1000 }],
      () => clock,
      async (ms) => {
        clock += ms;
      },
    );
    const a = await windows.acquire();
    const b = await windows.acquire();
    windows.answered(a, 5);
    windows.answered(b, 6);
    clock = 1005;
    await windows.acquire();
    await windows.acquire();
    expect(clock).toBe(1005);
  });
});
