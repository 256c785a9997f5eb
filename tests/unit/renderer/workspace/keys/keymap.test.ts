import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  actionFor,
  applyOverrides,
  bindChord,
  buildIndex,
  chordFromEvent,
  chordLabel,
  conflicts,
  defaultKeymap,
  KEYMAP_STORAGE_KEY,
  type KeyLike,
  type KeyValueStorage,
  loadKeymap,
  normalizeChord,
  parseOverrides,
  platformChord,
  saveOverrides,
  unbindChord,
} from '../../../../../renderer/workspace/keys/keymap.ts';

function key(k: string, mods: Partial<KeyLike> = {}): KeyLike {
  return { key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods };
}

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('chordFromEvent', () => {
  it('names plain keys, letters in lower case', () => {
    expect(chordFromEvent(key('j'))).toBe('j');
    expect(chordFromEvent(key('ArrowDown'))).toBe('ArrowDown');
    expect(chordFromEvent(key(' '))).toBe('Space');
    expect(chordFromEvent(key('Delete'))).toBe('Delete');
    expect(chordFromEvent(key('/'))).toBe('/');
  });

  it('keeps Shift for letters and named keys, drops it for printable symbols', () => {
    expect(chordFromEvent(key('J', { shiftKey: true }))).toBe('Shift+j');
    expect(chordFromEvent(key('ArrowDown', { shiftKey: true }))).toBe('Shift+ArrowDown');
    expect(chordFromEvent(key('?', { shiftKey: true }))).toBe('?');
  });

  it('orders modifiers and reads letters from the physical key when Ctrl/Alt/Meta are held', () => {
    expect(chordFromEvent(key('a', { ctrlKey: true }))).toBe('Ctrl+a');
    expect(chordFromEvent(key('å', { altKey: true, code: 'KeyA' }))).toBe('Alt+a');
    expect(chordFromEvent(key('Backspace', { metaKey: true, shiftKey: true }))).toBe('Shift+Meta+Backspace');
  });

  it('ignores bare modifiers and dead keys', () => {
    expect(chordFromEvent(key('Shift', { shiftKey: true }))).toBeNull();
    expect(chordFromEvent(key('Control', { ctrlKey: true }))).toBeNull();
    expect(chordFromEvent(key('Dead'))).toBeNull();
  });
});

describe('normalizeChord and platformChord', () => {
  it('accepts common spellings and canonicalises them', () => {
    expect(normalizeChord('ctrl+shift+A')).toBe('Ctrl+Shift+a');
    expect(normalizeChord('CmdOrCtrl + a')).toBe('Mod+a');
    expect(normalizeChord('esc')).toBe('Escape');
    expect(normalizeChord('Shift+?')).toBe('?');
    expect(normalizeChord('+')).toBe('+');
    expect(normalizeChord('Ctrl++')).toBe('Ctrl++');
    expect(normalizeChord('Hyper+a')).toBeNull();
    expect(normalizeChord('')).toBeNull();
    expect(normalizeChord('Shift')).toBeNull();
  });

  it('resolves Mod to Cmd on macOS and Ctrl elsewhere', () => {
    expect(platformChord('Mod+a', true)).toBe('Meta+a');
    expect(platformChord('Mod+a', false)).toBe('Ctrl+a');
    expect(platformChord('Mod+Shift+Backspace', false)).toBe('Ctrl+Shift+Backspace');
    expect(platformChord('Ctrl++', false)).toBe('Ctrl++');
  });

  it('labels chords for people', () => {
    expect(chordLabel('Mod+a', false)).toBe('Ctrl+A');
    expect(chordLabel('Mod+Shift+Backspace', true)).toBe('⇧⌘⌫');
    expect(chordLabel('ArrowDown', false)).toBe('↓');
    expect(chordLabel('?', false)).toBe('?');
  });
});

