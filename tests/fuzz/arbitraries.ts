/**
 * Hostile inputs shared by the fuzz suites: wrong types, huge numbers (400-digit numerals as raw JSON and
 * as strings), deep nesting, `__proto__`/`constructor`/`prototype` keys, 1 MB strings, lone surrogates and
 * text decoded from invalid UTF-8, NaN/Infinity, empty input; and structural mutations of real fixture
 * bodies (drop a field, change a type, inject `__proto__`, deepen).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

const rawJson = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

export const MB = 1024 * 1024;

interface WellFormedString {
  toWellFormed(): string;
  isWellFormed(): boolean;
}
/** `String.prototype.toWellFormed` (ES2024; the project's lib is ES2023): lone surrogates → U+FFFD. */
export function wellFormed(text: string): string {
  return (text as unknown as WellFormedString).toWellFormed();
}
export function isWellFormed(text: string): boolean {
  return (text as unknown as WellFormedString).isWellFormed();
}
export const DIGITS_400 = '9'.repeat(400);
export const DEEP = 10_000;

/** `[[[…]]]` nested `depth` levels, as JSON text. */
export function deepArrayText(depth = DEEP): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}
/** `{"a":{"a":…}}` nested `depth` levels, as JSON text. */
export function deepObjectText(depth = DEEP): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}
/** The same as a value. */
export function deepArray(depth = DEEP): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** Own `__proto__` key, as JSON.parse would make it (a literal `{__proto__: …}` would set the prototype). */
export function withOwnKey(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

export const PROTO_PAYLOADS: readonly string[] = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":{"__proto__":{"polluted":"yes"}}}',
  '[{"__proto__":{"polluted":"yes"}}]',
  '{"prototype":{"polluted":"yes"},"toString":"x","valueOf":1,"hasOwnProperty":null}',
];

const ROW_FLOOD = `[${'1,'.repeat(59_999)}1]`;

/** Texts that are hostile as a whole. */
export const SPECIAL_TEXTS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'null',
  'true',
  '0',
  '-0',
  '""',
  '[]',
  '{}',
  'NaN',
  'Infinity',
  '-Infinity',
  'undefined',
  DIGITS_400,
  `-${DIGITS_400}.${DIGITS_400}`,
  '1e400',
  '-1e-400',
  `"${DIGITS_400}"`,
  `{"n":${DIGITS_400}}`,
  '"\\ud800"',
  '"\\udfff\\ud800"',
  '\ud800',
  '{"a":"\ud800"}',
  Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc]).toString(
    'utf8',
  ),
  Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]).toString('utf8'),
  '\ufeff{}',
  deepArrayText(),
  deepObjectText(),
  deepArrayText(100_000),
  `{"message":${deepArrayText(5_000)}}`,
  'x'.repeat(MB),
  `"${'x'.repeat(MB)}"`,
  '1'.repeat(MB),
  ' '.repeat(MB),
  `cancelling ${'1'.repeat(MB - 20)}`,
  `Cancelling ${DIGITS_400} orders`,
  `{"message":"Cancelling ${DIGITS_400} orders for market ETH-USD without any errors"}`,
  `"Cancelling ${DIGITS_400} orders"`,
  `{"message":"Cancelling ${'1'.repeat(MB - 40)}"}`,
  `${'1 '.repeat(MB / 2)}`,
  `[${'1,'.repeat(99_999)}1]`,
  ...PROTO_PAYLOADS,
  // Listings of 60,000 unreadable rows, in each venue's envelope: every row is described in `skipped`.
  ...[
    ['{"openOrders":', '}'],
    ['{"success":true,"data":', '}'],
    ['{"code":0,"data":', '}'],
    ['{"success":true,"code":0,"data":{"bids":[],"asks":', '}}'],
    ['{"table":"order","data":', '}'],
    ['{"biz":"futures","type":"order","data":', '}'],
  ].map(([head, tail]) => `${head}${ROW_FLOOD}${tail}`),
];

export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
];

/** Primitive and small hostile values. */
export const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    true,
    false,
    0,
    -0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.MAX_SAFE_INTEGER + 2,
    2 ** 64,
    1e-320,
    '',
    ' ',
    '0',
    '-0',
    '1e3',
    '0x10',
    DIGITS_400,
    `-${DIGITS_400}`,
    `0.${DIGITS_400}`,
    '\ud800',
    '\udc00x',
    'BUY',
    'SELL',
    'buy',
    'Untouched',
    'CANCELED_BY_USER',
    ...HOSTILE_KEYS,
    [],
    {},
  ),
  fc.constantFrom<unknown>(
    rawJson(DIGITS_400),
    rawJson(`-${DIGITS_400}.5`),
    rawJson('1e400'),
    rawJson('-0'),
    rawJson('1.0'),
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.double(),
  fc.integer(),
  fc.bigInt().map((n) => n.toString()),
);

