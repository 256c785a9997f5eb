/**
 * Protection notices from main (a guard fired, a dead-man-switch refresh failed, a 503) shown at once: as
 * a toast, and as an OS notification while the window is in the background. They arrive with the
 * pushed updates, so nothing waits for a poll.
 */
import type { BlotterApi, ProtectionNotice } from '../../../preload/contract.ts';
import type { Toaster } from '../../book/toasts.ts';

export function noticeTone(notice: ProtectionNotice): 'error' | 'info' {
  return notice.level === 'info' ? 'info' : 'error';
}

export function startProtectionNotices(api: Pick<BlotterApi, 'onUpdate'>, toaster: Toaster): () => void {
  return api.onUpdate((update) => {
    for (const notice of update.notices ?? []) {
      toaster.push(noticeTone(notice), notice.text);
      if (
        notice.level !== 'info' &&
        typeof Notification !== 'undefined' &&
        typeof document !== 'undefined' &&
        document.hidden &&
        Notification.permission === 'granted'
      ) {
        new Notification('Protection', { body: notice.text });
      }
    }
  });
}
