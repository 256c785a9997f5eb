/**
 * The accounts dialog's content: the mode (demo or live) and the switch
 * between them, the keychain's state, problems with the stored settings
 * and the keys they left behind, the configured accounts and the add form.
 */
import { useState } from 'react';
import type { AccountsState, BlotterMode } from '../../preload/contract.ts';
import { useBlotter, useServices } from '../book/context.ts';
import { selectMode } from '../book/store.ts';
import { AccountList } from './AccountList.tsx';
import { AddAccountForm } from './AddAccountForm.tsx';
import { OrphanedKeys } from './OrphanedKeys.tsx';
import { useAccounts } from './useAccounts.ts';

export function AccountsPanel() {
  const { state, error, refresh } = useAccounts();
  const storeMode = useBlotter(selectMode);
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  if (!state) {
    return (
      <p className="accounts-loading" role={error ? 'alert' : 'status'}>
        {error ? `Could not load the accounts: ${error}` : 'Loading accounts…'}
      </p>
    );
  }
  const mode = storeMode ?? state.mode;
  const changed = (text: string) => {
    setNotice({ tone: 'ok', text });
    void refresh();
  };
  const failed = (text: string) => {
    setNotice({ tone: 'error', text });
    void refresh();
  };

  return (
    <div className="accounts-panel">
      <ModeSection mode={mode} state={state} onChanged={changed} onFailed={failed} />
      <KeychainSection state={state} />
      {state.problems.length > 0 ? (
        <div className="accounts-problems" role="alert" data-testid="accounts-problems">
          <h3>Problems with the saved settings</h3>
          <ul>
            {state.problems.map((problem) => (
              <li key={problem.message}>{problem.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <OrphanedKeys orphans={state.orphanedKeys} onChanged={changed} onFailed={failed} />
      <p
        className={`accounts-notice accounts-notice-${notice?.tone ?? 'ok'}`}
        role="status"
        data-testid="accounts-notice"
      >
        {notice?.text ?? ''}
      </p>
      <AccountList
        accounts={state.accounts}
        venues={state.venues}
        mode={mode}
        writable={state.writable}
        onChanged={changed}
        onFailed={failed}
      />
      <AddAccountForm
        venues={state.venues}
        disabled={!state.writable || state.keychain.available === false}
        onAdded={(label) => changed(`${label} added; its keys are in the OS keychain.`)}
      />
      <p className="accounts-where">
        Settings (no keys): <code>{state.configPath}</code>
      </p>
    </div>
  );
}

function ModeSection({
  mode,
  state,
  onChanged,
  onFailed,
}: {
  mode: BlotterMode;
  state: AccountsState;
  onChanged(text: string): void;
  onFailed(text: string): void;
}) {
  const { api } = useServices();
  const [busy, setBusy] = useState(false);
  const enabled = state.accounts.filter((account) => account.enabled).length;
  const target: BlotterMode = mode === 'demo' ? 'live' : 'demo';
  const switchMode = async () => {
    setBusy(true);
    const result = await api.setMode({ mode: target });
    setBusy(false);
    if (result.ok) {
      onChanged(
        result.value.mode === 'demo'
          ? 'Demo mode: simulated venues, no real orders.'
          : 'Live mode: connected to your enabled accounts.',
      );
    } else onFailed(result.error.message);
  };
  return (
    <section
      className={`mode-section mode-${mode}`}
      aria-label="Mode"
      data-testid="mode-section"
      data-mode={mode}
    >
      <p className="mode-text">
        {mode === 'demo' ? (
          <>
            <span className="demo-badge">DEMO</span> Simulated venues on this computer; no real orders, no
            keys.
          </>
        ) : (
          <>
            <span className="live-badge">LIVE</span> Real venues: {enabled} enabled account
            {enabled === 1 ? '' : 's'}.
          </>
        )}
      </p>
      <button
        type="button"
        className="action"
        data-testid="mode-switch"
        disabled={busy || (target === 'live' && enabled === 0)}
        title={target === 'live' && enabled === 0 ? 'Add or enable an account first' : undefined}
        onClick={switchMode}
      >
        {target === 'demo' ? 'Switch to demo' : 'Switch to live'}
      </button>
    </section>
  );
}

function KeychainSection({ state }: { state: AccountsState }) {
  const { keychain } = state;
  return (
    <div
      className="keychain-section"
      data-testid="keychain-status"
      data-available={String(keychain.available)}
    >
      {keychain.available === false ? (
        <p className="keychain-problem" role="alert">
          {keychain.message}
        </p>
      ) : null}
      <p className="keychain-location">Keys live in the {keychain.location}.</p>
    </div>
  );
}
