/**
 * Per-venue health under the filters: connection, age of the last message,
 * median ack and confirm latency of recent cancels, and what protects the
 * account's orders (protection/ProtectionMap.tsx). Polls main's `health`
 * once a second (cheap: a few numbers per account).
 */
import { useEffect } from 'react';
import type { VenueHealth } from '../../preload/contract.ts';
import { useServices } from '../book/context.ts';
import { VENUE_LABELS } from '../book/status.ts';
import { ProtectionMap } from './protection/ProtectionMap.tsx';
import { useWorkflow, useWorkflowServices } from './state/context.ts';

const POLL_MS = 1_000;
/** A venue silent longer than this is shown as stale. */
const STALE_MS = 15_000;

function ms(value: number | undefined): string {
  if (value === undefined) return '–';
  return value < 1_000 ? `${Math.round(value)} ms` : `${(value / 1_000).toFixed(1)} s`;
}

function HealthItem({ account }: { account: VenueHealth }) {
  const stale = account.lastMessageAgeMs !== undefined && account.lastMessageAgeMs > STALE_MS;
  const down = account.connection === 'down';
  let className = 'health-item';
  if (down) className += ' health-down';
  else if (stale || account.connection !== 'connected') className += ' health-stale';
  return (
    <li
      className={className}
      data-testid="venue-health"
      data-account={account.accountId}
      data-connection={account.connection}
      data-samples={account.samples}
      title={account.detail ?? `${VENUE_LABELS[account.venue]} ${account.label}`}
    >
      <span className="health-venue">{VENUE_LABELS[account.venue]}</span>
      <span>{account.connection}</span>
      <span title="Time since the venue's last message">
        msg {account.lastMessageAgeMs === undefined ? '–' : `${ms(account.lastMessageAgeMs)} ago`}
      </span>
      <span title="Median sent → acknowledged of recent cancels">ack {ms(account.ackMedianMs)}</span>
      <span title="Median sent → confirmed of recent cancels">confirm {ms(account.confirmMedianMs)}</span>
      <span title="Recent cancels measured">n={account.samples}</span>
      <ProtectionMap account={account} />
    </li>
  );
}

export function HealthStrip() {
  const { api } = useServices();
  const { actions } = useWorkflowServices();
  const health = useWorkflow((s) => s.health);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      api.health().then((result) => {
        if (!live) return;
        if (result.ok) actions.setHealth(result.value);
        timer = setTimeout(poll, POLL_MS);
      });
    };
    poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [api, actions]);
  if (!health || health.accounts.length === 0) return null;
  return (
    <ul className="health" aria-label="Venue health">
      {health.accounts.map((account) => (
        <HealthItem key={account.accountId} account={account} />
      ))}
    </ul>
  );
}
