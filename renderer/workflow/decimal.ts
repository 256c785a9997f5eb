/**
 * Exact decimal sums for the renderer's own previews (notional of a
 * selection): BigInt-scaled strings, never a float. Main does the same for
 * scope previews (main/core/decimal.ts); the renderer cannot import main.
 */

const DECIMAL = /^-?\d+(\.\d+)?$/;

interface Scaled {
  units: bigint;
  scale: number;
}

function parse(value: string): Scaled | null {
  if (!DECIMAL.test(value)) return null;
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  return { units: BigInt(whole + fraction) * (negative ? -1n : 1n), scale: fraction.length };
}

function format({ units, scale }: Scaled): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    const whole = digits.slice(0, digits.length - scale);
    const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
    digits = fraction ? `${whole}.${fraction}` : whole;
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}

function addScaled(a: Scaled, b: Scaled): Scaled {
  const scale = Math.max(a.scale, b.scale);
  return {
    units: a.units * 10n ** BigInt(scale - a.scale) + b.units * 10n ** BigInt(scale - b.scale),
    scale,
  };
}

/** Sum of price × quantity over pairs; pairs that are not decimals are skipped (counted in `skipped`). */
export function sumProducts(pairs: Iterable<readonly [string, string]>): { total: string; skipped: number } {
  let total: Scaled = { units: 0n, scale: 0 };
  let skipped = 0;
  for (const [a, b] of pairs) {
    const x = parse(a);
    const y = parse(b);
    if (!x || !y) {
      skipped++;
      continue;
    }
    total = addScaled(total, { units: x.units * y.units, scale: x.scale + y.scale });
  }
  return { total: format(total), skipped };
}

/** Groups digits of a decimal string for display: 1234567.5 → 1,234,567.5 (exact, from the string). */
export function groupDigits(value: string, maxFraction = 2): string {
  if (!DECIMAL.test(value)) return value;
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cut = fraction.slice(0, maxFraction);
  return `${negative ? '-' : ''}${grouped}${cut ? `.${cut}` : ''}`;
}
