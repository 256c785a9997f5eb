/**
 * Live progress of a bulk cancel, as a card lying over the bottom edge of the grid: it never takes a
 * line above the grid, so nothing moves when it appears, updates or goes. The card has a fixed size
 * and fixed slots (title, bar, summary, elapsed; flatness and actions; the failures with their reasons
 * in full, scrolling inside), and its bar is painted, not laid out. It shows the newest running (or just
 * finished) intent and goes a few seconds after the end — longer when something failed or is left —
 * or when dismissed; the header's "Bulk cancels" menu and the audit keep them all.
 */
import { useState } from 'react';
import type { AccountStatus, IntentProgress } from '../../preload/contract.ts';
import { useBlotter } from '../book/context.ts';
import { VENUE_LABELS } from '../book/status.ts';
import { selectAccounts, selectIntents } from '../book/store.ts';
import { useNow } from '../shared/clock.ts';
import { formatElapsed } from '../shared/format.ts';
import {
  accountName,
  intentTitle,
  leftOver,
  summarizeFlatness,
  summarizeIntent,
  visibleIntents,
} from '../shared/intentText.ts';
import { useWorkflowServices } from './state/context.ts';

/** How long a finished intent lingers: a clean one briefly, one with failures or orders left longer. */
const LINGER_CLEAN_MS = 6_000;
const LINGER_TROUBLE_MS = 20_000;

function lingersFor(intent: IntentProgress): number {
  return intent.failed > 0 || leftOver(intent.flatness) > 0 ? LINGER_TROUBLE_MS : LINGER_CLEAN_MS;
}

/** One painted bar (a gradient): its parts grow without moving any box. */
function Bar({ intent }: { intent: IntentProgress }) {
  const total = Math.max(1, intent.total);
  const a = (100 * intent.cancelled) / total;
  const b = a + (100 * intent.filled) / total;
  const c = b + (100 * intent.failed) / total;
  const background = `linear-gradient(to right, var(--progress-cancelled) 0 ${a}%, var(--ok) ${a}% ${b}%, var(--error) ${b}% ${c}%, var(--border) ${c}% 100%)`;
  return <span className="progress" aria-hidden="true" style={{ background }} />;
}

function IntentCard({
  intent,
  now,
  accounts,
  more,
  onDismiss,
}: {
  intent: IntentProgress;
  now: number;
  accounts: readonly AccountStatus[];
  /** Other bulk cancels running or just finished, not shown here. */
  more: number;
  onDismiss: () => void;
}) {
  const { commands } = useWorkflowServices();
  const done = intent.doneAt !== undefined;
  const elapsed = (intent.doneAt ?? now) - intent.startedAt;
  const left = leftOver(intent.flatness);
  const lifetime = Math.round(intent.lifetimeMs / 60_000);
  const summary = summarizeIntent(intent);
  const flatness = intent.flatness ? summarizeFlatness(intent.flatness, intent.startedAt) : '';
  return (
    <li
      className={intent.failed > 0 ? 'bulk bulk-failed' : 'bulk'}
      data-testid="bulk-progress"
      data-intent-id={intent.intentId}
      data-source={intent.source}
      data-done={done ? 'true' : 'false'}
      data-total={intent.total}
      data-cancelled={intent.cancelled}
    >
      <div className="bulk-head">
        <span className="bulk-title" title={intentTitle(intent)}>
          {intentTitle(intent)}
        </span>
        <Bar intent={intent} />
        <span className="bulk-summary" title={summary}>
          {summary}
        </span>
        <span className="bulk-elapsed">{formatElapsed(elapsed)}</span>
        <span className="bulk-more">{more > 0 ? `+${more} more` : ''}</span>
        <button type="button" className="bulk-dismiss" aria-label="Hide this progress" onClick={onDismiss}>
          ×
        </button>
      </div>
      <div className="bulk-line">
        <span
          className="bulk-flatness"
          data-testid={intent.flatness ? 'bulk-flatness' : undefined}
          data-flat={intent.flatness ? (intent.flatness.flatAt ? 'true' : 'false') : undefined}
          title={flatness}
        >
          {flatness}
        </span>
        {done ? null : (
          <span className="bulk-actions">
            <span className="bulk-lifetime" title="Venues that are down are retried until then">
              keeps trying up to {lifetime} min
            </span>
            <button
              type="button"
              className="action"
              data-testid="bulk-stop"
              onClick={() => commands.stopTrying(intent.intentId)}
            >
              Stop trying
            </button>
          </span>
        )}
        {done && left > 0 && intent.flatness ? (
          <span className="bulk-actions">
            <button
              type="button"
              className="action"
              data-testid="bulk-retry"
              // A guard's intent retried from here is the trader's own scope cancel.
              onClick={() =>
                intent.flatness &&
                commands.cancelScope(
                  intent.flatness.scope,
                  intent.source === 'guard' ? 'scope' : intent.source,
                )
              }
            >
              Retry ({left})
            </button>
          </span>
        ) : null}
      </div>
      <ul className="bulk-failures" aria-label="Failures">
        {intent.failures.map((failure) => (
          <li key={failure.key}>
            {accountName(failure.accountId, accounts, VENUE_LABELS)}{' '}
            <code>{failure.key.slice(failure.accountId.length + 1)}</code>: {failure.message}
          </li>
        ))}
      </ul>
    </li>
  );
}

export function BulkProgress() {
  const intents = useBlotter(selectIntents);
  const accounts = useBlotter(selectAccounts);
  const now = useNow(250);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set());
  const shown = visibleIntents(intents, now, LINGER_TROUBLE_MS, 4).filter(
    (intent) =>
      !dismissed.has(intent.intentId) &&
      (intent.doneAt === undefined || now - intent.doneAt < lingersFor(intent)),
  );
  const first = shown[0];
  return (
    <div className="bulk-dock" data-empty={first ? undefined : 'true'}>
      {first ? (
        <ul className="bulk-list" aria-label="Bulk cancel progress" aria-live="polite">
          <IntentCard
            key={first.intentId}
            intent={first}
            now={now}
            accounts={accounts}
            more={shown.length - 1}
            onDismiss={() => setDismissed((set) => new Set([...set, first.intentId]))}
          />
        </ul>
      ) : null}
    </div>
  );
}
