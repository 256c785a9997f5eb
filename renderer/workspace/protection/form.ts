/**
 * The protection form's fields as typed text, to and from a policy. Main validates every policy again
 * (preload/protection.ts); this only turns "10" into 10 and says which field is not a whole number, so a
 * typo is caught before it is sent. DOM-free.
 */
import type { ProtectionPolicy, TripAction } from '../../../preload/contract.ts';

export interface ProtectionDraft {
  cancelOnReconnect: boolean;
  reconnectSeconds: string;
  staleFeed: boolean;
  staleSeconds: string;
  staleAction: TripAction;
  latency: boolean;
  latencyMs: string;
  latencyAction: TripAction;
  cancelOnQuit: boolean;
  deadManSwitch: boolean;
  countdownSeconds: string;
  /** Comma-separated; empty = every market with resting orders. */
  markets: string;
}

export function draftFrom(policy: ProtectionPolicy): ProtectionDraft {
  return {
    cancelOnReconnect: policy.cancelOnReconnect.enabled,
    reconnectSeconds: String(policy.cancelOnReconnect.afterSeconds),
    staleFeed: policy.staleFeed.enabled,
    staleSeconds: String(policy.staleFeed.afterSeconds),
    staleAction: policy.staleFeed.action,
    latency: policy.latency.enabled,
    latencyMs: String(policy.latency.p95Ms),
    latencyAction: policy.latency.action,
    cancelOnQuit: policy.cancelOnQuit.enabled,
    deadManSwitch: policy.deadManSwitch.enabled,
    countdownSeconds: String(policy.deadManSwitch.countdownSeconds),
    markets: policy.deadManSwitch.markets.join(', '),
  };
}

function whole(text: string, field: string): number {
  const trimmed = text.trim();
  if (!/^\d{1,7}$/.test(trimmed)) throw new Error(`${field}: a whole number is required`);
  return Number(trimmed);
}

/** The policy the draft describes; throws an Error naming the field that is not a number. */
export function policyFrom(draft: ProtectionDraft): ProtectionPolicy {
  return {
    cancelOnReconnect: {
      enabled: draft.cancelOnReconnect,
      afterSeconds: whole(draft.reconnectSeconds, 'Cancel on reconnect seconds'),
    },
    staleFeed: {
      enabled: draft.staleFeed,
      afterSeconds: whole(draft.staleSeconds, 'Stale feed seconds'),
      action: draft.staleAction,
    },
    latency: {
      enabled: draft.latency,
      p95Ms: whole(draft.latencyMs, 'Latency p95 ms'),
      action: draft.latencyAction,
    },
    cancelOnQuit: { enabled: draft.cancelOnQuit },
    deadManSwitch: {
      enabled: draft.deadManSwitch,
      countdownSeconds: whole(draft.countdownSeconds, 'Dead-man switch countdown seconds'),
      markets: draft.markets
        .split(',')
        .map((market) => market.trim())
        .filter((market) => market.length > 0),
    },
  };
}
