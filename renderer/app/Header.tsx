/**
 * One line: title, demo/live marker, the accounts and protection dialogs, open-order count, venue connections and
 * the recent bulk cancels. Fixed height, no wrapping: what does not fit is clipped, never pushed down.
 */
import { AccountsControl } from '../accounts/AccountsControl.tsx';
import { useBlotter } from '../book/context.ts';
import { selectAccounts, selectBridge, selectLiveCount, selectMode } from '../book/store.ts';
import { COUNT_DEFINITIONS } from '../shared/counts.ts';
import { ProtectionControl } from '../workspace/protection/ProtectionControl.tsx';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';
import { IntentSummary } from './IntentSummary.tsx';

export function Header() {
  const mode = useBlotter(selectMode);
  const liveCount = useBlotter(selectLiveCount);
  const accounts = useBlotter(selectAccounts);
  const linked = useBlotter(selectBridge).state === 'connected';
  const perVenue = new Map<string, number>();
  for (const account of accounts) perVenue.set(account.venue, (perVenue.get(account.venue) ?? 0) + 1);
  return (
    <header className="app-header">
      <h1 className="app-title">Cancel Blotter</h1>
      {mode === 'demo' ? (
        <span className="demo-badge" data-testid="demo-badge" title="Simulated venues: no real orders">
          DEMO
        </span>
      ) : null}
      <AccountsControl />
      <ProtectionControl />
      <span className="open-count" data-testid="open-count" title={COUNT_DEFINITIONS.open}>
        Open: <span className="num">{liveCount}</span>
      </span>
      <ul className="connections" aria-label="Venue connections" data-linked={linked ? 'true' : 'false'}>
        {accounts.map((account) => (
          <ConnectionIndicator
            key={account.accountId}
            account={account}
            linked={linked}
            showLabel={(perVenue.get(account.venue) ?? 0) > 1}
          />
        ))}
      </ul>
      <IntentSummary />
    </header>
  );
}
