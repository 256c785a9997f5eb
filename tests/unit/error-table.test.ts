import { describe, expect, it } from 'vitest';
import {
  categorise,
  normaliseCode,
  tableError,
  type VenueErrorTable,
} from '../../main/venues/shared/error-table.ts';

const TABLE: VenueErrorTable = {
  codes: { '20000': 'auth', '429': 'rate_limited' },
  statuses: { 401: 'auth', 404: 'not_found' },
  fallback: 'rejected',
};

describe('venue error tables', () => {
  it('a code row first, then the status, then 5xx, then the fallback', () => {
    expect(categorise(TABLE, '20000', 400)).toBe('auth');
    expect(categorise(TABLE, undefined, 404)).toBe('not_found');
    expect(categorise(TABLE, '999', 503)).toBe('network');
    expect(categorise(TABLE, '999', 400)).toBe('rejected');
    expect(normaliseCode('-20000')).toBe('20000');
    expect(normaliseCode(-429)).toBe('429');
  });

  it('a venue code named like an Object.prototype member is just an unknown code', () => {
    for (const code of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(categorise(TABLE, code, 400), code).toBe('rejected');
      expect(tableError(TABLE, { code, status: 400, message: 'm' }).category).toBe('rejected');
    }
  });
});
