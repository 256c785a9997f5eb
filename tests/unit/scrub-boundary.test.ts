import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryAuditLog } from '../../main/core/audit-log.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { createLogger } from '../../main/core/log.ts';
import { scrubbingLogger, scrubText, secretForms } from '../../main/core/scrub.ts';
import { VenueCallError } from '../../main/core/venue.ts';
import { FakeAdapter, venueOrder } from '../support/fake-adapter.ts';

const KEY = 'AKIA-live-key-7f3a9c';
const SECRET = 'sk/LIVE+secret=="quoted"';
const echoes = [KEY, SECRET, JSON.stringify(SECRET).slice(1, -1), encodeURIComponent(SECRET)];

let audit: MemoryAuditLog;
let lines: string[];
let service: BlotterService;

beforeEach(() => {
  vi.useFakeTimers();
  audit = new MemoryAuditLog();
  lines = [];
  service = new BlotterService({
    mode: 'live',
    audit,
    logger: createLogger({ level: 'debug', sink: (line) => lines.push(line) }),
    random: () => 0.5,
    intentLifetimeMs: 5_000,
  });
});

afterEach(async () => {
  await service.stop();
  vi.useRealTimers();
});

describe('one scrubbing boundary for every venue echo', () => {
  it('a venue echoing the key and secret in every channel leaves no trace in the renderer, logs or audit', async () => {
    const adapter = new FakeAdapter('acct');
    adapter.open.set('1', venueOrder('1'));
    adapter.open.set('2', venueOrder('2'));
    let call = 0;
    adapter.respond = (target) => {
      call += 1;
      if (target.venueOrderId === '1') {
        return {
          kind: 'failed',
          error: { category: 'rejected', code: KEY, message: `bad key ${KEY} / ${SECRET}` },
        };
      }
      return call < 3
        ? {
            kind: 'failed',
            error: { category: 'network', code: 'x', message: `timeout for ${encodeURIComponent(SECRET)}` },
          }
        : { kind: 'accepted' };
    };
    adapter.lookupOrders = async () => {
      throw new VenueCallError({
        category: 'network',
        code: 'x',
        message: `lookup ${JSON.stringify(SECRET)}`,
      });
    };
    const log = scrubbingLogger(createLogger({ level: 'debug', sink: (line) => lines.push(line) }), [
      KEY,
      SECRET,
    ]);
    log.warn(`venue said ${SECRET}`, { body: `{"apiKey":"${KEY}"}` });
    await service.addAccount({ adapter, label: 'Live desk', demo: false, secrets: [KEY, SECRET] });
    adapter.events?.connection('down', `login refused for ${KEY}`);
    adapter.events?.malformed(`frame {"sig":"${SECRET}"}`);
    adapter.events?.cancelFailed('2', {
      category: 'conflict',
      code: 'c',
      message: `cancel of ${KEY} failed`,
    });
    service.cancel({ keys: ['acct:1', 'acct:2'], source: 'selection' });
    adapter.listingFails = true;
    await vi.advanceTimersByTimeAsync(8_000);
    const everything = JSON.stringify([service.snapshot(), service.health(), audit.entries, lines]);
    for (const echo of echoes) expect(everything).not.toContain(echo);
    expect(everything).toContain('[redacted]');
    expect(service.book.get('acct:1')?.cancel?.lastError?.message).toBe('bad key [redacted] / [redacted]');
  });

  it('replaces every form a credential comes back in, longest first, and caps venue text', () => {
    const forms = secretForms(['abc', 'secret/1', 'secret/12']);
    expect(forms).not.toContain('abc'); // too short to be a credential, would shred text
    expect(scrubText('x secret/12 y secret%2F1', forms)).toBe('x [redacted] y [redacted]');
    expect(scrubText('a'.repeat(600), forms)).toHaveLength(501);
  });
});
