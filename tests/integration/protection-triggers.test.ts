/**
 * The app-side guards over real loopback sockets, each on its own fault: cancel-on-reconnect on a gateway
 * outage longer than its threshold (and not on a shorter one), the stale-feed trip wire on a silent link
 * (alert, or cancel), the latency trip wire on slow acknowledgements, and cancel-all-on-quit. A graceful
 * stop fires none of them; quitting cancels only where the trader chose it. What the trader sees: the
 * orders cancelled at the venue, a notice, and an audited intent whose cause says why.
 */
import { describe, expect, it } from 'vitest';
import type { ProtectionEntry } from '../../main/core/audit-entries.ts';
import { MemoryAuditLog } from '../../main/core/audit-log.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { silentLogger } from '../../main/core/log.ts';
import { seededRandom } from '../../main/core/random.ts';
import { createBluefinAdapter } from '../../main/venues/bluefin/adapter.ts';
import { createBluefinSimulator } from '../../main/venues/bluefin/sim/index.ts';
import { createOxfunAdapter, createOxfunSimulator } from '../../main/venues/oxfun/index.ts';
import type { VenueSimulator } from '../../main/venues/simulator.ts';
import {
  DEFAULT_PROTECTION_POLICY,
  type ProtectionNotice,
  type ProtectionPolicy,
  type VenueId,
} from '../../preload/contract.ts';
import { onCleanup } from '../support/harness.ts';
import { waitFor } from '../support/wait-for.ts';

interface Rig {
  sim: VenueSimulator;
  service: BlotterService;
  audit: MemoryAuditLog;
  accountId: string;
  ids: string[];
  notices: ProtectionNotice[];
  stopService(): Promise<void>;
}

const MARKETS: Record<'bluefin' | 'oxfun', string> = { bluefin: 'ETH-PERP', oxfun: 'BTC-USD-SWAP-LIN' };

