/**
 * Protection while away, the pure parts: policy validation at the IPC boundary (clear errors, nothing
 * applied), the policy file, the trip-wire clocks, the dead-man-switch refresh loop (fake timers: time is
 * the subject), and Bluefin's dead-man-switch wire shapes on the fixtures (tests/fixtures/bluefin).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../main/core/api-dispatch.ts';
import { MemoryAuditLog } from '../../main/core/audit-log.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { silentLogger } from '../../main/core/log.ts';
import { DeadManSwitchArm, type DmsEvent } from '../../main/core/protection/dead-man-switch.ts';
import { StaleFeedWatch } from '../../main/core/protection/feed-watch.ts';
import { LatencyWatch } from '../../main/core/protection/latency-watch.ts';
import { LinkLossWatch } from '../../main/core/protection/link-watch.ts';
import { FilePolicyStore, PROTECTION_FILE } from '../../main/core/protection/policy-store.ts';
import { type DeadManSwitch, type MarketCountdown, VenueCallError } from '../../main/core/venue.ts';
import { BLUEFIN_DEFAULT_URLS, DMS_COUNTDOWN_PATH } from '../../main/venues/bluefin/constants.ts';
import {
  countdownFromWire,
  countdownToWire,
  dmsResetBody,
  dmsUrlFor,
  parseDmsCountdowns,
  parseDmsResetReply,
} from '../../main/venues/bluefin/dms.ts';
import { createSimDms } from '../../main/venues/bluefin/sim/dms.ts';
import { DEFAULT_PROTECTION_POLICY, type ProtectionPolicy } from '../../preload/contract.ts';
import { FakeAdapter } from '../support/fake-adapter.ts';

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/bluefin/${name}`, import.meta.url), 'utf8')) as T;
}

const policy = (change: Partial<ProtectionPolicy> = {}): ProtectionPolicy => ({
  ...structuredClone(DEFAULT_PROTECTION_POLICY),
  ...change,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('protection policy at the IPC boundary', () => {
  async function dispatcher() {
    const service = new BlotterService({ mode: 'live', audit: new MemoryAuditLog(), logger: silentLogger });
    await service.addAccount({ adapter: new FakeAdapter('rails-1'), label: 'Main', demo: false });
    return { service, dispatch: createDispatcher(service, silentLogger) };
  }

  it('every guard is off by default and the map says nothing protects the orders', async () => {
    const { service, dispatch } = await dispatcher();
    const result = await dispatch('protectionGet', undefined);
    expect(result).toMatchObject({
      ok: true,
      value: {
        accounts: [
          {
            accountId: 'rails-1',
            policy: DEFAULT_PROTECTION_POLICY,
            nativeDeadManSwitch: false,
            map: { whileClosed: [], whileRunning: [] },
          },
        ],
      },
    });
    await service.stop();
  });

  it.each([
    [
      { ...policy(), cancelOnReconnect: { enabled: true, afterSeconds: 0 } },
      'policy.cancelOnReconnect.afterSeconds: at least 1 s',
    ],
    [
      { ...policy(), staleFeed: { enabled: true, afterSeconds: 2.5, action: 'alert' } },
      'policy.staleFeed.afterSeconds: whole seconds only',
    ],
    [{ ...policy(), latency: { enabled: true, p95Ms: 100, action: 'panic' } }, 'policy.latency.action'],
    [{ ...policy(), cancelOnQuit: { enabled: 'yes' } }, 'policy.cancelOnQuit.enabled'],
    [
      { ...policy(), deadManSwitch: { enabled: true, countdownSeconds: 1, markets: [] } },
      'policy.deadManSwitch.countdownSeconds: at least 3 s',
    ],
    [{ ...policy(), extra: true }, 'policy'],
  ])('refuses a bad policy with a clear error and applies nothing (%#)', async (bad, message) => {
    const { service, dispatch } = await dispatcher();
    const result = await dispatch('protectionSet', { accountId: 'rails-1', policy: bad });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_request');
      expect(result.error.message).toContain(`protectionSet: ${message}`);
    }
    expect(service.protectionState().accounts[0]?.policy).toEqual(DEFAULT_PROTECTION_POLICY);
    await service.stop();
  });

  it('refuses a dead-man switch on a venue that has none, and an unknown account', async () => {
    const { service, dispatch } = await dispatcher();
    const dms = policy({ deadManSwitch: { enabled: true, countdownSeconds: 30, markets: [] } });
    expect(await dispatch('protectionSet', { accountId: 'rails-1', policy: dms })).toEqual({
      ok: false,
      error: {
        code: 'invalid_request',
        message: 'Rails has no dead-man switch of its own; use cancel on reconnect or the trip wires instead',
      },
    });
    expect(await dispatch('protectionSet', { accountId: 'nobody', policy: policy() })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    await service.stop();
  });

  it('a valid policy is applied and shows on the protection map (only while the app runs)', async () => {
    const { service, dispatch } = await dispatcher();
    const chosen = policy({
      cancelOnReconnect: { enabled: true, afterSeconds: 10 },
      latency: { enabled: true, p95Ms: 800, action: 'cancel' },
      cancelOnQuit: { enabled: true },
    });
    const result = await dispatch('protectionSet', { accountId: 'rails-1', policy: chosen });
    expect(result).toMatchObject({
      ok: true,
      value: {
        policy: chosen,
        map: {
          whileClosed: [],
          whileRunning: [
            { trigger: 'cancel_on_reconnect', label: 'cancel on reconnect after 10 s lost' },
            { trigger: 'latency', label: 'ack p95 over 800 ms → cancel' },
            { trigger: 'cancel_on_quit', label: 'cancel all on quit' },
          ],
        },
      },
    });
    expect(service.health().accounts[0]?.protection?.whileRunning).toHaveLength(3);
    await service.stop();
  });
});

describe('protection policy file', () => {
  it('persists per account and reads back; an entry it cannot read falls back to every guard off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'protection-'));
    const store = await FilePolicyStore.open(dir, silentLogger);
    const chosen = policy({ cancelOnQuit: { enabled: true } });
    await store.set('demo-bluefin', chosen);
    expect((await FilePolicyStore.open(dir, silentLogger)).get('demo-bluefin')).toEqual(chosen);
    const file = JSON.parse(readFileSync(join(dir, PROTECTION_FILE), 'utf8'));
    file.policies['demo-rails'] = { cancelOnQuit: 'yes' };
    writeFileSync(join(dir, PROTECTION_FILE), JSON.stringify(file));
    const reread = await FilePolicyStore.open(dir, silentLogger);
    expect(reread.get('demo-rails')).toEqual(DEFAULT_PROTECTION_POLICY);
    expect(reread.get('demo-bluefin')).toEqual(chosen);
    expect(reread.get('constructor')).toEqual(DEFAULT_PROTECTION_POLICY);
  });

  it('a file from a newer version is left untouched and changes are refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'protection-'));
    const newer = JSON.stringify({ version: 99, policies: {} });
    writeFileSync(join(dir, PROTECTION_FILE), newer);
    const store = await FilePolicyStore.open(dir, silentLogger);
    await expect(store.set('demo-rails', policy())).rejects.toThrow(/newer Cancel Blotter/);
    expect(readFileSync(join(dir, PROTECTION_FILE), 'utf8')).toBe(newer);
  });
});

describe('trip-wire clocks', () => {
  it('link loss: the first connection is no loss; a return reports how long it was lost', () => {
    const watch = new LinkLossWatch();
    expect(watch.connection('a', 'connecting', 0)).toBeUndefined();
    expect(watch.connection('a', 'connected', 100)).toBeUndefined();
    watch.connection('a', 'reconnecting', 1000);
    watch.connection('a', 'down', 2000);
    expect(watch.connection('a', 'connected', 4500)).toBe(3500);
    expect(watch.connection('a', 'connected', 5000)).toBeUndefined();
  });

  it('stale feed: trips once per silence, only while orders rest, and arms again on a message', () => {
    const watch = new StaleFeedWatch();
    const sample = (lastHeardAt: number, restingOrders = 2) => ({
      lastHeardAt,
      restingOrders,
      afterMs: 1000,
    });
    expect(watch.check('a', sample(0), 999)).toBeUndefined();
    expect(watch.check('a', sample(0, 0), 5000)).toBeUndefined();
    expect(watch.check('a', sample(0), 1000)).toBe(1000);
    expect(watch.check('a', sample(0), 9000)).toBeUndefined();
    expect(watch.check('a', sample(9500), 9600)).toBeUndefined();
    expect(watch.check('a', sample(9500), 10_600)).toBe(1100);
  });

  it('latency: needs three acknowledgements, trips once, arms again under the threshold', () => {
    const watch = new LatencyWatch();
    expect(watch.check('a', 900, 2, 500)).toBeUndefined();
    expect(watch.check('a', 900, 3, 500)).toBe(900);
    expect(watch.check('a', 950, 4, 500)).toBeUndefined();
    expect(watch.check('a', 400, 5, 500)).toBeUndefined();
    expect(watch.check('a', 700, 6, 500)).toBe(700);
  });
});

describe('dead-man switch refresh loop', () => {
  function port(script: { fail?: () => Error | undefined } = {}) {
    const resets: { at: number; countdowns: MarketCountdown[] }[] = [];
    const dms: DeadManSwitch = {
      async reset(countdowns) {
        resets.push({ at: Date.now(), countdowns: [...countdowns] });
        const error = script.fail?.();
        if (error) throw error;
        return { accepted: countdowns.map((each) => each.market), failed: [] };
      },
      async read() {
        return { countdowns: [], at: Date.now() };
      },
    };
    return { dms, resets };
  }

  it('arms at once and refreshes every third of the countdown, the time left counting down between', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { dms, resets } = port();
    const events: DmsEvent[] = [];
    const arm = new DeadManSwitchArm({
      port: dms,
      countdownMs: 30_000,
      markets: () => ['ETH-PERP'],
      onEvent: (e) => events.push(e),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(resets).toHaveLength(1);
    expect(arm.status()).toMatchObject({
      state: 'armed',
      timeLeftMs: 30_000,
      markets: [{ market: 'ETH-PERP' }],
    });
    expect(events.map((e) => e.kind)).toEqual(['armed']);
    await vi.advanceTimersByTimeAsync(9_000);
    expect(arm.status().timeLeftMs).toBe(21_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(resets.map((r) => r.at - 1_000_000)).toEqual([0, 10_000]);
    expect(arm.status().timeLeftMs).toBe(30_000);
    await arm.release();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(resets).toHaveLength(2);
  });

  it('a failing refresh is reported once at once, retried every second, and runs out as expired', async () => {
    vi.useFakeTimers({ now: 0 });
    let failing = false;
    const { dms, resets } = port({
      fail: () =>
        failing
          ? new VenueCallError({
              category: 'maintenance',
              code: 'dms_unavailable',
              message: 'unavailable (503)',
            })
          : undefined,
    });
    const events: DmsEvent[] = [];
    const arm = new DeadManSwitchArm({
      port: dms,
      countdownMs: 6_000,
      markets: () => ['ETH-PERP'],
      onEvent: (e) => events.push(e),
    });
    await vi.advanceTimersByTimeAsync(0);
    failing = true;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(arm.status()).toMatchObject({ state: 'unavailable', lastError: expect.stringContaining('503') });
    expect(events.map((e) => e.kind)).toEqual(['armed', 'refresh_failed']);
    await vi.advanceTimersByTimeAsync(4_500);
    expect(resets.length).toBeGreaterThanOrEqual(5);
    expect(arm.status().state).toBe('expired');
    expect(events.map((e) => e.kind)).toEqual(['armed', 'refresh_failed', 'expired']);
    failing = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(arm.status().state).toBe('armed');
    expect(events.at(-1)?.kind).toBe('armed');
    await arm.release();
  });

  it('disarm removes every armed market with countdown 0', async () => {
    vi.useFakeTimers({ now: 0 });
    const { dms, resets } = port();
    const arm = new DeadManSwitchArm({
      port: dms,
      countdownMs: 9_000,
      markets: () => ['ETH-PERP', 'BTC-PERP'],
      onEvent: () => {},
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(await arm.disarm('test')).toEqual(['ETH-PERP', 'BTC-PERP']);
    expect(resets.at(-1)?.countdowns).toEqual([
      { market: 'ETH-PERP', countdownMs: 0 },
      { market: 'BTC-PERP', countdownMs: 0 },
    ]);
    expect(arm.status()).toMatchObject({ state: 'off', markets: [] });
  });
});

describe('Bluefin dead-man switch wire (fixtures)', () => {
  it('writes the request the official client writes, at the production dmsURL', () => {
    const request = fixture<{ path: string; productionUrl: string; body: unknown; countdownMs: number }>(
      'dms-countdown-request.json',
    );
    expect(`${dmsUrlFor(BLUEFIN_DEFAULT_URLS.rest)}${DMS_COUNTDOWN_PATH}`).toBe(request.productionUrl);
    expect(new URL(request.productionUrl).pathname).toBe(request.path);
    expect(dmsResetBody([{ market: 'ETH-PERP', countdownMs: request.countdownMs }])).toEqual(request.body);
    expect(countdownFromWire(countdownToWire(request.countdownMs))).toBe(request.countdownMs);
  });

  it('reads the reset reply and the countdown listing', () => {
    const reset = fixture<{ body: unknown }>('dms-countdown-reset-response.json');
    expect(parseDmsResetReply(JSON.stringify(reset.body))).toEqual({
      ok: true,
      value: { accepted: ['ETH-PERP'], failed: [{ market: 'DOGE-PERP', reason: 'Invalid symbol' }] },
    });
    const listing = fixture<{ body: unknown }>('dms-countdown-get-response.json');
    expect(parseDmsCountdowns(JSON.stringify(listing.body))).toEqual({
      ok: true,
      value: { countdowns: [{ market: 'ETH-PERP', countdownMs: 199_412 }], at: 1_769_731_200_123 },
    });
  });

  it('refuses replies of another shape with a reason naming the field', () => {
    expect(parseDmsResetReply('{"acceptedToReset":"ETH-PERP","failedReset":[]}')).toEqual({
      ok: false,
      error: expect.stringContaining('acceptedToReset'),
    });
    expect(parseDmsCountdowns('{"countDowns":[{"symbol":"ETH-PERP","countDown":-1}],"timestamp":1}').ok).toBe(
      false,
    );
    expect(parseDmsCountdowns('not json')).toEqual({ ok: false, error: 'GET /dms-countdown: not JSON' });
  });

  it('the simulator answers as the fixtures show: 201 with the split, 503 when unavailable', () => {
    const dms = createSimDms({ normaliseAddress: (a) => a, onExpire: () => {} });
    const request = fixture<{ body: { countDowns: unknown[] } }>('dms-countdown-request.json');
    const body = { countDowns: [...request.body.countDowns, { symbol: 'DOGE', countDown: 5 }] };
    const reply = dms.handle('0xabc', 'POST', new URLSearchParams(), JSON.stringify(body));
    expect(reply).toEqual({
      status: 201,
      body: { acceptedToReset: ['ETH-PERP'], failedReset: [{ symbol: 'DOGE', reason: 'Invalid symbol' }] },
    });
    dms.setAvailable(false);
    const unavailable = fixture<{ status: number; body: unknown }>('dms-countdown-unavailable.json');
    expect(dms.handle('0xabc', 'GET', new URLSearchParams(), '')).toEqual(unavailable);
    dms.clear();
  });
});
