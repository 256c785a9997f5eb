/**
 * One venue account's connection: colour, dot shape and text, with the cause in the tooltip. Compact:
 * a connected venue is its dot and name (the state stays in the accessible text); any other state is
 * written out. Without the renderer's own link to main the last state received is history: `unknown`.
 */
import type { AccountStatus } from '../../preload/contract.ts';
import { VENUE_LABELS } from '../book/status.ts';
import { NO_LINK_TEXT, shownConnection } from '../shared/link.ts';

export function ConnectionIndicator({
  account,
  linked,
  showLabel,
}: {
  account: AccountStatus;
  /** The renderer's link to main is up. */
  linked: boolean;
  /** The venue has more than one account: the chip names this one. */
  showLabel: boolean;
}) {
  const venue = VENUE_LABELS[account.venue];
  const state = shownConnection(account.connection, linked);
  const title = !linked
    ? `${venue} ${account.label}: ${NO_LINK_TEXT} (last known: ${account.connection})`
    : account.detail
      ? `${venue} ${account.label}: ${account.connection}. ${account.detail}`
      : `${venue} ${account.label}: ${account.connection}`;
  return (
    <li
      className={`connection connection-${state}`}
      data-testid={`connection-${account.accountId}`}
      data-state={state}
      title={title}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-venue">{venue}</span>
      {showLabel ? <span className="connection-account">{account.label}</span> : null}
      <span className="connection-state">{state}</span>
    </li>
  );
}
