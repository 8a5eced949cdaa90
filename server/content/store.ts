// Holds the current catalogue. In development it watches the content folder and swaps in a
// fresh catalogue when files change; a broken edit is reported and the last good one kept.
import { type FSWatcher, watch } from 'node:fs';
import { loadContent } from './loader.ts';
import { type Catalogue, type ContentError, formatContentError } from './types.ts';

export class InvalidContentError extends Error {
  constructor(readonly errors: ContentError[]) {
    super(
      `Invalid content (${errors.length} problem${errors.length === 1 ? '' : 's'}):\n${errors.map(formatContentError).join('\n')}`,
    );
  }
}

export interface ContentStore {
  current(): Catalogue;
  /** Starts watching for changes; returns a function that stops it. */
  watch(log: { info(msg: string): void; error(msg: string): void }): () => void;
}

export function createContentStore(contentDir: string): ContentStore {
  const first = loadContent(contentDir);
  if (!first.ok) throw new InvalidContentError(first.errors);
  let catalogue = first.catalogue;
  return {
    current: () => catalogue,
    watch(log) {
      let timer: NodeJS.Timeout | undefined;
      const watcher: FSWatcher = watch(contentDir, { recursive: true }, () => {
        clearTimeout(timer);
        // Editors write files in several steps; wait for the burst to settle.
        timer = setTimeout(() => {
          const next = loadContent(contentDir);
          if (next.ok) {
            catalogue = next.catalogue;
            log.info('content reloaded');
          } else {
            log.error(
              `content not reloaded, keeping the last good version:\n${next.errors.map(formatContentError).join('\n')}`,
            );
          }
        }, 150);
      });
      return () => {
        clearTimeout(timer);
        watcher.close();
      };
    },
  };
}