describe('default keymap', () => {
  const index = buildIndex(defaultKeymap(), false);

  it('covers the issue: arrows/j/k, Space, Delete, Ctrl+A, Esc, /, ?', () => {
    expect(actionFor(index, key('ArrowDown'))).toBe('focusNext');
    expect(actionFor(index, key('j'))).toBe('focusNext');
    expect(actionFor(index, key('ArrowUp'))).toBe('focusPrev');
    expect(actionFor(index, key('k'))).toBe('focusPrev');
    expect(actionFor(index, key(' '))).toBe('toggleSelect');
    expect(actionFor(index, key('Delete'))).toBe('cancel');
    expect(actionFor(index, key('a', { ctrlKey: true }))).toBe('selectAll');
    expect(actionFor(index, key('Escape'))).toBe('clear');
    expect(actionFor(index, key('/'))).toBe('search');
    expect(actionFor(index, key('?', { shiftKey: true }))).toBe('help');
  });

  it('does not cancel on Backspace by default (a text-editing key), only on Delete', () => {
    expect(defaultKeymap().cancel).toEqual(['Delete']);
    expect(actionFor(index, key('Backspace'))).toBeUndefined();
    expect(actionFor(buildIndex(defaultKeymap(), true), key('Backspace'))).toBeUndefined();
    // The panic chord keeps its modifiers.
    expect(actionFor(index, key('Backspace', { ctrlKey: true, shiftKey: true }))).toBe('panic');
  });

  it('lets a trader bind Backspace to cancel', () => {
    const overrides = bindChord(defaultKeymap(), 'cancel', 'Backspace');
    expect(overrides).toEqual({ cancel: ['Delete', 'Backspace'] });
    expect(actionFor(buildIndex(applyOverrides(overrides ?? {}), false), key('Backspace'))).toBe('cancel');
  });

  it('uses Cmd for Mod on macOS', () => {
    const mac = buildIndex(defaultKeymap(), true);
    expect(actionFor(mac, key('a', { metaKey: true }))).toBe('selectAll');
    expect(actionFor(mac, key('a', { ctrlKey: true }))).toBeUndefined();
  });

  it('has no chord bound twice', () => {
    expect(conflicts(defaultKeymap(), false)).toEqual([]);
    expect(conflicts(defaultKeymap(), true)).toEqual([]);
    expect(new Set(ACTIONS.map((a) => a.id)).size).toBe(ACTIONS.length);
  });
});

describe('rebinding', () => {
  it('moves a chord to a new action and drops it from the old one', () => {
    const keymap = defaultKeymap();
    const overrides = bindChord(keymap, 'cancel', 'x');
    expect(overrides).not.toBeNull();
    const next = applyOverrides(overrides ?? {});
    expect(next.cancel).toEqual(['Delete', 'x']);
    expect(next.toggleSelect).toEqual(['Space']);
    expect(actionFor(buildIndex(next, false), key('x'))).toBe('cancel');
    expect(conflicts(next, false)).toEqual([]);
  });

  it('replaces a chord in place and records only what differs from the defaults', () => {
    const overrides = bindChord(defaultKeymap(), 'search', 'Mod+f', 0);
    expect(overrides).toEqual({ search: ['Mod+f'] });
    expect(bindChord(defaultKeymap(), 'search', 'not a chord+')).toBeNull();
  });

  it('unbinds', () => {
    const overrides = unbindChord(defaultKeymap(), 'focusNext', 'j');
    expect(applyOverrides(overrides).focusNext).toEqual(['ArrowDown']);
  });
});

describe('persistence', () => {
  it('round-trips overrides through storage and resets to defaults', () => {
    const storage = memoryStorage();
    saveOverrides(storage, { cancel: ['Shift+Delete'] });
    expect(loadKeymap(storage).cancel).toEqual(['Shift+Delete']);
    expect(loadKeymap(storage).focusNext).toEqual(['ArrowDown', 'j']);
    saveOverrides(storage, {});
    expect(storage.data.has(KEYMAP_STORAGE_KEY)).toBe(false);
    expect(loadKeymap(storage)).toEqual(defaultKeymap());
  });

  it('drops malformed stored data instead of failing', () => {
    expect(parseOverrides('{not json')).toEqual({});
    expect(parseOverrides('[1,2]')).toEqual({});
    expect(
      parseOverrides(JSON.stringify({ nope: ['a'], cancel: ['Delete', 7, 'Bogus+x', 'Delete'] })),
    ).toEqual({
      cancel: ['Delete'],
    });
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
      removeItem: () => {},
    };
    expect(loadKeymap(broken)).toEqual(defaultKeymap());
    expect(() => saveOverrides(broken, { cancel: ['x'] })).not.toThrow();
  });
});
