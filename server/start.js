// What `npm start` runs: server/main.ts from its bundle (server/bundle.js), built first when a
// source has changed. Loading one file takes a fraction of compiling every module through tsx
// (docs/decisions/029-one-bundle.md); `npm run dev` and the CLI scripts still run the sources.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, SourceMap } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
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
    if (frame.getFileName() !== file || line === null || column === null) return text;
    try {
      const mapped = original(line, column);
      return mapped ? text.replace(`${file}:${line}:${column}`, mapped) : text;
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

/**
 * Runs the bundle as Node runs a CommonJS file, but with V8's code cache: compiling the bundle
 * and the functions a start calls is ~0.1 s that a cache from an earlier run saves. The cache
 * is written once the server has been up a while, or when it stops before that, so it holds
 * what a start compiles; it is kept for one build of the bundle only (V8 checks little more
 * than the source's length).
 * @param {string} file the bundle
 */
function runBundle(file) {
  const cacheFile = `${file}.cache`;
  const { mtimeMs, size } = statSync(file);
  const key = Buffer.from(`${mtimeMs}:${size}\n`);
  let cachedData;
  try {
    const saved = readFileSync(cacheFile);
    if (saved.subarray(0, key.length).equals(key)) cachedData = saved.subarray(key.length);
  } catch {
    // no cache yet
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    let saved = false;
    const save = () => {
      if (saved) return;
      saved = true;
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      try {
        writeFileSync(temporary, Buffer.concat([key, script.createCachedData()]));
        renameSync(temporary, cacheFile);
      } catch {
        // a read-only folder: every start compiles, as without a cache
      }
    };
    setTimeout(save, 10_000).unref();
    process.once('exit', save); // a run shorter than that
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
}

const { file } = await ensureBundle().catch((err) => {
  // esbuild has printed what it could not compile, with the place; a stack would add nothing.
  if (Array.isArray(err?.errors) && err.errors.length) process.exit(1);
  throw err;
});
mapStackTraces(file);
runBundle(file);
