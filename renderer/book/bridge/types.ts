import type { BlotterApi } from '../../../preload/contract.ts';

/**
 * The renderer's link to main. `connecting` before the first contact,
 * `reconnecting` after losing it, `failed` when it cannot work at all (no
 * token in the URL): the header shows a banner for all but `connected`.
 */
export type BridgeState = 'connecting' | 'connected' | 'reconnecting' | 'failed';

export interface BridgeStatus {
  state: BridgeState;
  detail?: string;
}

export interface Bridge {
  readonly kind: 'electron' | 'browser';
  readonly api: BlotterApi;
  /**
   * Reports the link state: the current one at once, then every change. Each
   * `connected` (the first and every reconnect) means "fetch a fresh snapshot".
   */
  onStatus(listener: (status: BridgeStatus) => void): () => void;
}
