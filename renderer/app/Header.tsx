/** Title, demo/live marker and the accounts dialog, open-order count, venue connections and bulk-cancel progress. */
import { AccountsControl } from '../accounts/AccountsControl.tsx';
import { useBlotter } from '../book/context.ts';
import { selectAccounts, selectLiveCount, selectMode } from '../book/store.ts';
import { ProtectionControl } from '../workspace/protection/ProtectionControl.tsx';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';
import { IntentSummary } from './IntentSummary.tsx';

export function Header() {
  const mode = useBlotter(selectMode);
  const liveCount = useBlotter(selectLiveCount);
  const accounts = useBlotter(selectAccounts);
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
      <span className="open-count" data-testid="open-count">
        <span className="num">{liveCount}</span> open
      </span>
      <ul className="connections" aria-label="Venue connections">
        {accounts.map((account) => (
          <ConnectionIndicator key={account.accountId} account={account} />
        ))}
      </ul>
      <IntentSummary />
    </header>
  );
}
