/**
 * The grid's scroll offset for TanStack Virtual, read once per animation frame instead of in every
 * scroll event, with the rows it brings into view rendered right there, inside the frame.
 *
 * Why: the library's own observer reads `scrollTop` in the scroll event and lets React render the new
 * window in a task of its own after the frame. That task's DOM changes were still unlaid-out when the
 * next frame's scroll event read `scrollTop` again, so every scrolled frame paid a forced synchronous
 * style and layout in the event handler on top of the frame's own (Chromium trace of the render bench:
 * ≈ 13 % of the main thread). Read in the frame's callbacks, `scrollTop` lays out at most what the
 * book's write earlier in the same frame changed (layout the frame needs anyway), and the window is
 * committed before the frame's own style and layout.
 */
import type { Virtualizer } from '@tanstack/react-virtual';
import { flushSync } from 'react-dom';

type OffsetCallback = (offset: number, isScrolling: boolean) => void;

export function observeOffsetEachFrame(
  instance: Virtualizer<HTMLDivElement, Element>,
  notify: OffsetCallback,
): (() => void) | undefined {
  const element = instance.scrollElement;
  const win = instance.targetWindow;
  if (!element || !win) return undefined;
  let frame = 0;
  let settle: ReturnType<typeof setTimeout> | undefined;
  // flushSync: the re-render the callback asks for is committed now, in this frame, not in a later task.
  const read = (isScrolling: boolean) => flushSync(() => notify(element.scrollTop, isScrolling));
  const onFrame = () => {
    frame = 0;
    read(true);
  };
  const onSettled = () => {
    settle = undefined;
    win.requestAnimationFrame(() => read(false));
  };
  const onScroll = () => {
    if (frame === 0) frame = win.requestAnimationFrame(onFrame);
    // "Scrolling stopped" once no scroll event came for the library's reset delay (as its own observer does).
    if (settle !== undefined) clearTimeout(settle);
    settle = setTimeout(onSettled, instance.options.isScrollingResetDelay);
  };
  element.addEventListener('scroll', onScroll, { passive: true });
  return () => {
    element.removeEventListener('scroll', onScroll);
    if (frame !== 0) win.cancelAnimationFrame(frame);
    if (settle !== undefined) clearTimeout(settle);
  };
}
