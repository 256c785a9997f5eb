/**
 * What a venue's connection may be said to be. Venue states reach the renderer through its own link to
 * main: while that link is down the last state received is history, so a venue is shown `unknown`, never
 * the `connected` it last was (pure, unit-tested).
 */
import type { ConnectionState } from '../../preload/contract.ts';

export type ShownConnection = ConnectionState | 'unknown';

export const NO_LINK_TEXT = 'unknown — no link to the blotter';

export function shownConnection(connection: ConnectionState, linked: boolean): ShownConnection {
  return linked ? connection : 'unknown';
}
