// Every URL the app links or redirects to comes from server/core/paths.ts (`it.paths` in
// templates): a path spelled out by hand is how a renamed route leaves dead links behind,
// and tests/core/paths.test.ts can only vouch for the builders.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/app.ts';

function filesUnder(dir: string, ending: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full, ending);
    return name.endsWith(ending) ? [full] : [];
  });
}

const read = (dir: string, ending: string, skip: string[] = []) =>
  filesUnder(path.join(root, dir), ending)
    .map((file) => ({ name: path.relative(root, file), source: readFileSync(file, 'utf8') }))
    .filter((f) => !skip.some((s) => f.name.startsWith(s)));

/** A cohort URL put together from pieces: "/c/<%= …", '/c/' + …, `/c/${…}`. */
const cohortUrl = /["'`]\/c\/(<%|'|\$\{)/;

const inTemplates: [string, RegExp][] = [
  ['a cohort URL put together by hand', cohortUrl],
  // Anchors (#…) and asset() links are not app paths.
  ['an app path written out in an attribute', /\b(href|action|data-hx-(get|post))="\//],
  ['a path segment glued to a printed value', /%>\/[\w-]/],
];

const inServer: [string, RegExp][] = [
  ['a cohort URL put together by hand', cohortUrl],
  ['a mail link glued to the base URL', /baseUrl\}(\/|\$\{)/],
];

const serverSkip = ['server/core/paths.ts'];

function offences(files: { name: string; source: string }[], rules: [string, RegExp][]) {
  return files.flatMap((f) =>
    f.source
      .split('\n')
      .flatMap((line, i) =>
        rules
          .filter(([, pattern]) => pattern.test(line))
          .map(([what]) => `${f.name}:${i + 1}: ${what}: ${line.trim().slice(0, 120)}`),
      ),
  );
}

describe('URLs come from paths', () => {
  it('finds what it checks (a broken reader would pass everything)', () => {
    expect(read('views', '.eta').length).toBeGreaterThan(80);
    expect(read('server', '.ts', serverSkip).length).toBeGreaterThan(100);
    const samples = [
      '<a href="/c/<%= it.cohort.slug %>">',
      "const href = '/c/' + it.cohort.slug;",
      '<form action="/settings">',
      '<a href="<%= base %>/wall">',
    ];
    const caught = (source: string, rules: [string, RegExp][]) =>
      offences([{ name: 'x', source }], rules).length > 0;
    expect(samples.filter((s) => !caught(s, inTemplates))).toEqual([]);
    expect(caught(`return \`/c/\${slug}/wall\`;`, inServer)).toBe(true);
    expect(caught(`const u = \`\${app.config.baseUrl}/x\`;`, inServer)).toBe(true);
    expect(caught("app.get('/c/:cohort/meetup', show);", inServer)).toBe(false);
  });

  it('has no template build an app path by hand', () => {
    expect(offences(read('views', '.eta'), inTemplates)).toEqual([]);
  });

  it('has no server module build a cohort URL or mail link by hand', () => {
    expect(offences(read('server', '.ts', serverSkip), inServer)).toEqual([]);
  });
});
