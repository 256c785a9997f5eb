/**
 * Whether an IPC message comes from our own page: the top frame of our
 * window, loaded from the app's URL. Types only from electron, so the rule is
 * unit-tested without an Electron binary.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';

/** The Electron types a test needs to build fake senders (only main/app imports electron). */
export type { WebContents, WebFrameMain } from 'electron';

export type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;
export type AppContents = Pick<WebContents, 'mainFrame'>;

export function isTrustedSender(event: SenderEvent, window: AppContents, appUrl: string): boolean {
  const frame = event.senderFrame;
  if (!frame || event.sender !== window || frame !== window.mainFrame) return false;
  return frame.url.split('#')[0] === appUrl.split('#')[0];
}
