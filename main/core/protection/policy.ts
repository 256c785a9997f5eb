/**
 * What a policy means in words: the protection map (which guards keep an account's orders safe with the
 * app closed — only a venue's own dead-man switch can — and which only while it runs), and the check that
 * a policy fits its venue (a dead-man switch only where the venue has one).
 */
import {
  DEFAULT_PROTECTION_POLICY,
  type DeadManSwitchStatus,
  type ProtectionGuard,
  type ProtectionMap,
  type ProtectionPolicy,
  VENUE_LABELS,
  type VenueId,
} from '../../../preload/contract.ts';
import { ApiFailure } from '../api-failure.ts';

export function defaultPolicy(): ProtectionPolicy {
  return structuredClone(DEFAULT_PROTECTION_POLICY);
}

/** Refuses what the venue cannot do, with a message the trader can act on. */
export function checkPolicyFits(
  policy: ProtectionPolicy,
  venue: VenueId,
  nativeDeadManSwitch: boolean,
): void {
  if (policy.deadManSwitch.enabled && !nativeDeadManSwitch) {
    throw new ApiFailure(
      'invalid_request',
      `${VENUE_LABELS[venue]} has no dead-man switch of its own; use cancel on reconnect or the trip wires instead`,
    );
  }
}

function marketsText(markets: readonly string[]): string {
  if (markets.length === 0) return 'markets with resting orders';
  return markets.length <= 3
    ? markets.join(', ')
    : `${markets.slice(0, 3).join(', ')} +${markets.length - 3}`;
}

export function protectionMap(
  policy: ProtectionPolicy,
  venue: VenueId,
  deadManSwitch: DeadManSwitchStatus | undefined,
): ProtectionMap {
  const whileClosed: ProtectionGuard[] = [];
  const whileRunning: ProtectionGuard[] = [];
  const dms = policy.deadManSwitch;
  if (dms.enabled) {
    const armed = deadManSwitch?.markets.map((each) => each.market) ?? [];
    whileClosed.push({
      trigger: 'dead_man_switch',
      label: `${VENUE_LABELS[venue]} dead-man switch ${dms.countdownSeconds} s (${marketsText(armed.length > 0 ? armed : dms.markets)})${
        deadManSwitch && deadManSwitch.state !== 'armed' ? ` — ${deadManSwitch.state}` : ''
      }`,
    });
  }
  if (policy.cancelOnReconnect.enabled) {
    whileRunning.push({
      trigger: 'cancel_on_reconnect',
      label: `cancel on reconnect after ${policy.cancelOnReconnect.afterSeconds} s lost`,
    });
  }
  if (policy.staleFeed.enabled) {
    whileRunning.push({
      trigger: 'stale_feed',
      label: `stale feed ${policy.staleFeed.afterSeconds} s → ${policy.staleFeed.action}`,
    });
  }
  if (policy.latency.enabled) {
    whileRunning.push({
      trigger: 'latency',
      label: `ack p95 over ${policy.latency.p95Ms} ms → ${policy.latency.action}`,
    });
  }
  if (policy.cancelOnQuit.enabled)
    whileRunning.push({ trigger: 'cancel_on_quit', label: 'cancel all on quit' });
  return { whileClosed, whileRunning };
}
