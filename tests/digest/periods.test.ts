// When digests are due: 07:00 on the cohort's wall clock, daily or on its start weekday,
// across time zones and daylight-saving changes.
import { describe, expect, it } from 'vitest';
import { latestPeriod } from '../../server/digest/periods.ts';

const amsterdam = { startsOn: '2026-03-02', timezone: 'Europe/Amsterdam' }; // a Monday
const newYork = { startsOn: '2026-03-04', timezone: 'America/New_York' }; // a Wednesday

describe('digest periods', () => {
  it('daily: the 24 hours up to 07:00 local, today once it is past 07:00, else yesterday', () => {
    const before = latestPeriod(amsterdam, 'daily', new Date('2026-03-10T05:59:00Z')); // 06:59 CET
    expect(before).toEqual({
      frequency: 'daily',
      period: '2026-03-09',
      since: new Date('2026-03-08T06:00:00Z'),
      until: new Date('2026-03-09T06:00:00Z'),
    });
    const after = latestPeriod(amsterdam, 'daily', new Date('2026-03-10T06:00:00Z')); // 07:00 CET
    expect(after.period).toBe('2026-03-10');
    expect(after.until).toEqual(new Date('2026-03-10T06:00:00Z'));
  });

  it('weekly: on the weekday the cohort started, covering the week before', () => {
    const p = latestPeriod(amsterdam, 'weekly', new Date('2026-03-13T12:00:00Z')); // Friday
    expect(p).toMatchObject({ period: '2026-03-09', since: new Date('2026-03-02T06:00:00Z') });
    const ny = latestPeriod(newYork, 'weekly', new Date('2026-03-18T11:30:00Z')); // Wed 07:30 EDT
    expect(ny.period).toBe('2026-03-18');
    const early = latestPeriod(newYork, 'weekly', new Date('2026-03-18T10:30:00Z')); // 06:30 EDT
    expect(early.period).toBe('2026-03-11');
  });

  it('keeps 07:00 local across a DST change (New York: 8 March, Amsterdam: 29 March)', () => {
    const ny = (iso: string) => latestPeriod(newYork, 'daily', new Date(iso)).until.toISOString();
    expect(ny('2026-03-07T20:00:00Z')).toBe('2026-03-07T12:00:00.000Z'); // EST, UTC-5
    expect(ny('2026-03-09T20:00:00Z')).toBe('2026-03-09T11:00:00.000Z'); // EDT, UTC-4
    // The period across the change is 23 hours long, not 24.
    const change = latestPeriod(newYork, 'daily', new Date('2026-03-08T20:00:00Z'));
    expect(change.until.getTime() - change.since.getTime()).toBe(23 * 3_600_000);
    const ams = latestPeriod(amsterdam, 'weekly', new Date('2026-03-30T12:00:00Z'));
    expect(ams.until.toISOString()).toBe('2026-03-30T05:00:00.000Z'); // 07:00 CEST
    expect(ams.since.toISOString()).toBe('2026-03-23T06:00:00.000Z'); // 07:00 CET
  });
});
