// Whether organisers may read a circle: the cohort's house rule (never / when invited / always)
// together with the circle's own invitation. Today every cohort has the fallback, when-invited
// (tested through the pages in privacy.test.ts); the other two are decided here.
import { describe, expect, it } from 'vitest';
import { organisersMayRead } from '../../server/circles/access.ts';
import { fallbackHouseSettings } from '../../server/core/house-settings.ts';

describe('organisers reading a circle', () => {
  it('follows the house rule and the invitation', () => {
    expect(fallbackHouseSettings.organisers_read_circles).toBe('when-invited');
    expect(organisersMayRead('never', true)).toBe(false);
    expect(organisersMayRead('never', false)).toBe(false);
    expect(organisersMayRead('when-invited', true)).toBe(true);
    expect(organisersMayRead('when-invited', false)).toBe(false);
    expect(organisersMayRead('always', false)).toBe(true);
  });
});
