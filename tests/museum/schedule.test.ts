import { describe, expect, it } from 'vitest';
import {
  addDays,
  isRoomOpen,
  isValidTimeZone,
  localMidnight,
  mondayOfWeek,
  roomOpensAt,
} from '../../server/core/schedule.ts';

const room = (n: number, opensAfterDays = 7 * (n - 1)) => ({ id: `room-${n}`, opensAfterDays });

describe('the weekly schedule', () => {
  it('opens room n at local midnight on start + 7·(n−1) days', () => {
    const cohort = { startsOn: '2026-01-05', timezone: 'Europe/Amsterdam' };
    expect(roomOpensAt(room(1), cohort).toISOString()).toBe('2026-01-04T23:00:00.000Z');
    expect(roomOpensAt(room(3), cohort).toISOString()).toBe('2026-01-18T23:00:00.000Z');
    expect(roomOpensAt(room(3, 4), cohort).toISOString()).toBe('2026-01-08T23:00:00.000Z');
  });

  it('keeps local midnight across a daylight-saving change', () => {
    // Amsterdam moves to summer time on Sunday 29 March 2026: week 2 opens an hour earlier in UTC.
    const cohort = { startsOn: '2026-03-23', timezone: 'Europe/Amsterdam' };
    expect(roomOpensAt(room(1), cohort).toISOString()).toBe('2026-03-22T23:00:00.000Z');
    expect(roomOpensAt(room(2), cohort).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // And back on 25 October.
    expect(localMidnight('2026-10-26', 'Europe/Amsterdam').toISOString()).toBe(
      '2026-10-25T23:00:00.000Z',
    );
    expect(localMidnight('2026-03-08', 'America/New_York').toISOString()).toBe(
      '2026-03-08T05:00:00.000Z',
    );
    expect(localMidnight('2026-03-09', 'America/New_York').toISOString()).toBe(
      '2026-03-09T04:00:00.000Z',
    );
  });

  it('works in zones with odd offsets', () => {
    expect(localMidnight('2026-01-01', 'Asia/Kolkata').toISOString()).toBe(
      '2025-12-31T18:30:00.000Z',
    );
    expect(localMidnight('2026-06-01', 'Pacific/Chatham').toISOString()).toBe(
      '2026-05-31T11:15:00.000Z',
    );
  });

  it('tells open from closed around the opening moment', () => {
    const cohort = { startsOn: '2026-01-05', timezone: 'Europe/Amsterdam' };
    expect(isRoomOpen(room(2), cohort, new Date('2026-01-11T22:59:59Z'))).toBe(false);
    expect(isRoomOpen(room(2), cohort, new Date('2026-01-11T23:00:00Z'))).toBe(true);
  });

  it('lets an organiser override move a room', () => {
    const cohort = {
      startsOn: '2026-01-05',
      timezone: 'Europe/Amsterdam',
      overrides: new Map([['room-3', new Date('2026-01-06T09:00:00Z')]]),
    };
    expect(isRoomOpen(room(3), cohort, new Date('2026-01-06T10:00:00Z'))).toBe(true);
    expect(isRoomOpen(room(2), cohort, new Date('2026-01-06T10:00:00Z'))).toBe(false);
  });

  it('finds this week’s Monday in the cohort’s time zone', () => {
    expect(mondayOfWeek('Europe/Amsterdam', new Date('2026-11-28T12:00:00Z'))).toBe('2026-11-23');
    // Sunday 23:30 UTC is already Monday in Amsterdam.
    expect(mondayOfWeek('Europe/Amsterdam', new Date('2026-11-29T23:30:00Z'))).toBe('2026-11-30');
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
  });

  it('recognises time zones', () => {
    expect(isValidTimeZone('Europe/Amsterdam')).toBe(true);
    expect(isValidTimeZone('Mars/Base')).toBe(false);
  });
});
