/**
 * Body cell renderers, one per column. Each reads the row's order from
 * context; values are shown exactly as the venue sent them.
 */

import { useBlotter } from '../book/context.ts';
import { isFinalStatus, VENUE_LABELS } from '../book/status.ts';
import type { BlotterState } from '../book/store.ts';
import { useNow } from '../shared/clock.ts';
import { formatAge } from '../shared/format.ts';
import { CancelButton } from './CancelButton.tsx';
import { useGrid, useGridPort } from './grid-port.ts';
import { useRowOrder } from './rowOrder.ts';
import { StatusBadge } from './StatusBadge.tsx';

const AGE_TICK_MS = 1_000;

export function SelectCell() {
  const { key, market, side, venueOrderId } = useRowOrder();
  const { actions } = useGridPort();
  const selected = useGrid((s) => s.selection.selected.has(key));
  return (
    <input
      type="checkbox"
      className="row-check"
      tabIndex={-1}
      checked={selected}
      aria-label={`Select ${market} ${side} ${venueOrderId}`}
      onChange={() => actions.toggleRow(key)}
    />
  );
}

export function VenueCell() {
  return <>{VENUE_LABELS[useRowOrder().venue]}</>;
}

export function AccountCell() {
  const { accountId } = useRowOrder();
  const label = useBlotter(
    (s: BlotterState) => s.book.accounts.find((a) => a.accountId === accountId)?.label ?? accountId,
  );
  return <span title={accountId}>{label}</span>;
}

export function MarketCell() {
  return <>{useRowOrder().market}</>;
}

export function SideCell() {
  const { side } = useRowOrder();
  return (
    <span className={`side side-${side}`}>
      <span aria-hidden="true">{side === 'buy' ? '▲' : '▼'}</span> {side === 'buy' ? 'BUY' : 'SELL'}
    </span>
  );
}

export function OrderIdCell() {
  const { venueOrderId } = useRowOrder();
  return <span title={venueOrderId}>{venueOrderId}</span>;
}

export function TypeCell() {
  return <>{useRowOrder().type}</>;
}

export function PriceCell() {
  return <>{useRowOrder().price}</>;
}

export function QuantityCell() {
  return <>{useRowOrder().quantity}</>;
}

export function FilledCell() {
  return <>{useRowOrder().filled}</>;
}

export function RemainingCell() {
  return <>{useRowOrder().remaining}</>;
}

export function StatusCell() {
  const order = useRowOrder();
  // A final order says what it ended as (its reason); an earlier try's error would only confuse.
  const error = isFinalStatus(order.status) ? undefined : order.cancel?.lastError;
  return (
    <>
      <StatusBadge order={order} />
      {order.statusReason ? (
        <span className="status-reason" title={order.statusReason}>
          {order.statusReason}
        </span>
      ) : null}
      {error ? (
        <span className="row-error" title={`${error.code}: ${error.message}`}>
          {error.message}
        </span>
      ) : null}
    </>
  );
}

export function AgeCell() {
  const { createdAt } = useRowOrder();
  const now = useNow(AGE_TICK_MS);
  return <>{formatAge(now - createdAt)}</>;
}

export function ActionCell() {
  return <CancelButton order={useRowOrder()} />;
}
