import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTextHttp, MAX_VENUE_BODY_BYTES } from '../../main/venues/shared/http.ts';

const servers: Server[] = [];
const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy };

async function listen(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  process.env.HTTP_PROXY = saved.HTTP_PROXY;
  process.env.http_proxy = saved.http_proxy;
  if (saved.HTTP_PROXY === undefined) delete process.env.HTTP_PROXY;
  if (saved.http_proxy === undefined) delete process.env.http_proxy;
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('venue HTTP client', () => {
  it('never sends a (signed) request through an environment proxy', async () => {
    const proxied: string[] = [];
    const proxyPort = await listen((req, res) => {
      proxied.push(`${req.method} ${req.url} ${req.headers['x-api-key'] ?? ''}`);
      res.end('proxy');
    });
    const venuePort = await listen((_req, res) => res.end('venue'));
    process.env.HTTP_PROXY = `http://127.0.0.1:${proxyPort}`;
    process.env.http_proxy = `http://127.0.0.1:${proxyPort}`;
    const response = await createTextHttp(2000).get(`http://127.0.0.1:${venuePort}/orders`, {
      headers: { 'x-api-key': 'KEY-123456' },
    });
    expect(response.data).toBe('venue');
    expect(proxied).toEqual([]);
  });

  it('cuts off a reply larger than any venue sends', async () => {
    const port = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(Buffer.alloc(MAX_VENUE_BODY_BYTES + 1, 0x61));
    });
    await expect(createTextHttp(5000).get(`http://127.0.0.1:${port}/`)).rejects.toThrow(/maxContentLength/);
  });
});
