import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/log.ts';
import {
  createReconnectingSocket,
  type ReconnectingSocket,
} from '../../main/venues/shared/reconnecting-socket.ts';
import { waitFor } from '../support/wait-for.ts';

const sockets: ReconnectingSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) await socket.stop();
});

function socketWith(prepare: () => ReturnType<Parameters<typeof createReconnectingSocket>[0]['prepare']>) {
  const states: { state: string; detail?: string }[] = [];
  let attempts = 0;
  const socket = createReconnectingSocket({
    label: 'test stream',
    logger: silentLogger,
    backoff: { baseMs: 5, capMs: 20, random: () => 0.5 },
    handshakeTimeoutMs: 1000,
    reports: 'changes-and-details',
    onState: (state, detail) => states.push({ state, detail }),
    prepare: () => {
      attempts += 1;
      return prepare();
    },
    session: () => ({ retryAfterClose: () => ({ after: 'backoff', detail: 'closed' }) }),
  });
  sockets.push(socket);
  return { socket, states, attempts: () => attempts };
}

describe('reconnecting socket', () => {
  it('a subprotocol ws refuses to send (a token with "/" or "=") means retrying, not a crash, and no secret in the detail', async () => {
    const { socket, states, attempts } = socketWith(() => ({
      url: 'ws://127.0.0.1:9/',
      protocols: ['authorization#secret/with=='],
    }));
    await socket.start();
    await waitFor(() => attempts() >= 3, 2000);
    expect(states.some((each) => each.state === 'reconnecting')).toBe(true);
    expect(JSON.stringify(states)).not.toContain('secret');
  });

  it('a prepare step that rejects keeps the reconnect loop alive', async () => {
    const { socket, states, attempts } = socketWith(() =>
      Promise.reject(new Error('token endpoint unreachable')),
    );
    await socket.start();
    await waitFor(() => attempts() >= 3, 2000);
    expect(states.at(-1)?.detail).toMatch(/token endpoint unreachable/);
  });
});
