/**
 * Structured logging for main and the core. Fields whose names look like
 * credentials are replaced before anything is written, as a second line of
 * defence: callers must not pass secrets in the first place.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(context: LogFields): Logger;
}

const SECRET_FIELD =
  /secret|private|password|passphrase|token|signature|apikey|api_key|mnemonic|seed|credential/i;
const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_FIELD.test(key)) out[key] = '[redacted]';
    else if (value instanceof Error) out[key] = value.message;
    else if (value && typeof value === 'object' && !Array.isArray(value))
      out[key] = redact(value as LogFields);
    else out[key] = value;
  }
  return out;
}

/** BLOTTER_LOG_LEVEL=debug|info|warn|error; anything else means info. */
export function logLevelFromEnv(value: string | undefined): LogLevel {
  return value === 'debug' || value === 'warn' || value === 'error' ? value : 'info';
}

export type LogSink = (line: string) => void;

export function createLogger(
  options: { level?: LogLevel; sink?: LogSink; context?: LogFields } = {},
): Logger {
  const minimum = LEVEL_ORDER[options.level ?? 'info'];
  const sink = options.sink ?? ((line: string) => process.stderr.write(`${line}\n`));
  const context = options.context ?? {};
  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    if (LEVEL_ORDER[level] < minimum) return;
    sink(
      JSON.stringify({ t: new Date().toISOString(), level, message, ...redact({ ...context, ...fields }) }),
    );
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (extra) => createLogger({ ...options, context: { ...context, ...extra } }),
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = createLogger({ sink: () => {} });
