/**
 * The Bluefin listing against scripted venues: which page number comes first
 * is learned from the answers (pages counted from 0 or from 1, page 0 refused,
 * empty or clamped), a page repeating earlier ones stops the listing with a
 * report, and an empty first listing teaches nothing.
 */
import type { AxiosInstance, AxiosRequestConfig } from 'axios';
import { describe, expect, it } from 'vitest';
import { ORDERS_PAGE_SIZE } from '../../main/venues/bluefin/constants.ts';
import { createBluefinRest } from '../../main/venues/bluefin/rest.ts';
import type { BluefinSession } from '../../main/venues/bluefin/session.ts';

const hashOf = (n: number) => n.toString(16).padStart(64, '0');

function row(n: number): Record<string, unknown> {
  return {
    id: n,
    hash: hashOf(n),
    symbol: 'ETH-PERP',
    orderType: 'LIMIT',
    side: 'BUY',
    price: '1000000000000000000',
    quantity: '1000000000000000000',
    filledQty: '0',
    orderStatus: 'OPEN',
    createdAt: 1,
    updatedAt: 1,
  };
}

type PageAnswer = { status: number; body: unknown };

/** A venue holding `count` orders, answering each `pageNumber` through `answer`. */
function scriptedRest(answer: (pageNumber: number) => PageAnswer) {
  const asked: number[] = [];
  const malformed: string[] = [];
  const http = {
    request: async (config: AxiosRequestConfig) => {
      const pageNumber = Number(new URL(String(config.url)).searchParams.get('pageNumber'));
      asked.push(pageNumber);
      const { status, body } = answer(pageNumber);
      return { status, data: JSON.stringify(body), headers: {} };
    },
  } as unknown as AxiosInstance;
  const session: BluefinSession = {
    address: `0x${'1'.repeat(64)}`,
    token: async () => 'token',
    invalidate: () => {},
    logins: 0,
  };
  const rest = createBluefinRest({
    restUrl: 'http://127.0.0.1:1',
    session,
    signer: { address: session.address as string, sign: async () => 'sig' },
    http,
    pacer: {
      acquire: async () => {},
      pause: () => {},
      failed: (error) => {
        throw error;
      },
    },
    onMalformed: (description) => malformed.push(description),
  });
  return { rest, asked, malformed };
}

/** Orders 1..count cut into pages of 50, the first numbered `base`. */
function pagesOf(count: number, base: 0 | 1, below: 'first' | 'empty' | 'error' = 'first') {
  return (pageNumber: number): PageAnswer => {
    if (pageNumber < base) {
      if (below === 'error') return { status: 400, body: { error: { message: 'Bad Request' } } };
      if (below === 'empty') return { status: 200, body: [] };
    }
    const start = (Math.max(pageNumber, base) - base) * ORDERS_PAGE_SIZE;
    const rows = Array.from({ length: Math.max(0, Math.min(ORDERS_PAGE_SIZE, count - start)) }, (_, i) =>
      row(start + i + 1),
    );
    return { status: 200, body: rows };
  };
}

const sortedKeys = (orders: { hash: { key: string } }[]) => orders.map((order) => order.hash.key).sort();
const expected = (count: number) => Array.from({ length: count }, (_, i) => hashOf(i + 1)).sort();

