/**
 * Attacks on the real host process over real sockets: whatever a local process or a client with the token
 * sends, the host (and every pending cancel with it) stays up and keeps answering.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { expect, test } from './host-fixture.ts';

/** One client frame with a mask, as RFC 6455 requires of clients; `opcode` may be one ws must refuse. */
function maskedFrame(opcode: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)));
  let header: Buffer;
  if (payload.length < 126) header = Buffer.from([0x80 | opcode, 0x80 | payload.length]);
  else if (payload.length < 65536) {
    header = Buffer.alloc(4);
    header.writeUInt8(0x80 | opcode, 0);
    header.writeUInt8(0x80 | 126, 1);
    header.writeUInt16BE(payload.length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(0x80 | opcode, 0);
    header.writeUInt8(0x80 | 127, 1);
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  return Buffer.concat([header, mask, masked]);
}

async function openApi(api: string, origin: string): Promise<WebSocket> {
  const socket = new WebSocket(api, { headers: { origin } });
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('open', resolve));
  return socket;
}

/** Sends raw bytes on an authenticated API socket and waits until the host closes it. */
async function sendRaw(api: string, origin: string, bytes: Buffer): Promise<number> {
  const socket = await openApi(api, origin);
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  (socket as unknown as { _socket: Socket })._socket.write(bytes);
  return closed;
}

function status(port: number, path: string, host = `127.0.0.1:${port}`): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

async function snapshotWorks(api: string, origin: string): Promise<boolean> {
  const socket = await openApi(api, origin);
  const reply = new Promise<boolean>((resolve) =>
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; result?: { ok: boolean } };
      if (message.type === 'response') resolve(message.result?.ok === true);
    }),
  );
  socket.send(JSON.stringify({ id: 1, method: 'snapshot' }));
  const ok = await reply;
  socket.close();
  return ok;
}

test('no client can crash the host: resets mid-refusal, oversized, invalid UTF-8 and reserved-opcode frames', async ({
  app,
}) => {
  const page = new URL(app.url);
  const port = Number(page.port);
  const token = new URLSearchParams(page.hash.slice(1)).get('token');
  const api = `ws://${page.host}/api?token=${token}`;

  // Anyone on the machine, without the token: an upgrade, then a reset while the host refuses it.
  for (let i = 0; i < 30; i++) {
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `GET /api?token=wrong HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        );
        socket.resetAndDestroy();
        resolve();
      });
      socket.on('error', () => resolve());
    });
  }

  // A client with the token sending what the protocol forbids: only that socket is closed.
  expect(await sendRaw(api, page.origin, maskedFrame(0x1, Buffer.from([0xff, 0xfe, 0xfd])))).toBe(1007);
  expect(await sendRaw(api, page.origin, maskedFrame(0x3, Buffer.from('x')))).toBe(1002);
  expect(await sendRaw(api, page.origin, maskedFrame(0x1, Buffer.alloc(9 * 1024 * 1024, 0x61)))).toBe(1009);

  // Bad paths and foreign Host names get an answer, not a 500 or the app.
  expect(await status(port, '/%zz')).toBe(400);
  expect(await status(port, '/', `rebind.example:${port}`)).toBe(421);
  expect(await status(port, '/')).toBe(200);

  expect(await snapshotWorks(api, page.origin)).toBe(true);
});
