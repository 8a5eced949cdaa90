// Forming circles from opt-ins: every circle between min and max, a last small group spread
// over the others under 70 % of the size (as Moodle does), the same seed giving the same
// circles, answers kept together, and rare answers pooled rather than left in a tiny circle.
import { describe, expect, it } from 'vitest';
import { type Applicant, allocate, circleCount } from '../../server/circles/allocation.ts';

const settings = {
  size: 5,
  min: 4,
  max: 6,
  formBy: ['language', 'time'] as ('language' | 'time')[],
};
const people = (n: number, answers: Partial<Applicant> = {}, from = 1): Applicant[] =>
  Array.from({ length: n }, (_, i) => ({
    userId: from + i,
    language: 'en',
    timeBand: 'evening',
    commitment: 'all',
    ...answers,
  }));
const sizes = (n: number) => allocate(people(n), settings, 1).circles.map((c) => c.length);

describe('circle sizes', () => {
  it('never makes a circle below min or above max, for any number from 4 to 200', () => {
    for (let n = 4; n <= 200; n++) {
      const { circles, bench } = allocate(people(n), settings, n);
      if (n !== 7) expect(bench, `n=${n}`).toEqual([]);
      expect(circles.flat().length + bench.length).toBe(n);
      for (const c of circles) {
        expect(c.length, `n=${n}`).toBeGreaterThanOrEqual(4);
        expect(c.length, `n=${n}`).toBeLessThanOrEqual(6);
      }
    }
  });

  it('spreads a last group under 70 % of the size over the others, and keeps one at 70 % or more', () => {
    // 11 = 5 + 5 + 1: one is 20 % of a circle, spread → 6 + 5.
    expect(sizes(11)).toEqual([6, 5]);
    // 12 = 5 + 5 + 2 (40 %): spread → 6 + 6.
    expect(sizes(12)).toEqual([6, 6]);
    // 14 = 5 + 5 + 4 (80 %): a circle of its own.
    expect(sizes(14)).toEqual([5, 5, 4]);
    // 9 = 5 + 4 (80 %).
    expect(sizes(9)).toEqual([5, 4]);
    // 8 = 5 + 3 (60 %): spreading would make 8 > max, so two circles of 4.
    expect(sizes(8)).toEqual([4, 4]);
    expect(circleCount(3, settings)).toBe(0);
    expect(circleCount(7, settings)).toBe(0);
  });

  it('gives the same circles for the same seed, and another mix for another seed', () => {
    const group = people(30);
    const a = allocate(group, settings, 42);
    const b = allocate([...group].reverse(), settings, 42);
    expect(b).toEqual(a);
    const c = allocate(group, settings, 43);
    expect(c.circles.map((x) => x.map((p) => p.userId))).not.toEqual(
      a.circles.map((x) => x.map((p) => p.userId)),
    );
  });

  it('keeps answers together, and pools those too few to make a circle of their own', () => {
    const group = [
      ...people(10, { language: 'nl', timeBand: 'morning' }, 1),
      ...people(5, { language: 'en', timeBand: 'evening' }, 100),
      ...people(2, { language: 'en', timeBand: 'morning' }, 200),
      ...people(2, { language: 'de', timeBand: 'weekend' }, 300),
    ];
    const { circles, bench } = allocate(group, settings, 3);
    expect(bench).toEqual([]);
    const nl = circles.filter((c) => c.every((p) => p.language === 'nl'));
    expect(nl.flat().length).toBeGreaterThanOrEqual(10);
    // The two English mornings go with the English evenings (the last form_by key drops first).
    const en = circles.find((c) => c.some((p) => p.userId === 200));
    expect(en?.every((p) => p.language === 'en' || p.language === 'de')).toBe(true);
    expect(circles.flat().length).toBe(19);
  });

  it('leaves fewer than min on the bench when no circle can take them', () => {
    const three = allocate(people(3), settings, 1);
    expect(three.circles).toEqual([]);
    expect(three.bench.map((p) => p.userId).sort()).toEqual([1, 2, 3]);
    // Seven fit no count of circles of 4 to 6: one of six, and one waits for a place.
    const seven = allocate(people(7), settings, 1);
    expect(seven.circles.map((c) => c.length)).toEqual([6]);
    expect(seven.bench).toHaveLength(1);
  });
});