const hostileKey = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...HOSTILE_KEYS));

/** Random structures with hostile keys and leaves (no functions: JSON bodies cannot hold them). */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileLeaf },
  {
    weight: 3,
    arbitrary: fc.jsonValue({ maxDepth: 4 }),
  },
  {
    weight: 2,
    arbitrary: fc.dictionary(hostileKey, hostileLeaf, { maxKeys: 6 }).map((entries) => {
      // fc.dictionary may set `__proto__` as the prototype; make every key own, as JSON.parse does.
      const out: Record<string, unknown> = {};
      for (const key of Reflect.ownKeys(entries)) {
        if (typeof key === 'string') withOwnKey(out, key, (entries as Record<string, unknown>)[key]);
      }
      return out;
    }),
  },
  { weight: 1, arbitrary: fc.array(hostileLeaf, { maxLength: 5 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      deepArray(),
      'x'.repeat(MB),
      DIGITS_400.repeat(100),
      withOwnKey({}, '__proto__', { polluted: 'yes' }),
      { constructor: { prototype: { polluted: 'yes' } } },
      Object.create(null),
      new Date(0),
      new Map([['a', 1]]),
      Object.assign(new Array(3), { 2: 1 }),
      Symbol('s'),
      10n,
    ),
  },
);

/** Any text: random strings, JSON of random values, and the special texts. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 50 }) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 2, arbitrary: hostileValue.map(safeStringify) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_TEXTS) },
);

export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    try {
      return String(value);
    } catch {
      // A null-prototype object, or nesting past the stack: stand in a hostile text of its own.
      return deepArrayText();
    }
  }
}

// ------------------------------------------------------------- fixtures ---

/** Every JSON (and JSON lines / text) fixture under tests/fixtures/<venue>, as text. */
export function fixtureTexts(venue: string): string[] {
  const root = join(import.meta.dirname, '..', 'fixtures', venue);
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.jsonl'))
        out.push(
          ...readFileSync(path, 'utf8')
            .split('\n')
            .filter((l) => l.trim()),
        );
      else if (name.endsWith('.json') || name.endsWith('.txt')) out.push(readFileSync(path, 'utf8').trim());
    }
  };
  walk(root);
  return out;
}

/** Every fixture value and every object/array inside it (so a listing's rows and a frame's payload seed too). */
export function fixtureValues(venue: string): unknown[] {
  const values: unknown[] = [];
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    values.push(value);
    for (const child of Object.values(value)) visit(child);
  };
  for (const text of fixtureTexts(venue)) {
    try {
      visit(JSON.parse(text));
    } catch {
      // a text fixture (keepalive), seeded as text only
    }
  }
  return values;
}

function clone(value: unknown): unknown {
  // JSON.parse keeps an own `__proto__` key own.
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

type Path = (string | number)[];

function containerPaths(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return out;
  out.push(path);
  if (out.length > 200) return out;
  for (const [key, child] of Object.entries(value)) {
    containerPaths(child, [...path, Array.isArray(value) ? Number(key) : key], out);
  }
  return out;
}

function at(root: unknown, path: Path): Record<string | number, unknown> | undefined {
  let node: unknown = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = Object.getOwnPropertyDescriptor(node, key)?.value;
  }
  return typeof node === 'object' && node !== null && !Object.isFrozen(node)
    ? (node as Record<string | number, unknown>)
    : undefined;
}

/** A private copy of a generated value when it is plain data (constants must not be mutated in place). */
function own(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype) return value;
  try {
    return clone(value);
  } catch {
    return value;
  }
}

type Mutation =
  | { kind: 'drop'; pick: number; key: number }
  | { kind: 'replace'; pick: number; key: number; value: unknown }
  | { kind: 'retype'; pick: number; key: number }
  | { kind: 'inject'; pick: number; key: string; value: unknown }
  | { kind: 'deepen'; pick: number; key: number; depth: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), pick: fc.nat(), key: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), key: fc.nat(), value: hostileValue }),
  fc.record({ kind: fc.constant('retype' as const), pick: fc.nat(), key: fc.nat() }),
  fc.record({
    kind: fc.constant('inject' as const),
    pick: fc.nat(),
    key: fc.constantFrom(...HOSTILE_KEYS),
    value: fc.constantFrom<unknown>({ polluted: 'yes' }, 'yes', 1, null, { prototype: { polluted: 'yes' } }),
  }),
  fc.record({
    kind: fc.constant('deepen' as const),
    pick: fc.nat(),
    key: fc.nat(),
    depth: fc.constantFrom(1, 2, 50, DEEP),
  }),
);

