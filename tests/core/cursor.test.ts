// Keyset cursors: what encodeCursor writes, decodeCursor reads back in the kinds asked for;
// anything else (cut, edited, made up, an old page number) reads as no cursor.
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../server/core/cursor.ts';

describe('cursors', () => {
  it('read back names (any script), ids and instants to the microsecond, URL-safe', () => {
    const values = ['Zoë “Z” O’Brien/李', 42] as const;
    const cursor = encodeCursor(values);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, ['text', 'id'])).toEqual(['Zoë “Z” O’Brien/李', 42]);
    const instant = encodeCursor(['2026-12-03T09:40:25.123456Z', 7]);
    expect(decodeCursor(instant, ['instant', 'id'])).toEqual(['2026-12-03T09:40:25.123456Z', 7]);
  });

  it('are null when absent, not base64url, not JSON, or not of the kinds asked for', () => {
    const bad: unknown[] = [
      undefined,
      '',
      '2',
      ['a', 'b'],
      'not a cursor!',
      encodeCursor(['Ann']).slice(0, -2),
      Buffer.from('{"name":"Ann"}').toString('base64url'),
      encodeCursor(['Ann', 0]),
      encodeCursor(['Ann', -3]),
      encodeCursor(['Ann', 1.5]),
      encodeCursor(['Ann', '3']),
      encodeCursor([3, 3]),
      encodeCursor(['Ann', 3, 4]),
      'A'.repeat(2000),
    ];
    for (const raw of bad) expect(decodeCursor(raw, ['text', 'id']), String(raw)).toBeNull();
  });

  it('take only real instants, written in full in UTC', () => {
    for (const instant of [
      '2026-02-31T10:00:00.000000Z',
      '2026-12-03T25:00:00.000000Z',
      '2026-12-03T09:40:25.123Z',
      '2026-12-03 09:40:25.123456+00',
      "2026-12-03T09:40:25.123456Z'; drop table users; --",
    ]) {
      expect(decodeCursor(encodeCursor([instant, 1]), ['instant', 'id']), instant).toBeNull();
    }
  });
});
