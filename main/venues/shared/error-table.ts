/**
 * Every venue's `errors.ts` is a table from the venue's own codes (and HTTP
 * statuses) to the engine's categories, in the spirit of CCXT's per-exchange
 * `exceptions` maps: one row per documented code, read top to bottom, instead
 * of if-chains spread over the REST and stream clients. This is the lookup
 * they share; what a code means stays in the venue's table.
 */
import type { VenueError, VenueErrorCategory } from '../../core/venue.ts';

export interface VenueErrorTable {
  /** The venue's codes (already normalised, see `normaliseCode`) → category. */
  codes: Readonly<Record<string, VenueErrorCategory>>;
  /** HTTP statuses → category, used when the code is absent or not in `codes`. */
  statuses?: Readonly<Record<number, VenueErrorCategory>>;
  /** What a 5xx means when no row says otherwise: the venue is unwell, so retry. */
  serverErrors?: VenueErrorCategory;
  /** Anything else. */
  fallback: VenueErrorCategory;
}

/** Venue messages are echoed to the row and the audit log; cap them so a runaway reply cannot flood either. */
export const MAX_VENUE_MESSAGE_LENGTH = 200;

export function venueMessage(message: string | undefined, fallback: string): string {
  const text = message?.trim();
  return (text ? text : fallback).slice(0, MAX_VENUE_MESSAGE_LENGTH);
}

/**
 * Codes arrive as numbers or strings, some with a leading `-` (OX.FUN's REST, per CCXT's table) or padded:
 * trimmed, one leading minus dropped. Returns undefined for an absent or empty code.
 */
export function normaliseCode(code: unknown): string | undefined {
  if (typeof code === 'number' && Number.isFinite(code)) return String(Math.abs(code));
  if (typeof code !== 'string') return undefined;
  const text = code.trim().replace(/^-/, '');
  return text === '' ? undefined : text;
}

/** The category for a code and/or status: the code's row first, then the status's, then 5xx, then the fallback. */
export function categorise(
  table: VenueErrorTable,
  code: string | undefined,
  status?: number,
): VenueErrorCategory {
  // Own keys only: a venue code such as "constructor" or "__proto__" must not find Object.prototype.
  if (code !== undefined && Object.hasOwn(table.codes, code)) {
    const byCode = table.codes[code];
    if (byCode) return byCode;
  }
  if (status !== undefined) {
    const byStatus =
      table.statuses && Object.hasOwn(table.statuses, status) ? table.statuses[status] : undefined;
    if (byStatus) return byStatus;
    if (status >= 500) return table.serverErrors ?? 'network';
  }
  return table.fallback;
}

/** A `VenueError` from the table, with the venue's message capped. */
export function tableError(
  table: VenueErrorTable,
  answer: { code?: string; status?: number; message?: string; retryAfterMs?: number },
): VenueError {
  const code = answer.code ?? (answer.status !== undefined ? String(answer.status) : 'unknown');
  return {
    category: categorise(table, answer.code, answer.status),
    code,
    message: venueMessage(
      answer.message,
      answer.status !== undefined ? `HTTP ${answer.status}` : 'rejected by the venue',
    ),
    ...(answer.retryAfterMs !== undefined && { retryAfterMs: answer.retryAfterMs }),
  };
}
