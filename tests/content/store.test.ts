import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createContentStore, InvalidContentError } from '../../server/content/store.ts';
import { fixtures } from '../helpers/app.ts';

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

async function copyOf(name: string) {
  dir = await mkdtemp(path.join(tmpdir(), 'salon-content-'));
  const target = path.join(dir, 'content');
  await cp(path.join(fixtures, name), target, { recursive: true });
  return target;
}

describe('the content store', () => {
  it('refuses broken content with the same messages as content:check', async () => {
    const content = await copyOf('content-broken');
    expect(() => createContentStore(content)).toThrow(InvalidContentError);
    expect(() => createContentStore(content)).toThrow(
      'content/alpha/01-start/01-bad-kind.md: kind: must be one of',
    );
  });

  it('reloads changed files while watching, and keeps the last good version on a broken edit', async () => {
    const content = await copyOf('content-valid');
    const store = createContentStore(content);
    const log = { info: vi.fn(), error: vi.fn() };
    const stop = store.watch(log);
    try {
      const file = path.join(content, 'demo/01-welcome/room.md');
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace('The Entrance Hall', 'The Grand Hall'),
      );
      await vi.waitFor(
        () => expect(store.current().courses.get('demo')?.rooms[0]?.title).toBe('The Grand Hall'),
        {
          timeout: 5000,
        },
      );
      await writeFile(file, '---\ntitle: [broken\n---\n');
      await vi.waitFor(() => expect(log.error).toHaveBeenCalled(), { timeout: 5000 });
      expect(String(log.error.mock.calls[0]?.[0])).toContain(
        'content/demo/01-welcome/room.md: front matter: malformed YAML',
      );
      expect(store.current().courses.get('demo')?.rooms[0]?.title).toBe('The Grand Hall');
    } finally {
      stop();
    }
  });
});
