/**
 * Exact decimal arithmetic on strings (BigInt scaled integers), shared by main
 * and the renderer (pure: no Node, no Electron). Prices and
 * sizes arrive as decimal strings and must never touch a float; this is the
 * only place that does arithmetic on them.
 */

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

interface Scaled {
  units: bigint;
  scale: number;
}

export function isDecimalString(value: string): boolean {
  return DECIMAL_PATTERN.test(value);
}

function parse(value: string): Scaled {
  if (!DECIMAL_PATTERN.test(value)) throw new Error(`not a decimal string: ${JSON.stringify(value)}`);
  const negative = value.startsWith('-');
  const body = negative ? value.slice(1) : value;
  const [whole = '0', fraction = ''] = body.split('.');
  const units = BigInt(whole + fraction) * (negative ? -1n : 1n);
  return { units, scale: fraction.length };
}

function align(a: Scaled, b: Scaled): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

/** Formats without trailing fractional zeros ("1.50" + "0" → "1.5"; "2.000" → "2"). */
function format(units: bigint, scale: number): string {
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

export function add(a: string, b: string): string {
  const [x, y, scale] = align(parse(a), parse(b));
  return format(x + y, scale);
}

export function subtract(a: string, b: string): string {
  const [x, y, scale] = align(parse(a), parse(b));
  return format(x - y, scale);
}

export function multiply(a: string, b: string): string {
  const x = parse(a);
  const y = parse(b);
  return format(x.units * y.units, x.scale + y.scale);
}

export function compare(a: string, b: string): -1 | 0 | 1 {
  const [x, y] = align(parse(a), parse(b));
  return x === y ? 0 : x < y ? -1 : 1;
}

export function isZero(value: string): boolean {
  return parse(value).units === 0n;
}

/** Canonical form of a decimal string (no trailing fractional zeros). */
export function normalize(value: string): string {
  const { units, scale } = parse(value);
  return format(units, scale);
}

/** Integer `units` divided by 10^decimals, exactly: fromScaledInteger("1500000000000000000", 18) → "1.5". */
export function fromScaledInteger(units: string, decimals: number): string {
  if (!/^-?\d+$/.test(units)) throw new Error(`not an integer string: ${JSON.stringify(units)}`);
  return format(BigInt(units), decimals);
}

/** The inverse of fromScaledInteger; throws if `value` has more fractional digits than `decimals`. */
export function toScaledInteger(value: string, decimals: number): string {
  const { units, scale } = parse(value);
  if (scale > decimals) {
    const excess = 10n ** BigInt(scale - decimals);
    if (units % excess !== 0n) throw new Error(`${value} has more than ${decimals} decimals`);
    return (units / excess).toString();
  }
  return (units * 10n ** BigInt(decimals - scale)).toString();
}

/** Rounds to `decimals` fractional digits toward zero; used only to display or to snap demo prices to a tick. */
export function truncate(value: string, decimals: number): string {
  const { units, scale } = parse(value);
  if (scale <= decimals) return format(units, scale);
  return format(units / 10n ** BigInt(scale - decimals), decimals);
}
