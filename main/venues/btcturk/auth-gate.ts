/**
 * Remembers that BTCTurk refused the REST credentials, so the REST client
 * does not hammer the venue with calls that cannot succeed: after a refusal,
 * calls fail locally until the cool-down ends, then one real call may try
 * again. Any accepted call opens the gate. The WebSocket login has its own
 * cool-down (stream.ts): WebSocket keys are separate at BTCTurk, and a
 * refused WS login must never stop REST cancels.
 */
import { AUTH_RETRY_MS } from './constants.ts';

export interface AuthGate {
  /** The refusal's description while the gate is closed, else undefined. */
  blocked(now: number): string | undefined;
  refused(detail: string, now: number): void;
  accepted(): void;
}

export function createAuthGate(coolDownMs = AUTH_RETRY_MS): AuthGate {
  let refusal: { detail: string; at: number } | undefined;
  return {
    blocked(now) {
      if (!refusal) return undefined;
      if (now - refusal.at >= coolDownMs) {
        // Let one call through; it closes the gate again if it is refused too.
        refusal = { ...refusal, at: now };
        return undefined;
      }
      return refusal.detail;
    },
    refused(detail, now) {
      refusal = { detail, at: now };
    },
    accepted() {
      refusal = undefined;
    },
  };
}
