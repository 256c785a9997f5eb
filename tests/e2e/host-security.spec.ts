import WebSocket from 'ws';
import { expect, test } from './host-fixture.ts';

/** Opens a socket to the host's API and reports how the handshake ended. */
function handshake(url: string, origin: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers: { origin } });
    socket.on('open', () => {
      socket.close();
      resolve('open');
    });
    socket.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    socket.on('error', (err) => resolve(`error: ${err.message}`));
  });
}

test('the browser host refuses a wrong token and a foreign Origin, and rejects invalid payloads', async ({
  app,
}) => {
  const page = new URL(app.url);
  const token = new URLSearchParams(page.hash.slice(1)).get('token');
  const api = `ws://${page.host}/api`;
  expect(await handshake(`${api}?token=wrong`, page.origin)).toBe('401');
  expect(await handshake(`${api}?token=${token}`, 'http://evil.example')).toBe('403');
  expect(await handshake(`${api}?token=${token}`, page.origin)).toBe('open');

  const socket = new WebSocket(`${api}?token=${token}`, { headers: { origin: page.origin } });
  await new Promise((resolve) => socket.once('open', resolve));
  const reply = new Promise<unknown>((resolve) =>
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string };
      if (message.type === 'response') resolve(message);
    }),
  );
  socket.send(JSON.stringify({ id: 1, method: 'cancel', payload: { keys: 'not-a-list', source: 'click' } }));
  expect(await reply).toMatchObject({ id: 1, result: { ok: false, error: { code: 'invalid_request' } } });
  socket.close();
});
