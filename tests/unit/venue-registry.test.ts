import { describe, expect, it } from 'vitest';
import { VENUE_MODULES } from '../../main/venues/registry.ts';
import { VENUE_IDS, VENUE_LABELS } from '../../preload/venues.ts';

describe('the one venue list', () => {
  it('every venue of the list has exactly one module, in the same order, with the same label', () => {
    expect(VENUE_MODULES.map((venue) => venue.id)).toEqual([...VENUE_IDS]);
    for (const venue of VENUE_MODULES) expect(venue.label).toBe(VENUE_LABELS[venue.id]);
  });

  it('every module declares what the accounts form needs, every setting with its default among its choices', () => {
    for (const venue of VENUE_MODULES) {
      expect(
        venue.credentialFields.some((field) => field.secret && !field.optional),
        venue.id,
      ).toBe(true);
      for (const field of venue.settingFields ?? []) {
        expect(
          field.choices.map((choice) => choice.value),
          `${venue.id}.${field.name}`,
        ).toContain(field.defaultValue);
      }
      expect(Object.keys(venue.defaultUrls).length, venue.id).toBeGreaterThan(0);
    }
  });
});
