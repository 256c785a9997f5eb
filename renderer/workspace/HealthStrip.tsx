/**
 * Per-venue health under the filters: connection, age of the last message,
 * median ack and confirm latency of recent cancels, and what protects the
 * account's orders (protection/ProtectionMap.tsx). Polls main's `health`
 * once a second (cheap: a few numbers per account). One line of fixed height,
 * there from the start and never wrapping: every account gets a slot of the
 * same width, narrower windows drop the labels and then the protection text
 * (layout.css), and the full figures are in each item's tooltip. The grid
 * below never moves. Without
 * the renderer's link to main every venue is `unknown`, not its last state.
 */
import { useEffect } from 'react';
import type { VenueHealth } from '../../preload/contract.ts';
import { useBlotter, useServices } from '../book/context.ts';
import { VENUE_LABELS } from '../book/status.ts';
import { selectBridge } from '../book/store.ts';
import { NO_LINK_TEXT, shownConnection } from '../shared/link.ts';
import { ProtectionMap } from './protection/ProtectionMap.tsx';
import { useWorkflow, useWorkflowServices } from './state/context.ts';

const POLL_MS = 1_000;
/** A venue silent longer than this is shown as stale. */
const STALE_MS = 15_000;

function ms(value: number | undefined): string {
  if (value === undefined) return '–';
  return value < 1_000 ? `${Math.round(value)} ms` : `${(value / 1_000).toFixed(1)} s`;
}

function HealthItem({ account, linked }: { account: VenueHealth; linked: boolean }) {
  const stale = account.lastMessageAgeMs !== undefined && account.lastMessageAgeMs > STALE_MS;
  const connection = shownConnection(account.connection, linked);
  let className = `health-item health-${connection}`;
  if (connection === 'down') className += ' health-down';
  else if (stale || connection !== 'connected') className += ' health-stale';
  const venue = `${VENUE_LABELS[account.venue]} ${account.label}`;
  const title = [
    linked ? `${venue}: ${account.connection}` : `${venue}: ${NO_LINK_TEXT}`,
    account.detail,
    `last message ${account.lastMessageAgeMs === undefined ? '–' : `${ms(account.lastMessageAgeMs)} ago`}`,
    `median ack ${ms(account.ackMedianMs)}, confirm ${ms(account.confirmMedianMs)} over ${account.samples} recent cancels`,
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <li
      className={className}
      data-testid="venue-health"
      data-account={account.accountId}
      data-connection={connection}
      data-samples={account.samples}
      title={title}
    >
      <span className="health-venue">{VENUE_LABELS[account.venue]}</span>
      <span className="health-connection">{linked ? connection : NO_LINK_TEXT}</span>
      {stale ? <span>msg {ms(account.lastMessageAgeMs)} ago</span> : null}
      <span className="health-ack">
        <span className="health-label">ack </span>
        {ms(account.ackMedianMs)}
      </span>
      <span className="health-confirm">
        <span className="health-label">conf </span>
        {ms(account.confirmMedianMs)}
      </span>
      <ProtectionMap account={account} />
    </li>
  );
}

export function HealthStrip() {
  const { api } = useServices();
  const { actions } = useWorkflowServices();
  const health = useWorkflow((s) => s.health);
  const linked = useBlotter(selectBridge).state === 'connected';
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
  return (
    <ul className="health" aria-label="Venue health" data-linked={linked ? 'true' : 'false'}>
      {(health?.accounts ?? []).map((account) => (
        <HealthItem key={account.accountId} account={account} linked={linked} />
      ))}
    </ul>
  );
}
