/** The status badge: colour and label per state, with a ticking elapsed time while a cancel is in flight. */
import type { Order, OrderStatus } from '../../preload/contract.ts';
import { useNow } from '../components/clock.ts';
import { isInFlightStatus, STATUS_LABELS } from '../store/status.ts';
import { formatElapsed } from './format.ts';

const ELAPSED_TICK_MS = 100;

function InFlightBadge({ status, requestedAt }: { status: OrderStatus; requestedAt: number }) {
  const now = useNow(ELAPSED_TICK_MS);
  return (
    <span data-testid="status" className={`badge badge-${status}`}>
      {STATUS_LABELS[status]} <span className="badge-elapsed">{formatElapsed(now - requestedAt)}</span>
    </span>
  );
}

export function StatusBadge({ order }: { order: Order }) {
  if (isInFlightStatus(order.status) && order.cancel) {
    return <InFlightBadge status={order.status} requestedAt={order.cancel.requestedAt} />;
  }
  return (
    <span data-testid="status" className={`badge badge-${order.status}`}>
      {STATUS_LABELS[order.status]}
    </span>
  );
}
