/** The results table of bench/README.md, built from bench/results/*.json. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { peerRows } from './peer-table.ts';

interface Row {
  bench: string;
  measure: string;
  value: string;
  target: string;
  verdict: string;
}

function read(dir: string, name: string): Record<string, unknown> | null {
  const file = join(dir, `${name}.json`);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

const num = (value: unknown): number => (typeof value === 'number' ? value : Number.NaN);
const ok = (pass: boolean) => (pass ? '✅' : '❌');

/** A figure's spread over the runs (bench/lib/repeat.ts), by its path in the metrics. */
function spreadAt(record: Record<string, unknown>, ...path: (string | number)[]): number {
  let value: unknown = record.spread;
  for (const step of path) {
    value =
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[step] : undefined;
  }
  return num(value);
}

/** "median of 3, spread 4 ms" (a single run says so instead). */
function ofRuns(record: Record<string, unknown>, spread: number, unit: string): string {
  const runs = num(record.runs);
  if (!(runs > 1)) return '1 run';
  return `median of ${runs}, spread ${Number.isFinite(spread) ? `${spread}${unit}` : '—'}`;
}

/** " (runs at load 0.4, 0.6, 0.5)": the 1-minute load average at the start of each run. */
function loads(record: Record<string, unknown>): string {
  const perRun = Array.isArray(record.perRun) ? (record.perRun as Record<string, unknown>[]) : [];
  if (perRun.length === 0) return '';
  return ` (load ${perRun.map((run) => num(run.loadAverage1m)).join(', ')})`;
}

/** The render bench's rows for one book size; `frameP95Ms` is that size's target. */
function renderRows(render: Record<string, unknown>, frameP95Ms: number, frameTarget: string): Row[] {
  const m = render.metrics as Record<string, unknown>;
  const p = render.params as Record<string, unknown>;
  const label = `render: ${num(p.orders).toLocaleString('en')} orders, ${num(p.rate).toLocaleString('en')} updates/s for ${num(p.seconds)} s`;
  return [
    {
      bench: label,
      measure: 'long tasks > 50 ms',
      value: `${num(m.longTasks)} (longest ${num(m.longestTaskMs)} ms; ${ofRuns(render, spreadAt(render, 'longTasks'), '')})`,
      target: '0',
      verdict: ok(num(m.longTasks) === 0),
    },
    {
      bench: '',
      measure: 'frame time p50 / p95 / max',
      value: `${num(m.frameP50Ms)} / ${num(m.frameP95Ms)} / ${num(m.frameMaxMs)} ms (p95 ${ofRuns(render, spreadAt(render, 'frameP95Ms'), ' ms')})`,
      target: frameTarget,
      verdict: ok(num(m.frameP95Ms) <= frameP95Ms),
    },
    {
      bench: '',
      measure: 'frames over 25 ms',
      value: `${num(m.droppedFramePct)} %`,
      target: '—',
      verdict: '',
    },
    {
      bench: '',
      measure: 'input delay p95 / max (keydown)',
      value: `${num(m.inputDelayP95Ms)} / ${num(m.inputDelayMaxMs)} ms (p95 ${ofRuns(render, spreadAt(render, 'inputDelayP95Ms'), ' ms')})`,
      target: '—',
      verdict: '',
    },
    {
      bench: '',
      measure: 'updates delivered',
      value: `${num(m.updatesSent).toLocaleString('en')} (${num(m.updatesPerSecond).toLocaleString('en')}/s)`,
      target: '',
      verdict: '',
    },
  ];
}

