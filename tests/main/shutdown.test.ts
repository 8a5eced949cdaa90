// SIGTERM stops the real server process promptly and cleanly, even with a browser's keep-alive
// connection open and a mail half-way through an SMTP server that never answers. The process
// is started as `npm start` starts it (node with tsx's loader): the `tsx` wrapper would relay
// the signal itself and kill the server if it did not confirm within 30 ms.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, root } from '../helpers/app.ts';
import { restoreMigratedDataDir } from '../helpers/db.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** An SMTP server that takes a message's first bytes and then never answers. */
async function stallingSmtp() {
  let arrived: () => void = () => {};
  const inFlight = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 100,
    onData(stream) {
      stream.once('data', () => arrived());
      stream.resume(); // read on, never call back
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `smtp://127.0.0.1:${port}`, inFlight };
}

/** Starts `npm start`'s entry point; resolves once it says it is running. */
async function startSalon(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
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
  return child;
}

/** One request over `agent` (keep-alive): status, body and cookies. */
function request(
  agent: http.Agent,
  port: number,
  options: { method?: string; path: string; cookie?: string; form?: Record<string, string> },
) {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise<{ status: number; body: string; cookies: string[] }>((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: {
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text,
            cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] ?? ''),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let child: ChildProcess;
let port = 0;
let smtp: Awaited<ReturnType<typeof stallingSmtp>>;

// Starting takes a few seconds on a machine busy with other test files (the data directory
// starts migrated), so it is done before the test and has its own bound.
beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'salon-shutdown-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  await restoreMigratedDataDir(dataDir);
  smtp = await stallingSmtp();
  port = await freePort();
  child = await startSalon({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    CONTENT_DIR: path.join(fixtures, 'content-valid'),
    SMTP_URL: smtp.url,
  });
}, 120_000);

describe('SIGTERM', () => {
  it('stops the server with exit code 0, keep-alive connection open and a mail in flight', async () => {
    // A browser: one keep-alive connection, used for a page and a sign-in (which sends a mail).
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => agent.destroy());
    const form = await request(agent, port, { path: '/sign-in' });
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const sent = await request(agent, port, {
      method: 'POST',
      path: '/sign-in',
      cookie: form.cookies.join('; '),
      form: { _csrf: token, email: 'someone@example.org' },
    });
    expect(sent.status).toBe(303);
    await smtp.inFlight;
    expect(Object.values(agent.freeSockets).flat()).toHaveLength(1);

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    // The bound: a process still running after 10 s fails the test (and is killed).
    const bound = new Promise<'still running'>((resolve) =>
      setTimeout(() => resolve('still running'), 10_000).unref(),
    );
    expect(await Promise.race([exited, bound])).toBe(0);
  });
});
