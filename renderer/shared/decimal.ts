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
