/**
 * Live progress of bulk cancels: a bar per running (or just finished) intent
 * with "48 cancelled, 2 filled before cancel, 1 failed: reason", its elapsed
 * time, and the failures with their reasons.
 */
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

const SHOW_DONE_FOR_MS = 20_000;
const MAX_SHOWN = 3;
const MAX_FAILURES = 3;

function Bar({ intent }: { intent: IntentProgress }) {
  const pct = (n: number) => `${(100 * n) / Math.max(1, intent.total)}%`;
  return (
    <div className="progress" aria-hidden="true">
      <span className="progress-cancelled" style={{ width: pct(intent.cancelled) }} />
      <span className="progress-filled" style={{ width: pct(intent.filled) }} />
      <span className="progress-failed" style={{ width: pct(intent.failed) }} />
    </div>
  );
}

function IntentLine({
  intent,
  now,
  accounts,
}: {
  intent: IntentProgress;
  now: number;
  accounts: readonly AccountStatus[];
}) {
  const { commands } = useWorkflowServices();
  const done = intent.doneAt !== undefined;
  const elapsed = (intent.doneAt ?? now) - intent.startedAt;
  const left = leftOver(intent.flatness);
  const lifetime = Math.round(intent.lifetimeMs / 60_000);
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
      <span className="bulk-title">{intentTitle(intent)}</span>
      <Bar intent={intent} />
      <span className="bulk-summary">{summarizeIntent(intent)}</span>
      <span className="bulk-elapsed num">{formatElapsed(elapsed)}</span>
      {intent.flatness ? (
        <span
          className="bulk-flatness"
          data-testid="bulk-flatness"
          data-flat={intent.flatness.flatAt ? 'true' : 'false'}
        >
          {summarizeFlatness(intent.flatness, intent.startedAt)}
        </span>
      ) : null}
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
        <button
          type="button"
          className="action"
          data-testid="bulk-retry"
          onClick={() => intent.flatness && commands.cancelScope(intent.flatness.scope, intent.source)}
        >
          Retry ({left})
        </button>
      ) : null}
      {intent.failures.length > 0 ? (
        <ul className="bulk-failures">
          {intent.failures.slice(0, MAX_FAILURES).map((failure) => (
            <li key={failure.key}>
              {accountName(failure.accountId, accounts, VENUE_LABELS)}{' '}
              <code>{failure.key.slice(failure.accountId.length + 1)}</code>: {failure.message}
            </li>
          ))}
          {intent.failures.length > MAX_FAILURES ? (
            <li>…and {intent.failures.length - MAX_FAILURES} more</li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
}

export function BulkProgress() {
  const intents = useBlotter(selectIntents);
  const accounts = useBlotter(selectAccounts);
  const now = useNow(250);
  const shown = visibleIntents(intents, now, SHOW_DONE_FOR_MS, MAX_SHOWN);
  if (shown.length === 0) return null;
  return (
    <ul className="bulk-list" aria-label="Bulk cancel progress" aria-live="polite">
      {shown.map((intent) => (
        <IntentLine key={intent.intentId} intent={intent} now={now} accounts={accounts} />
      ))}
    </ul>
  );
}
