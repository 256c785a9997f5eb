/**
 * Collects changes and hands them out as one `BlotterUpdate` per frame
 * (≤ 60/s): a burst of 2,000 order updates becomes one message and one
 * store write in the renderer. The first change after a quiet period goes
 * out at once so a click shows `cancelling` within the same frame.
 */
import type {
  AccountStatus,
  BlotterUpdate,
  IntentProgress,
  Order,
  ProtectionNotice,
} from '../../preload/contract.ts';

export const FRAME_MS = 16;

export class UpdateCoalescer {
  private readonly orders = new Map<string, Order>();
  private readonly accounts = new Map<string, AccountStatus>();
  private readonly intents = new Map<string, IntentProgress>();
  private readonly notices: ProtectionNotice[] = [];
  private resyncDue = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFlushAt = 0;
  private readonly emit: (update: BlotterUpdate) => void;
  private readonly version: () => number;

  constructor(version: () => number, emit: (update: BlotterUpdate) => void) {
    this.version = version;
    this.emit = emit;
  }

  order(order: Order): void {
    this.orders.set(order.key, order);
    this.schedule();
  }

  account(status: AccountStatus): void {
    this.accounts.set(status.accountId, status);
    this.schedule();
  }

  intent(progress: IntentProgress): void {
    this.intents.set(progress.intentId, progress);
    this.schedule();
  }

  /** A protection guard fired or failed: goes out with the next update. */
  notice(notice: ProtectionNotice): void {
    this.notices.push(notice);
    this.schedule();
  }

  /** Tells subscribers to fetch a fresh snapshot (sent with the next update). */
  resync(): void {
    this.resyncDue = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = this.lastFlushAt + FRAME_MS - Date.now();
    this.timer = setTimeout(() => this.flush(), Math.max(0, wait));
  }

  flush(): void {
    this.timer = undefined;
    if (
      this.orders.size === 0 &&
      this.accounts.size === 0 &&
      this.intents.size === 0 &&
      this.notices.length === 0 &&
      !this.resyncDue
    ) {
      return;
    }
    this.lastFlushAt = Date.now();
    const update: BlotterUpdate = {
      version: this.version(),
      orders: [...this.orders.values()],
      accounts: [...this.accounts.values()],
      intents: [...this.intents.values()],
    };
    if (this.resyncDue) update.resync = true;
    if (this.notices.length > 0) update.notices = this.notices.splice(0);
    this.resyncDue = false;
    this.orders.clear();
    this.accounts.clear();
    this.intents.clear();
    this.emit(update);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