export function renderTable(dir: string): string {
  const rows: Row[] = [];
  const render = read(dir, 'render');
  if (render) rows.push(...renderRows(render, 16.7, 'p95 ≤ 16.7 ms (60 fps)'));
  const renderLarge = read(dir, 'render-50k');
  if (renderLarge) rows.push(...renderRows(renderLarge, 33, 'p95 ≤ 33 ms'));
  const keypress = read(dir, 'keypress');
  if (keypress) {
    const m = keypress.metrics as Record<string, unknown>;
    rows.push(
      {
        bench: `keypress → row cancelling (${num(m.cancels)} cancels)`,
        measure: 'painted p50 / p95',
        value: `${num(m.paintedP50Ms)} / ${num(m.paintedP95Ms)} ms (p95 ${ofRuns(keypress, spreadAt(keypress, 'paintedP95Ms'), ' ms')})`,
        target: 'p95 ≤ 16 ms',
        verdict: ok(num(m.paintedP95Ms) <= 16),
      },
      {
        bench: '',
        measure: 'committed to the DOM p50 / p95',
        value: `${num(m.committedP50Ms)} / ${num(m.committedP95Ms)} ms`,
        target: '—',
        verdict: '',
      },
      {
        bench: '',
        measure: "main's state in the row p50 / p95",
        value: `${num(m.confirmedP50Ms)} / ${num(m.confirmedP95Ms)} ms`,
        target: '—',
        verdict: '',
      },
    );
  }
  const cancelAllRuns: [name: string, title: string][] = [
    ['cancel-all', 'native bulk where the venue has it'],
    ['cancel-all-single', 'one cancel per order'],
    ['rails-retail', 'Rails retail account, native bulk'],
    ['rails-retail-single', 'Rails retail account, one cancel per order'],
  ];
  for (const [name, title] of cancelAllRuns) {
    const run = read(dir, name);
    if (!run) continue;
    const m = run.metrics as Record<string, unknown>;
    rows.push({
      bench: `${name}: ${num(m.orders).toLocaleString('en')} orders over ${num(m.venues)} venue${num(m.venues) === 1 ? '' : 's'}, ${title}`,
      measure: 'all final vs lower bound',
      value: `${(num(m.measuredMs) / 1000).toFixed(2)} s vs ${(num(m.boundMs) / 1000).toFixed(2)} s = ${num(m.ratio).toFixed(2)}× (${ofRuns(run, spreadAt(run, 'measuredMs'), ' ms')})`,
      // Below a second the bound is one call plus the confirmation delay: the ratio measures loopback
      // latency, not pacing, so it gets no verdict.
      target: num(m.boundMs) >= 1000 ? '≤ 1.1×' : '— (bound < 1 s)',
      verdict: num(m.boundMs) >= 1000 ? ok(num(m.ratio) <= 1.1) : '',
    });
    rows.push({
      bench: '',
      measure: 'time to flat (every account listed empty by its venue)',
      value: `${(num(m.flatMs) / 1000).toFixed(2)} s, flat on ${num(m.flatAccounts)}/${num(m.venues)}`,
      target: '—',
      verdict: '',
    });
    for (const venue of (m.perVenue as Record<string, unknown>[] | undefined) ?? []) {
      rows.push({
        bench: '',
        measure: `${String(venue.venue)}: ${num(venue.orders)} orders, ${num(venue.calls)} calls`,
        value: `${num(venue.measuredMs)} ms vs ${num(venue.boundMs)} ms`,
        target: '',
        verdict: '',
      });
    }
  }
  const memory = read(dir, 'memory');
  if (memory) {
    const m = memory.metrics as { points?: Record<string, unknown>[] };
    for (const [i, point] of (m.points ?? []).entries()) {
      rows.push({
        bench: i === 0 ? 'memory' : '',
        measure: `${num(point.orders).toLocaleString('en')} orders`,
        value: `main RSS ${num(point.mainRssMb)} MB · renderer JS heap ${num(point.rendererHeapUsedMb)} MB (heap ${ofRuns(memory, spreadAt(memory, 'points', i, 'rendererHeapUsedMb'), ' MB')})`,
        target: '—',
        verdict: '',
      });
    }
  }
  const wire = read(dir, 'wire');
  if (wire) {
    const m = wire.metrics as { cancels?: number; perVenue?: Record<string, unknown>[] };
    for (const [i, venue] of (m.perVenue ?? []).entries()) {
      const ours = venue.oursMs as Record<string, unknown>;
      const direct = venue.directMs as Record<string, unknown>;
      const ratio = num(venue.ratioP50);
      rows.push({
        bench:
          i === 0
            ? `call → wire: cancel call → first byte at the venue (${num(m.cancels)} cancels per path)`
            : '',
        measure: `${String(venue.venue)} (${String(venue.transport)}) p50 / p95: ours vs ${String(venue.direct)}`,
        value: `${num(ours.p50)} / ${num(ours.p95)} ms vs ${num(direct.p50)} / ${num(direct.p95)} ms = ${ratio.toFixed(2)}× (ours p50 ${ofRuns(wire, spreadAt(wire, 'perVenue', i, 'oursMs', 'p50'), ' ms')})`,
        target: venue.ccxt === true ? 'p50 ≤ 1.2× CCXT' : '—',
        verdict: venue.ccxt === true ? ok(ratio <= 1.2) : '',
      });
    }
  }
  const peers = read(dir, 'peers');
  rows.push(...peerRows(peers));
  const lines = ['| benchmark | measure | result | target | |', '| --- | --- | --- | --- | --- |'];
  for (const row of rows)
    lines.push(`| ${row.bench} | ${row.measure} | ${row.value} | ${row.target} | ${row.verdict} |`);
  const cancelAll = read(dir, 'cancel-all');
  const when = [
    render,
    renderLarge,
    keypress,
    ...cancelAllRuns.map(([name]) => read(dir, name)),
    memory,
    wire,
    peers,
  ]
    .filter((r): r is Record<string, unknown> => r !== null)
    .map((r) => `${String(r.bench)} ${String(r.measuredAt).slice(0, 16).replace('T', ' ')}${loads(r)}`)
    .join(', ');
  const env = (render ?? keypress ?? cancelAll ?? memory)?.machine as Record<string, unknown> | undefined;
  const machine = env
    ? `Machine: ${String(env.cpus)} × ${String(env.cpuModel)}, Node ${String(env.node)}, Chromium ${String(env.chromium)}. Each figure is the median of the runs named beside it; the load averages in brackets are the 1-minute ones at the start of each run.`
    : '';
  return `${lines.join('\n')}\n\nMeasured (UTC): ${when}. ${machine}`;
}
