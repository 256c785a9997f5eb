/**
 * The trader's preferences kept in the renderer's localStorage: confirmation
 * policy, column visibility and order, sorting and grouping. Each read is
 * validated field by field, so a hand-edited or outdated entry falls back to
 * defaults instead of breaking the window. Pure apart from the storage handle.
 */
import type { KeyValueStorage } from '../keys/keymap.ts';
import { GROUP_BY_OPTIONS, type GroupBy, SORTABLE_COLUMNS, type SortRule } from './view.ts';

export type PanicConfirm = 'always' | 'never';

export interface Prefs {
  /** Bulk cancels of at least this many orders ask for confirmation first (selection and scope). */
  confirmThreshold: number;
  /** The in-app "cancel all": confirm first (default) or cancel at once. */
  panicConfirm: PanicConfirm;
  /** Column id → false when hidden (absent = visible). */
  columnVisibility: Record<string, boolean>;
  /** Column ids in display order; ids not listed keep their default place at the end. */
  columnOrder: string[];
  sorting: SortRule[];
  groupBy: GroupBy;
}

export const DEFAULT_PREFS: Prefs = {
  confirmThreshold: 10,
  panicConfirm: 'always',
  columnVisibility: {},
  columnOrder: [],
  sorting: [],
  groupBy: 'none',
};

export const PREFS_STORAGE_KEY = 'blotter.prefs.v1';
export const MAX_CONFIRM_THRESHOLD = 100_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parsePrefs(text: string | null, knownColumns: readonly string[]): Prefs {
  if (!text) return { ...DEFAULT_PREFS };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ...DEFAULT_PREFS };
  }
  if (!isRecord(raw)) return { ...DEFAULT_PREFS };
  const known = new Set(knownColumns);
  const prefs: Prefs = { ...DEFAULT_PREFS };
  const threshold = raw.confirmThreshold;
  if (typeof threshold === 'number' && Number.isInteger(threshold) && threshold >= 1) {
    prefs.confirmThreshold = Math.min(threshold, MAX_CONFIRM_THRESHOLD);
  }
  if (raw.panicConfirm === 'always' || raw.panicConfirm === 'never') prefs.panicConfirm = raw.panicConfirm;
  if (isRecord(raw.columnVisibility)) {
    const visibility: Record<string, boolean> = {};
    for (const [id, visible] of Object.entries(raw.columnVisibility)) {
      if (known.has(id) && typeof visible === 'boolean') visibility[id] = visible;
    }
    prefs.columnVisibility = visibility;
  }
  if (Array.isArray(raw.columnOrder)) {
    const order = raw.columnOrder.filter((id): id is string => typeof id === 'string' && known.has(id));
    prefs.columnOrder = [...new Set(order)];
  }
  if (Array.isArray(raw.sorting)) {
    prefs.sorting = raw.sorting
      .filter(
        (rule): rule is SortRule =>
          isRecord(rule) &&
          typeof rule.id === 'string' &&
          SORTABLE_COLUMNS.has(rule.id) &&
          typeof rule.desc === 'boolean',
      )
      .map((rule) => ({ id: rule.id, desc: rule.desc }))
      .slice(0, 3);
  }
  if (typeof raw.groupBy === 'string' && (GROUP_BY_OPTIONS as readonly string[]).includes(raw.groupBy)) {
    prefs.groupBy = raw.groupBy as GroupBy;
  }
  return prefs;
}

export function loadPrefs(storage: KeyValueStorage | undefined, knownColumns: readonly string[]): Prefs {
  try {
    return parsePrefs(storage?.getItem(PREFS_STORAGE_KEY) ?? null, knownColumns);
  } catch {
    return { ...DEFAULT_PREFS };
  }
}

export function savePrefs(storage: KeyValueStorage | undefined, prefs: Prefs): void {
  try {
    storage?.setItem(PREFS_STORAGE_KEY, JSON.stringify(prefs));
  } catch {
    // Storage full or disabled: preferences hold for this session only.
  }
}

/** Full column order: the saved ids first, then any column the saved list does not know, in default order. */
/** Moves a column one place left (-1) or right (+1) in a full order. */
export function moveColumn(order: readonly string[], id: string, delta: -1 | 1): string[] {
  const next = [...order];
  const at = next.indexOf(id);
  const to = at + delta;
  if (at < 0 || to < 0 || to >= next.length) return next;
  next.splice(at, 1);
  next.splice(to, 0, id);
  return next;
}
