/**
 * OS notifications while the window is in the background: when a bulk cancel
 * finishes (with its summary, failures included) and when a single cancel
 * fails. Uses the web Notification API, which Electron maps to native
 * notifications (main permits only this one); silent if not permitted.
 */
import type { IntentProgress } from '../../preload/contract.ts';
import type { BlotterStore } from '../book/store.ts';
import { intentTitle, summarizeIntent } from '../shared/intentText.ts';

/** A finished bulk cancel, or a cancel that failed, is news while nobody is looking at the window. */
export function shouldAnnounce(
  intent: IntentProgress,
  context: { primed: boolean; hidden: boolean; permission: NotificationPermission },
): boolean {
  const newsworthy = intent.total >= 2 || intent.failed > 0;
  return context.primed && newsworthy && context.hidden && context.permission === 'granted';
}

export function startBackgroundNotices(store: BlotterStore): () => void {
  if (typeof Notification === 'undefined') return () => {};
  const announced = new Set<string>();
  let primed = false;
  return store.subscribe((state, previous) => {
    if (state.book.intents === previous.book.intents) return;
    for (const intent of state.book.intents) {
      if (intent.doneAt === undefined || announced.has(intent.intentId)) continue;
      announced.add(intent.intentId);
      // Intents already finished when the first snapshot arrived are history, not news.
      if (!shouldAnnounce(intent, { primed, hidden: document.hidden, permission: Notification.permission }))
        continue;
      new Notification(intentTitle(intent), { body: summarizeIntent(intent) });
    }
    primed = true;
  });
}
