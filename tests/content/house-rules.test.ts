// A course's house-rules.md: the organisers' seed draft. The content check reads it with the
// rest of the course and names what is wrong, field by field.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../server/content/loader.ts';
import { formatContentError } from '../../server/content/types.ts';
import { fixtures } from '../helpers/app.ts';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The valid fixture with the demo course's house-rules.md replaced by `front` (YAML). */
function withDraft(front: string) {
  dir = mkdtempSync(path.join(tmpdir(), 'salon-rules-'));
  cpSync(path.join(fixtures, 'content-valid'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'demo/house-rules.md'), `---\n${front}\n---\nThe draft.\n`);
  const result = loadContent(dir);
  return result.ok ? [] : result.errors.map(formatContentError);
}

const settings = `  - id: directory
    text: Listed unless unticked.
    setting: directory
    value: opt-out
  - id: circles
    text: Only when invited.
    setting: organisers_read_circles
    value: when-invited
  - id: quotes
    text: Quotes are fine.
    setting: quotes_outside
    value: "yes"
  - id: names
    text: Full names.
    setting: names_in_digests
    value: full`;

describe('house-rules.md', () => {
  it('is read into the course: rules, their settings and the introduction', () => {
    const result = loadContent(path.join(fixtures, 'content-valid'));
    if (!result.ok) throw new Error(result.errors.map(formatContentError).join('\n'));
    const draft = result.catalogue.courses.get('demo')?.houseRules;
    expect(draft?.rules[0]).toEqual({
      id: 'listen-first',
      text: 'Read what someone wrote before you answer it, and answer the idea, not the person.',
      setting: null,
      value: null,
    });
    expect(draft?.rules.find((r) => r.setting === 'directory')?.value).toBe('opt-out');
    expect(draft?.introHtml).toContain('first draft');
  });

  it('passes with every setting given a value', () => {
    expect(withDraft(`rules:\n${settings}`)).toEqual([]);
  });

  it('names an unknown setting, a value the setting does not have, and a missing one', () => {
    const errors = withDraft(`rules:
  - id: listen
    text: Listen.
    setting: colour
    value: blue
  - id: directory
    text: Listed.
    setting: directory
    value: sometimes`);
    const file = 'salon-rules-';
    expect(errors.every((e) => e.includes(file) && e.includes('/demo/house-rules.md'))).toBe(true);
    expect(errors.join('\n')).toContain(
      'rules (item 1).setting: must be one of directory, organisers_read_circles, quotes_outside, names_in_digests (got "colour")',
    );
    expect(errors.join('\n')).toContain(
      'rules (item 2).value: must be one of opt-out, opt-in (got "sometimes")',
    );
    expect(errors.join('\n')).toContain(
      'rules: must give every setting a default; missing: organisers_read_circles, quotes_outside, names_in_digests',
    );
  });

  it('refuses a rule id used twice, a setting decided twice, and a value without a setting', () => {
    const errors = withDraft(`rules:
${settings}
  - id: names
    text: Again.
  - id: again
    text: Also the directory.
    setting: directory
    value: opt-in
  - id: lonely
    text: A value alone.
    value: opt-in`).join('\n');
    expect(errors).toContain('rules (item 5).id: "names" is used by another rule');
    expect(errors).toContain(
      'rules (item 6).setting: directory is decided by another rule already',
    );
    expect(errors).toContain('rules (item 7).value: needs a setting');
  });

  it('refuses a rule without text, or one too long, and unknown fields', () => {
    const errors = withDraft(`rules:
${settings}
  - id: empty
    text: ""
  - id: long
    text: ${'x'.repeat(601)}
  - id: odd
    text: Fine.
    colour: red`).join('\n');
    expect(errors).toContain('rules (item 5).text: is required');
    expect(errors).toContain('rules (item 6).text: must be at most 600 characters');
    expect(errors).toContain('rules (item 7).colour: unknown field');
  });
});
