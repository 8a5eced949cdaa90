// The server as one JavaScript file (.build/server.cjs) for `npm start`, built by esbuild and
// built again whenever a file it was made from has changed (docs/decisions/029-one-bundle.md).
// Plain JavaScript: it runs before anything can compile TypeScript. CommonJS, because Node 20
// can keep V8's compiled code of a script between starts but not of an ES module.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Loaded from node_modules at run time, not bundled: PGlite and sharp find their WebAssembly
 * and native files next to their own code.
 */
const external = ['@electric-sql/pglite', 'sharp'];

/** Besides what the bundle is made of, a change to these also calls for a new build. */
const alsoWatched = ['server/bundle.js', 'package.json', 'tsconfig.json'];

/**
 * A file as it was when the bundle was made: modification time and size. Any change counts,
 * also to an older time (a `git checkout` of an older version).
 * @param {string} file relative to the root
 */
function stampOf(file) {
  const stat = statSync(path.resolve(root, file));
  return `${stat.mtimeMs}:${stat.size}`;
}

/** @param {string} manifest */
function isFresh(manifest) {
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(manifest, 'utf8')).inputs;
  } catch {
    return false;
  }
  try {
    return Object.entries(inputs).every(([file, stamp]) => stampOf(file) === stamp);
  } catch {
    return false; // a file it was built from has gone
  }
}

/**
 * Written under another name first, so a process starting meanwhile never reads half a file.
 * @param {string} file
 * @param {string | Uint8Array} contents
 */
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

/**
 * Bundled code runs from .build/, so each source's `import.meta.url` is rewritten to the URL of
 * the source file itself (`__bundleUrl` comes from the banner): paths built from it (views/,
 * static/, db/migrations/) stay right.
 * @param {string} outDir
 * @returns {import('esbuild').Plugin}
 */
function sourceUrls(outDir) {
  return {
    name: 'source-urls',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const relative = path.relative(outDir, args.path).split(path.sep).join('/');
        const url = `new URL(${JSON.stringify(relative)}, __bundleUrl).href`;
        return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}

/**
 * Makes sure `outDir/server.cjs` is the build of the current sources; returns its path.
 * @param {{ outDir?: string, entry?: string }} [options]
 * @returns {Promise<{ file: string, built: boolean }>}
 */
export async function ensureBundle(options = {}) {
  const outDir = options.outDir ?? path.join(root, '.build');
  const entry = options.entry ?? path.join(root, 'server/main.ts');
  const file = path.join(outDir, 'server.cjs');
  const manifest = path.join(outDir, 'inputs.json');
  if (isFresh(manifest)) return { file, built: false };

  const { build } = await import('esbuild');
  const began = Date.now();
  const result = await build({
    entryPoints: [entry],
    outfile: file,
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external,
    // import() of a package outside becomes require(): a script run by node:vm (server/start.js)
    // may only import() through an experimental option that warns at every start.
    supported: { 'dynamic-import': false },
    banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'error',
    plugins: [sourceUrls(outDir)],
  });
  mkdirSync(outDir, { recursive: true });
  for (const output of result.outputFiles) writeAtomically(output.path, output.contents);

  /** @type {Record<string, string>} */
  const inputs = {};
  for (const input of [...Object.keys(result.metafile.inputs), ...alsoWatched]) {
    // A file saved while the build ran may not be in it: never count it as built.
    const { mtimeMs } = statSync(path.resolve(root, input));
    inputs[input] = mtimeMs >= began && mtimeMs <= Date.now() ? 'changed' : stampOf(input);
  }
  writeAtomically(manifest, JSON.stringify({ inputs }));
  return { file, built: true };
}
