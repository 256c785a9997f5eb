/**
 * Deterministic ids for the Rails simulator: ULIDs (order ids), UUID v4
 * (user, order-creation and bulk request ids), all drawn from the seeded
 * RNG so a seed replays the same ids.
 */
import type { Random } from '../../../core/random.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID generator whose time part is a logical clock starting at `epochMs`
 * and advancing at least 1 ms per id: ids sort in creation order (the
 * open-orders cursor relies on it) and do not depend on the wall clock.
 */
export function createUlidGenerator(random: Random, epochMs: number): () => string {
  let last = epochMs - 1;
  return () => {
    last++;
    let time = last;
    let timePart = '';
    for (let i = 0; i < 10; i++) {
      timePart = CROCKFORD[time % 32] + timePart;
      time = Math.floor(time / 32);
    }
    let randomPart = '';
    for (let i = 0; i < 16; i++) randomPart += CROCKFORD[random.int(0, 32)];
    return timePart + randomPart;
  };
}

function randomBytes(random: Random, count: number): Buffer {
  const bytes = Buffer.alloc(count);
  for (let i = 0; i < count; i++) bytes[i] = random.int(0, 256);
  return bytes;
}

export function seededUuid(random: Random): string {
  const bytes = randomBytes(random, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function seededBytes(random: Random, count: number): Buffer {
  return randomBytes(random, count);
}
