/**
 * The page without a grid: only the in-page stream with its initial book. Its JS heap is the
 * generator's share of a peer page's heap (in our own bench the generator runs in the host
 * process), which the bench subtracts to give each grid's heap.
 */
import { pageParams } from './page.ts';
import { createPeerStream } from './stream.ts';

declare global {
  interface Window {
    __streamReady?: Promise<number>;
  }
}

const { orders, seed } = pageParams();
const stream = createPeerStream(orders, seed);
window.__streamReady = stream.initial().then((initial) => initial.length);
