/**
 * The columns every peer grid shows: our grid's default columns — the blotter's column catalog
 * (renderer/shared/order-columns.ts) in its default order with the default-hidden ones left out
 * (13 columns) — with the same headers, widths and flexible columns, and the same cell text (the
 * renderer's own formatters), so each grid lays out and paints the same content.
 */

import { truncate } from '../../preload/decimal.ts';
import { orderNotional } from '../../preload/notional.ts';
import { STATUS_LABELS, VENUE_LABELS } from '../../renderer/book/status.ts';
import { padDecimals } from '../../renderer/shared/decimal.ts';
import { formatAge } from '../../renderer/shared/format.ts';
import {
  COLUMN_IDS,
  COLUMN_SPECS,
  DEFAULT_VISIBILITY,
  normalizeOrder,
  PINNED_LEFT,
  PINNED_RIGHT,
  resolveColumnOrder,
} from '../../renderer/shared/order-columns.ts';
import type { PeerRow } from './book.ts';

export interface PeerColumn {
  readonly id: string;
  readonly header: string;
  /** Width in px; a flexible column's minimum. */
  readonly size: number;
  /** Takes a share of the spare width (our grid's `minmax(size, 1fr)`). */
  readonly flex: boolean;
  /** Right-aligned figures. */
  readonly numeric: boolean;
  /** Held at an end while the grid scrolls sideways, as in our grid. */
  readonly pinned: 'left' | 'right' | null;
}

function pinnedEnd(id: string): PeerColumn['pinned'] {
  if (PINNED_LEFT.includes(id)) return 'left';
  return PINNED_RIGHT.includes(id) ? 'right' : null;
}

/** Our grid's default column order (no saved order), as renderer/blotter/BlotterTable.tsx computes it. */
export const PEER_COLUMNS: readonly PeerColumn[] = normalizeOrder(resolveColumnOrder([], COLUMN_IDS))
  .filter((id) => DEFAULT_VISIBILITY[id] !== false)
  .flatMap((id) => {
    const spec = COLUMN_SPECS.find((candidate) => candidate.id === id);
    return spec
      ? [
          {
            id,
            header: spec.header,
            size: spec.size,
            flex: spec.flex === true,
            numeric: spec.numeric === true,
            pinned: pinnedEnd(id),
          },
        ]
      : [];
  });

/** Columns whose text changes when an order is filled or changes state (in-place updates). */
export const CHANGING_COLUMNS: ReadonlySet<string> = new Set(['filled', 'remaining', 'status', 'action']);

/** As our notional cells (renderer/blotter/cells.tsx). */
const NOTIONAL_DECIMALS = 2;

/** A cell's text as our grid shows it (the select column is a checkbox: no text). */
export function cellText(row: PeerRow, columnId: string, now: number): string {
  const { order } = row;
  switch (columnId) {
    case 'select':
      return '';
    case 'venue':
      return VENUE_LABELS[row.venue];
    case 'account':
      return row.accountLabel;
    case 'market':
      return order.market;
    case 'side':
      return order.side === 'buy' ? '▲ BUY' : '▼ SELL';
    case 'type':
      return order.type;
    case 'order':
      return order.venueOrderId;
    case 'price':
      return order.price;
    case 'quantity':
      return order.quantity;
    case 'filled':
      return order.filled;
    case 'remaining':
      return order.remaining;
    case 'notional': {
      // The synthetic venues' instrument: quote USD, contract size 1 (bench/lib/synthetic.ts).
      const amount = orderNotional({ ...order, quote: 'USD', contractSize: '1' });
      return amount === undefined
        ? ''
        : `${padDecimals(truncate(amount, NOTIONAL_DECIMALS), NOTIONAL_DECIMALS)} USD`;
    }
    case 'status':
      return STATUS_LABELS[order.status];
    case 'age':
      return formatAge(now - order.createdAt);
    case 'action':
      return 'Cancel';
    default:
      return '';
  }
}
