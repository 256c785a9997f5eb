import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The `electronFuses:` block of electron-builder.yml as key → value (flat YAML, two-space indent). */
function fuses(): Record<string, string> {
  const text = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
  const lines = text.split('\n');
  const start = lines.indexOf('electronFuses:');
  if (start < 0) return {};
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}([A-Za-z]+):\s*(\S+)\s*(#.*)?$/.exec(line);
    if (!match) break;
    out[match[1] as string] = match[2] as string;
  }
  return out;
}

describe('packaged binary', () => {
  it('has every fuse the security checklist asks for', () => {
    expect(fuses()).toMatchObject({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
    });
  });
});
