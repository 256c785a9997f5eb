/**
 * The OS-wide panic shortcut's settings (no Electron here, so they are unit
 * tested): `<userData>/panic-shortcut.json`, overridden by the environment.
 *
 *   { "accelerator": "CommandOrControl+Alt+Shift+X", "policy": "confirm" }
 *
 * - policy `confirm` (default): the shortcut brings the blotter to the front
 *   and opens the "Cancel ALL" confirmation (Enter or Y confirms).
 * - policy `immediate`: the shortcut cancels every open order at once, even
 *   with the window in the background, and says so in an OS notification.
 * - accelerator `off` disables the shortcut.
 * Environment: BLOTTER_PANIC_SHORTCUT (an accelerator or `off`), BLOTTER_PANIC_POLICY.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const DEFAULT_PANIC_ACCELERATOR = 'CommandOrControl+Alt+Shift+X';
export const PANIC_CONFIG_FILE = 'panic-shortcut.json';

export type PanicPolicy = 'confirm' | 'immediate';

export interface PanicConfig {
  /** Electron accelerator, or null when the shortcut is off. */
  accelerator: string | null;
  policy: PanicPolicy;
}

const ACCELERATOR = /^[A-Za-z0-9+\-=[\];',./`\\ ]{1,60}$/;
const policySchema = z.enum(['confirm', 'immediate']);
const fileSchema = z
  .object({
    accelerator: z.string().regex(ACCELERATOR).optional(),
    policy: policySchema.optional(),
  })
  .strict();

function acceleratorFrom(value: string | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'off') return null;
  return ACCELERATOR.test(trimmed) ? trimmed : undefined;
}

/** Parses the file's text and the environment; anything invalid falls back to the default, with a warning. */
export function resolvePanicConfig(
  fileText: string | undefined,
  env: Record<string, string | undefined>,
): { config: PanicConfig; warnings: string[] } {
  const warnings: string[] = [];
  const config: PanicConfig = { accelerator: DEFAULT_PANIC_ACCELERATOR, policy: 'confirm' };
  if (fileText !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(fileText);
    } catch {
      warnings.push(`${PANIC_CONFIG_FILE} is not JSON; using the defaults`);
    }
    if (raw !== undefined) {
      const parsed = fileSchema.safeParse(raw);
      if (!parsed.success)
        warnings.push(`${PANIC_CONFIG_FILE}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      else {
        const accelerator = acceleratorFrom(parsed.data.accelerator);
        if (accelerator !== undefined) config.accelerator = accelerator;
        if (parsed.data.policy) config.policy = parsed.data.policy;
      }
    }
  }
  const envAccelerator = acceleratorFrom(env.BLOTTER_PANIC_SHORTCUT);
  if (env.BLOTTER_PANIC_SHORTCUT !== undefined && envAccelerator === undefined) {
    warnings.push('BLOTTER_PANIC_SHORTCUT is not an accelerator; ignored');
  } else if (envAccelerator !== undefined) config.accelerator = envAccelerator;
  if (env.BLOTTER_PANIC_POLICY !== undefined) {
    const policy = policySchema.safeParse(env.BLOTTER_PANIC_POLICY);
    if (policy.success) config.policy = policy.data;
    else warnings.push('BLOTTER_PANIC_POLICY must be confirm or immediate; ignored');
  }
  return { config, warnings };
}

export function loadPanicConfig(dataDir: string, env: Record<string, string | undefined> = process.env) {
  let text: string | undefined;
  try {
    text = readFileSync(join(dataDir, PANIC_CONFIG_FILE), 'utf8');
  } catch {
    text = undefined; // no file: defaults
  }
  return resolvePanicConfig(text, env);
}
