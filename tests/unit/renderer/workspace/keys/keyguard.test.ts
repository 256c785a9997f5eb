import { describe, expect, it } from 'vitest';
import {
  blockConfirmKey,
  isConfirmingKey,
  PANIC_ARM_MS,
} from '../../../../../renderer/workspace/keys/keyGuard.ts';

const key = (name: string, repeat = false) => ({ key: name, repeat });

describe('panic confirmation key guard', () => {
  it('ignores every key but Esc for ~500 ms after opening', () => {
    expect(PANIC_ARM_MS).toBeGreaterThanOrEqual(400);
    const openedAt = 10_000;
    for (const name of ['y', 'Y', 'Enter', ' ', 'Tab', 'n', 'x']) {
      expect(blockConfirmKey(key(name), openedAt, openedAt)).toBe(true);
      expect(blockConfirmKey(key(name), openedAt, openedAt + PANIC_ARM_MS - 1)).toBe(true);
    }
    expect(blockConfirmKey(key('Escape'), openedAt, openedAt)).toBe(false);
  });

  it('lets deliberate keys through once armed', () => {
    const openedAt = 10_000;
    for (const name of ['y', 'Enter', 'n', 'Tab']) {
      expect(blockConfirmKey(key(name), openedAt, openedAt + PANIC_ARM_MS)).toBe(false);
      expect(blockConfirmKey(key(name), openedAt, openedAt + 60_000)).toBe(false);
    }
  });

  it('never acts on an auto-repeated key, however late', () => {
    const openedAt = 10_000;
    for (const name of ['y', 'Y', 'Enter', ' ', 'Backspace']) {
      expect(blockConfirmKey(key(name, true), openedAt, openedAt + 60_000)).toBe(true);
    }
    // Esc only closes: safe even when held.
    expect(blockConfirmKey(key('Escape', true), openedAt, openedAt + 60_000)).toBe(false);
  });

  it('honours a custom arming delay', () => {
    expect(blockConfirmKey(key('y'), 0, 999, 1_000)).toBe(true);
    expect(blockConfirmKey(key('y'), 0, 1_000, 1_000)).toBe(false);
  });

  it('knows the confirming keys', () => {
    for (const name of ['Enter', ' ', 'y', 'Y']) expect(isConfirmingKey(name)).toBe(true);
    for (const name of ['n', 'Escape', 'Tab', 'Backspace']) expect(isConfirmingKey(name)).toBe(false);
  });
});