function retype(value: unknown): unknown {
  if (typeof value === 'string')
    return /^-?(0|[1-9]\d*)(\.\d+)?$/.test(value) ? rawJson(value) : value.length;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 0;
  if (Array.isArray(value)) return { ...value };
  if (value === null) return {};
  if (typeof value === 'object') return Object.values(value);
  return null;
}

function wrap(value: unknown, depth: number): unknown {
  let out = value;
  for (let i = 0; i < depth; i++) out = [out];
  return out;
}

function apply(root: unknown, m: Mutation): unknown {
  const paths = containerPaths(root);
  if (paths.length === 0) return m.kind === 'replace' ? m.value : root;
  const path = paths[m.pick % paths.length] ?? [];
  const node = at(root, path);
  if (node === undefined) return root;
  const keys = Object.keys(node);
  if (m.kind === 'inject') {
    withOwnKey(node, m.key, own(m.value));
    return root;
  }
  if (keys.length === 0) return root;
  const key = keys[m.key % keys.length] as string;
  const slot: string | number = Array.isArray(node) && /^\d+$/.test(key) ? Number(key) : key;
  switch (m.kind) {
    case 'drop':
      // No splice: an injected own `constructor` key breaks Array species lookup.
      if (Array.isArray(node) && /^\d+$/.test(key) && node.length > 0) {
        for (let i = Number(key); i < node.length - 1; i++) node[i] = node[i + 1];
        node.length -= 1;
      } else delete node[key];
      break;
    case 'replace':
      withOwnKey(node, String(slot), own(m.value));
      break;
    case 'retype':
      withOwnKey(node, String(slot), retype(Object.getOwnPropertyDescriptor(node, slot)?.value));
      break;
    case 'deepen':
      withOwnKey(node, String(slot), wrap(Object.getOwnPropertyDescriptor(node, slot)?.value, m.depth));
      break;
  }
  return root;
}

/** A fixture value with 1–4 structural mutations applied (to a copy). */
export function mutatedValue(seeds: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([seed, mutations]) => mutations.reduce((value, m) => apply(value, m), clone(seed)));
}

/** Fixture-shaped text: the whole fixture, a mutated fixture, or a fixture cut short / padded. */
export function mutatedText(texts: readonly string[], seeds: readonly unknown[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...texts) },
    { weight: 5, arbitrary: mutatedValue(seeds).map(safeStringify) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...texts), fc.nat())
        .map(([text, cut]) => text.slice(0, cut % (text.length + 1))),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...texts), fc.constantFrom(' '.repeat(MB), '\ud800', '\u0000', '}', ']'))
        .map(([text, pad]) => text + pad),
    },
  );
}

/** What a venue parser gets: fixture-shaped text most of the time, anything else the rest. */
export function venueText(venue: string): fc.Arbitrary<string> {
  const texts = fixtureTexts(venue);
  const seeds = fixtureValues(venue);
  return fc.oneof({ weight: 3, arbitrary: mutatedText(texts, seeds) }, { weight: 2, arbitrary: hostileText });
}

/** The same for parsers that take an already-parsed value. */
export function venueValue(venue: string): fc.Arbitrary<unknown> {
  const seeds = fixtureValues(venue);
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...seeds) },
    { weight: 4, arbitrary: mutatedValue(seeds) },
    { weight: 2, arbitrary: hostileValue },
  );
}

/** Ids, markets, tags and amounts as a caller might hand a request builder: real-looking and hostile. */
export const hostileId: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^\d{1,30}$/),
  fc.stringMatching(/^[A-Z]{2,6}-[A-Z]{2,5}(-SWAP-LIN)?$/),
  fc.stringMatching(/^(0x)?[0-9a-fA-F]{64}$/),
  fc.uuid(),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '',
    '"',
    '\\',
    '","x":"',
    '"}],"orderId":1,"x":[{"',
    '\u2028\u2029',
    '\ud800',
    '\udfff\ud800',
    '\u0000',
    '&market=ALL',
    '../../admin',
    '#frag',
    '?q=1',
    'a b',
    '007',
    '00',
    DIGITS_400,
    `${DIGITS_400}.5`,
    '-1',
    '1e3',
    'x'.repeat(MB),
    '9'.repeat(MB),
    ...HOSTILE_KEYS,
  ),
);
