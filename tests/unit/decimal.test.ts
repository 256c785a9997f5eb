import { describe, expect, it } from 'vitest';
import {
  add,
  compare,
  fromScaledInteger,
  isZero,
  multiply,
  normalize,
  subtract,
  toScaledInteger,
  truncate,
} from '../../preload/decimal.ts';

describe('decimal strings', () => {
  it('adds and subtracts exactly where floats would not', () => {
    expect(add('0.1', '0.2')).toBe('0.3');
    expect(subtract('1', '0.9')).toBe('0.1');
    expect(subtract('0.5', '1.25')).toBe('-0.75');
  });
  it('multiplies prices by sizes exactly', () => {
    expect(multiply('3601.5', '0.003')).toBe('10.8045');
    expect(multiply('123456789012345678.9', '10')).toBe('1234567890123456789');
  });
  it('compares and normalizes', () => {
    expect(compare('1.50', '1.5')).toBe(0);
    expect(compare('-2', '1')).toBe(-1);
    expect(normalize('002.500')).toBe('2.5');
    expect(isZero('0.000')).toBe(true);
  });
  it('converts 1e18-based integers both ways without loss', () => {
    expect(fromScaledInteger('1500000000000000000', 18)).toBe('1.5');
    expect(fromScaledInteger('1', 18)).toBe('0.000000000000000001');
    expect(fromScaledInteger('123456789012345678901234567890', 18)).toBe('123456789012.34567890123456789');
    expect(toScaledInteger('0.000000000000000001', 18)).toBe('1');
    expect(() => toScaledInteger('0.0000000000000000001', 18)).toThrow(/more than 18 decimals/);
  });
  it('truncates for display', () => {
    expect(truncate('1.23456', 2)).toBe('1.23');
  });
  it('rejects what is not a decimal string', () => {
    expect(() => add('1e5', '1')).toThrow(/not a decimal/);
    expect(() => add('NaN', '1')).toThrow(/not a decimal/);
    expect(() => add('', '1')).toThrow(/not a decimal/);
  });
});
