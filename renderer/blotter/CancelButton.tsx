/**
 * A row's Cancel button. The row shows `cancel requested` from the click (a
 * pending mark, replaced by main's state when it arrives), which disables the
 * button. It uses `aria-disabled` rather than `disabled` so keyboard focus
 * stays put; the grid is the tab stop, so the button is not one.
 *
 * A click cancels the order that was under the pointer when the button went
 * down: rows are recycled between orders as the grid scrolls, so a press on
 * one order and a release after the row changed hands cancels nothing.
 */
import { useRef } from 'react';
import type { Order } from '../../preload/contract.ts';
import { isFinalStatus, isInFlightStatus } from '../book/status.ts';
import { useGridPort } from './grid-port.ts';

export function CancelButton({ order }: { order: Order }) {
  const { actions } = useGridPort();
  const pressedOn = useRef<string | null>(null);
  const disabled = isInFlightStatus(order.status) || isFinalStatus(order.status);
  const { key, market, side, venueOrderId } = order;
  return (
    <button
      type="button"
      className="cancel-button"
      tabIndex={-1}
      aria-disabled={disabled}
      aria-label={`Cancel ${market} ${side} ${venueOrderId}`}
      onPointerDown={() => {
        pressedOn.current = key;
      }}
      onClick={(event) => {
        // detail 0: activated from the keyboard or by code, with no press to compare with.
        const pressed = event.detail === 0 ? key : pressedOn.current;
        pressedOn.current = null;
        if (pressed !== key) return;
        if (!disabled) actions.cancelOrder(key);
      }}
    >
      Cancel
    </button>
  );
}
