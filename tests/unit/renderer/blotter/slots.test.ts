/** Row slots: a row scrolling out hands its slot to the row scrolling in; rows that stay keep theirs. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignSlots } from '../../../../renderer/blotter/BlotterTable.tsx';

const range = (start: number, length: number) => Array.from({ length }, (_, i) => start + i);

describe('row slots', () => {
  it('reuses the slots of the rows that left for the rows that came in, whatever the window length', () => {
    let slots = assignSlots(new Map(), range(0, 45));
    const before = new Set(slots.values());
    // Scroll three rows down, with a window one row shorter (a partial row at the edge).
    slots = assignSlots(slots, range(3, 44));
    for (const index of range(3, 42))
      expect(slots.get(index)).toBe(assignSlots(new Map(), range(0, 45)).get(index));
    expect([...slots.values()].every((slot) => before.has(slot))).toBe(true);
  });

  it('never gives two shown rows the same slot', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(500), fc.integer({ min: 1, max: 60 })), { maxLength: 40 }),
        (windows) => {
          let slots = new Map<number, number>();
          for (const [start, length] of windows) {
            slots = assignSlots(slots, range(start, length));
            expect(new Set(slots.values()).size).toBe(length);
            expect(slots.size).toBe(length);
          }
        },
      ),
    );
  });
});
