// Every query the hot pages run, asked for its plan against the shape of the scale data
// (scripts/scale-data.ts, small): a sequential scan of a large table, or a whole index read
// without a condition, is a page that gets slower with every learner. The queries are the
// real ones: the pages are requested from the real app and every statement it sends is
// captured through drizzle's logger, then explained with the same parameters.
//
// With a few rows the planner rightly prefers reading a table whole, so the plan says
// nothing. Turning sequential scans off (for the EXPLAIN only) asks instead whether an index
// path exists at all: when even then a large table is read whole, no index serves the query.
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { Logger } from 'drizzle-orm/logger';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import { type ScaleWorld, seedScale } from '../../scripts/scale-data.ts';
import { hotSteps } from '../../scripts/scale-walk.ts';
import { createContentStore } from '../../server/content/store.ts';
import { buildTestApp, root, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/** Tables that grow with the learners; the rest stay a handful of rows per cohort. */
const large = new Set([
  'users',
  'enrolments',
  'sessions',
  'profiles',
  'comments',
  'likes',
  'flags',
  'thread_counts',
  'contributions',
  'contribution_likes',
  'visits',
  'submissions',
  'reviews',
  'outbox',
  'live_messages',
  'poll_votes',
]);

interface Captured {
  query: string;
  params: unknown[];
  /** What was being done when it was sent (a page, a function). */
  source: string;
}

let database: TestDatabase;
let t: TestApp;
let world: ScaleWorld;
let source = '';
const captured = new Map<string, Captured>();
const logger: Logger = {
  logQuery(query, params) {
    if (!source || captured.has(query)) return;
    captured.set(query, { query, params, source });
  },
};

/** The same database, through a drizzle that tells the logger every statement it sends. */
function logged(d: Database): Database {
  const client = (d.db as unknown as { $client: unknown }).$client;
  const db =
    d.kind === 'pglite'
      ? drizzlePglite(client as PGlite, { schema, logger })
      : drizzlePostgres(client as postgres.Sql, { schema, logger });
  return { ...d, db: db as unknown as Db };
}

/**
 * For the EXPLAIN only: no sequential scans, and joins as nested loops, so a table joined in
 * is read through an index on the join key when there is one (a merge or hash join would read
 * all of a small table's index instead, and say nothing about whether the key is indexed).
 */
const probe = ['enable_seqscan', 'enable_hashjoin', 'enable_mergejoin'].map(
  (setting) => `SET LOCAL ${setting} = off`,
);

/** EXPLAIN (FORMAT JSON) under the probe's settings. */
async function explain(d: Database, q: Captured): Promise<PlanNode> {
  const client = (d.db as unknown as { $client: unknown }).$client;
  const text = `EXPLAIN (FORMAT JSON) ${q.query}`;
  let result: unknown;
  if (d.kind === 'pglite') {
    result = await (client as PGlite).transaction(async (tx) => {
      for (const line of probe) await tx.exec(line);
      return (await tx.query<Record<string, unknown>>(text, q.params as unknown[])).rows;
    });
  } else {
    result = await (client as postgres.Sql).begin(async (tx) => {
      for (const line of probe) await tx.unsafe(line);
      return tx.unsafe(text, q.params as never[]);
    });
  }
  const row = (result as Record<string, unknown>[])[0] ?? {};
  const json = row['QUERY PLAN'];
  const plans = (typeof json === 'string' ? JSON.parse(json) : json) as { Plan: PlanNode }[];
  return plans[0]?.Plan as PlanNode;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Subplan Name'?: string;
  'Parent Relationship'?: string;
  Plans?: PlanNode[];
}

/** An index condition that only names the cohort: all of a cohort's rows (10,000 members'). */
const cohortOnly = /^\((\w+\.)?cohort_id = "?\w+"?\."?\w+"?\)$/;

/**
 * The reads of a large table that take all of it: a sequential scan, or an index read without
 * a condition; and, run once per row of another table (a subquery, the inner side of a join),
 * a read of all of the cohort's rows. Each says where in the plan it is.
 */
function wholeReads(
  node: PlanNode,
  found: string[] = [],
  above: string[] = [],
  repeated = false,
  heap?: string,
): string[] {
  // A bitmap index scan reads for the heap scan above it, which names the table.
  const table = node['Relation Name'] ?? heap;
  const type = node['Node Type'];
  const named = node['Subplan Name'] ? `${node['Subplan Name']}: ${type}` : type;
  const perRow = repeated || ['SubPlan', 'Inner'].includes(node['Parent Relationship'] ?? '');
  if (table && large.has(table)) {
    const where = above.length ? ` (under ${above.join(' > ')})` : '';
    const index = /Index (Only )?Scan/.test(type);
    if (type === 'Seq Scan') found.push(`Seq Scan on ${table}${where}`);
    else if (index && !node['Index Cond'])
      found.push(`${type} of all of ${node['Index Name']} on ${table}${where}`);
    else if (index && perRow && cohortOnly.test(node['Index Cond'] ?? ''))
      found.push(`${type} of a whole cohort's ${table} per row, by ${node['Index Name']}${where}`);
  }
  const bitmap = /^Bitmap (Heap Scan|And|Or)$/.test(type) ? table : undefined;
  for (const child of node.Plans ?? []) wholeReads(child, found, [...above, named], perRow, bitmap);
  return found;
}

const statement = (q: string) => q.trim().split(/\s+/)[0]?.toLowerCase() ?? '';

beforeAll(async () => {
  database = await createTestDatabase();
  const catalogue = createContentStore(path.join(root, 'content')).current();
  world = await seedScale(database.db, catalogue, { scale: 0.002, now: new Date() });
  await database.db.execute(sql`ANALYZE`);
  t = await buildTestApp({ contentDir: path.join(root, 'content'), database: logged(database) });
});
afterAll(async () => {
  await t?.close();
  await database?.close();
});

describe(`hot queries on the scale data (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('read no large table whole', async () => {
    const learner = await signIn(t, { email: 'learner2@scale.example.org' });
    const organiser = await signIn(t, {
      email: 'organiser@scale.example.org',
      cohorts: [world.big.slug],
      role: 'organiser',
    });
    const steps = hotSteps(t.app, t.database.db, world, { learner, organiser });
    expect(steps.map((s) => s.name)).toContain('live messages after an id');
    for (const step of steps) {
      source = step.name;
      await step.run();
    }
    source = '';

    const findings: string[] = [];
    const reads = [...captured.values()].filter((q) =>
      ['select', 'with', 'update', 'delete', 'insert'].includes(statement(q.query)),
    );
    expect(reads.length).toBeGreaterThan(30);
    for (const q of reads) {
      const plan = await explain(database, q);
      for (const read of wholeReads(plan)) {
        findings.push(`${q.source}: ${read}\n  ${q.query.replace(/\s+/g, ' ').slice(0, 400)}`);
      }
    }
    expect(findings, findings.join('\n\n')).toEqual([]);
  });

  it('would see a query no index serves, and one that reads a cohort per row', async () => {
    const unindexed = {
      query: 'SELECT id FROM comments WHERE body_md = $1',
      params: ['x'],
      source: 'a test',
    };
    const reads = wholeReads(await explain(database, unindexed));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatch(/^(Seq Scan|Index Scan of all of \w+) on comments$/);
    const perFind = {
      query: `SELECT (SELECT count(*) FROM comments c WHERE c.cohort_id = w.cohort_id
                AND c.body_md = w.title) FROM contributions w WHERE w.cohort_id = $1`,
      params: [world.big.id],
      source: 'a test',
    };
    expect(wholeReads(await explain(database, perFind)).join('\n')).toMatch(
      /a whole cohort's comments per row/,
    );
  });
});
