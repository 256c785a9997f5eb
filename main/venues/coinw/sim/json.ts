/**
 * JSON text the way CoinW writes it: order ids (and, in REST listings, amounts)
 * as bare JSON numbers, even above 2^53. `JSON.stringify` cannot write such a
 * number without a float, so the simulator marks them with `bare(digits)` and
 * this writer splices the digits in verbatim.
 */
const MARK = '\u0000';

export class BareNumber {
  readonly text: string;
  constructor(text: string) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`not a JSON number: ${JSON.stringify(text)}`);
    this.text = text;
  }
  toJSON(): string {
    return `${MARK}${this.text}${MARK}`;
  }
}

export function bare(text: string): BareNumber {
  return new BareNumber(text);
}

/** JSON.stringify escapes the marker as \u0000; the quoted, marked digits become bare digits. */
const MARKED = /"\\u0000(-?\d+(?:\.\d+)?)\\u0000"/g;

export function toWireJson(value: unknown): string {
  return JSON.stringify(value).replace(MARKED, '$1');
}
