// The direction of imports under server/ (docs/decisions/014-one-direction.md): features sit on
// a small platform and never import each other; nothing in the platform imports a feature;
// no two folders, nor two files, import each other, directly or round a longer loop. Entry
// points (app.ts, main.ts, cli/) and the demo seeder put everything together and may import
// anything.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/app.ts';

const server = path.join(root, 'server');

/** Lowest first: each may import only the ones before it (and itself). */
const platform = ['config', 'i18n', 'content', 'mail', 'http', 'core'];
const composition = ['app', 'main', 'cli', 'demo'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

/** "core" for server/core/x.ts, "app" for server/app.ts. */
const folderOf = (file: string) =>
  path.relative(server, file).split(path.sep)[0]?.replace(/\.ts$/, '') ?? '';

/** The server/ files one file imports (static, type-only, re-export or dynamic). */
function importsOf(file: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.[^'"]+)['"]/g;
  return [...readFileSync(file, 'utf8').matchAll(pattern)]
    .map((match) => path.resolve(path.dirname(file), match[1] ?? ''))
    .filter((target) => target.startsWith(server + path.sep));
}

/** Every import from one server/ folder into another. */
function folderImports(): Map<string, Map<string, string[]>> {
  const edges = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(server)) {
    const from = folderOf(file);
    for (const target of importsOf(file)) {
      const to = folderOf(target);
      if (to === from) continue;
      const targets = edges.get(from) ?? new Map<string, string[]>();
      targets.set(to, [...(targets.get(to) ?? []), path.relative(server, file)]);
      edges.set(from, targets);
    }
  }
  return edges;
}

function cycles(edges: Map<string, Map<string, string[]>>): string[][] {
  const found: string[][] = [];
  const visit = (node: string, trail: string[]) => {
    for (const next of edges.get(node)?.keys() ?? []) {
      const at = trail.indexOf(next);
      if (at >= 0) found.push([...trail.slice(at), next]);
      else visit(next, [...trail, next]);
    }
  };
  for (const start of edges.keys()) visit(start, [start]);
  return found;
}

/** One line per folder: what it imports, e.g. "meetup → core, http, i18n, mail". */
function graphText(edges: Map<string, Map<string, string[]>>): string {
  return [...edges.keys()]
    .sort()
    .map((from) => `${from} → ${[...(edges.get(from)?.keys() ?? [])].sort().join(', ')}`)
    .join('\n');
}

/**
 * Import loops between files, one per loop a depth-first walk closes (none: there are none).
 * Folders are checked with every loop spelled out; files are too many for that.
 */
function fileCycles(files: string[]): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const trail: string[] = [];
  const walk = (file: string) => {
    trail.push(file);
    for (const next of importsOf(file)) {
      const at = trail.indexOf(next);
      if (at >= 0)
        found.push([...trail.slice(at), next].map((f) => path.relative(server, f)).join(' → '));
      else if (!done.has(next)) walk(next);
    }
    trail.pop();
    done.add(file);
  };
  for (const file of files) if (!done.has(file)) walk(file);
  return found;
}

const edges = folderImports();
const features = [...new Set([...edges.keys(), ...readdirSync(server)])]
  .map((name) => name.replace(/\.ts$/, ''))
  .filter((name) => !platform.includes(name) && !composition.includes(name));

describe('the direction of imports under server/', () => {
  it('finds the folders it checks (a broken reader would pass everything)', () => {
    expect(features).toEqual(expect.arrayContaining(['conversation', 'meetup', 'feedback']));
    expect(edges.get('conversation')?.has('core')).toBe(true);
    expect(
      cycles(
        new Map([
          ['a', new Map([['b', ['x']]])],
          ['b', new Map([['a', ['y']]])],
        ]),
      ),
    ).toEqual([
      ['a', 'b', 'a'],
      ['b', 'a', 'b'],
    ]);
  });

  it('has no cycle between folders', () => {
    expect(cycles(edges).map((c) => c.join(' → '))).toEqual([]);
  });

  it('has no cycle between files', () => {
    expect(fileCycles(sourceFiles(server))).toEqual([]);
  });

  it('lets no feature import another feature', () => {
    const crossings = features.flatMap((feature) =>
      [...(edges.get(feature) ?? [])]
        .filter(([to]) => features.includes(to))
        .map(([to, files]) => `${feature} → ${to} (${files.join(', ')})`),
    );
    expect(crossings).toEqual([]);
  });

  it('keeps the platform below the features, each layer above the ones it uses', () => {
    const upward = platform.flatMap((layer, i) =>
      [...(edges.get(layer) ?? [])]
        .filter(([to]) => !platform.slice(0, i).includes(to))
        .map(([to, files]) => `${layer} → ${to} (${files.join(', ')})`),
    );
    expect(upward).toEqual([]);
  });

  it('is drawn as it is in decision record 014', () => {
    const record = readFileSync(path.join(root, 'docs/decisions/014-one-direction.md'), 'utf8');
    const drawn = /```text\n([\s\S]*?)\n```/.exec(record)?.[1];
    // When imports change on purpose, paste the received text into the record.
    expect(drawn).toBe(graphText(edges));
  });
});
