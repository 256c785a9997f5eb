/**
 * One simulated OX.FUN WebSocket connection: greeting, text ping/pong,
 * `login` with signature and clock checks (the documented error codes),
 * `subscribe` to the order channel, and `cancelorder` / `cancelorders`
 * answered once per order with the request's tag.
 */
import { WebSocket } from 'ws';
import type { z } from 'zod';
import { tryParseJsonLossless } from '../../../core/json.ts';
import { signaturesEqual, wsLoginSignature } from '../auth.ts';
import {
  CANCEL_REPLY_EVENT,
  CODES,
  GREETING_EVENT,
  LOGIN_TIMESTAMP_WINDOW_MS,
  OPS,
  ORDER_TABLE,
  PING_TEXT,
  PONG_TEXT,
  TAG_MAX_LENGTH,
  WS_CANCEL_BATCH_MAX,
} from '../constants.ts';
import {
  cancelOrderCommandSchema,
  cancelOrdersCommandSchema,
  commandEnvelopeSchema,
  loginCommandSchema,
  type SimCancelEntry,
  subscribeCommandSchema,
} from './parse.ts';
import type { SimSession, SimVenue } from './types.ts';

const ERROR_TEXT: Record<string, string> = {
  [CODES.noAuthority]: 'Your operation authority is invalid',
  [CODES.badSignature]: 'Signature is invalid',
  [CODES.badRequest]: 'Unexpected error, please check if your request data complies with the specification.',
  [CODES.unknownOp]: 'Unrecognized operation',
  [CODES.alreadyLoggedIn]: 'Already logged in',
  [CODES.tooRapid]: 'You are accessing server too rapidly',
  [CODES.badJson]: 'JSON data format is invalid',
  [CODES.timestampWindow]: 'timestamp exceeds the threshold',
  [CODES.invalidKey]: 'API key is invalid',
  [CODES.messageTooLong]: 'The length of the message exceeds the maximum length',
  [CODES.tagTooLong]: 'The size of tag must be less than 32',
};

/**
 * The docs' batch failure example answers its second entry (BCH-USDT, orderId 34) echoing orderId 12,
 * the first entry's id: a failure reply in a batch echoes the batch's first id, so clients must match
 * by market and position rather than trust the echoed id.
 */
const BATCH_FAILURE_ECHOES_FIRST_ID = true;

function text(code: string): string {
  return ERROR_TEXT[code] ?? 'Operation failed';
}

