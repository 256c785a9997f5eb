/**
 * Runs the benchmarks and records the results.
 *
 *   node bench/run.ts            full runs → bench/results/<bench>.json + the table in bench/README.md;
 *                                each benchmark runs 3 times, fresh, and every figure recorded is the
 *                                median of the 3 with its spread and the load average at each run's start
 *   node bench/run.ts --smoke    small, quick runs → bench/results/tmp/ (not committed); checks only
 *                                that every bench ran and produced numbers (no timing thresholds)
 *   node bench/run.ts --only render,memory
 *
 * Needs the built renderer (`npm run build`) and Chromium at /usr/bin/chromium
 * (BLOTTER_CHROMIUM overrides). Benchmarks run one after another: they share
 * the machine's cores.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { benchCancelAll } from './cancel-all.ts';
import { benchKeypress } from './keypress.ts';
import { launchBrowser } from './lib/browser.ts';
import { ROOT } from './lib/child.ts';
import { type BenchResult, repeatBench } from './lib/repeat.ts';
import { benchMemory } from './memory.ts';
import { benchPeers } from './peer-grids.ts';
import { benchRender } from './render.ts';
import { renderTable } from './table.ts';
import { benchWire } from './wire.ts';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',')) : null;

/** Runs of each benchmark: every figure is the median, recorded with each run and the spread. Smoke runs once. */
const RUNS = smoke ? 1 : 3;

const BENCHES = {
  render: () =>
    smoke
      ? benchRender({ orders: 1_000, rate: 400, seconds: 2 })
      : benchRender({ orders: 10_000, rate: 2_000, seconds: 10 }),
  // The same load on a book five times larger: the frame must not grow with the book.
  'render-50k': () =>
    smoke
      ? benchRender({ orders: 2_000, rate: 400, seconds: 2 })
      : benchRender({ orders: 50_000, rate: 2_000, seconds: 10 }),
  keypress: () =>
    smoke
      ? benchKeypress({ cancels: 10, orders: 40, activityMs: 0 })
      : benchKeypress({ cancels: 200, orders: 260, activityMs: 0 }),
  'cancel-all': () =>
    benchCancelAll({
      orders: smoke ? 50 : 1_000,
      faults: { latencyMs: 0, confirmDelayMs: 50 },
      nativeBulk: true,
    }),
  'cancel-all-single': () =>
    benchCancelAll({
      orders: smoke ? 50 : 1_000,
      faults: { latencyMs: 0, confirmDelayMs: 50 },
      nativeBulk: false,
    }),
  // A Rails retail account (230 cancels a minute after the lookups' share): 460 orders are two windows one by one.
  'rails-retail': () =>
    benchCancelAll({
      orders: smoke ? 20 : 460,
      faults: { latencyMs: 0, confirmDelayMs: 50 },
      nativeBulk: true,
      venues: ['rails'],
    }),
  'rails-retail-single': () =>
    benchCancelAll({
      orders: smoke ? 20 : 460,
      faults: { latencyMs: 0, confirmDelayMs: 50 },
      nativeBulk: false,
      venues: ['rails'],
    }),
  memory: () => benchMemory({ orderCounts: smoke ? [1_000, 2_000] : [10_000, 50_000] }),
  wire: () => (smoke ? benchWire({ cancels: 5, warmup: 2 }) : benchWire({ cancels: 150, warmup: 20 })),
  // Last: it sets each peer grid beside our render and memory figures of this run (read from outDir).
  peers: () =>
    benchPeers(
      smoke
        ? { orders: 1_000, rate: 400, seconds: 1, peers: ['ag-grid', 'glide'], resultsDir: outDir }
        : {
            orders: 10_000,
            rate: 2_000,
            seconds: 10,
            peers: ['ag-grid', 'ag-grid-append', 'glide'],
            resultsDir: outDir,
          },
    ),
} as const satisfies Record<string, () => Promise<BenchResult>>;

type BenchName = keyof typeof BENCHES;

/** Benchmarks that need Chromium and the built renderer. */
const IN_BROWSER: ReadonlySet<BenchName> = new Set(['render', 'render-50k', 'keypress', 'memory', 'peers']);
const selected = (Object.keys(BENCHES) as BenchName[]).filter((name) => !only || only.has(name));
const needsBrowser = selected.some((name) => IN_BROWSER.has(name));

/** Every number in the metrics is finite and at least one count is positive: the bench really ran. */
function producedNumbers(value: unknown): boolean {
  const numbers: number[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'number') numbers.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(walk);
  };
  walk(value);
  return numbers.length > 0 && numbers.every(Number.isFinite) && numbers.some((n) => n > 0);
}

async function machine() {
  let chromium = 'not used';
  if (needsBrowser) {
    const browser = await launchBrowser();
    chromium = browser.version();
    await browser.close();
  }
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    chromium,
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

const outDir = join(ROOT, 'bench', 'results', smoke ? 'tmp' : '');
if (needsBrowser && !existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
  process.stderr.write('bench: no built renderer in out/renderer: run `npm run build` first\n');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const env = await machine();
let failed = 0;
for (const name of selected) {
  const started = performance.now();
  process.stdout.write(`bench ${name}${smoke ? ' (smoke)' : ` (${RUNS} runs)`}: running…\n`);
  try {
    const result = await repeatBench<BenchResult>(RUNS, BENCHES[name]);
    const record = {
      bench: name,
      smoke,
      measuredAt: new Date().toISOString(),
      durationS: Math.round((performance.now() - started) / 100) / 10,
      machine: env,
      ...result,
    };
    writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
    if (!producedNumbers(result.metrics)) throw new Error('the bench produced no numbers');
    process.stdout.write(`bench ${name}: ${JSON.stringify(result.metrics)}\n`);
  } catch (err) {
    failed++;
    process.stderr.write(
      `bench ${name}: FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
}

if (!smoke) {
  const readme = join(ROOT, 'bench', 'README.md');
  const text = readFileSync(readme, 'utf8');
  const table = renderTable(join(ROOT, 'bench', 'results'));
  const start = '<!-- results:start -->';
  const end = '<!-- results:end -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) {
    writeFileSync(readme, `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
