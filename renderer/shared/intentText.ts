/** Plain-language summaries of bulk cancel intents (pure, unit-tested). */
import type { FlatnessProgress, IntentProgress, IntentSource } from '../../preload/contract.ts';
import { formatElapsed } from './format.ts';

const SOURCE_LABELS: Record<IntentSource, string> = {
  click: 'Cancel',
  selection: 'Cancel selection',
  hotkey: 'Cancel (hotkey)',
  scope: 'Cancel scope',
  panic: 'Cancel all',
  guard: 'Protection guard',
};

/** "48 cancelled, 2 filled before cancel, 1 failed: reason, 3 pending" */
export function summarizeIntent(intent: IntentProgress): string {
  const parts = [`${intent.cancelled} cancelled`];
  if (intent.filled > 0) parts.push(`${intent.filled} filled before cancel`);
  if (intent.failed > 0) {
    const reason = intent.failures[0]?.message;
    parts.push(reason ? `${intent.failed} failed: ${reason}` : `${intent.failed} failed`);
  }
  if (intent.pending > 0 && intent.doneAt === undefined) parts.push(`${intent.pending} pending`);
  return parts.join(', ');
}

/**
 * The flatness check in one line: "flat on 5/5 accounts in 3.2 s", or per account label what is left and why
 * ("Main desk (Rails): 2 left — pair under maintenance"), or who is still being checked.
 */
export function summarizeFlatness(flatness: FlatnessProgress, startedAt: number): string {
  const total = flatness.accounts.length;
  const flat = flatness.accounts.filter((account) => account.state === 'flat').length;
  if (flatness.flatAt !== undefined) {
    return `flat on ${flat}/${total} account${total === 1 ? '' : 's'} in ${formatElapsed(flatness.flatAt - startedAt)}`;
  }
  const others = flatness.accounts
    .filter((account) => account.state !== 'flat')
    .map((account) => {
      const what =
        account.state === 'left'
          ? `${account.left} left`
          : `checking${account.left > 0 ? ` (${account.left} open)` : ''}`;
      return `${account.label}: ${what}${account.reason ? ` — ${account.reason}` : ''}`;
    });
  return [`flat on ${flat}/${total}`, ...others].join('; ');
}

/** Orders a finished flatness check left open (what "Retry (N)" would cancel again). */
export function leftOver(flatness: FlatnessProgress | undefined): number {
  if (!flatness) return 0;
  return flatness.accounts.reduce((sum, account) => sum + (account.state === 'left' ? account.left : 0), 0);
}

/** "Rails Main desk" for an account id, from the accounts the renderer knows. */
export function accountName(
  accountId: string,
  accounts: readonly { accountId: string; label: string; venue: string }[],
  venueLabels: Readonly<Record<string, string>>,
): string {
  const account = accounts.find((each) => each.accountId === accountId);
  return account ? `${account.label} (${venueLabels[account.venue] ?? account.venue})` : accountId;
}

export function intentTitle(intent: IntentProgress): string {
  const state = intent.doneAt === undefined ? 'in progress' : 'done';
  return `${SOURCE_LABELS[intent.source]} · ${intent.total} orders · ${state}`;
}

/** Bulk intents worth showing: more than one order, still running or finished within `recentMs`. */
export function visibleIntents(
  intents: readonly IntentProgress[],
  now: number,
  recentMs: number,
  max: number,
): IntentProgress[] {
  return intents
    .filter(
      (i) =>
        (i.total > 1 || i.flatness !== undefined) && (i.doneAt === undefined || now - i.doneAt < recentMs),
    )
    .slice(0, max);
}
