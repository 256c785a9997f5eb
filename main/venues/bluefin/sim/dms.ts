/**
 * The simulator's dead-man switch: per account and market, a countdown set by `POST
 * /dead-man-switch/dms-countdown` and read by `GET`; `countDown: 0` removes it; when one runs out the
 * simulator cancels that market's resting orders of the account (the caller's `onExpire`, which pushes
 * the same stream events as any cancel). It keeps counting through a gateway outage or a silent link —
 * that is the point of it. `setAvailable(false)` answers 503, as the venue does when the feature is off.
 */
import { z } from 'zod';
import { tryParseJsonLossless } from '../../../core/json.ts';
import { countdownFromWire, countdownToWire } from '../dms.ts';

/** (assumed) What the venue says of a symbol it does not list; the sim lists `<BASE>-PERP` symbols. */
export const SIM_DMS_INVALID_SYMBOL = 'Invalid symbol';
const MARKET_PATTERN = /^[A-Z0-9]{1,20}-PERP$/;

const resetSchema = z.object({
  countDowns: z
    .array(z.object({ symbol: z.string().min(1).max(100), countDown: z.number().int().min(0) }))
    .max(1000),
  parentAddress: z.string().optional(),
});

export interface SimDmsReply {
  status: number;
  body: unknown;
}

export interface SimDms {
  /** One request to the endpoint; `address` is the authenticated account. */
  handle(address: string, method: string, query: URLSearchParams, body: string): SimDmsReply;
  /** false: every request is answered 503 (the feature is unavailable); countdowns already set keep running. */
  setAvailable(available: boolean): void;
  /** Every reset of these markets fails with `reason` (undefined: none fails). */
  failResets(reason: string | undefined): void;
  /** The countdowns an account has now: market → when it runs out (ms epoch). */
  countdowns(address: string): Map<string, number>;
  /** POST requests answered so far (refreshes included). */
  readonly resets: number;
  clear(): void;
}

export function createSimDms(options: {
  normaliseAddress(address: string): string;
  onExpire(address: string, market: string): void;
  now?: () => number;
}): SimDms {
  const now = options.now ?? Date.now;
  /** `<address> <market>` → expiry and its timer. */
  const timers = new Map<
    string,
    { address: string; market: string; expiresAt: number; timer: NodeJS.Timeout }
  >();
  let available = true;
  let failReason: string | undefined;
  let resets = 0;

  const keyOf = (address: string, market: string) => `${address} ${market}`;

  function remove(address: string, market: string): void {
    const key = keyOf(address, market);
    const entry = timers.get(key);
    if (entry) clearTimeout(entry.timer);
    timers.delete(key);
  }

  function arm(address: string, market: string, ms: number): void {
    remove(address, market);
    const key = keyOf(address, market);
    const timer = setTimeout(() => {
      timers.delete(key);
      options.onExpire(address, market);
    }, ms);
    timers.set(key, { address, market, expiresAt: now() + ms, timer });
  }

  function post(address: string, body: string): SimDmsReply {
    const json = tryParseJsonLossless(body);
    const parsed = json.ok ? resetSchema.safeParse(json.value) : undefined;
    if (!parsed?.success)
      return { status: 400, body: { error: { code: 1000, message: 'Bad Request', data: null } } };
    const { countDowns, parentAddress } = parsed.data;
    // (assumed) Sub-accounts are not simulated: a parentAddress must be the account itself.
    if (parentAddress !== undefined && options.normaliseAddress(parentAddress) !== address) {
      return { status: 401, body: { error: { code: 3001, message: 'Unauthorized', data: null } } };
    }
    resets++;
    const acceptedToReset: string[] = [];
    const failedReset: { symbol: string; reason: string }[] = [];
    for (const { symbol, countDown } of countDowns) {
      if (!MARKET_PATTERN.test(symbol)) failedReset.push({ symbol, reason: SIM_DMS_INVALID_SYMBOL });
      else if (failReason !== undefined) failedReset.push({ symbol, reason: failReason });
      else {
        const ms = countdownFromWire(countDown);
        if (ms === 0) remove(address, symbol);
        else arm(address, symbol, ms);
        acceptedToReset.push(symbol);
      }
    }
    return { status: 201, body: { acceptedToReset, failedReset } };
  }

  function get(address: string, query: URLSearchParams): SimDmsReply {
    const symbol = query.get('symbol');
    const at = now();
    const countDowns = [...timers.values()]
      .filter((entry) => entry.address === address && (!symbol || entry.market === symbol))
      .map((entry) => ({
        symbol: entry.market,
        countDown: countdownToWire(Math.max(0, entry.expiresAt - at)),
      }));
    return { status: 200, body: { countDowns, timestamp: at } };
  }

  return {
    handle(address, method, query, body) {
      if (!available) {
        return { status: 503, body: { error: { code: 503, message: 'Service Unavailable', data: null } } };
      }
      if (method === 'POST') return post(address, body);
      if (method === 'GET') return get(address, query);
      return { status: 404, body: { error: { code: 1004, message: 'Not Found', data: null } } };
    },
    setAvailable(next) {
      available = next;
    },
    failResets(reason) {
      failReason = reason;
    },
    countdowns(address) {
      const result = new Map<string, number>();
      for (const entry of timers.values())
        if (entry.address === address) result.set(entry.market, entry.expiresAt);
      return result;
    },
    get resets() {
      return resets;
    },
    clear() {
      for (const entry of timers.values()) clearTimeout(entry.timer);
      timers.clear();
    },
  };
}
