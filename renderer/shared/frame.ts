/**
 * Frame-aligned writes. The grid reads the scroll position in its scroll
 * handler, at the start of a frame; any DOM change made between frames (a
 * timer re-rendering a clock, a count, a throttled view) forces a whole
 * synchronous layout right there, and the frame lays out twice. Timers
 * therefore hand their state changes to the next animation frame, where the
 * book's own writes already happen, and every frame lays out once.
 */
const raf: ((callback: () => void) => unknown) | null =
  typeof requestAnimationFrame === 'function' ? (callback) => requestAnimationFrame(callback) : null;

/** Runs `callback` in the next animation frame (at once where there are no frames, e.g. under Node). */
export function inNextFrame(callback: () => void): void {
  if (raf) raf(callback);
  else callback();
}

/** `setTimeout`, with the callback run in the animation frame after the delay; returns a cancel function. */
export function afterDelayInFrame(ms: number, callback: () => void): () => void {
  let cancelled = false;
  const timer = setTimeout(() => {
    inNextFrame(() => {
      if (!cancelled) callback();
    });
  }, ms);
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}
