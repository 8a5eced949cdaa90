// A carnival's window counts calendar days in the cohort's zone, so a change to summer time
// inside it does not move its opening or closing off the hour its room opened.
import { expect, it } from 'vitest';
import { carnivalIn } from '../../server/carnival/model.ts';
import type { Carnival } from '../../server/content/carnival.ts';
import type { CohortContext } from '../../server/core/context.ts';

const carnival = { theme: 'T', opensAfterDays: 2, closesAfterDays: 10 } as Carnival;

const contextOpening = (opensAt: Date) =>
  ({
    cohort: { timezone: 'Europe/Amsterdam' },
    schedule: [{ room: { id: 'walking', carnival }, opensAt, open: true }],
  }) as unknown as CohortContext;

it('opens and closes at local midnight across the change to summer time', () => {
  // Monday 23 March 2026, 00:00 in Amsterdam (UTC+1); summer time starts on the 29th.
  const place = carnivalIn(contextOpening(new Date('2026-03-22T23:00:00Z')), 'walking');
  expect(place?.opensAt.toISOString()).toBe('2026-03-24T23:00:00.000Z');
  // Thursday 2 April, 00:00 in Amsterdam, now UTC+2 (ten times 24 hours would be 01:00).
  expect(place?.closesAt.toISOString()).toBe('2026-04-01T22:00:00.000Z');
});
