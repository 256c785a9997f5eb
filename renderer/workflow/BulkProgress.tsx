/**
 * Live progress of bulk cancels: a bar per running (or just finished) intent
 * with "48 cancelled, 2 filled before cancel, 1 failed: reason", its elapsed
 * time, and the failures with their reasons.
 */
import type { IntentProgress } from '../../preload/contract.ts';
import { formatElapsed } from '../blotter/format.ts';
import { useNow } from '../components/clock.ts';
import { useBlotter } from '../components/context.ts';
import { intentTitle, summarizeIntent, visibleIntents } from '../components/intentText.ts';
import { selectIntents } from '../store/store.ts';

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

function IntentLine({ intent, now }: { intent: IntentProgress; now: number }) {
  const done = intent.doneAt !== undefined;
  const elapsed = (intent.doneAt ?? now) - intent.startedAt;
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
      {intent.failures.length > 0 ? (
        <ul className="bulk-failures">
          {intent.failures.slice(0, MAX_FAILURES).map((failure) => (
            <li key={failure.key}>
              <code>{failure.key}</code>: {failure.message}
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
  const now = useNow(250);
  const shown = visibleIntents(intents, now, SHOW_DONE_FOR_MS, MAX_SHOWN);
  if (shown.length === 0) return null;
  return (
    <ul className="bulk-list" aria-label="Bulk cancel progress" aria-live="polite">
      {shown.map((intent) => (
        <IntentLine key={intent.intentId} intent={intent} now={now} />
      ))}
    </ul>
  );
}
