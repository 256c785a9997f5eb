/**
 * Display of exact decimal strings (the arithmetic lives in preload/decimal.ts,
 * shared with main): digit grouping straight from the string, never a float.
 */

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Groups digits of a decimal string for display: 1234567.5 → 1,234,567.5 (exact, from the string). */
export function groupDigits(value: string, maxFraction = 2): string {
  if (!DECIMAL.test(value)) return value;
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cut = fraction.slice(0, maxFraction);
  return `${negative ? '-' : ''}${grouped}${cut ? `.${cut}` : ''}`;
}

/** Fractional digits of a decimal string as written ("3600.50" → 2, "42" → 0); 0 for a non-decimal. */
export function decimalPlaces(value: string): number {
  if (!DECIMAL.test(value)) return 0;
  const point = value.indexOf('.');
  return point < 0 ? 0 : value.length - point - 1;
}

/**
 * The decimals an increment implies: tick "0.01" → 2, "0.5" → 1, "0.0010" → 3, "5" → 0; undefined when
 * there is no increment (the venue's listing carries none) or it is not a decimal string.
 */
export function incrementDecimals(increment: string | undefined): number | undefined {
  if (increment === undefined || !DECIMAL.test(increment) || increment.startsWith('-')) return undefined;
  const point = increment.indexOf('.');
  if (point < 0) return 0;
  return increment.slice(point + 1).replace(/0+$/, '').length;
}

/**
 * A decimal string shown to at least `decimals` fractional digits: zeros appended to reach the market's
 * precision, never a digit removed ("3600.5" @2 → "3600.50"; "0.00046875" @4 stays as sent). Without a
 * precision (undefined) the value is returned exactly as the venue sent it.
 */
export function padDecimals(value: string, decimals: number | undefined): string {
  if (decimals === undefined || !DECIMAL.test(value)) return value;
  const have = decimalPlaces(value);
  if (have >= decimals) return value;
  return `${value}${have === 0 ? '.' : ''}${'0'.repeat(decimals - have)}`;
}

/** The parts of a grid number, split at the decimal point so a column lines its points up. */
export interface AlignedParts {
  /** Sign and grouped integer digits: "-1,234". */
  whole: string;
  /** The point and fraction digits (".50"), or "" for a whole number. */
  fraction: string;
  /** Fraction slots left empty so this row's point sits where the column's widest fraction puts it. */
  padDigits: number;
  /** This row has no point but the column has fractions: an empty slot as wide as the point. */
  padPoint: boolean;
}

/**
 * Splits a decimal string for aligned display: grouped whole part, the fraction as written (after
 * `padDecimals`), and how many digit slots to leave blank so the column's points align when every row
 * reserves `columnDecimals` fraction digits. A non-decimal (a venue's odd text) is all `whole`.
 */
export function alignedParts(value: string, columnDecimals: number): AlignedParts {
  if (!DECIMAL.test(value)) return { whole: value, fraction: '', padDigits: 0, padPoint: false };
  const point = value.indexOf('.');
  const intPart = point < 0 ? value : value.slice(0, point);
  const fraction = point < 0 ? '' : value.slice(point);
  const places = Math.max(0, fraction.length - 1);
  const negative = intPart.startsWith('-');
  const digits = negative ? intPart.slice(1) : intPart;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return {
    whole: `${negative ? '-' : ''}${grouped}`,
    fraction,
    padDigits: Math.max(0, columnDecimals - places),
    padPoint: fraction === '' && columnDecimals > 0,
  };
}
