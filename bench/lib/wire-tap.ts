/**
 * When the first byte of a request reaches a simulator: every TCP socket a
 * server in this process accepts (Node's `net.server.socket` diagnostics
 * channel) gets a first-in-line 'data' listener that stamps each chunk with
 * `process.hrtime`. A cancel is found by its order id in the chunk: REST
 * requests carry it in clear text (path or body); WebSocket frames from a
 * client are masked, so they are unmasked first. A REST request split over
 * several chunks (headers, then the body with the id) is timed from the chunk
 * that began it (the one with its request line).
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

interface Armed {
  ports: ReadonlySet<number>;
  needle: string;
  resolve(at: bigint): void;
}

const REQUEST_LINE = /^[A-Z]{3,7} \S+ HTTP\/1\.[01]\r\n/;

/** Text of a chunk: the payloads of the masked WebSocket frames in it, or else the bytes themselves. */
export function chunkText(chunk: Buffer): { text: string; frames: boolean } {
  const frames = unmaskedFrames(chunk);
  return frames !== undefined
    ? { text: frames, frames: true }
    : { text: chunk.toString('latin1'), frames: false };
}

/** The payloads of client → server WebSocket frames (RFC 6455 §5.2), or undefined if the chunk is not one. */
function unmaskedFrames(chunk: Buffer): string | undefined {
  let offset = 0;
  let text = '';
  while (offset + 2 <= chunk.length) {
    const first = chunk[offset] as number;
    const second = chunk[offset + 1] as number;
    const opcode = first & 0x0f;
    const masked = (second & 0x80) !== 0;
    // Reserved bits set or not masked: not a client frame (HTTP text starts with a letter, 0x41–0x5a).
    if ((first & 0x70) !== 0 || !masked || ![0, 1, 2, 8, 9, 10].includes(opcode)) return undefined;
    let length = second & 0x7f;
    let at = offset + 2;
    if (length === 126) {
      length = chunk.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      length = Number(chunk.readBigUInt64BE(at));
      at += 8;
    }
    const mask = chunk.subarray(at, at + 4);
    at += 4;
    const payload = Buffer.from(chunk.subarray(at, Math.min(chunk.length, at + length)));
    for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (mask[i % 4] as number);
    text += payload.toString('utf8');
    offset = at + length;
  }
  return text;
}

export interface WireTap {
  /**
   * Resolves with the hrtime of the first byte, on a socket of one of `ports`, of the request that carries
   * `needle` (an order id). Arm it before the call: the tap starts counting from now.
   */
  arrival(ports: ReadonlySet<number>, needle: string): Promise<bigint>;
  close(): void;
}

export function openWireTap(): WireTap {
  const armed = new Set<Armed>();
  /** When the HTTP request now arriving on a socket began (its request line's chunk). */
  const requestStart = new WeakMap<Socket, bigint>();
  const onData = (socket: Socket) => (chunk: Buffer) => {
    if (armed.size === 0) return;
    const at = process.hrtime.bigint();
    const { text, frames } = chunkText(chunk);
    if (!frames && REQUEST_LINE.test(text.slice(0, 400))) requestStart.set(socket, at);
    for (const wait of armed) {
      if (!wait.ports.has(socket.localPort ?? -1) || !text.includes(wait.needle)) continue;
      armed.delete(wait);
      // A (small) WebSocket frame arrives whole: its own chunk is its first byte.
      wait.resolve(frames ? at : (requestStart.get(socket) ?? at));
    }
  };
  const onSocket = (message: unknown) => {
    const socket = (message as { socket: Socket }).socket;
    // First in line: the HTTP parser and ws run after the stamp is taken.
    socket.prependListener('data', onData(socket));
  };
  subscribe('net.server.socket', onSocket);
  return {
    arrival(ports, needle) {
      return new Promise((resolve) => {
        armed.add({ ports, needle, resolve });
      });
    },
    close() {
      unsubscribe('net.server.socket', onSocket);
      armed.clear();
    },
  };
}
