/**
 * OS notifications while the window is in the background: when a bulk cancel
 * finishes (with its summary, failures included). Uses the web Notification
 * API, which Electron maps to native notifications; silent if not permitted.
 */
import type { BlotterStore } from '../store/store.ts';
import { intentTitle, summarizeIntent } from './intentText.ts';

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
      if (!primed || intent.total < 2 || !document.hidden || Notification.permission !== 'granted') continue;
      new Notification(intentTitle(intent), { body: summarizeIntent(intent) });
    }
    primed = true;
  });
}
