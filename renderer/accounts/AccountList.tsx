/**
 * The configured accounts: label, venue, environment, key hint, live
 * connection state (from the blotter store), enable/disable, test, remove.
 * Remove asks once more, inline, and says that the keychain item goes too.
 */
import { useEffect, useRef, useState } from 'react';
import type {
  AccountStatus,
  BlotterMode,
  ConfiguredAccount,
  ConnectionTestResult,
  VenueSetup,
} from '../../preload/contract.ts';
import { useBlotter, useServices } from '../book/context.ts';
import { VENUE_LABELS } from '../book/status.ts';
import { selectAccounts } from '../book/store.ts';
import { ENVIRONMENT_LABELS } from './form.ts';
import { TestResult } from './TestResult.tsx';

interface Props {
  accounts: ConfiguredAccount[];
  /** The venues' setups, to name each account's settings. */
  venues: VenueSetup[];
  mode: BlotterMode;
  writable: boolean;
  onChanged(message: string): void;
  onFailed(message: string): void;
}

/** What the connection column says for an account. */
export function connectionText(
  account: ConfiguredAccount,
  mode: BlotterMode,
  status: AccountStatus | undefined,
): { state: string; text: string; detail?: string } {
  if (!account.enabled) return { state: 'disabled', text: 'disabled' };
  if (mode === 'demo') return { state: 'idle', text: 'not connected (demo mode)' };
  if (!status) return { state: 'connecting', text: 'connecting' };
  return {
    state: status.connection,
    text: status.connection,
    ...(status.detail && { detail: status.detail }),
  };
}

export function AccountList({ accounts, venues, mode, writable, onChanged, onFailed }: Props) {
  const statuses = useBlotter(selectAccounts);
  if (accounts.length === 0) {
    return (
      <p className="accounts-empty" data-testid="accounts-empty">
        No accounts yet. Add one below: its keys go to the OS keychain, its settings to the file shown above.
      </p>
    );
  }
  return (
    <table className="accounts-table" data-testid="accounts-table">
      <caption className="visually-hidden">Configured accounts</caption>
      <thead>
        <tr>
          <th scope="col">Account</th>
          <th scope="col">Venue</th>
          <th scope="col">Environment</th>
          <th scope="col">Key</th>
          <th scope="col">Connection</th>
          <th scope="col">Enabled</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((account) => (
          <AccountRow
            key={account.accountId}
            account={account}
            settings={settingsText(account, venues)}
            mode={mode}
            writable={writable}
            status={statuses.find((status) => status.accountId === account.accountId && !status.demo)}
            onChanged={onChanged}
            onFailed={onFailed}
          />
        ))}
      </tbody>
    </table>
  );
}

/** "Account type: Retail" for each setting the venue declares, by its choice's label. */
export function settingsText(account: ConfiguredAccount, venues: readonly VenueSetup[]): string {
  const fields = venues.find((venue) => venue.venue === account.venue)?.settingFields ?? [];
  return fields
    .map((field) => {
      const value = account.settings[field.name] ?? field.defaultValue;
      const choice = field.choices.find((each) => each.value === value);
      return `${field.label}: ${choice?.label ?? value}`;
    })
    .join(' · ');
}

function AccountRow({
  account,
  settings,
  mode,
  writable,
  status,
  onChanged,
  onFailed,
}: {
  account: ConfiguredAccount;
  settings: string;
  mode: BlotterMode;
  writable: boolean;
  status: AccountStatus | undefined;
  onChanged(message: string): void;
  onFailed(message: string): void;
}) {
  const { api } = useServices();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [test, setTest] = useState<ConnectionTestResult | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  const connection = connectionText(account, mode, status);
  const name = `${account.label} (${VENUE_LABELS[account.venue]})`;

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const toggle = async () => {
    setBusy(true);
    const result = await api.accounts.setEnabled({ accountId: account.accountId, enabled: !account.enabled });
    setBusy(false);
    if (result.ok) onChanged(`${name} ${result.value.enabled ? 'enabled' : 'disabled'}.`);
    else onFailed(result.error.message);
  };
  const runTest = async () => {
    setBusy(true);
    setTest(null);
    const result = await api.accounts.test({ accountId: account.accountId });
    setBusy(false);
    if (result.ok) setTest(result.value);
    else onFailed(result.error.message);
  };
  const remove = async () => {
    setBusy(true);
    const result = await api.accounts.remove({ accountId: account.accountId });
    setBusy(false);
    setConfirming(false);
    if (result.ok) onChanged(`${name} removed; its key was deleted from the OS keychain.`);
    else onFailed(result.error.message);
  };
  const keep = () => {
    setConfirming(false);
    removeRef.current?.focus();
  };

  return (
    <>
      <tr data-testid={`account-row-${account.accountId}`} data-account-id={account.accountId}>
        <th scope="row">
          <span className="account-label">{account.label}</span>
          <span className="account-id">{account.accountId}</span>
        </th>
        <td>{VENUE_LABELS[account.venue]}</td>
        <td
          title={Object.entries(account.urls)
            .map(([role, url]) => `${role}: ${url}`)
            .join('\n')}
        >
          {ENVIRONMENT_LABELS[account.environment]}
          {settings ? (
            <span className="account-detail" data-testid="account-settings">
              {settings}
            </span>
          ) : null}
        </td>
        <td className="account-hint">{account.credentialHint ?? 'stored'}</td>
        <td>
          <span
            className={`account-connection account-connection-${connection.state}`}
            data-testid="account-connection"
            data-state={connection.state}
            title={connection.detail}
          >
            {connection.text}
          </span>
          {connection.detail ? <span className="account-detail">{connection.detail}</span> : null}
        </td>
        <td>
          <label className="switch">
            <input
              type="checkbox"
              role="switch"
              data-testid="account-enabled"
              checked={account.enabled}
              aria-checked={account.enabled}
              disabled={busy || !writable}
              onChange={toggle}
              aria-label={`Enable ${name}`}
            />
            <span>{account.enabled ? 'on' : 'off'}</span>
          </label>
        </td>
        <td className="account-actions">
          {confirming ? (
            <span className="confirm" role="group" aria-label={`Remove ${name}?`}>
              <span className="confirm-text">Remove, and delete its key from the keychain?</span>
              <button
                ref={confirmRef}
                type="button"
                className="action danger"
                data-testid="account-remove-confirm"
                disabled={busy}
                onClick={remove}
              >
                Remove
              </button>
              <button type="button" className="action" onClick={keep}>
                Keep
              </button>
            </span>
          ) : (
            <>
              <button
                type="button"
                className="action"
                data-testid="account-test-saved"
                disabled={busy}
                onClick={runTest}
                aria-label={`Test connection of ${name}`}
              >
                Test
              </button>
              <button
                ref={removeRef}
                type="button"
                className="action"
                data-testid="account-remove"
                disabled={busy || !writable}
                onClick={() => setConfirming(true)}
                aria-label={`Remove ${name}`}
              >
                Remove
              </button>
            </>
          )}
        </td>
      </tr>
      {test ? (
        <tr className="account-test-row">
          <td colSpan={7}>
            <TestResult result={test} testId="account-saved-test-result" />
          </td>
        </tr>
      ) : null}
    </>
  );
}
