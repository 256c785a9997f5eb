/**
 * A row's Cancel button. It renders only what the store holds: main marks the
 * order `cancel_requested` at once and that delta disables the button. It uses
 * `aria-disabled` rather than `disabled` so keyboard focus stays on the row.
 */
import type { Order } from '../../preload/contract.ts';
import { useServices } from '../components/context.ts';
import { isFinalStatus, isInFlightStatus } from '../store/status.ts';

export function CancelButton({ order }: { order: Order }) {
  const { api, toaster } = useServices();
  const disabled = isInFlightStatus(order.status) || isFinalStatus(order.status);
  const { key, market, side, venueOrderId } = order;

  const onClick = () => {
    if (disabled) return;
    api.cancel({ keys: [key], source: 'click' }).then((result) => {
      if (!result.ok)
        toaster.push('error', `Cancel ${market} ${venueOrderId} failed: ${result.error.message}`);
      else if (result.value.unknownKeys.includes(key)) {
        toaster.push('error', `Cancel ${market} ${venueOrderId}: the blotter no longer knows this order`);
      }
    });
  };

  return (
    <button
      type="button"
      className="cancel-button"
      aria-disabled={disabled}
      aria-label={`Cancel ${market} ${side} ${venueOrderId}`}
      onClick={onClick}
    >
      Cancel
    </button>
  );
}
