/**
 * Pinned columns (Select, Market, Side left; Status, Action right) stay on
 * screen while the grid scrolls sideways. They are shifted by a transform
 * read from two custom properties on the grid element, updated only when the
 * horizontal scroll or the grid's width changes. `position: sticky` would do
 * the same in CSS alone, but each of the ~250 pinned cells on screen then
 * becomes a composited layer re-positioned on every vertical scroll frame —
 * the one path that must stay cheap.
 */
export function followPins(grid: HTMLElement): () => void {
  let left = Number.NaN;
  let right = Number.NaN;
  const update = () => {
    const scrollLeft = grid.scrollLeft;
    const max = Math.max(0, grid.scrollWidth - grid.clientWidth);
    // Left pins move right with the scroll; right pins sit at the row's end, pulled back to the edge.
    const nextLeft = scrollLeft;
    const nextRight = scrollLeft - max;
    if (nextLeft !== left) grid.style.setProperty('--pin-x', `${nextLeft}px`);
    if (nextRight !== right) grid.style.setProperty('--pin-x-right', `${nextRight}px`);
    left = nextLeft;
    right = nextRight;
  };
  let lastScrollLeft = grid.scrollLeft;
  const onScroll = () => {
    // Vertical scroll events leave scrollLeft alone: nothing to read or write then.
    if (grid.scrollLeft === lastScrollLeft) return;
    lastScrollLeft = grid.scrollLeft;
    update();
  };
  update();
  grid.addEventListener('scroll', onScroll, { passive: true });
  const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(update) : null;
  resize?.observe(grid);
  return () => {
    grid.removeEventListener('scroll', onScroll);
    resize?.disconnect();
  };
}
