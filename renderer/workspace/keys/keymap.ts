/**
 * The blotter's keyboard shortcuts: the actions, their default chords, the
 * chord a keyboard event makes, and a user's overrides persisted in storage.
 * Pure (no DOM): unit-tested under Node.
 *
 * Chord syntax: modifiers in the order `Mod`, `Ctrl`, `Alt`, `Shift`, `Meta`,
 * then the key, joined by `+` — `Mod+a`, `Shift+ArrowDown`, `?`, `Space`.
 * `Mod` is Cmd on macOS and Ctrl elsewhere. Letters are lower case; Shift is
 * part of the chord for letters and named keys but not for other printable
 * characters (`?` already says Shift on the layouts that need it).
 */

export type ActionId =
  | 'focusNext'
  | 'focusPrev'
  | 'focusFirst'
  | 'focusLast'
  | 'pageDown'
  | 'pageUp'
  | 'extendNext'
  | 'extendPrev'
  | 'toggleSelect'
  | 'cancel'
  | 'selectAll'
  | 'clear'
  | 'search'
  | 'help'
  | 'scopeCancel'
  | 'panic'
  | 'audit'
  | 'viewOpen'
  | 'viewRecent';

export interface ActionInfo {
  id: ActionId;
  label: string;
  group: 'Navigate' | 'Select' | 'Cancel' | 'View';
  defaults: readonly string[];
}

export const ACTIONS: readonly ActionInfo[] = [
  { id: 'focusNext', label: 'Next row', group: 'Navigate', defaults: ['ArrowDown', 'j'] },
  { id: 'focusPrev', label: 'Previous row', group: 'Navigate', defaults: ['ArrowUp', 'k'] },
  { id: 'focusFirst', label: 'First row', group: 'Navigate', defaults: ['Home', 'g'] },
  { id: 'focusLast', label: 'Last row', group: 'Navigate', defaults: ['End', 'Shift+g'] },
  { id: 'pageDown', label: 'Page down', group: 'Navigate', defaults: ['PageDown'] },
  { id: 'pageUp', label: 'Page up', group: 'Navigate', defaults: ['PageUp'] },
  { id: 'toggleSelect', label: 'Select / unselect row', group: 'Select', defaults: ['Space', 'x'] },
  {
    id: 'extendNext',
    label: 'Extend selection down',
    group: 'Select',
    defaults: ['Shift+ArrowDown', 'Shift+j'],
  },
  { id: 'extendPrev', label: 'Extend selection up', group: 'Select', defaults: ['Shift+ArrowUp', 'Shift+k'] },
  { id: 'selectAll', label: 'Select all visible', group: 'Select', defaults: ['Mod+a'] },
  { id: 'clear', label: 'Clear selection / close', group: 'Select', defaults: ['Escape'] },
  {
    id: 'cancel',
    label: 'Cancel selected (or focused) orders',
    group: 'Cancel',
    // Not Backspace by default: it is the key a trader hits while "deleting" text that did not
    // reach a field (focus elsewhere), and it would cancel an order they never picked. Bindable.
    defaults: ['Delete'],
  },
  { id: 'scopeCancel', label: 'Cancel by scope…', group: 'Cancel', defaults: ['c'] },
  { id: 'panic', label: 'Cancel ALL open orders', group: 'Cancel', defaults: ['Mod+Shift+Backspace'] },
  { id: 'search', label: 'Search', group: 'View', defaults: ['/'] },
  { id: 'audit', label: 'Audit trail of focused order', group: 'View', defaults: ['Enter'] },
  { id: 'viewOpen', label: 'Open orders view', group: 'View', defaults: ['1'] },
  { id: 'viewRecent', label: 'Recent (finished) view', group: 'View', defaults: ['2'] },
  { id: 'help', label: 'Keyboard shortcuts', group: 'View', defaults: ['?'] },
];

const ACTION_IDS: ReadonlySet<string> = new Set(ACTIONS.map((action) => action.id));

