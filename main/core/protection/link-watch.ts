/**
 * Cancel-on-reconnect's clock: when the link to an account was lost (it left `connected` for
 * `reconnecting` or `down`) and for how long, reported once when it is back. The first connection of an
 * account is no loss. Pure bookkeeping: the caller passes the time.
 */
import type { ConnectionState } from '../../../preload/contract.ts';

export class LinkLossWatch {
  /** Account → when its link was lost (absent while connected or never connected). */
  private readonly lostAt = new Map<string, number>();
  private readonly everConnected = new Set<string>();

  /** A connection state change; returns how long the link was lost when this change brings it back. */
  connection(accountId: string, state: ConnectionState, now: number): number | undefined {
    if (state === 'connected') {
      this.everConnected.add(accountId);
      const since = this.lostAt.get(accountId);
      this.lostAt.delete(accountId);
      return since === undefined ? undefined : Math.max(0, now - since);
    }
    if ((state === 'reconnecting' || state === 'down') && this.everConnected.has(accountId)) {
      if (!this.lostAt.has(accountId)) this.lostAt.set(accountId, now);
    }
    return undefined;
  }

  /** When the account's link was lost, while it is still away. */
  lostSince(accountId: string): number | undefined {
    return this.lostAt.get(accountId);
  }

  forget(accountId: string): void {
    this.lostAt.delete(accountId);
    this.everConnected.delete(accountId);
  }
}
