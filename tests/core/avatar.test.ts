import { describe, expect, it } from 'vitest';
import { avatarHtml, avatarOf } from '../../server/core/avatar.ts';

describe('avatarOf', () => {
  it('takes the first letters of the first and last word, whole characters, upper-cased', () => {
    expect(avatarOf('ann de vries').initials).toBe('AV');
    expect(avatarOf('Émile').initials).toBe('É');
    expect(avatarOf('  (bo)  ').initials).toBe('B');
    expect(avatarOf('').initials).toBe('?');
    expect(avatarOf(null).initials).toBe('?');
  });

  it('gives one person the same tone everywhere, and spreads names over the tones', () => {
    expect(avatarOf('Ann de Vries').tone).toBe(avatarOf('Ann de Vries').tone);
    const names = Array.from({ length: 60 }, (_, i) => `Learner ${i}`);
    const tones = new Set(names.map((n) => avatarOf(n).tone));
    expect(tones.size).toBeGreaterThan(8);
    for (const tone of tones) expect(tone).toBeGreaterThanOrEqual(0);
    for (const tone of tones) expect(tone).toBeLessThan(12);
  });
});

describe('avatarHtml', () => {
  it('draws the initials on the tone, hidden from assistive technology, medium by default', () => {
    const { tone } = avatarOf('Ann de Vries');
    expect(avatarHtml('Ann de Vries')).toBe(
      `<span class="avatar avatar-m tone-${tone}" aria-hidden="true">AV</span>`,
    );
    expect(avatarHtml('<b>', 's')).toContain('avatar-s');
    expect(avatarHtml('<b>', 's')).toContain('>B</span>');
  });
});
