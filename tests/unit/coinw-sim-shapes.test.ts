/**
 * The simulator's rows against the fixtures (where they disagree, the simulator is wrong): it
 * invents no field the recorded bodies lack (beyond `tradePiece` and `triggerPrice`, fields of
 * CoinW.Net's order model), and each shared field has the recorded JSON type (number vs string).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJsonLossless } from '../../main/core/json.ts';
import { toWireJson } from '../../main/venues/coinw/sim/json.ts';
import { type CoinwSimOrder, historyRow, pushRow, restRow } from '../../main/venues/coinw/sim/rows.ts';

const MODEL_FIELDS = new Set(['tradePiece', 'triggerPrice']);

function fixtureRow(name: string, pick: (body: Record<string, unknown>) => unknown): Record<string, unknown> {
  const body = JSON.parse(readFileSync(new URL(`../fixtures/coinw/${name}`, import.meta.url), 'utf8'));
  return pick(body) as Record<string, unknown>;
}

/** A JSON type as the wire has it: bare numbers (lossless parsing returns big ones as strings) count as numbers. */
function wireTypes(json: string): Record<string, string> {
  const types: Record<string, string> = {};
  const value = JSON.parse(json) as Record<string, unknown>;
  for (const [key, field] of Object.entries(value)) types[key] = typeof field;
  return types;
}

function expectSameShape(simRow: Record<string, unknown>, recorded: Record<string, unknown>): void {
  const simTypes = wireTypes(toWireJson(simRow));
  const recordedTypes = wireTypes(JSON.stringify(recorded));
  for (const [key, type] of Object.entries(simTypes)) {
    if (MODEL_FIELDS.has(key) && !(key in recordedTypes)) continue;
    expect({ key, type: recordedTypes[key] }).toEqual({ key, type });
  }
  // Every field the blotter reads is there.
  for (const key of ['id', 'instrument', 'direction', 'totalPiece', 'orderStatus', 'posType', 'createdDate'])
    expect(simTypes).toHaveProperty(key);
}

const ORDER: CoinwSimOrder = {
  id: '2435521222632111503',
  instrument: 'BTC',
  direction: 'long',
  price: '95400.5',
  totalPiece: '2',
  tradePiece: '1',
  status: 'part',
  posType: 'plan',
  createdDate: 1740053261000,
  updatedDate: 1740053262000,
};

describe('coinw simulator rows speak the recorded shapes', () => {
  it('listing rows match orders/open (CoinW.Net GetOpenOrders)', () => {
    expectSameShape(
      restRow(ORDER),
      fixtureRow('open-orders.json', (body) => (body.data as { rows: unknown[] }).rows[0]),
    );
    // The id is a bare JSON number of 19 digits, kept exact by lossless parsing.
    expect(parseJsonLossless(toWireJson(restRow(ORDER)))).toMatchObject({ id: ORDER.id });
    expect(toWireJson(restRow(ORDER))).toContain(`"id":${ORDER.id},`);
  });

  it('history rows match orders/history (CoinW.Net GetOrderHistory7D)', () => {
    expectSameShape(
      historyRow({ ...ORDER, status: 'finish', tradePiece: '2' }),
      fixtureRow('order-history.json', (body) => (body.data as { rows: unknown[] }).rows[0]),
    );
  });

  it('push rows match the futures/order frame (CoinW.Net Order.txt)', () => {
    expectSameShape(
      pushRow(ORDER),
      fixtureRow('ws-order.json', (body) => (body.data as unknown[])[0]),
    );
  });

  it('odd rows: markerChange status, or no totalPiece', () => {
    expect(restRow({ ...ORDER, oddity: 'markerChange' }).orderStatus).toBe('markerChange');
    expect(pushRow({ ...ORDER, oddity: 'missingTotalPiece' })).not.toHaveProperty('totalPiece');
  });
});
