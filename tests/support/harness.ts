/**
 * Per-test housekeeping for the integration suites: cleanups run after each
 * test (newest first), and loggers whose every line is checked afterwards
 * for the secrets (and secret-shaped patterns) it must never contain.
 */
import { afterEach, expect } from 'vitest';
import { createLogger, type Logger } from '../../main/core/log.ts';

const cleanups: (() => Promise<void> | void)[] = [];
const logs: { lines: string[]; secrets: string[]; forbidden: RegExp[] }[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const { lines, secrets, forbidden } of logs.splice(0)) {
    const text = lines.join('\n');
    for (const secret of secrets) expect(text).not.toContain(secret);
    for (const pattern of forbidden) expect(text).not.toMatch(pattern);
  }
});

/** Runs `cleanup` after the current test, before the log checks. */
export function onCleanup(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

/** A debug-level logger for the current test; after it, no line may contain a secret or match a pattern. */
export function secretCheckedLogger(secrets: string[], forbidden: RegExp[] = []): Logger {
  const lines: string[] = [];
  logs.push({ lines, secrets, forbidden });
  return createLogger({ level: 'debug', sink: (line) => lines.push(line) });
}
