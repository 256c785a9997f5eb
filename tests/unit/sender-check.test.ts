import { describe, expect, it } from 'vitest';
import {
  isTrustedSender,
  type SenderEvent,
  type WebContents,
  type WebFrameMain,
} from '../../main/app/sender-check.ts';

const APP_URL = 'app://blotter/index.html';

function frame(url: string): WebFrameMain {
  return { url } as WebFrameMain;
}

const mainFrame = frame(`${APP_URL}#/`);
const window = { mainFrame } as WebContents;

describe('IPC sender check', () => {
  it('accepts our window’s top frame on the app page', () => {
    expect(isTrustedSender({ sender: window, senderFrame: mainFrame } as SenderEvent, window, APP_URL)).toBe(
      true,
    );
  });
  it.each([
    ['another window', { sender: { mainFrame } as WebContents, senderFrame: mainFrame }],
    ['a subframe of our window', { sender: window, senderFrame: frame(APP_URL) }],
    ['no frame (already gone)', { sender: window, senderFrame: null }],
  ])('refuses %s', (_name, event) => {
    expect(isTrustedSender(event as SenderEvent, window, APP_URL)).toBe(false);
  });
  it('refuses our top frame once it navigated elsewhere', () => {
    const navigated = frame('https://evil.example/');
    const hijacked = { mainFrame: navigated } as WebContents;
    expect(
      isTrustedSender({ sender: hijacked, senderFrame: navigated } as SenderEvent, hijacked, APP_URL),
    ).toBe(false);
  });
});
