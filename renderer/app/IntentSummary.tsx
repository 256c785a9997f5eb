/** Live progress of bulk cancels, from the intents in the store. */

import { useBlotter } from '../book/context.ts';
import { selectIntents } from '../book/store.ts';
import { useNow } from '../shared/clock.ts';
import { intentTitle, summarizeIntent, visibleIntents } from '../shared/intentText.ts';

const SHOW_DONE_FOR_MS = 30_000;
const MAX_SHOWN = 2;

export function IntentSummary() {
  const intents = useBlotter(selectIntents);
  const now = useNow(1_000);
  const shown = visibleIntents(intents, now, SHOW_DONE_FOR_MS, MAX_SHOWN);
  return (
    <ul className="intents" aria-label="Bulk cancels" aria-live="polite">
      {shown.map((intent) => (
        <li
          key={intent.intentId}
          className={intent.failed > 0 ? 'intent intent-failed' : 'intent'}
          data-testid="intent-summary"
        >
          <span className="intent-title">{intentTitle(intent)}:</span> {summarizeIntent(intent)}
        </li>
      ))}
    </ul>
  );
}
