/** Plain-language summaries of bulk cancel intents (pure, unit-tested). */
import type { CancelSource, IntentProgress } from '../../preload/contract.ts';

const SOURCE_LABELS: Record<CancelSource, string> = {
  click: 'Cancel',
  selection: 'Cancel selection',
  hotkey: 'Cancel (hotkey)',
  scope: 'Cancel scope',
  panic: 'Cancel all',
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
    .filter((i) => i.total > 1 && (i.doneAt === undefined || now - i.doneAt < recentMs))
    .slice(0, max);
}
