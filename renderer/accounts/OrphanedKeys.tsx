/**
 * Keychain items left by accounts set aside with a corrupt or invalid
 * settings file: no account uses them and re-adding makes a new id, so this
 * is the only place in the app that can delete them. Delete asks once more,
 * inline, like removing an account.
 */
import { useEffect, useRef, useState } from 'react';
import type { OrphanedKey } from '../../preload/contract.ts';
import { useServices } from '../book/context.ts';
import { VENUE_LABELS } from '../book/status.ts';

interface Props {
  orphans: OrphanedKey[];
  onChanged(message: string): void;
  onFailed(message: string): void;
}

export function OrphanedKeys({ orphans, onChanged, onFailed }: Props) {
  if (orphans.length === 0) return null;
  return (
    <section className="orphaned-keys" aria-label="Orphaned keys" data-testid="orphaned-keys">
      <h3>Keys left in the keychain</h3>
      <p className="orphaned-keys-text">
        These accounts were set aside with the settings file above, but their keys are still in the OS
        keychain. Adding an account again makes a new one; delete the keys you no longer need.
      </p>
      <table className="accounts-table">
        <caption className="visually-hidden">Orphaned keychain items</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Venue</th>
            <th scope="col">Read from</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {orphans.map((orphan) => (
            <OrphanRow
              key={`${orphan.venue}/${orphan.accountId}`}
              orphan={orphan}
              onChanged={onChanged}
              onFailed={onFailed}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function OrphanRow({
  orphan,
  onChanged,
  onFailed,
}: {
  orphan: OrphanedKey;
  onChanged(message: string): void;
  onFailed(message: string): void;
}) {
  const { api } = useServices();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const item = `${orphan.venue}/${orphan.accountId}`;
  const name = orphan.label ? `${orphan.label} (${item})` : item;

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const forget = async () => {
    setBusy(true);
    const result = await api.accounts.forgetOrphan({ venue: orphan.venue, accountId: orphan.accountId });
    setBusy(false);
    setConfirming(false);
    if (result.ok)
      onChanged(
        result.value.keychainItemDeleted
          ? `The key of ${name} was deleted from the OS keychain.`
          : `${name} had no key left in the OS keychain.`,
      );
    else onFailed(result.error.message);
  };
  const keep = () => {
    setConfirming(false);
    deleteRef.current?.focus();
  };

  return (
    <tr data-testid={`orphan-row-${orphan.venue}-${orphan.accountId}`}>
      <th scope="row">
        <span className="account-label">{orphan.label ?? 'no label'}</span>
        <span className="account-id">{orphan.accountId}</span>
      </th>
      <td>{VENUE_LABELS[orphan.venue]}</td>
      <td>
        <code title={orphan.backupPath}>
          {orphan.source === 'corrupt' ? 'corrupt file' : 'invalid entry'}
        </code>
      </td>
      <td className="account-actions">
        {confirming ? (
          <span className="confirm" role="group" aria-label={`Delete the key of ${name}?`}>
            <span className="confirm-text">Delete this key from the keychain? It cannot be undone.</span>
            <button
              ref={confirmRef}
              type="button"
              className="action danger"
              data-testid="orphan-forget-confirm"
              disabled={busy}
              onClick={forget}
            >
              Delete key
            </button>
            <button type="button" className="action" onClick={keep}>
              Keep
            </button>
          </span>
        ) : (
          <button
            ref={deleteRef}
            type="button"
            className="action"
            data-testid="orphan-forget"
            disabled={busy}
            onClick={() => setConfirming(true)}
            aria-label={`Delete the key of ${name}`}
          >
            Delete key
          </button>
        )}
      </td>
    </tr>
  );
}