describe('bluefin listing: which page comes first', () => {
  for (const base of [0, 1] as const) {
    for (const count of [1, 50, 120]) {
      it(`pages counted from ${base}, ${count} orders: every order exactly once`, async () => {
        const { rest, malformed } = scriptedRest(pagesOf(count, base));
        const first = await rest.listOpenOrders();
        expect(sortedKeys(first)).toEqual(expected(count));
        expect(rest.firstPageNumber).toBe(base);
        expect(sortedKeys(await rest.listOpenOrders())).toEqual(expected(count));
        expect(malformed).toEqual([]);
      });
    }
  }

  for (const below of ['empty', 'error'] as const) {
    it(`a venue counting from 1 that answers page 0 with ${below === 'empty' ? 'nothing' : 'a 400'}`, async () => {
      const { rest, asked } = scriptedRest(pagesOf(70, 1, below));
      expect(sortedKeys(await rest.listOpenOrders())).toEqual(expected(70));
      expect(rest.firstPageNumber).toBe(1);
      expect(asked).toEqual([0, 1, 2]);
      asked.length = 0;
      await rest.listOpenOrders();
      expect(asked).toEqual([1, 2]);
    });
  }

  it('a clamping venue (page 0 = page 1) is told apart even when an order moved in between', async () => {
    let calls = 0;
    const { rest } = scriptedRest((pageNumber) => {
      calls++;
      // A new order (1000) lands at the front between the two probes.
      const orders = calls === 1 ? [] : [1000];
      for (let n = 1; n <= 80; n++) orders.push(n);
      const start = (Math.max(pageNumber, 1) - 1) * ORDERS_PAGE_SIZE;
      return { status: 200, body: orders.slice(start, start + ORDERS_PAGE_SIZE).map(row) };
    });
    const listed = await rest.listOpenOrders();
    expect(rest.firstPageNumber).toBe(1);
    expect(listed).toHaveLength(81);
  });

  it('an empty account teaches nothing: the next listing asks again', async () => {
    let count = 0;
    const { rest, asked } = scriptedRest((pageNumber) => pagesOf(count, 0)(pageNumber));
    expect(await rest.listOpenOrders()).toEqual([]);
    expect(rest.firstPageNumber).toBeUndefined();
    count = 3;
    asked.length = 0;
    expect(sortedKeys(await rest.listOpenOrders())).toEqual(expected(3));
    expect(rest.firstPageNumber).toBe(0);
    expect(asked).toEqual([0, 1]);
  });

  it('an empty page where the learned first page should be asks both candidates again', async () => {
    let base: 0 | 1 = 1;
    const { rest, asked } = scriptedRest((pageNumber) => pagesOf(30, base, 'empty')(pageNumber));
    expect(await rest.listOpenOrders()).toHaveLength(30);
    expect(rest.firstPageNumber).toBe(1);
    base = 0;
    asked.length = 0;
    expect(sortedKeys(await rest.listOpenOrders())).toEqual(expected(30));
    expect(rest.firstPageNumber).toBe(0);
    expect(asked).toEqual([1, 0, 1]);
  });

  it('a network failure on the page-0 probe fails the listing instead of guessing', async () => {
    const { rest } = scriptedRest((pageNumber) =>
      pageNumber === 0 ? { status: 503, body: 'unavailable' } : pagesOf(3, 1)(pageNumber),
    );
    await expect(rest.listOpenOrders()).rejects.toMatchObject({ venueError: { category: 'network' } });
    expect(rest.firstPageNumber).toBeUndefined();
  });
});

describe('bluefin listing: guards', () => {
  it('a venue ignoring pageNumber (the same full page every time) stops with a report', async () => {
    const { rest, asked, malformed } = scriptedRest(() => pagesOf(50, 1)(1));
    const listed = await rest.listOpenOrders();
    expect(sortedKeys(listed)).toEqual(expected(50));
    expect(malformed).toEqual(['GET /orders page 2 repeated earlier pages; listing stopped there']);
    expect(asked).toEqual([0, 1, 2]);
  });

  it('one odd row is reported and skipped; the page and the rest of the listing survive', async () => {
    const { rest, malformed } = scriptedRest((pageNumber) => {
      const answer = pagesOf(60, 1)(pageNumber);
      const rows = answer.body as Record<string, unknown>[];
      if (Math.max(pageNumber, 1) === 1) rows[3] = { ...rows[3], hash: 'not-a-hash' };
      if (pageNumber === 2) rows[0] = { ...rows[0], hash: `0x${hashOf(51).toUpperCase()}` };
      return answer;
    });
    const listed = await rest.listOpenOrders();
    expect(sortedKeys(listed)).toEqual(expected(60).filter((hash) => hash !== hashOf(4)));
    expect(listed.find((order) => order.hash.key === hashOf(51))?.hash.wire).toBe(
      `0x${hashOf(51).toUpperCase()}`,
    );
    // Page 0 (the clamped page 1, served during the probe) is not used, so the row is reported once.
    expect(malformed).toEqual([expect.stringMatching(/^GET \/orders row 3 skipped: hash: .* \(page 1\)$/)]);
  });
});
