import { describe, expect, it } from 'vitest';
import {
  alignedParts,
  decimalPlaces,
  groupDigits,
  incrementDecimals,
  padDecimals,
} from '../../../../renderer/shared/decimal.ts';

describe('market precision', () => {
  it('reads the decimals of a tick or lot size', () => {
    expect(incrementDecimals('0.01')).toBe(2);
    expect(incrementDecimals('0.5')).toBe(1);
    expect(incrementDecimals('0.0010')).toBe(3);
    expect(incrementDecimals('5')).toBe(0);
    expect(incrementDecimals('1.000')).toBe(0);
    expect(incrementDecimals(undefined)).toBeUndefined();
    expect(incrementDecimals('tick')).toBeUndefined();
    expect(incrementDecimals('-0.1')).toBeUndefined();
  });

  it('pads a price to its tick and a quantity to its lot with zeros', () => {
    expect(padDecimals('3600.5', 2)).toBe('3600.50');
    expect(padDecimals('67000', 1)).toBe('67000.0');
    expect(padDecimals('0.5', 4)).toBe('0.5000');
    expect(padDecimals('41.27', 0)).toBe('41.27');
  });

  it('never removes a digit the venue sent, and shows the value as sent without a precision', () => {
    expect(padDecimals('0.00046875', 4)).toBe('0.00046875');
    expect(padDecimals('4035017', 0)).toBe('4035017');
    expect(padDecimals('1.50000000', 2)).toBe('1.50000000');
    expect(padDecimals('0.004414', undefined)).toBe('0.004414');
    expect(padDecimals('n/a', 2)).toBe('n/a');
  });

  it('counts the fraction digits as written', () => {
    expect(decimalPlaces('1.50')).toBe(2);
    expect(decimalPlaces('42')).toBe(0);
    expect(decimalPlaces('-0.125')).toBe(3);
    expect(decimalPlaces('x.1')).toBe(0);
  });
});

describe('alignment parts', () => {
  it('groups the whole part with thousands separators, exactly from the string', () => {
    expect(alignedParts('4035017', 0)).toEqual({
      whole: '4,035,017',
      fraction: '',
      padDigits: 0,
      padPoint: false,
    });
    expect(alignedParts('-1234567.25', 2)).toMatchObject({ whole: '-1,234,567', fraction: '.25' });
    // Beyond float precision: every digit kept.
    expect(alignedParts('12345678901234567890.123456789', 9)).toMatchObject({
      whole: '12,345,678,901,234,567,890',
      fraction: '.123456789',
    });
  });

  it('leaves blank slots so every point in the column lines up with the widest fraction', () => {
    expect(alignedParts('3600.5', 4)).toMatchObject({ fraction: '.5', padDigits: 3, padPoint: false });
    expect(alignedParts('67000', 2)).toMatchObject({ fraction: '', padDigits: 2, padPoint: true });
    expect(alignedParts('0.00046875', 4)).toMatchObject({ fraction: '.00046875', padDigits: 0 });
    // The slot a row fills is point + digits: the same width for each of these rows.
    const width = (value: string, slot: number) => {
      const parts = alignedParts(value, slot);
      return parts.fraction.length + parts.padDigits + (parts.padPoint ? 1 : 0);
    };
    expect(new Set(['1.5', '20.25', '300', '4.125'].map((value) => width(value, 3)))).toEqual(new Set([4]));
  });

  it('shows a value that is not a decimal as it came', () => {
    expect(alignedParts('market', 2)).toEqual({
      whole: 'market',
      fraction: '',
      padDigits: 0,
      padPoint: false,
    });
  });

  it('groups preview amounts as before', () => {
    expect(groupDigits('1234567.5')).toBe('1,234,567.5');
    expect(groupDigits('1234567.555')).toBe('1,234,567.55');
  });
});
