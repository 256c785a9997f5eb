/**
 * Per venue, for the call → wire bench: our adapter (windows widened to match
 * the simulator's `rateLimitScale`) and the direct client that sends the same
 * cancel to the same simulator — CCXT where it has the venue, otherwise the
 * plainest client of the venue's transport with the venue's own signing.
 */
import { Agent, request } from 'node:http';
import ccxt from 'ccxt';
import { WebSocket } from 'ws';
import type { PacingSpec, VenueAdapter } from '../../main/core/venue.ts';
import { createBtcturkAdapter } from '../../main/venues/btcturk/index.ts';
import { authHeaders as coinwAuthHeaders, parseCoinwCredentials } from '../../main/venues/coinw/auth.ts';
import { COINW_PATHS } from '../../main/venues/coinw/constants.ts';
import { singleCancelBody } from '../../main/venues/coinw/rest.ts';
import { loginMessage, parseOxfunCredentials } from '../../main/venues/oxfun/auth.ts';
import { cancelCommandText } from '../../main/venues/oxfun/wire.ts';
import { venueModule } from '../../main/venues/registry.ts';
import type { SimulatorReady } from '../../main/venues/simulator.ts';
import type { AdapterConfig, VenueModule } from '../../main/venues/types.ts';

/** Windows widened this much on both sides: a path measurement must not wait for a window to end. */
export const WIRE_RATE_LIMIT_SCALE = 50;

export interface DirectClient {
  /** Sends the cancel of one order and resolves on the venue's answer. */
  cancel(venueOrderId: string, market: string): Promise<unknown>;
  close(): Promise<void>;
}

export interface WireVenue {
  module: VenueModule;
  transport: 'REST' | 'WebSocket';
  directName: string;
  ccxt: boolean;
  createAdapter(config: AdapterConfig): VenueAdapter;
  connectDirect(ready: SimulatorReady): Promise<DirectClient>;
  /** What of the cancel request names the order in clear text (to find it on the wire). */
  needle(venueOrderId: string): string;
}

/**
 * The shortest spacing of our cancels that none of the account's paces can hold back (the direct client
 * has no pacer; ours must not be measured waiting for a token).
 */
export function unpacedSpacingMs(rateLimits: readonly PacingSpec[]): number {
  const spacing = rateLimits.map((spec) =>
    spec.kind === 'fixed-window' ? spec.windowMs / spec.limit : 1000 / spec.refillPerSecond,
  );
  return Math.ceil(Math.max(0, ...spacing) * 1.2);
}

function url(ready: SimulatorReady, role: string): string {
  const value = ready.urls[role];
  if (!value) throw new Error(`${ready.venue} simulator has no ${role} URL`);
  return value;
}

function moduleOf(id: string): VenueModule {
  const found = venueModule(id);
  if (!found) throw new Error(`no venue ${id}`);
  return found;
}

/** A REST call on a keep-alive `node:http` agent: the floor any Node client stands on. */
function plainRequest(
  agent: Agent,
  target: string,
  options: { method: string; headers: Record<string, string>; body?: string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const call = request(target, { agent, method: options.method, headers: options.headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve(text));
      response.on('error', reject);
    });
    call.on('error', reject);
    call.end(options.body);
  });
}

const btcturk: WireVenue = {
  module: moduleOf('btcturk'),
  transport: 'REST',
  directName: 'CCXT 4.5.84 btcturk, enableRateLimit: false',
  ccxt: true,
  createAdapter: (config) => createBtcturkAdapter(config, { rateLimitScale: WIRE_RATE_LIMIT_SCALE }),
  async connectDirect(ready) {
    const exchange = new ccxt.btcturk({
      apiKey: ready.credentials.publicKey,
      secret: ready.credentials.privateKey,
      enableRateLimit: false,
    });
    const rest = url(ready, 'rest');
    exchange.urls.api = { public: `${rest}/api/v2`, private: `${rest}/api/v1`, graph: `${rest}/graph/v1` };
    return {
      cancel: (id) => exchange.cancelOrder(id),
      close: () => exchange.close(),
    };
  },
  needle: (id) => `id=${id}`,
};

const coinw: WireVenue = {
  module: moduleOf('coinw'),
  transport: 'REST',
  directName: 'node:http keep-alive, the same signed DELETE (CCXT has no CoinW)',
  ccxt: false,
  createAdapter: (config) => moduleOf('coinw').createAdapter(config),
  async connectDirect(ready) {
    const credentials = parseCoinwCredentials(ready.credentials);
    const agent = new Agent({ keepAlive: true });
    const rest = url(ready, 'rest').replace(/\/+$/, '');
    return {
      cancel(id) {
        const body = singleCancelBody(id);
        const headers = coinwAuthHeaders(
          credentials,
          { method: 'DELETE', path: COINW_PATHS.cancelOrder, body },
          Date.now(),
        );
        return plainRequest(agent, `${rest}${COINW_PATHS.cancelOrder}`, {
          method: 'DELETE',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body,
        });
      },
      async close() {
        agent.destroy();
      },
    };
  },
  needle: (id) => JSON.stringify({ id }),
};

const oxfun: WireVenue = {
  module: moduleOf('oxfun'),
  transport: 'WebSocket',
  directName: 'ws 8, the same cancelorder frame on a logged-in socket (CCXT has no OX.FUN)',
  ccxt: false,
  createAdapter: (config) => moduleOf('oxfun').createAdapter(config),
  async connectDirect(ready) {
    const credentials = parseOxfunCredentials(ready.credentials);
    const socket = new WebSocket(url(ready, 'ws'));
    const replies = new Map<string, () => void>();
    socket.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      for (const [tag, resolve] of replies) {
        if (!text.includes(`"tag":"${tag}"`)) continue;
        replies.delete(tag);
        resolve();
      }
    });
    const reply = (tag: string) => new Promise<void>((resolve) => replies.set(tag, resolve));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const loggedIn = reply('direct-login');
    socket.send(JSON.stringify(loginMessage(credentials, Date.now(), 'direct-login')));
    await loggedIn;
    let tags = 0;
    return {
      cancel(id, market) {
        const tag = `direct${++tags}`;
        const answered = reply(tag);
        socket.send(cancelCommandText(tag, [{ venueOrderId: id, market }]));
        return answered;
      },
      async close() {
        socket.close();
      },
    };
  },
  needle: (id) => `"orderId":${id}`,
};

export const WIRE_VENUES: WireVenue[] = [btcturk, coinw, oxfun];
