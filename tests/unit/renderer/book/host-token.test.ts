import { describe, expect, it } from 'vitest';
import { takeHostToken } from '../../../../renderer/book/bridge/host-token.ts';

function place(hash: string, stored: Record<string, string> = {}) {
  const replaced: string[] = [];
  return {
    replaced,
    stored,
    location: { hash, pathname: '/', search: '' },
    history: { replaceState: (_data: unknown, _unused: string, url: string) => replaced.push(url) },
    sessionStorage: {
      getItem: (key: string) => stored[key] ?? null,
      setItem: (key: string, value: string) => {
        stored[key] = value;
      },
    },
  };
}

describe('host token', () => {
  it('is taken out of the address and history once read, and a reload of the tab still has it', () => {
    const first = place('#token=abc123');
    expect(takeHostToken(first)).toBe('abc123');
    expect(first.replaced).toEqual(['/']);
    const reload = place('', first.stored);
    expect(takeHostToken(reload)).toBe('abc123');
    expect(reload.replaced).toEqual([]);
    expect(takeHostToken(place(''))).toBeNull();
  });
});
