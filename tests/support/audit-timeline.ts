/**
 * When a timing-sensitive integration test fails (most often on a loaded CI machine), the audit log says
 * what the engine did and when: each entry's time from the test's start, its type, how many keys it
 * covered, and what the venue or the reconcile decided. Printed only on failure, so a red run explains
 * itself instead of needing a local reproduction. The audit log holds no secrets by design.
 */
import { onTestFailed } from 'vitest';
import type { AuditEntry } from '../../main/core/audit-log.ts';

const MAX_LINES = 200;

/** One line per entry, `+ms type keys=n …`; `marks` adds test milestones (e.g. "gateway back") in time order. */
export function auditTimeline(
  entries: readonly AuditEntry[],
  startedAt: number,
  marks: Map<string, number>,
): string {
  const lines = entries.map((entry) => ({ t: entry.t, text: entryLine(entry) }));
  for (const [label, t] of marks) lines.push({ t, text: `— ${label} —` });
  const text = lines
    .sort((a, b) => a.t - b.t)
    .map((line) => `+${String(line.t - startedAt).padStart(6)} ms ${line.text}`);
  // A long outage retries for many seconds; the end of the run is what explains a late finish.
  const omitted = text.length - MAX_LINES;
  return (omitted > 0 ? [`(${omitted} earlier lines omitted)`, ...text.slice(omitted)] : text).join('\n');
}

function entryLine(entry: AuditEntry): string {
  const record = entry as unknown as Record<string, unknown>;
  const keys = Array.isArray(record.keys) ? ` keys=${record.keys.length}` : '';
  const detail: string[] = [];
  if (Array.isArray(record.outcomes)) detail.push(`outcomes=${tally(record.outcomes.map(outcomeText))}`);
  if (record.decisions && typeof record.decisions === 'object')
    detail.push(`decisions=${tally(Object.values(record.decisions as Record<string, string>))}`);
  if (typeof record.listed === 'number') detail.push(`listed=${record.listed}`);
  if (typeof record.error === 'string') detail.push(`error=${record.error}`);
  return `${entry.type}${keys}${detail.length > 0 ? ` ${detail.join(' ')}` : ''}`;
}

function outcomeText(outcome: unknown): string {
  const value = outcome as { kind?: string; error?: { category?: string; code?: string } };
  return value.error ? `${value.kind}:${value.error.category}/${value.error.code}` : String(value.kind);
}

function tally(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => `${value}×${count}`).join(',');
}

/**
 * Prints the audit timeline if the current test fails. Returns `mark(label)` to note a milestone; `extra`
 * adds whatever else explains the run (e.g. the simulator's request counts).
 */
export function printAuditOnFailure(
  audit: { readonly entries: readonly AuditEntry[] },
  extra?: () => unknown,
): (label: string) => void {
  const startedAt = Date.now();
  const marks = new Map<string, number>();
  onTestFailed(() => {
    const more = extra ? `\n${JSON.stringify(extra())}` : '';
    console.error(
      `audit timeline of the failed test:\n${auditTimeline(audit.entries, startedAt, marks)}${more}`,
    );
  });
  return (label) => marks.set(label, Date.now());
}
