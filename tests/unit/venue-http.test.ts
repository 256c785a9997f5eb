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

  it('request: sends the method, headers and body as given and hands back every status as raw text', async () => {
    const seen: string[] = [];
    const port = await listen((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${req.headers['x-sig']} ${req.headers['content-type']} ${body}`);
        res.writeHead(418, { 'retry-after': '3' });
        res.end('{"n":12345678901234567890}');
      });
    });
    const http = createTextHttp(2000);
    const response = await http.request({
      method: 'DELETE',
      url: `http://127.0.0.1:${port}/v1/order?id=7`,
      headers: { 'X-Sig': 'abc', 'Content-Type': 'application/json' },
      data: '{"id":"7"}',
    });
    expect(seen).toEqual(['DELETE /v1/order?id=7 abc application/json {"id":"7"}']);
    expect(response.status).toBe(418);
    expect(response.data).toBe('{"n":12345678901234567890}');
    expect(response.headers['retry-after']).toBe('3');
  });

  it('request: a second call reuses the kept-alive connection', async () => {
    const sockets = new Set<unknown>();
    const port = await listen((req, res) => {
      sockets.add(req.socket);
      res.end('ok');
    });
    const http = createTextHttp(2000);
    for (let i = 0; i < 3; i++) await http.request({ method: 'GET', url: `http://127.0.0.1:${port}/` });
    expect(sockets.size).toBe(1);
  });

  it('request: never through an environment proxy, never follows a redirect, cuts off a runaway reply', async () => {
    const proxied: string[] = [];
    const proxyPort = await listen((req, res) => {
      proxied.push(`${req.method} ${req.url}`);
      res.end('proxy');
    });
    const elsewhere: string[] = [];
    const otherPort = await listen((req, res) => {
      elsewhere.push(String(req.headers.authorization));
      res.end('other host');
    });
    const venuePort = await listen((req, res) => {
      if (req.url === '/moved') {
        res.writeHead(302, { location: `http://127.0.0.1:${otherPort}/` });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(Buffer.alloc(MAX_VENUE_BODY_BYTES + 1, 0x61));
    });
    process.env.HTTP_PROXY = `http://127.0.0.1:${proxyPort}`;
    process.env.http_proxy = `http://127.0.0.1:${proxyPort}`;
    const http = createTextHttp(5000);
    const moved = await http.request({
      method: 'GET',
      url: `http://127.0.0.1:${venuePort}/moved`,
      headers: { Authorization: 'Bearer TOKEN-123456' },
    });
    expect(moved.status).toBe(302);
    expect(elsewhere).toEqual([]);
    await expect(http.request({ method: 'GET', url: `http://127.0.0.1:${venuePort}/big` })).rejects.toThrow(
      /maxContentLength/,
    );
    expect(proxied).toEqual([]);
  });
});
