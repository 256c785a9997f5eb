/**
 * A venue that echoes what it is sent — and the account's key and secret with it — in every error, on every
 * venue: each account is added through the real accounts path (live mode, keys from the keychain, handed
 * to the adapter) with its URLs pointed at a loopback "venue" that refuses every REST call and WebSocket
 * frame with a body quoting the request, its headers and every credential value. Whatever the blotter
 * then shows, logs or audits must contain none of them, in any form.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createDispatcher } from '../../main/core/api-dispatch.ts';
import { createLogger } from '../../main/core/log.ts';
import { secretForms } from '../../main/core/scrub.ts';
import { startRuntime } from '../../main/runtime.ts';
import { SecretStore } from '../../main/secrets/secret-store.ts';
import { VENUE_MODULES } from '../../main/venues/registry.ts';
import type { VenueModule } from '../../main/venues/types.ts';
import type { BlotterUpdate, ConfiguredAccount, Result } from '../../preload/contract.ts';
import { onCleanup } from '../support/harness.ts';
import { MemoryKeychain } from '../support/memory-keychain.ts';
import { waitFor } from '../support/wait-for.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A loopback venue that answers everything with an error quoting the request and `echoed`. */
async function echoVenue(echoed: readonly string[]): Promise<{ port: number; hits: () => number }> {
  let hits = 0;
  const dump = (req: IncomingMessage, body: string) =>
    `echo: ${req.method} ${req.url} ${JSON.stringify(req.headers)} ${body} keys: ${echoed.join(' ')}`;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      hits += 1;
      const text = dump(req, body);
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          success: false,
          code: 1001,
          msg: text,
          message: text,
          error: { code: 1001, message: text },
          data: { message: text },
        }),
      );
    });
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket, req) => {
    hits += 1;
    const greet = dump(req, '');
    socket.send(
      JSON.stringify({ event: 'error', message: greet, msg: greet, data: { statusCode: 400, body: greet } }),
    );
    socket.on('message', (data) => {
      const text = `${greet} frame: ${String(data)}`;
      socket.send(
        JSON.stringify({
          event: 'login',
          success: false,
          code: '20000',
          message: text,
          msg: text,
          data: { statusCode: 401, body: text },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  onCleanup(
    () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { port: (server.address() as AddressInfo).port, hits: () => hits };
}

/** Every URL role of the venue pointed at the echo venue (http:// or ws:// as the role's scheme is). */
function echoUrls(venue: VenueModule, port: number): Record<string, string> {
  return Object.fromEntries(
    Object.entries(venue.defaultUrls).map(([role, url]) => [
      role,
      `${url.startsWith('ws') ? 'ws' : 'http'}://127.0.0.1:${port}${new URL(url).pathname.replace(/\/$/, '')}`,
    ]),
  );
}

async function call<T>(
  dispatch: ReturnType<typeof createDispatcher>,
  method: string,
  payload?: unknown,
): Promise<T> {
  const result = (await dispatch(method, payload)) as Result<T>;
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value;
}

describe('a venue that echoes the keys', () => {
  it('puts no credential of any venue in the renderer, the logs or the audit log', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'blotter-echo-'));
    onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
    const logs: string[] = [];
    const runtime = await startRuntime({
      dataDir,
      logger: createLogger({ level: 'debug', sink: (line) => logs.push(line) }),
      venues: VENUE_MODULES,
      activityIntervalMs: 0,
      totalOrders: 0,
      secrets: new SecretStore('xyz.test', new MemoryKeychain()),
    });
    onCleanup(() => runtime.stop());
    const updates: BlotterUpdate[] = [];
    const unsubscribe = runtime.service.subscribe((update) => updates.push(update));
    onCleanup(unsubscribe);
    const dispatch = createDispatcher(
      runtime.service,
      createLogger({ level: 'debug', sink: (line) => logs.push(line) }),
      runtime.accounts,
    );

    const credentialValues: string[] = [];
    const answers: unknown[] = [];
    const venues: { port: number; hits: () => number }[] = [];
    for (const venue of VENUE_MODULES) {
      // Real-format keys: the venue's own simulator mints them.
      const sim = venue.createSimulator({ seed: 77 });
      const ready = await sim.start();
      await sim.stop();
      const credentials = { ...ready.credentials };
      credentialValues.push(...Object.values(credentials));
      const echo = await echoVenue(Object.values(credentials));
      venues.push(echo);
      answers.push(
        await dispatch('accountsTest', {
          draft: {
            venue: venue.id,
            label: `${venue.label} echo`,
            environment: 'custom',
            urls: echoUrls(venue, echo.port),
            credentials,
          },
        }),
      );
      const account = await call<ConfiguredAccount>(dispatch, 'accountsAdd', {
        venue: venue.id,
        label: `${venue.label} echo`,
        environment: 'custom',
        urls: echoUrls(venue, echo.port),
        credentials,
      });
      answers.push(account);
      // An order the blotter believes open, so a cancel goes to the echoing venue too.
      runtime.service.book.applyVenueOrder(
        {
          venue: venue.id,
          accountId: account.accountId,
          instrument: () => ({ quote: 'USD', contractSize: '1' }),
        },
        {
          venueOrderId: venue.id === 'bluefin' ? 'ab'.repeat(32) : '123456789',
          market: venue.demoMarkets[0]?.market ?? 'X',
          side: 'buy',
          type: 'limit',
          price: '1',
          quantity: '1',
          filled: '0',
          remaining: '1',
          status: 'open',
          createdAt: 1,
          updatedAt: 1,
        },
        Date.now(),
      );
    }
    await waitFor(() => venues.every((venue) => venue.hits() > 0), 10_000, 'every venue called');
    const keys = runtime.service.book.all().map((order) => order.key);
    answers.push(runtime.service.cancel({ keys, source: 'selection' }));
    answers.push(runtime.service.cancelScope({ scope: {}, source: 'panic' }));
    await sleep(3_000);
    answers.push(
      await dispatch('snapshot', undefined),
      await dispatch('health', undefined),
      await dispatch('accountsList', undefined),
    );
    for (const key of keys) answers.push(await dispatch('auditQuery', { key }));
    answers.push(await dispatch('auditExport', {}));
    await runtime.stop();
    const auditDir = join(dataDir, 'audit');
    const files = readdirSync(auditDir).map((name) => readFileSync(join(auditDir, name), 'utf8'));
    const settings = readFileSync(join(dataDir, 'accounts.json'), 'utf8');

    const everything = JSON.stringify({ answers, updates, logs, files, settings });
    // The venues did echo (the boundary had something to scrub), and nothing of any key got through.
    expect(everything).toContain('[redacted]');
    for (const form of secretForms(credentialValues))
      expect(everything.includes(form), form.slice(0, 6)).toBe(false);
  }, 60_000);
});