async function rig(venue: 'bluefin' | 'oxfun' = 'bluefin', orders = 4): Promise<Rig> {
  const sim: VenueSimulator =
    venue === 'bluefin'
      ? createBluefinSimulator({ seed: 31, faults: { confirmDelayMs: 20 } })
      : createOxfunSimulator({ seed: 31, faults: { confirmDelayMs: 20 } });
  const ready = await sim.start();
  onCleanup(() => sim.stop());
  const ids = Array.from({ length: orders }, () =>
    sim.placeOrder({ market: MARKETS[venue], side: 'sell', price: '3500', quantity: '1' }),
  );
  const audit = new MemoryAuditLog();
  const service = new BlotterService({
    mode: 'live',
    audit,
    logger: silentLogger,
    random: seededRandom(4).next,
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
  const accountId = `${venue}-guards`;
  const config = { accountId, urls: ready.urls, credentials: ready.credentials, logger: silentLogger };
  const adapter =
    venue === 'bluefin'
      ? createBluefinAdapter(config, { reconnectCapMs: 250 })
      : createOxfunAdapter(config, { reconnectCapMs: 250 });
  await service.addAccount({ adapter, label: 'Guards', demo: false });
  await waitFor(() => service.book.forAccount(accountId).length === orders, 5000, 'orders listed');
  return { sim, service, audit, accountId, ids, notices, stopService };
}

function policy(change: Partial<ProtectionPolicy>): ProtectionPolicy {
  return { ...structuredClone(DEFAULT_PROTECTION_POLICY), ...change };
}

function protectionEntries(r: Rig): ProtectionEntry[] {
  return r.audit.entries.filter(
    (entry): entry is ProtectionEntry & { t: number } => entry.type === 'protection',
  );
}

const openAtVenue = (r: Rig) => r.ids.filter((id) => r.sim.openOrderIds().includes(id));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A venue with activity: an order placed every 150 ms, so its stream carries frames until the link fails. */
function keepTalking(r: Rig, venue: VenueId = 'bluefin'): () => void {
  const timer = setInterval(() => {
    try {
      r.sim.placeOrder({ market: MARKETS[venue as 'bluefin'], side: 'buy', price: '3400', quantity: '1' });
    } catch {
      // The gateway is down: the venue takes no order either.
    }
  }, 150);
  onCleanup(() => clearInterval(timer));
  return () => clearInterval(timer);
}

describe('cancel on reconnect', () => {
  for (const venue of ['bluefin', 'oxfun'] as const) {
    it(`${venue}: a link lost longer than the threshold cancels everything of the account when it returns`, async () => {
      const r = await rig(venue);
      await r.service.setProtection({
        accountId: r.accountId,
        policy: policy({ cancelOnReconnect: { enabled: true, afterSeconds: 1 } }),
      });
      const before = r.audit.entries.length;
      await r.sim.outage(2000);
      await waitFor(() => openAtVenue(r).length === 0, 6000, 'orders cancelled at the venue');
      const [entry] = protectionEntries(r);
      expect(entry).toMatchObject({
        trigger: 'cancel_on_reconnect',
        action: 'cancel',
        accountId: r.accountId,
      });
      expect(entry?.cause).toMatch(/link lost for [2-9]\.\d s \(over 1 s\)/);
      // The cancel is an intent of its own, audited before it went out, with these orders.
      const intent = r.audit.entries.find(
        (each) => each.type === 'intent' && each.intentId === entry?.intentId,
      );
      // Said to be the guard's, not the trader's own scope cancel.
      expect(intent).toMatchObject({ source: 'guard' });
      expect(entry?.keys?.length).toBe(r.ids.length);
      // Before anything else: the cancel's intent is written before the reconnect's reconcile.
      const since = r.audit.entries.slice(before);
      const intentAt = since.findIndex((each) => each.type === 'intent' && each.intentId === entry?.intentId);
      const reconcileAt = since.findIndex((each) => each.type === 'reconcile');
      expect(intentAt).toBeGreaterThanOrEqual(0);
      expect(reconcileAt).toBeGreaterThan(intentAt);
      await waitFor(
        () => r.notices.some((notice) => notice.trigger === 'cancel_on_reconnect'),
        1000,
        'notice',
      );
    });
  }

  it('a loss shorter than the threshold cancels nothing', async () => {
    const r = await rig();
    await r.service.setProtection({
      accountId: r.accountId,
      policy: policy({ cancelOnReconnect: { enabled: true, afterSeconds: 5 } }),
    });
    await r.sim.outage(600);
    await waitFor(() => r.service.health().accounts[0]?.connection === 'connected', 5000, 'back');
    await sleep(300);
    expect(openAtVenue(r)).toEqual(r.ids);
    expect(protectionEntries(r)).toEqual([]);
  });
});

describe('stale-feed trip wire', () => {
  it('alerts when a silent link brings no venue message for N seconds while orders rest', async () => {
    const r = await rig();
    await r.service.setProtection({
      accountId: r.accountId,
      policy: policy({ staleFeed: { enabled: true, afterSeconds: 1, action: 'alert' } }),
    });
    keepTalking(r);
    await sleep(1500);
    expect(protectionEntries(r)).toEqual([]);
    const silence = r.sim.silence(2500) as Promise<void>;
    await waitFor(() => protectionEntries(r).length === 1, 2500, 'stale feed tripped');
    expect(protectionEntries(r)[0]).toMatchObject({ trigger: 'stale_feed', action: 'alert' });
    expect(protectionEntries(r)[0]?.cause).toMatch(
      /no venue message for 1\.\d s \(over 1 s\) while \d+ orders rest/,
    );
    await waitFor(() => r.notices.some((notice) => notice.trigger === 'stale_feed'), 1000, 'notice');
    await silence;
    // An alert only: nothing was cancelled.
    expect(openAtVenue(r)).toEqual(r.ids);
  });

  it('cancels the account when the policy says so', async () => {
    const r = await rig();
    await r.service.setProtection({
      accountId: r.accountId,
      policy: policy({ staleFeed: { enabled: true, afterSeconds: 1, action: 'cancel' } }),
    });
    const quiet = keepTalking(r);
    await sleep(800);
    const silence = r.sim.silence(2500) as Promise<void>;
    await waitFor(() => protectionEntries(r).length === 1, 2500, 'stale feed tripped');
    quiet();
    expect(protectionEntries(r)[0]).toMatchObject({ trigger: 'stale_feed', action: 'cancel' });
    await silence;
    await waitFor(() => openAtVenue(r).length === 0, 8000, 'orders cancelled at the venue');
  });
});

describe('latency trip wire', () => {
  it('cancels the account when the acknowledgement p95 goes over the threshold', async () => {
    const r = await rig('bluefin', 6);
    await r.service.setProtection({
      accountId: r.accountId,
      policy: policy({ latency: { enabled: true, p95Ms: 150, action: 'cancel' } }),
    });
    r.sim.setFaults({ latencyMs: 250 });
    const keys = r.service.book
      .forAccount(r.accountId)
      .slice(0, 3)
      .map((order) => order.key);
    for (const key of keys) r.service.cancel({ keys: [key], source: 'click' });
    await waitFor(() => protectionEntries(r).length === 1, 8000, 'latency tripped');
    expect(protectionEntries(r)[0]).toMatchObject({ trigger: 'latency', action: 'cancel' });
    expect(protectionEntries(r)[0]?.cause).toMatch(/p95 \d{3,} ms over 150 ms \(3 recent cancels\)/);
    await waitFor(() => openAtVenue(r).length === 0, 8000, 'every order cancelled at the venue');
  });

  it('does not trip while acknowledgements stay under the threshold', async () => {
    const r = await rig('bluefin', 6);
    await r.service.setProtection({
      accountId: r.accountId,
      policy: policy({ latency: { enabled: true, p95Ms: 1000, action: 'cancel' } }),
    });
    const keys = r.service.book
      .forAccount(r.accountId)
      .slice(0, 3)
      .map((order) => order.key);
    r.service.cancel({ keys, source: 'selection' });
    await waitFor(() => r.service.health().accounts[0]?.samples === 3, 5000, 'three cancels measured');
    await sleep(400);
    expect(protectionEntries(r)).toEqual([]);
    expect(openAtVenue(r).length).toBe(3);
  });
});

describe('graceful stop and quit', () => {
  const everyGuard = policy({
    cancelOnReconnect: { enabled: true, afterSeconds: 1 },
    staleFeed: { enabled: true, afterSeconds: 5, action: 'cancel' },
    latency: { enabled: true, p95Ms: 1, action: 'cancel' },
    cancelOnQuit: { enabled: false },
  });

  it('a graceful stop fires no guard: the orders keep resting at the venue', async () => {
    const r = await rig();
    await r.service.setProtection({ accountId: r.accountId, policy: everyGuard });
    await r.stopService();
    await sleep(1500);
    expect(openAtVenue(r)).toEqual(r.ids);
    expect(protectionEntries(r)).toEqual([]);
  });

  it('quitting without cancel-all-on-quit leaves the orders; with it, cancels them before it returns', async () => {
    const kept = await rig();
    await kept.service.setProtection({ accountId: kept.accountId, policy: everyGuard });
    const nothing = await kept.service.protectionQuit({ deadManSwitch: 'keep-armed' });
    expect(nothing.cancelled).toEqual([]);
    await kept.stopService();
    expect(openAtVenue(kept)).toEqual(kept.ids);

    const r = await rig();
    await r.service.setProtection({
      accountId: r.accountId,
      policy: { ...everyGuard, cancelOnQuit: { enabled: true } },
    });
    const result = await r.service.protectionQuit({ deadManSwitch: 'keep-armed' });
    expect(result.cancelled).toEqual([
      expect.objectContaining({ accountId: r.accountId, orders: r.ids.length, flat: true }),
    ]);
    expect(openAtVenue(r)).toEqual([]);
    expect(protectionEntries(r).map((entry) => entry.trigger)).toEqual(['cancel_on_quit']);
    await r.stopService();
  });
});
