import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Vitest's default is one worker less than the CPUs: a single worker on a 2-core CI machine.
// PGlite is CPU-bound, so one worker per CPU; PostgreSQL tests mostly wait on the server, so
// one more. Measured on 2 cores: PGlite 155 s → 120 s, PostgreSQL 183 s → 92 s.
const cpus = availableParallelism();

// Two projects: the integration suite (`npm test`, PGlite by default, PostgreSQL when
// TEST_DATABASE_URL is set) and the Chromium walk-through (`npm run test:browser`).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'integration',
          // Files in one worker share their imports: each file still gets its own database and
          // app, but no longer pays for loading Fastify, drizzle and PGlite again (about 2 s a
          // file). Measured on 2 cores: 193 s → 86 s. Module state under server/ is only caches
          // keyed by value, so nothing leaks between files (docs/decisions/016-shared-imports.md).
          isolate: false,
          include: ['tests/**/*.test.ts'],
          maxWorkers: process.env.TEST_DATABASE_URL ? cpus + 1 : cpus,
          // *.pg.test.ts need a second connection, which only PostgreSQL has; CI runs the
          // suite on both databases, so they always run there.
          exclude: [
            'tests/browser/**',
            ...(process.env.TEST_DATABASE_URL ? [] : ['tests/**/*.pg.test.ts']),
          ],
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          // After the integration project when both run (a plain `vitest run`): projects in one
          // group must share maxWorkers, and browser tests want the machine to themselves.
          sequence: { groupOrder: 1 },
          // A poll covers a POST, a redirect and a page load on a busy 2-core machine.
          expect: { poll: { timeout: 10_000 } },
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
