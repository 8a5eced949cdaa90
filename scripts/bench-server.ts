// What the benchmarks share: starting a server process and stopping it, the bench cohort with
// its seeded threads, and reading a process's CPU time and memory from /proc.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mondayOfWeek } from '../server/core/schedule.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

/** Starts `node --import tsx …args` and resolves once its output matches `ready`. */
export function start(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // Node itself (not the tsx launcher) so that child.pid is the server, whose CPU we read.
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (d: Buffer) => {
      output += d.toString();
      if (ready.test(output)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) =>
      reject(new Error(`process exited (${code}) before it was ready:\n${output}`)),
    );
  });
}

/** Stops a server and waits until it has gone (PGlite's data directory is locked till then). */
export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Runs a tsx script to its end and gives what it printed. */
function run(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, args, {
      cwd: root,
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} failed (${code})`)),
    );
  });
}

/**
 * The bench cohort on the knowmads course, starting this week, with threads of 500, 17,000
 * and 10 comments on its first room's first three exhibits (scripts/bench-threads.ts).
 */
export async function createBenchCohort(
  env: Record<string, string>,
  slug: string,
): Promise<{ room: string; exhibits: string[] }> {
  const starts = mondayOfWeek('Europe/Amsterdam');
  await run(
    ['server/cli/cohort.ts', 'create', '--course', 'knowmads', '--slug', slug, '--starts', starts],
    env,
  );
  return JSON.parse(await run(['scripts/bench-threads.ts', slug], env));
}

/** User + system CPU time of a process so far, in microseconds (Linux /proc). */
export async function cpuOf(pid: number | undefined): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command name (which may hold spaces) start at state; utime, stime = 14, 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  return (ticks / 100) * 1e6; // USER_HZ is 100 on Linux
}

/** Resident memory of a process, in bytes (Linux /proc), or 0 once it has gone. */
export async function rssOf(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  return Number(kb ?? 0) * 1024;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
