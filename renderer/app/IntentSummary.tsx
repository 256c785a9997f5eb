/**
 * "Bulk cancels" in the header: the last bulk cancels and how they ended, on demand. Nothing about a
 * finished cancel stays on screen (the live progress is the workspace's overlay, gone shortly after
 * the end); this menu keeps the recent ones reachable for the session, and the audit has them all.
 * The button has a fixed width and is always there, so the header never reflows around it.
 */
import { useBlotter } from '../book/context.ts';
import { VENUE_LABELS } from '../book/status.ts';
import { selectAccounts, selectIntents } from '../book/store.ts';
import { useNow } from '../shared/clock.ts';
import { formatElapsed } from '../shared/format.ts';
import {
  accountName,
  intentTitle,
  summarizeFlatness,
  summarizeIntent,
  visibleIntents,
} from '../shared/intentText.ts';
import { Menu } from '../workspace/FilterBar.tsx';

const MAX_LISTED = 5;

export function IntentSummary() {
  const intents = useBlotter(selectIntents);
  const accounts = useBlotter(selectAccounts);
  const now = useNow(1_000);
  const listed = visibleIntents(intents, now, Number.POSITIVE_INFINITY, MAX_LISTED);
  const running = listed.filter((intent) => intent.doneAt === undefined).length;
  return (
    <div className="intents" data-testid="bulk-history" data-running={running > 0 ? 'true' : undefined}>
      {/* A constant label (running is a colour, data-running): the header never reflows around it. */}
      <Menu label="Bulk cancels" count={0} testId="bulk-history-menu">
        {listed.length === 0 ? (
          <p className="hint">No bulk cancel in this session yet.</p>
        ) : (
          <ul className="intent-list" aria-label="Bulk cancels">
            {listed.map((intent) => (
              <li
                key={intent.intentId}
                className={intent.failed > 0 ? 'intent intent-failed' : 'intent'}
                data-testid="intent-summary"
                data-intent-id={intent.intentId}
              >
                <span className="intent-title">
                  {intentTitle(intent)} · {formatElapsed((intent.doneAt ?? now) - intent.startedAt)}
                </span>
                <span>{summarizeIntent(intent)}</span>
                {intent.flatness ? <span>{summarizeFlatness(intent.flatness, intent.startedAt)}</span> : null}
                {intent.failures.map((failure) => (
                  <span key={failure.key} className="intent-failure">
                    {accountName(failure.accountId, accounts, VENUE_LABELS)}{' '}
                    <code>{failure.key.slice(failure.accountId.length + 1)}</code>: {failure.message}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        )}
        <p className="hint">Every cancel step is in the audit (Export audit).</p>
      </Menu>
    </div>
  );
}