export function isActionId(value: string): value is ActionId {
  return ACTION_IDS.has(value);
}

/** What a chord needs from a keyboard event (a DOM KeyboardEvent has all of it). */
export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const MODIFIER_KEYS: ReadonlySet<string> = new Set(['Control', 'Shift', 'Alt', 'Meta', 'AltGraph', 'OS']);
const MODIFIER_ORDER = ['Mod', 'Ctrl', 'Alt', 'Shift', 'Meta'] as const;
type Modifier = (typeof MODIFIER_ORDER)[number];

const KEY_ALIASES: Record<string, string> = {
  ' ': 'Space',
  spacebar: 'Space',
  space: 'Space',
  esc: 'Escape',
  escape: 'Escape',
  del: 'Delete',
  delete: 'Delete',
  backspace: 'Backspace',
  enter: 'Enter',
  return: 'Enter',
  tab: 'Tab',
  up: 'ArrowUp',
  down: 'ArrowDown',
  left: 'ArrowLeft',
  right: 'ArrowRight',
  arrowup: 'ArrowUp',
  arrowdown: 'ArrowDown',
  arrowleft: 'ArrowLeft',
  arrowright: 'ArrowRight',
  home: 'Home',
  end: 'End',
  pageup: 'PageUp',
  pagedown: 'PageDown',
  plus: '+',
};

/** A key name in canonical form: letters lower case, named keys capitalised as the DOM names them. */
function canonicalKey(key: string): string {
  if (key === ' ') return 'Space';
  if (key.length === 1) return /[A-Za-z]/.test(key) ? key.toLowerCase() : key;
  const alias = KEY_ALIASES[key.toLowerCase()];
  if (alias) return alias;
  if (/^f\d{1,2}$/i.test(key)) return key.toUpperCase();
  return key;
}

/** Printable, non-letter keys carry Shift in the character itself. */
function shiftIsImplied(key: string): boolean {
  return key.length === 1 && !/[a-z]/.test(key);
}

function join(modifiers: ReadonlySet<Modifier>, key: string): string {
  const parts: string[] = MODIFIER_ORDER.filter((modifier) => modifiers.has(modifier));
  parts.push(key);
  return parts.join('+');
}

/**
 * The chord a key event makes, in platform terms (`Ctrl`/`Meta`, never `Mod`);
 * null for a bare modifier press. With Ctrl/Alt/Meta held, letters come from
 * the physical key (`code`), because Alt and Cmd change `key` on macOS.
 */
export function chordFromEvent(event: KeyLike): string | null {
  if (MODIFIER_KEYS.has(event.key) || event.key === 'Dead' || event.key === 'Unidentified') return null;
  let key = canonicalKey(event.key);
  const letterCode = event.code ? /^Key([A-Z])$/.exec(event.code) : null;
  if ((event.ctrlKey || event.altKey || event.metaKey) && letterCode?.[1]) key = letterCode[1].toLowerCase();
  const modifiers = new Set<Modifier>();
  if (event.ctrlKey) modifiers.add('Ctrl');
  if (event.altKey) modifiers.add('Alt');
  if (event.shiftKey && !shiftIsImplied(key)) modifiers.add('Shift');
  if (event.metaKey) modifiers.add('Meta');
  return join(modifiers, key);
}

/**
 * Parses a chord typed by a user or read from storage into canonical form;
 * null when it is not a chord. A lone `+` is the plus key.
 */
