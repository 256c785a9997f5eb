/**
 * Body cell renderers, one per column. Each reads the row's order from
 * context. Amounts are the venue's decimal strings, never a float: shown to the
 * market's tick (prices) and lot (quantities) where the venue's facts give them
 * — zeros added, never a digit taken away — and exactly as sent otherwise,
 * grouped and lined up on the decimal point.
 */
import './numbers.css';
import { truncate } from '../../preload/decimal.ts';
import { orderNotional } from '../../preload/notional.ts';

import { useBlotter } from '../book/context.ts';
import { isFinalStatus, VENUE_LABELS } from '../book/status.ts';
import type { BlotterState } from '../book/store.ts';
import { useNow } from '../shared/clock.ts';
import { alignedParts, decimalPlaces, incrementDecimals, padDecimals } from '../shared/decimal.ts';
import { formatAge, formatClock, formatFlags, formatTimestamp } from '../shared/format.ts';
import { CancelButton } from './CancelButton.tsx';
import { useFractionSlot } from './fractionSlots.ts';
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

/** Text that may not fit its column: cut with an ellipsis, whole in the tooltip. */
function Clipped({ text }: { text: string }) {
  return (
    <span className="cell-clip" title={text}>
      {text}
    </span>
  );
}

export function OrderIdCell() {
  return <Clipped text={useRowOrder().venueOrderId} />;
}

export function ClientOrderIdCell() {
  const { clientOrderId } = useRowOrder();
  return clientOrderId === undefined ? null : <Clipped text={clientOrderId} />;
}

export function TypeCell() {
  return <>{useRowOrder().type}</>;
}

export function TimeInForceCell() {
  const { timeInForce } = useRowOrder();
  return timeInForce === undefined ? null : <Clipped text={timeInForce} />;
}

export function FlagsCell() {
  const { reduceOnly, postOnly } = useRowOrder();
  const marks = formatFlags({ reduceOnly, postOnly });
  if (!marks) return null;
  return (
    <>
      {reduceOnly ? (
        <span className="order-flag" title="reduce-only">
          RO
        </span>
      ) : null}
      {postOnly ? (
        <span className="order-flag" title="post-only">
          PO
        </span>
      ) : null}
    </>
  );
}

/**
 * A text's shape: its digits as zeros. Two texts of one shape are equally wide (tabular figures), so a
 * right-aligned text that keeps its shape keeps its start; one that changes shape is keyed by it and
 * drawn as a new node, not the old one moved (the Layout Instability API counts a moved start as a
 * shift — and rows are recycled slots, so a cell's next value may be another order's).
 */
function shapeOf(text: string): string {
  return text.replace(/\d/g, '0');
}

const FIGURE_SPACE = '\u2007';
const PUNCTUATION_SPACE = '\u2008';

/**
 * One amount, lined up on its decimal point: grouped whole digits, the fraction, and blank slots (figure
 * spaces, as wide as a digit) up to the fraction width the column reserves. `decimals` is the market's
 * precision (undefined: the venue's digits as sent). The fraction and its slots are as wide in every
 * row of the column, so the amount's width, and where it starts in its right-aligned cell, follow the
 * whole part's shape alone: the amount is keyed by its text's shape (digits as zeros, slots included),
 * and a value of another shape is drawn anew, not moved.
 */
export function AlignedAmount({
  column,
  value,
  decimals,
  title,
}: {
  column: string;
  value: string;
  decimals: number | undefined;
  title?: string;
}) {
  const shown = padDecimals(value, decimals);
  const places = decimalPlaces(shown);
  const slot = useFractionSlot(column, places);
  const parts = alignedParts(shown, slot);
  const pad = `${parts.padPoint ? PUNCTUATION_SPACE : ''}${FIGURE_SPACE.repeat(parts.padDigits)}`;
  // One text node (whole, fraction, blank slots): a row holds 15 cells and the grid re-fills rows
  // as it scrolls, so nodes per amount are what each scrolled-in row costs in style and layout.
  const text = `${parts.whole}${parts.fraction}${pad}`;
  return (
    <span
      key={shapeOf(text)}
      className="num-aligned"
      title={title ?? (shown === value ? undefined : `${value} as the venue sent it`)}
    >
      {text}
    </span>
  );
}

export function PriceCell() {
  const { price, tickSize } = useRowOrder();
  return <AlignedAmount column="price" value={price} decimals={incrementDecimals(tickSize)} />;
}

export function QuantityCell() {
  const { quantity, lotSize } = useRowOrder();
  return <AlignedAmount column="quantity" value={quantity} decimals={incrementDecimals(lotSize)} />;
}

export function FilledCell() {
  const { filled, lotSize } = useRowOrder();
  return <AlignedAmount column="filled" value={filled} decimals={incrementDecimals(lotSize)} />;
}

export function RemainingCell() {
  const { remaining, lotSize } = useRowOrder();
  return <AlignedAmount column="remaining" value={remaining} decimals={incrementDecimals(lotSize)} />;
}

/** Digits a notional shows, as in the cancel previews; the exact amount is in the tooltip. */
const NOTIONAL_DECIMALS = 2;

/** price × remaining × contract size, in the market's quote currency (never summed across currencies). */
export function NotionalCell() {
  const order = useRowOrder();
  const amount = orderNotional(order);
  if (amount === undefined) return null;
  const shown = padDecimals(truncate(amount, NOTIONAL_DECIMALS), NOTIONAL_DECIMALS);
  return (
    <>
      <AlignedAmount
        column="notional"
        value={shown}
        decimals={NOTIONAL_DECIMALS}
        title={`${amount} ${order.quote} (price × remaining${order.contractSize === '1' ? '' : ` × ${order.contractSize}`})`}
      />
      <span className="num-quote">{order.quote}</span>
    </>
  );
}

function TimeCell({ at }: { at: number | undefined }) {
  if (at === undefined) return null;
  const shown = formatClock(at);
  return (
    <span key={shapeOf(shown)} title={formatTimestamp(at)}>
      {shown}
    </span>
  );
}

export function PlacedCell() {
  return <TimeCell at={useRowOrder().createdAt} />;
}

export function FinishedCell() {
  return <TimeCell at={useRowOrder().finishedAt} />;
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

/** An open order's age counts from its creation; a finished one's from its finish (Recent reads 0s, 1s … as orders end). */
export function AgeCell() {
  const { createdAt, updatedAt, finishedAt, status } = useRowOrder();
  const now = useNow(AGE_TICK_MS);
  // A final order from a main that predates finishedAt: its last change is when it ended.
  const finished = isFinalStatus(status) ? (finishedAt ?? updatedAt) : undefined;
  const from = finished ?? createdAt;
  const shown = formatAge(now - from);
  // Right-aligned and ticking: keyed by shape, so 9s → 10s is a new text, not a moved one.
  return (
    <span key={shapeOf(shown)} title={finished === undefined ? 'since placed' : 'since finished'}>
      {shown}
    </span>
  );
}

export function ActionCell() {
  return <CancelButton order={useRowOrder()} />;
}
