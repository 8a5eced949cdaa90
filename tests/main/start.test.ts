// `npm start` runs the server from one bundle (server/start.js, server/bundle.js): built again
// when a source changes, and the real server from it finds its templates, static files and
// migrations, which it reads from disk by paths relative to the sources.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundle } from '../../server/bundle.js';
import { fixtures, root } from '../helpers/app.ts';
import { restoreMigratedDataDir } from '../helpers/db.ts';

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function scratch(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('the bundle', () => {
  it('is built once, built again when a source changes, and keeps import.meta.url', async () => {
    const dir = await scratch('salon-bundle-');
    const entry = path.join(dir, 'entry.ts');
    const dep = path.join(dir, 'dep.ts');
    await writeFile(
      entry,
      "import { here, value } from './dep.ts';\nconsole.log(JSON.stringify({ here, value }));\n",
    );
    await writeFile(dep, 'export const here: string = import.meta.url;\nexport const value = 1;\n');
    const options = { outDir: path.join(dir, 'out'), entry };
    const run = (file: string) =>
      JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' })) as {
        here: string;
        value: number;
      };

    const first = await ensureBundle(options);
    expect(first.built).toBe(true);
    expect(run(first.file)).toEqual({ here: pathToFileURL(dep).href, value: 1 });
    expect((await ensureBundle(options)).built).toBe(false);

    await writeFile(
      dep,
      'export const here: string = import.meta.url;\nexport const value = 22;\n',
    );
    const second = await ensureBundle(options);
    expect(second.built).toBe(true);
    expect(run(second.file).value).toBe(22);

    // A source that has gone is not served from the old bundle: it is built again (and fails).
    await unlink(dep);
    await expect(ensureBundle(options)).rejects.toThrow(/dep\.ts/);
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let child: ChildProcess;
let port = 0;

// Building the bundle takes a few seconds alone, far more on a machine busy with other test
// files: done before the tests, with their own bound. The data directory starts migrated (the
// server still reads every migration from disk to check it was applied).
beforeAll(async () => {
  const dataDir = await scratch('salon-start-');
  await restoreMigratedDataDir(dataDir);
  port = await freePort();
  const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const [command, ...args] = (scripts.start as string).split(' ');
  expect(command).toBe('node');
  child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CONTENT_DIR: path.join(fixtures, 'content-valid'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => void child.kill('SIGKILL'));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Salon is running at')) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) =>
      reject(new Error(`exited with ${code} before starting:\n${output}`)),
    );
  });
}, 180_000);

describe('npm start', () => {
  it('serves pages, static files and the health check from the bundle', async () => {
    const base = `http://127.0.0.1:${port}`;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });

    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    const html = await home.text();
    const stylesheet = /href="(\/static\/salon\.css\?v=[0-9a-f]+)"/.exec(html)?.[1];
    expect(stylesheet).toBeDefined();
    const css = await fetch(`${base}${stylesheet}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
