/**
 * Bluefin's dead-man switch ("cancel on disconnect"), as the official TS client calls it
 * (`resetCancelOnDisconnectTimer` / `getCancelOnDisconnectTimer`): `POST {dmsURL}/dms-countdown`
 * with `{countDowns:[{symbol, countDown}], parentAddress?}` answers `{acceptedToReset, failedReset}`;
 * `GET {dmsURL}/dms-countdown?symbol&parentAddress` answers `{countDowns, timestamp}`; `countDown: 0`
 * removes a market's timer; 503 means the feature is unavailable. Bearer token and wallet header as on
 * every dAPI call; a 401 logs in again once. The unit of `countDown` is behind `countdownToWire` /
 * `countdownFromWire` (one assumed constant).
 */
import type { AxiosResponse } from 'axios';
import { z } from 'zod';
import { tryParseJsonLossless } from '../../core/json.ts';
import {
  type DeadManSwitch,
  type DeadManSwitchReply,
  type MarketCountdown,
  VenueCallError,
} from '../../core/venue.ts';
import { bodyText, type TextHttp, transportError } from '../shared/http.ts';
import {
  DEFAULT_RETRY_AFTER_MS,
  DMS_BASE_PATH,
  DMS_COUNTDOWN_PATH,
  DMS_COUNTDOWN_UNIT_MS,
  DMS_UNAVAILABLE_STATUS,
  WALLET_HEADER,
} from './constants.ts';
import { statusError } from './errors.ts';
import type { RequestPacer } from './pacer.ts';
import type { BluefinSession } from './session.ts';

/** Milliseconds → the venue's `countDown` (whole units, never negative). */
export function countdownToWire(ms: number): number {
  return Math.max(0, Math.round(ms / DMS_COUNTDOWN_UNIT_MS));
}

/** The venue's `countDown` → milliseconds. */
export function countdownFromWire(countDown: number): number {
  return countDown * DMS_COUNTDOWN_UNIT_MS;
}

/** The dmsURL of an account: its dAPI base plus `/dead-man-switch` (see constants.ts). */
export function dmsUrlFor(restUrl: string): string {
  return `${restUrl.replace(/\/+$/, '')}${DMS_BASE_PATH}`;
}

const symbolSchema = z.string().min(1).max(100);
const countDownSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const dmsResetReplySchema = z.object({
  acceptedToReset: z.array(symbolSchema).max(1000),
  failedReset: z.array(z.object({ symbol: symbolSchema, reason: z.string().max(500) })).max(1000),
});

export const dmsCountdownsSchema = z.object({
  countDowns: z.array(z.object({ symbol: symbolSchema, countDown: countDownSchema })).max(1000),
  timestamp: z.number().int().nonnegative(),
});

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function parse<T>(text: string, schema: z.ZodType<T>, what: string): Parsed<T> {
  const json = tryParseJsonLossless(text);
  if (!json.ok) return { ok: false, error: `${what}: not JSON` };
  const parsed = schema.safeParse(json.value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || what}: ${issue.message}`)
    .join('; ');
  return { ok: false, error: `${what}: ${issues}` };
}

/** The reply to `POST /dms-countdown`, in market terms. */
export function parseDmsResetReply(text: string): Parsed<DeadManSwitchReply> {
  const reply = parse(text, dmsResetReplySchema, 'POST /dms-countdown');
  if (!reply.ok) return reply;
  return {
    ok: true,
    value: {
      accepted: reply.value.acceptedToReset,
      failed: reply.value.failedReset.map((item) => ({ market: item.symbol, reason: item.reason })),
    },
  };
}

/** The reply to `GET /dms-countdown`: each market's countdown in ms, and the venue's clock. */
export function parseDmsCountdowns(text: string): Parsed<{ countdowns: MarketCountdown[]; at: number }> {
  const reply = parse(text, dmsCountdownsSchema, 'GET /dms-countdown');
  if (!reply.ok) return reply;
  return {
    ok: true,
    value: {
      countdowns: reply.value.countDowns.map((item) => ({
        market: item.symbol,
        countdownMs: countdownFromWire(item.countDown),
      })),
      at: reply.value.timestamp,
    },
  };
}

/** The request body the official client sends (`PostTimerAttributes`). */
export function dmsResetBody(countdowns: readonly MarketCountdown[]): {
  countDowns: { symbol: string; countDown: number }[];
} {
  return {
    countDowns: countdowns.map((item) => ({
      symbol: item.market,
      countDown: countdownToWire(item.countdownMs),
    })),
  };
}

export interface BluefinDmsOptions {
  restUrl: string;
  session: BluefinSession;
  http: TextHttp;
  pacer: RequestPacer;
  onMalformed(description: string): void;
}

export function createBluefinDms(options: BluefinDmsOptions): DeadManSwitch {
  const { session, http } = options;
  const base = dmsUrlFor(options.restUrl);

  async function send(method: 'GET' | 'POST', query: string, body?: unknown): Promise<string> {
    const url = `${base}${DMS_COUNTDOWN_PATH}${query}`;
    const attempt = async (token: string): Promise<AxiosResponse> => {
      await options.pacer.acquire();
      try {
        const response = await http.request({
          method,
          url,
          data: body === undefined ? undefined : JSON.stringify(body),
          headers: {
            Authorization: `Bearer ${token}`,
            [WALLET_HEADER]: session.address ?? '',
            'Content-Type': 'application/json',
          },
        });
        if (response.status === 429)
          options.pacer.pause(statusError(response).retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
        return response;
      } catch (err) {
        options.pacer.failed(transportError(err));
      }
    };
    const first = await session.token();
    let response = await attempt(first);
    if (response.status === 401) {
      session.invalidate(first);
      response = await attempt(await session.token());
    }
    if (response.status === DMS_UNAVAILABLE_STATUS) {
      throw new VenueCallError({
        category: 'maintenance',
        code: 'dms_unavailable',
        message: 'the dead-man switch is currently unavailable at the venue (503)',
      });
    }
    if (response.status < 200 || response.status >= 300) throw new VenueCallError(statusError(response));
    return bodyText(response);
  }

  function malformed(description: string): never {
    options.onMalformed(description);
    throw new VenueCallError({ category: 'network', code: 'malformed_reply', message: description });
  }

  return {
    async reset(countdowns) {
      if (countdowns.length === 0) return { accepted: [], failed: [] };
      const parsed = parseDmsResetReply(await send('POST', '', dmsResetBody(countdowns)));
      if (!parsed.ok) malformed(parsed.error);
      return parsed.value;
    },
    async read(market) {
      const query = new URLSearchParams();
      if (market !== undefined) query.set('symbol', market);
      const text = await send('GET', query.size > 0 ? `?${query.toString()}` : '');
      const parsed = parseDmsCountdowns(text);
      if (!parsed.ok) malformed(parsed.error);
      return parsed.value;
    },
  };
}
