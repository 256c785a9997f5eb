/**
 * `npm run fuzz`: the fuzz suites with a long budget (FUZZ_RUNS=5000 unless set), on any OS (no shell
 * `VAR=value` syntax). Extra arguments go to vitest; FUZZ_SEED / FUZZ_STRICT / FUZZ_BUDGET_MS pass through.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const result = spawnSync(
  process.execPath,
  [vitest, 'run', '--config', 'tests/vitest.config.ts', 'tests/fuzz', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '5000' } },
);
process.exit(result.status ?? 1);