export function normalizeChord(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (trimmed === '+') return '+';
  const parts = trimmed.endsWith('++')
    ? [...trimmed.slice(0, -2).split('+'), '+']
    : trimmed.split('+').map((part) => part.trim());
  const rawKey = parts.pop();
  if (!rawKey) return null;
  const modifiers = new Set<Modifier>();
  for (const part of parts) {
    const name = part.toLowerCase();
    if (name === 'mod' || name === 'cmdorctrl' || name === 'commandorcontrol') modifiers.add('Mod');
    else if (name === 'ctrl' || name === 'control') modifiers.add('Ctrl');
    else if (name === 'alt' || name === 'option') modifiers.add('Alt');
    else if (name === 'shift') modifiers.add('Shift');
    else if (name === 'meta' || name === 'cmd' || name === 'command' || name === 'super')
      modifiers.add('Meta');
    else return null;
  }
  const key = canonicalKey(rawKey);
  if (MODIFIER_KEYS.has(key) || key.includes('+', 1)) return null;
  if (shiftIsImplied(key)) modifiers.delete('Shift');
  return join(modifiers, key);
}

/** Splits a canonical chord into its modifiers and key (`Ctrl++` is Ctrl and the plus key). */
function splitChord(chord: string): { modifiers: Set<Modifier>; key: string } {
  if (chord === '+') return { modifiers: new Set(), key: '+' };
  const plusKey = chord.endsWith('++');
  const parts = (plusKey ? chord.slice(0, -2) : chord).split('+');
  const key = plusKey ? '+' : (parts.pop() ?? '');
  return { modifiers: new Set(parts.filter((part) => part !== '') as Modifier[]), key };
}

/** Replaces `Mod` by the platform's modifier: `Mod+a` → `Meta+a` on macOS, `Ctrl+a` elsewhere. */
export function platformChord(chord: string, mac: boolean): string {
  const normalized = normalizeChord(chord);
  if (!normalized) return chord;
  const { modifiers, key } = splitChord(normalized);
  if (modifiers.delete('Mod')) modifiers.add(mac ? 'Meta' : 'Ctrl');
  return join(modifiers, key);
}

const KEY_LABELS: Record<string, string> = {
  ArrowDown: '↓',
  ArrowUp: '↑',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
  Delete: 'Del',
  Backspace: '⌫',
  Enter: '↵',
  PageDown: 'PgDn',
  PageUp: 'PgUp',
};

/** Human label of a chord: `Ctrl+A`, `⌘⇧⌫`, `?`. */
export function chordLabel(chord: string, mac: boolean): string {
  const { modifiers, key } = splitChord(platformChord(chord, mac));
  const parts = MODIFIER_ORDER.filter((modifier) => modifiers.has(modifier));
  const keyLabel = KEY_LABELS[key] ?? (key.length === 1 ? key.toUpperCase() : key);
  if (mac) {
    const symbols: Record<string, string> = { Ctrl: '⌃', Alt: '⌥', Shift: '⇧', Meta: '⌘' };
    return `${parts.map((part) => symbols[part] ?? part).join('')}${keyLabel}`;
  }
  return [...parts.map((part) => (part === 'Meta' ? 'Win' : part)), keyLabel].join('+');
}

// ---------------------------------------------------------------- keymaps ---

/** Action → chords. Overrides replace an action's whole list. */
export type Keymap = Readonly<Record<ActionId, readonly string[]>>;
export type KeymapOverrides = Partial<Record<ActionId, readonly string[]>>;

export function defaultKeymap(): Keymap {
  const map = {} as Record<ActionId, readonly string[]>;
  for (const action of ACTIONS) map[action.id] = action.defaults;
  return map;
}

export function applyOverrides(overrides: KeymapOverrides): Keymap {
  const map = { ...defaultKeymap() } as Record<ActionId, readonly string[]>;
  for (const action of ACTIONS) {
    const chords = overrides[action.id];
    if (chords) map[action.id] = chords;
  }
  return map;
}

/** Chord (platform form) → action. When two actions claim a chord, the first in ACTIONS wins. */
export type KeyIndex = ReadonlyMap<string, ActionId>;

export function buildIndex(keymap: Keymap, mac: boolean): KeyIndex {
  const index = new Map<string, ActionId>();
  for (const action of ACTIONS) {
    for (const chord of keymap[action.id]) {
      const resolved = platformChord(chord, mac);
      if (!index.has(resolved)) index.set(resolved, action.id);
    }
  }
  return index;
}

