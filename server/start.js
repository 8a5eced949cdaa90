// What `npm start` runs: server/main.ts from its bundle (server/bundle.js), built first when a
// source has changed. Loading one file takes a fraction of compiling every module through tsx
// (docs/decisions/029-one-bundle.md); `npm run dev` and the CLI scripts still run the sources.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ensureBundle } from './bundle.js';

/**
 * Stack traces name the TypeScript sources, as under tsx. Node's --enable-source-maps would
 * read and parse every loaded package's map at start; here the bundle's map is read the first
 * time a stack that passes through the bundle is printed.
 * @param {string} file the bundle
 */
function mapStackTraces(file) {
  const url = pathToFileURL(file).href;
  /** @type {SourceMap | undefined} */
  let map;
  /** @type {(line: number, column: number) => string | null} */
  const original = (line, column) => {
    map ??= new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    const entry = map.findEntry(line - 1, column - 1);
    if (!('originalSource' in entry)) return null;
    const source = new URL(entry.originalSource, url).href;
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  };
  /** @type {(frame: NodeJS.CallSite) => string} */
  const frameText = (frame) => {
    const text = String(frame);
    const line = frame.getLineNumber();
    const column = frame.getColumnNumber();
    if (frame.getFileName() !== url || line === null || column === null) return text;
    try {
      const mapped = original(line, column);
      const at = `${url}:${line}:${column}`;
      return mapped ? text.replace(at, mapped) : text;
    } catch {
      return text; // a missing or broken map: the bundle's own position is still a position
    }
  };
  // The same shape as Node's own stack traces: the error's text, then one "at" line a frame.
  Error.prepareStackTrace = (error, frames) => {
    let head;
    try {
      head = Error.prototype.toString.call(error);
    } catch {
      head = '<error>';
    }
    return [head, ...frames.map((frame) => `    at ${frameText(frame)}`)].join('\n');
  };
}

const { file } = await ensureBundle().catch((err) => {
  // esbuild has printed what it could not compile, with the place; a stack would add nothing.
  if (Array.isArray(err?.errors) && err.errors.length) process.exit(1);
  throw err;
});
mapStackTraces(file);
await import(pathToFileURL(file).href);
