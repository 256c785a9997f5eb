/** One venue account's connection: colour, dot and text, with the cause in the tooltip. */
import type { AccountStatus } from '../../preload/contract.ts';
import { VENUE_LABELS } from '../book/status.ts';

export function ConnectionIndicator({ account }: { account: AccountStatus }) {
  const venue = VENUE_LABELS[account.venue];
  const title = account.detail
    ? `${venue} ${account.label}: ${account.connection}. ${account.detail}`
    : `${venue} ${account.label}: ${account.connection}`;
  return (
    <li
      className={`connection connection-${account.connection}`}
      data-testid={`connection-${account.accountId}`}
      data-state={account.connection}
      title={title}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-venue">{venue}</span>
      <span className="connection-account">{account.label}</span>
      <span className="connection-state">{account.connection}</span>
    </li>
  );
}
