/**
 * A row's Cancel button. The row shows `cancel requested` from the click (a
 * pending mark, replaced by main's state when it arrives), which disables the
 * button. It uses `aria-disabled` rather than `disabled` so keyboard focus
 * stays put; the grid is the tab stop, so the button is not one.
 */
import type { Order } from '../../preload/contract.ts';
import { isFinalStatus, isInFlightStatus } from '../book/status.ts';
import { useGridPort } from './grid-port.ts';

export function CancelButton({ order }: { order: Order }) {
  const { actions } = useGridPort();
  const disabled = isInFlightStatus(order.status) || isFinalStatus(order.status);
  const { key, market, side, venueOrderId } = order;
  return (
    <button
      type="button"
      className="cancel-button"
      tabIndex={-1}
      aria-disabled={disabled}
      aria-label={`Cancel ${market} ${side} ${venueOrderId}`}
      onClick={() => {
        if (!disabled) actions.cancelOrder(key);
      }}
    >
      Cancel
    </button>
  );
}