export function actionFor(index: KeyIndex, event: KeyLike): ActionId | undefined {
  const chord = chordFromEvent(event);
  return chord ? index.get(chord) : undefined;
}

/**
 * Binds `chord` to `action` (appended, or replacing the chord at `replaceAt`),
 * removing it from every other action so one key never means two things.
 * Returns the new overrides (only actions that differ from their defaults).
 */
export function bindChord(
  keymap: Keymap,
  action: ActionId,
  chord: string,
  replaceAt?: number,
): KeymapOverrides | null {
  const normalized = normalizeChord(chord);
  if (!normalized) return null;
  const next = { ...keymap } as Record<ActionId, readonly string[]>;
  for (const other of ACTIONS) {
    if (other.id !== action) next[other.id] = next[other.id].filter((c) => normalizeChord(c) !== normalized);
  }
  const own = next[action].filter((c, i) => i !== replaceAt && normalizeChord(c) !== normalized);
  if (replaceAt !== undefined && replaceAt < next[action].length) own.splice(replaceAt, 0, normalized);
  else own.push(normalized);
  next[action] = own;
  return overridesOf(next);
}

export function unbindChord(keymap: Keymap, action: ActionId, chord: string): KeymapOverrides {
  const next = { ...keymap } as Record<ActionId, readonly string[]>;
  next[action] = next[action].filter((c) => c !== chord);
  return overridesOf(next);
}

function overridesOf(keymap: Keymap): KeymapOverrides {
  const overrides: KeymapOverrides = {};
  for (const action of ACTIONS) {
    const chords = keymap[action.id];
    const same =
      chords.length === action.defaults.length && chords.every((chord, i) => chord === action.defaults[i]);
    if (!same) overrides[action.id] = [...chords];
  }
  return overrides;
}

/** Chords claimed by more than one action (possible only through hand-edited storage). */
export function conflicts(keymap: Keymap, mac: boolean): { chord: string; actions: ActionId[] }[] {
  const byChord = new Map<string, ActionId[]>();
  for (const action of ACTIONS) {
    for (const chord of keymap[action.id]) {
      const resolved = platformChord(chord, mac);
      byChord.set(resolved, [...(byChord.get(resolved) ?? []), action.id]);
    }
  }
  return [...byChord.entries()]
    .filter(([, actions]) => actions.length > 1)
    .map(([chord, actions]) => ({ chord, actions }));
}

// ------------------------------------------------------------- persisting ---

export const KEYMAP_STORAGE_KEY = 'blotter.keymap.v1';

/** The slice of the Web Storage API we use (localStorage in the app, a Map in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Reads overrides, dropping anything malformed (unknown actions, non-chords). */
export function parseOverrides(text: string | null): KeymapOverrides {
  if (!text) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const overrides: KeymapOverrides = {};
  for (const [action, chords] of Object.entries(raw)) {
    if (!isActionId(action) || !Array.isArray(chords)) continue;
    const valid = chords
      .filter((chord): chord is string => typeof chord === 'string')
      .map(normalizeChord)
      .filter((chord): chord is string => chord !== null);
    overrides[action] = [...new Set(valid)].slice(0, 8);
  }
  return overrides;
}

export function loadKeymap(storage: KeyValueStorage | undefined): Keymap {
  try {
    return applyOverrides(parseOverrides(storage?.getItem(KEYMAP_STORAGE_KEY) ?? null));
  } catch {
    return defaultKeymap();
  }
}

export function saveOverrides(storage: KeyValueStorage | undefined, overrides: KeymapOverrides): void {
  try {
    if (Object.keys(overrides).length === 0) storage?.removeItem(KEYMAP_STORAGE_KEY);
    else storage?.setItem(KEYMAP_STORAGE_KEY, JSON.stringify(overrides));
  } catch {
    // Storage full or disabled: the keymap still works for this session.
  }
}