export function attachSimSession(ws: WebSocket, venue: SimVenue): void {
  let loggedIn = false;
  const channels = new Set<string>();

  const session: SimSession = {
    authenticated: () => loggedIn,
    wantsOrders: (marketCode) => channels.has('order:all') || channels.has(`order:${marketCode}`),
    send: (frame) => {
      venue.afterLatency(() => {
        // A silent link loses what is sent while it lasts, replies and pongs alike.
        if (ws.readyState === WebSocket.OPEN && venue.delivers()) ws.send(frame);
      });
    },
  };

  const reply = (payload: Record<string, unknown>): void => {
    session.send(JSON.stringify({ ...payload, timestamp: String(venue.now()) }));
  };

  const withTag = (tag: string | undefined): { tag?: string } => (tag === undefined ? {} : { tag });

  const refuse = (event: string, tag: string | undefined, code: string): void => {
    reply({ event, success: false, ...withTag(tag), code, message: text(code) });
  };

  function login(value: unknown, tag: string | undefined): void {
    const parsed = loginCommandSchema.safeParse(value);
    if (!parsed.success) {
      refuse(OPS.login, tag, CODES.badRequest);
      return;
    }
    if (loggedIn) {
      refuse(OPS.login, tag, CODES.alreadyLoggedIn);
      return;
    }
    const { apiKey, timestamp, signature } = parsed.data.data;
    let code: string | undefined;
    if (apiKey !== venue.credentials.apiKey) code = CODES.invalidKey;
    else if (Math.abs(venue.now() - timestamp) > LOGIN_TIMESTAMP_WINDOW_MS) code = CODES.timestampWindow;
    else if (!signaturesEqual(wsLoginSignature(venue.credentials.apiSecret, String(timestamp)), signature)) {
      code = CODES.badSignature;
    }
    venue.noteLogin(code === undefined);
    if (code) {
      refuse(OPS.login, tag, code);
      return;
    }
    loggedIn = true;
    reply({ event: OPS.login, success: true, ...withTag(tag) });
  }

  function subscribe(value: unknown, tag: string | undefined): void {
    const parsed = subscribeCommandSchema.safeParse(value);
    if (!parsed.success) {
      refuse(OPS.subscribe, tag, CODES.badRequest);
      return;
    }
    for (const channel of parsed.data.args) {
      // Private channels need a logged-in connection; the blotter only uses the order channel.
      if (!channel.startsWith(`${ORDER_TABLE}:`)) {
        refuse(OPS.subscribe, tag, CODES.badRequest);
        continue;
      }
      if (!loggedIn) {
        refuse(OPS.subscribe, tag, CODES.noAuthority);
        continue;
      }
      channels.add(channel);
      reply({ success: true, ...withTag(tag), event: OPS.subscribe, channel });
    }
  }

  function cancel(entries: SimCancelEntry[], tag: string | undefined): void {
    venue.noteCancelMessage(entries.length);
    const firstId = entries[0]?.orderId;
    const allowed = venue.takeWsRequest();
    for (const entry of entries) {
      const answer = allowed
        ? venue.cancelViaWs(entry.orderId, entry.marketCode)
        : { submitted: false as const, code: CODES.tooRapid, message: text(CODES.tooRapid) };
      if (answer.submitted) {
        reply({
          event: CANCEL_REPLY_EVENT,
          submitted: true,
          ...withTag(tag),
          data: {
            marketCode: entry.marketCode,
            clientOrderId: answer.order.clientOrderId,
            orderId: entry.orderId,
          },
        });
      } else {
        reply({
          event: CANCEL_REPLY_EVENT,
          submitted: false,
          ...withTag(tag),
          message: answer.message,
          code: answer.code,
          data: {
            marketCode: entry.marketCode,
            orderId: BATCH_FAILURE_ECHOES_FIRST_ID && entries.length > 1 && firstId ? firstId : entry.orderId,
          },
        });
      }
    }
  }

  function cancelCommand<T>(
    schema: z.ZodType<T>,
    value: unknown,
    op: string,
    tag: string | undefined,
    entriesOf: (command: T) => SimCancelEntry[],
  ): void {
    if (!loggedIn) {
      refuse(op, tag, CODES.noAuthority);
      return;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      refuse(op, tag, CODES.badRequest);
      return;
    }
    const entries = entriesOf(parsed.data);
    if (entries.length > WS_CANCEL_BATCH_MAX) {
      refuse(op, tag, CODES.messageTooLong);
      return;
    }
    cancel(entries, tag);
  }

  function onText(frame: string): void {
    if (frame === PING_TEXT) {
      session.send(PONG_TEXT);
      return;
    }
    const json = tryParseJsonLossless(frame);
    const envelope = json.ok ? commandEnvelopeSchema.safeParse(json.value) : undefined;
    if (!json.ok || !envelope?.success) {
      reply({ event: 'error', success: false, code: CODES.badJson, message: text(CODES.badJson) });
      return;
    }
    const { op, tag } = envelope.data;
    if (tag !== undefined && tag.length > TAG_MAX_LENGTH) {
      refuse(op, undefined, CODES.tagTooLong);
      return;
    }
    switch (op) {
      case OPS.login:
        login(json.value, tag);
        return;
      case OPS.subscribe:
        subscribe(json.value, tag);
        return;
      case OPS.cancelOrder:
        cancelCommand(cancelOrderCommandSchema, json.value, op, tag, (command) => [command.data]);
        return;
      case OPS.cancelOrders:
        cancelCommand(cancelOrdersCommandSchema, json.value, op, tag, (command) => command.dataArray);
        return;
      default:
        refuse(op, tag, CODES.unknownOp);
        return;
    }
  }

  venue.register(session);
  ws.on('message', (data, isBinary) => {
    // What the client sends over a silent link never arrives.
    if (isBinary || !venue.delivers()) return;
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(data);
    onText(bytes.toString('utf8'));
  });
  ws.on('close', () => venue.unregister(session));
  ws.on('error', () => ws.terminate());
  // Both greeting forms at once (constants.ts): the docs' samples test for a top-level `nonce`.
  session.send(
    JSON.stringify({ event: GREETING_EVENT, nonce: venue.nextNonce(), timestamp: String(venue.now()) }),
  );
}
