/**
 * Per account, the protection policy as a form: the venue's own dead-man switch (where it has one),
 * cancel on reconnect, the stale-feed and latency trip wires, cancel all on quit — every guard off until
 * the trader turns it on. Main validates and stores the policy; its answer (or its refusal, in words) is
 * shown under the account. The quit section is for the browser host, which has no quit of its own.
 */
import { useCallback, useEffect, useState } from 'react';
import type {
  DmsQuitChoice,
  ProtectionAccountState,
  ProtectionApi,
  ProtectionQuitResult,
  TripAction,
} from '../../../preload/contract.ts';
import { VENUE_LABELS } from '../../book/status.ts';
import { draftFrom, type ProtectionDraft, policyFrom } from './form.ts';

type Message = { tone: 'info' | 'error'; text: string };

function AccountForm({
  account,
  api,
  onSaved,
}: {
  account: ProtectionAccountState;
  api: ProtectionApi;
  onSaved: (next: ProtectionAccountState) => void;
}) {
  const [draft, setDraft] = useState<ProtectionDraft>(() => draftFrom(account.policy));
  const [message, setMessage] = useState<Message | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof ProtectionDraft>(key: K, value: ProtectionDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const name = `${VENUE_LABELS[account.venue]} ${account.label}`;

  const save = async () => {
    let policy: ReturnType<typeof policyFrom>;
    try {
      policy = policyFrom(draft);
    } catch (err) {
      setMessage({ tone: 'error', text: err instanceof Error ? err.message : String(err) });
      return;
    }
    setSaving(true);
    const result = await api.set({ accountId: account.accountId, policy });
    setSaving(false);
    if (!result.ok) {
      setMessage({ tone: 'error', text: result.error.message });
      return;
    }
    onSaved(result.value);
    setMessage({ tone: 'info', text: 'Saved.' });
  };

  const action = (value: TripAction, onChange: (next: TripAction) => void, label: string, testId: string) => (
    <select
      aria-label={label}
      data-testid={testId}
      value={value}
      onChange={(e) => onChange(e.target.value as TripAction)}
    >
      <option value="alert">alert</option>
      <option value="cancel">cancel the account</option>
    </select>
  );

  return (
    <fieldset
      className="protection-account"
      data-testid="protection-account"
      data-account={account.accountId}
    >
      <legend>{name}</legend>
      {account.nativeDeadManSwitch ? (
        <div className="protection-row">
          <label>
            <input
              type="checkbox"
              data-testid="protection-dms-enabled"
              checked={draft.deadManSwitch}
              onChange={(e) => set('deadManSwitch', e.target.checked)}
            />{' '}
            Venue dead-man switch (protects with the app closed)
          </label>
          <label>
            countdown{' '}
            <input
              type="number"
              min={3}
              max={3600}
              data-testid="protection-dms-seconds"
              value={draft.countdownSeconds}
              onChange={(e) => set('countdownSeconds', e.target.value)}
            />{' '}
            s
          </label>
          <label>
            markets{' '}
            <input
              type="text"
              placeholder="all with resting orders"
              data-testid="protection-dms-markets"
              value={draft.markets}
              onChange={(e) => set('markets', e.target.value)}
            />
          </label>
        </div>
      ) : (
        <p className="protection-message">
          {VENUE_LABELS[account.venue]} has no dead-man switch: nothing protects its orders while the app is
          closed.
        </p>
      )}
      <div className="protection-row">
        <label>
          <input
            type="checkbox"
            data-testid="protection-reconnect-enabled"
            checked={draft.cancelOnReconnect}
            onChange={(e) => set('cancelOnReconnect', e.target.checked)}
          />{' '}
          Cancel everything on reconnect after the link was lost for
        </label>
        <input
          type="number"
          min={1}
          max={3600}
          aria-label="seconds lost"
          data-testid="protection-reconnect-seconds"
          value={draft.reconnectSeconds}
          onChange={(e) => set('reconnectSeconds', e.target.value)}
        />{' '}
        s
      </div>
      <div className="protection-row">
        <label>
          <input
            type="checkbox"
            data-testid="protection-stale-enabled"
            checked={draft.staleFeed}
            onChange={(e) => set('staleFeed', e.target.checked)}
          />{' '}
          Stale feed: no venue message for
        </label>
        <input
          type="number"
          min={1}
          max={3600}
          aria-label="seconds without a message"
          data-testid="protection-stale-seconds"
          value={draft.staleSeconds}
          onChange={(e) => set('staleSeconds', e.target.value)}
        />{' '}
        s while orders rest →
        {action(
          draft.staleAction,
          (next) => set('staleAction', next),
          'stale feed action',
          'protection-stale-action',
        )}
      </div>
      <div className="protection-row">
        <label>
          <input
            type="checkbox"
            data-testid="protection-latency-enabled"
            checked={draft.latency}
            onChange={(e) => set('latency', e.target.checked)}
          />{' '}
          Latency: ack p95 over
        </label>
        <input
          type="number"
          min={1}
          max={600000}
          aria-label="p95 milliseconds"
          data-testid="protection-latency-ms"
          value={draft.latencyMs}
          onChange={(e) => set('latencyMs', e.target.value)}
        />{' '}
        ms →
        {action(
          draft.latencyAction,
          (next) => set('latencyAction', next),
          'latency action',
          'protection-latency-action',
        )}
      </div>
      <div className="protection-row">
        <label>
          <input
            type="checkbox"
            data-testid="protection-quit-enabled"
            checked={draft.cancelOnQuit}
            onChange={(e) => set('cancelOnQuit', e.target.checked)}
          />{' '}
          Cancel all on quit
        </label>
        <button
          type="button"
          className="action"
          data-testid="protection-save"
          disabled={saving}
          onClick={() => void save()}
        >
          Save
        </button>
      </div>
      {account.deadManSwitch?.lastError ? (
        <p className="protection-message" data-tone="error">
          Dead-man switch: {account.deadManSwitch.lastError}
        </p>
      ) : null}
      {message ? (
        <p
          className="protection-message"
          data-tone={message.tone}
          data-testid="protection-message"
          role={message.tone === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      ) : null}
    </fieldset>
  );
}

function QuitSection({ api }: { api: ProtectionApi }) {
  const [result, setResult] = useState<ProtectionQuitResult | string | null>(null);
  const quit = async (choice: DmsQuitChoice) => {
    const answer = await api.quit({ deadManSwitch: choice });
    setResult(answer.ok ? answer.value : answer.error.message);
  };
  return (
    <section className="protection-account">
      <h3>Before closing this page</h3>
      <p className="protection-message">
        Runs cancel-all-on-quit where chosen, and keeps or removes armed dead-man switches. Guards stop after
        it.
      </p>
      <div className="protection-row">
        <button
          type="button"
          className="action"
          data-testid="protection-quit-keep"
          onClick={() => void quit('keep-armed')}
        >
          Quit protection: keep dead-man switches armed
        </button>
        <button
          type="button"
          className="action"
          data-testid="protection-quit-disarm"
          onClick={() => void quit('disarm')}
        >
          Quit protection: disarm
        </button>
      </div>
      {typeof result === 'string' ? (
        <p className="protection-message" data-tone="error">
          {result}
        </p>
      ) : null}
      {result && typeof result !== 'string' ? (
        <p className="protection-message" data-testid="protection-quit-result">
          {result.cancelled.length} account(s) cancelled, {result.keptArmed.length} kept armed,{' '}
          {result.disarmed.length} disarmed
          {result.problems.length > 0 ? ` — ${result.problems.join('; ')}` : ''}
        </p>
      ) : null}
    </section>
  );
}

export function ProtectionPanel({ api }: { api: ProtectionApi }) {
  const [accounts, setAccounts] = useState<ProtectionAccountState[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const result = await api.get();
    if (result.ok) setAccounts(result.value.accounts);
    else setError(result.error.message);
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);
  if (error)
    return (
      <p className="protection-message" data-tone="error">
        {error}
      </p>
    );
  if (!accounts) return <p className="protection-message">Loading…</p>;
  if (accounts.length === 0) return <p className="protection-message">No connected account.</p>;
  return (
    <div>
      {accounts.map((account) => (
        <AccountForm
          key={account.accountId}
          account={account}
          api={api}
          onSaved={(next) =>
            setAccounts(
              (list) => list?.map((each) => (each.accountId === next.accountId ? next : each)) ?? null,
            )
          }
        />
      ))}
      <QuitSection api={api} />
    </div>
  );
}
