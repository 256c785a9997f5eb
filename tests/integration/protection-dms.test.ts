/**
 * Bluefin's dead-man switch end to end over loopback sockets: a policy armed through the service sets
 * the market's countdown at the simulator and refreshes it well before it runs out; a countdown that is
 * no longer refreshed (the app quit keeping it armed, or the venue stopped taking refreshes) cancels that
 * market's orders at the venue — and only that market's; quitting with "disarm" removes it; a 503 is
 * reported at once, in the state and as a notice.
 */
import { describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../../main/core/audit-log.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { silentLogger } from '../../main/core/log.ts';
import { seededRandom } from '../../main/core/random.ts';
import { createBluefinAdapter } from '../../main/venues/bluefin/adapter.ts';
import { type BluefinSimulator, createBluefinSimulator } from '../../main/venues/bluefin/sim/index.ts';
import {
  DEFAULT_PROTECTION_POLICY,
  type ProtectionNotice,
  type ProtectionPolicy,
} from '../../preload/contract.ts';
import { onCleanup, secretCheckedLogger } from '../support/harness.ts';
import { waitFor } from '../support/wait-for.ts';

const ACCOUNT = 'bluefin-dms';
const COUNTDOWN_S = 3;

interface Rig {
  sim: BluefinSimulator;
  service: BlotterService;
  audit: MemoryAuditLog;
  eth: string[];
  btc: string[];
  notices: ProtectionNotice[];
  stopService(): Promise<void>;
}

async function rig(): Promise<Rig> {
  const sim = createBluefinSimulator({ seed: 21, faults: { confirmDelayMs: 20 } });
  const ready = await sim.start();
  onCleanup(() => sim.stop());
  const place = (market: string) => sim.placeOrder({ market, side: 'buy', price: '3450.5', quantity: '1' });
  const eth = [place('ETH-PERP'), place('ETH-PERP'), place('ETH-PERP')];
  const btc = [place('BTC-PERP'), place('BTC-PERP')];
  const audit = new MemoryAuditLog();
  const service = new BlotterService({
    mode: 'live',
    audit,
    logger: silentLogger,
    random: seededRandom(3).next,
  });
  let stopped = false;
  const stopService = async () => {
    if (stopped) return;
    stopped = true;
    await service.stop();
  };
  onCleanup(stopService);
  const notices: ProtectionNotice[] = [];
  service.subscribe((update) => notices.push(...(update.notices ?? [])));
  const adapter = createBluefinAdapter({
    accountId: ACCOUNT,
    urls: ready.urls,
    credentials: ready.credentials,
    logger: secretCheckedLogger(Object.values(ready.credentials), [/Bearer/i]),
  });
  await service.addAccount({ adapter, label: 'Desk', demo: false });
  await waitFor(() => service.book.forAccount(ACCOUNT).length === 5, 5000, 'orders listed');
  return { sim, service, audit, eth, btc, notices, stopService };
}

function dmsPolicy(markets: string[]): ProtectionPolicy {
  return {
    ...structuredClone(DEFAULT_PROTECTION_POLICY),
    deadManSwitch: { enabled: true, countdownSeconds: COUNTDOWN_S, markets },
  };
}

function dmsState(service: BlotterService) {
  return service.protectionState().accounts.find((each) => each.accountId === ACCOUNT)?.deadManSwitch;
}

async function armed(r: Rig, markets: string[]): Promise<void> {
  await r.service.setProtection({ accountId: ACCOUNT, policy: dmsPolicy(markets) });
  await waitFor(() => dmsState(r.service)?.state === 'armed', 3000, 'dead-man switch armed');
}

describe('Bluefin dead-man switch (protection)', () => {
  it('is off by default: no countdown at the venue, nothing on the protection map', async () => {
    const r = await rig();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.sim.dmsResets()).toBe(0);
    const state = r.service.protectionState().accounts[0];
    expect(state?.nativeDeadManSwitch).toBe(true);
    expect(state?.map).toEqual({ whileClosed: [], whileRunning: [] });
  });

  it('arms the market, refreshes it well before expiry, and shows it armed with the time left', async () => {
    const r = await rig();
    await armed(r, ['ETH-PERP']);
    expect([...r.sim.dmsCountdowns().keys()]).toEqual(['ETH-PERP']);
    const state = dmsState(r.service);
    expect(state?.timeLeftMs).toBeGreaterThan(1500);
    expect(state?.timeLeftMs).toBeLessThanOrEqual(COUNTDOWN_S * 1000);
    const health = r.service.health().accounts[0]?.protection;
    expect(health?.whileClosed.map((guard) => guard.label)).toEqual([
      'Bluefin dead-man switch 3 s (ETH-PERP)',
    ]);
    await waitFor(
      () => r.notices.some((notice) => notice.trigger === 'dead_man_switch' && notice.level === 'info'),
      1000,
      'armed notice',
    );
    // Refreshed every third of the countdown: past the countdown itself, the orders still rest.
    await new Promise((resolve) => setTimeout(resolve, COUNTDOWN_S * 1000 + 500));
    expect(r.sim.dmsResets()).toBeGreaterThanOrEqual(3);
    for (const id of [...r.eth, ...r.btc]) expect(r.sim.openOrderIds()).toContain(id);
  });

  it('kept armed at quit: the unrefreshed countdown cancels that market’s orders at the venue, not the others', async () => {
    const r = await rig();
    await armed(r, ['ETH-PERP']);
    const result = await r.service.protectionQuit({ deadManSwitch: 'keep-armed' });
    expect(result.keptArmed).toEqual([
      expect.objectContaining({ accountId: ACCOUNT, markets: ['ETH-PERP'] }),
    ]);
    const quitAt = Date.now();
    await r.stopService();
    await waitFor(
      () => r.eth.every((id) => !r.sim.openOrderIds().includes(id)),
      COUNTDOWN_S * 1000 + 2000,
      'ETH-PERP orders cancelled by the venue',
    );
    expect(Date.now() - quitAt).toBeLessThanOrEqual(COUNTDOWN_S * 1000 + 1500);
    for (const id of r.eth) expect(r.sim.order(id)?.orderStatus).toBe('CANCELLED');
    for (const id of r.btc) expect(r.sim.openOrderIds()).toContain(id);
    const entries = r.audit.entries.filter((entry) => entry.type === 'protection');
    expect(entries.map((entry) => entry.type === 'protection' && entry.action)).toEqual(['armed', 'armed']);
  });

  it('disarmed at quit: the countdown is removed and the orders keep resting', async () => {
    const r = await rig();
    await armed(r, []);
    // No market named: the markets of the resting orders.
    expect([...r.sim.dmsCountdowns().keys()].sort()).toEqual(['BTC-PERP', 'ETH-PERP']);
    const result = await r.service.protectionQuit({ deadManSwitch: 'disarm' });
    expect(result.disarmed).toEqual([
      { accountId: ACCOUNT, markets: expect.arrayContaining(['ETH-PERP', 'BTC-PERP']) },
    ]);
    expect(r.sim.dmsCountdowns().size).toBe(0);
    await r.stopService();
    await new Promise((resolve) => setTimeout(resolve, COUNTDOWN_S * 1000 + 500));
    expect(r.sim.openOrderIds().length).toBe(5);
  });

  it('a 503 is shown at once, and a countdown the venue stopped refreshing runs out there', async () => {
    const r = await rig();
    await armed(r, ['ETH-PERP']);
    r.sim.setDmsAvailable(false);
    const failedAt = Date.now();
    await waitFor(() => dmsState(r.service)?.state === 'unavailable', 2000, 'unavailable shown');
    // The next refresh (a third of the countdown) is the first to meet the 503.
    expect(Date.now() - failedAt).toBeLessThanOrEqual(COUNTDOWN_S * 1000 * 0.34 + 300);
    expect(dmsState(r.service)?.lastError).toMatch(/unavailable \(503\)/);
    await waitFor(
      () => r.notices.some((notice) => notice.level === 'error' && /unavailable/.test(notice.text)),
      1000,
      'unavailable notice',
    );
    await waitFor(
      () => r.eth.every((id) => !r.sim.openOrderIds().includes(id)),
      COUNTDOWN_S * 1000 + 1500,
      'venue cancelled on expiry',
    );
    // The blotter learns it from the venue's stream like any cancel.
    await waitFor(
      () => r.eth.every((id) => service(r, id)?.status === 'cancelled'),
      3000,
      'book shows the cancels',
    );
    await waitFor(() => dmsState(r.service)?.state === 'expired', 2000, 'expired shown');
  });

  it('a refresh the venue refuses per market is shown at once', async () => {
    const r = await rig();
    await armed(r, ['ETH-PERP']);
    r.sim.failDmsResets('Countdown too short');
    await waitFor(() => dmsState(r.service)?.state === 'failing', 2000, 'failing shown');
    expect(dmsState(r.service)?.lastError).toContain('ETH-PERP (Countdown too short)');
    r.sim.failDmsResets(undefined);
    await waitFor(() => dmsState(r.service)?.state === 'armed', 2000, 'armed again');
  });
});

function service(r: Rig, venueOrderId: string) {
  return r.service.book.forAccount(ACCOUNT).find((order) => order.venueOrderId === venueOrderId);
}
