import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { BULK_SQL } from '@docket/bulk';
import { INTAKE_SQL } from '@docket/reports';
import { CLAIM_SQL } from '@docket/review';
import { TRIAGE_SQL } from '@docket/triage';
import { createSuiteDatabase, databaseUrl, dropDatabase } from './support/databases';

/**
 * Issue 20, point 8 (decision 0028): the hot statements of intake, triage and claim reach their rows through an
 * index on tables PostgreSQL never analysed, as after a bulk load or a restore with autovacuum off. A table never
 * analysed is estimated from its page count, with no column statistics: every equality on a column that is not
 * unique is guessed at 0.5 % of the rows, so a join through cases.post_id looks like hundreds of rows per post and
 * a hash join over a scan of every post wins on paper. The statements must not give the planner that choice.
 *
 * Each statement is the text the code runs (exported by its repository), EXPLAINed with real parameters: for one
 * notice and for a full batch (500, the most a group commit or a triage batch holds), as a custom plan (an unnamed
 * statement, or the first runs of a prepared one) and as the generic plan PostgreSQL may keep for a prepared one.
 */
const POSTS = 20_000;
const BATCH = 500;
const WATCHED = ['posts', 'cases', 'reports', 'decisions'];

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Conflict Arbiter Indexes'?: string[];
  Plans?: PlanNode[];
}
const nodes = (p: PlanNode): PlanNode[] => [p, ...(p.Plans ?? []).flatMap(nodes)];
const seqScans = (p: PlanNode) => nodes(p).filter((n) => n['Node Type'] === 'Seq Scan' && WATCHED.includes(n['Relation Name']!)).map((n) => n['Relation Name']);
const indexesOf = (p: PlanNode) => [...new Set(nodes(p).flatMap((n) => [n['Index Name'], ...(n['Conflict Arbiter Indexes'] ?? [])]).filter((i): i is string => !!i))].sort();

/** Rows of the data set, for parameters that name real posts, cases and reports. */
interface Fixture {
  reporterId: string;
  moderatorId: string;
  posts: string[];
  cases: string[];
  closedCases: string[];
  reports: string[];
  keys: string[];
  fingerprints: string[];
}

type Params = (f: Fixture, n: number) => unknown[];
const now = () => new Date();
const times = <T>(n: number, v: T): T[] => Array.from({ length: n }, () => v);
const ids = (n: number) => Array.from({ length: n }, () => randomUUID());

/** Each statement: its text, the indexes its plan must reach, and parameters shaped as its repository builds them. */
const STATEMENTS: [string, string, string[], Params][] = [
  ['intake: prior reports by idempotency key', INTAKE_SQL.priorReports, ['cases_pkey', 'reports_reporter_idempotency_key'],
    (f, n) => [times(n, f.reporterId), f.keys.slice(0, n)]],
  ['intake: upsert posts', INTAKE_SQL.upsertPosts, ['posts_pkey'],
    (f, n) => [f.posts.slice(0, n), times(n, null), times(n, 'author'), times(n, 'text'), times(n, 'en'), times(n, null), times(n, now())]],
  ['intake: latest case of each post', INTAKE_SQL.latestCases, ['cases_post_idx', 'posts_pkey'],
    (f, n) => [f.posts.slice(0, n)]],
  ['intake: open or join cases', INTAKE_SQL.openOrJoinCases, ['cases_one_open_per_post'],
    (f, n) => [ids(n), f.posts.slice(0, n), times(n, 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD'), times(n, 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD'),
      times(n, now()), times(n, 2), times(n, 1), times(n, now()), 'notice']],
  ['intake: insert reports', INTAKE_SQL.insertReports, [],
    (f, n) => [ids(n), f.cases.slice(0, n), f.posts.slice(0, n), times(n, f.reporterId), times(n, 'trusted_flagger'),
      times(n, 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD'), times(n, null), times(n, null), times(n, null), times(n, null), times(n, null),
      times(n, now()), times(n, now()), ids(n), times(n, 'hash'), times(n, 1), times(n, 'api'), times(n, null)]],
  ['intake: reports answered by a closed case', INTAKE_SQL.addReportsToClosedCases, ['cases_pkey'],
    (f, n) => [f.closedCases.slice(0, n), times(n, 1)]],
  ['intake: the post mapped to a content URL', INTAKE_SQL.postByUrl, ['posts_url_idx'],
    (f) => [`https://social.example/p/${f.posts[7].slice('post-'.length)}`]],
  ['triage: post texts', TRIAGE_SQL.postTexts, ['cases_pkey', 'posts_pkey'],
    (f, n) => [f.cases.slice(0, n)]],
  ['triage: lock cases with their reports', TRIAGE_SQL.lockCases, ['cases_pkey', 'reports_case_idx'],
    (f, n) => [f.cases.slice(0, n)]],
  ['triage: removed posts with these fingerprints', TRIAGE_SQL.removedWithFingerprint, ['cases_removed_fingerprint_idx'],
    (f, n) => [f.fingerprints.slice(0, Math.min(n, f.fingerprints.length)), f.posts.slice(0, n)]],
  ['triage: stamp fingerprints and find removed posts', TRIAGE_SQL.setFingerprintsAndFindRemoved, ['cases_removed_fingerprint_idx', 'posts_pkey'],
    (f, n) => [f.posts.slice(0, n), f.posts.slice(0, n).map((_, i) => f.fingerprints[i % f.fingerprints.length])]],
  ['triage: stamp fingerprints', TRIAGE_SQL.setFingerprints, ['posts_pkey'],
    (f, n) => [f.posts.slice(0, n), f.posts.slice(0, n).map((_, i) => f.fingerprints[i % f.fingerprints.length])]],
  ['triage: write the outcome', TRIAGE_SQL.writeTriage, ['cases_pkey', 'reports_pkey'],
    (f, n) => [f.cases.slice(0, n), times(n, 'queued'), times(n, now()), times(n, 2), times(n, JSON.stringify({ flags: [] })), times(n, now()),
      times(n, now()), f.reports.slice(0, n), times(n, now()), times(n, null)]],
  ['bulk: open cases with the fingerprint of a case', BULK_SQL.byFingerprint, ['cases_open_fingerprint_idx', 'posts_pkey'],
    (f) => [f.fingerprints[1], 1000]],
  ["bulk: a reporter's notices in a range", BULK_SQL.byReporter, ['cases_pkey', 'posts_pkey', 'reports_reporter_received_idx'],
    (f) => [f.reporterId, new Date(Date.now() - 3600_000), now(), 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', 1000]],
  ...(['any', 'nonViolent'] as const).map((kind): [string, string, string[], Params] => [
    `claim (${kind})`, CLAIM_SQL[kind], ['cases_claim_order', 'cases_pkey', 'decisions_case_idx', 'posts_pkey', 'reports_case_idx'],
    (f) => ['standard', now(), f.moderatorId, new Date(Date.now() + 600_000), now(), f.moderatorId, 'moderator', 'case.claimed', '{}',
      new Date(Date.now() + 900_000)],
  ]),
];

describe('plans on tables never analysed (issue 20, point 8)', () => {
  let database: string;
  let db: Client;
  let f: Fixture;

  beforeAll(async () => {
    database = await createSuiteDatabase();
    db = new Client({ connectionString: databaseUrl(database) });
    await db.connect();
    // Nothing may analyse these tables during the suite, whatever the server's autovacuum setting.
    for (const t of WATCHED) await db.query(`ALTER TABLE ${t} SET (autovacuum_enabled = off)`);
    const reporterId = randomUUID();
    const moderatorId = randomUUID();
    await db.query(
      `INSERT INTO principals (id, name, role, kind, callback_secret, key_hash)
       VALUES ($1, 'plans reporter', 'reporter', 'trusted_flagger', 's', '\\x01'), ($2, 'plans moderator', 'moderator', NULL, 's', '\\x02')`,
      [reporterId, moderatorId],
    );
    // A post per case; a quarter each queued, received, no violation and removed (with a fingerprint), a report each
    // (with an idempotency key), a decision for each decided case. Loaded in bulk, as a restore would.
    await db.query(
      `INSERT INTO posts (id, url, author_id, text, language, created_at)
       SELECT 'post-' || i, 'https://social.example/p/' || i, 'author-' || i % 997, 'text of post ' || i, 'en', now() - make_interval(secs => $1 - i)
         FROM generate_series(1, $1::int) i`,
      [POSTS],
    );
    await db.query(
      `INSERT INTO cases (id, post_id, state, category, categories, due_at, report_count, first_reported_at, queued_at, decided_at,
                          closed_at, signals, created_at)
       SELECT gen_random_uuid(), 'post-' || i, s, 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', '{STATEMENT_CATEGORY_SCAMS_AND_FRAUD}',
              at + interval '1 day', 1, at, CASE WHEN s <> 'received' THEN at END, CASE WHEN s IN ('no_violation', 'removed') THEN at END,
              CASE WHEN s IN ('no_violation', 'removed') THEN at END,
              CASE WHEN s <> 'received' THEN jsonb_build_object('flags', '[]'::jsonb, 'fingerprint', 'fp-' || i % 100) END, at
         FROM (SELECT i, (ARRAY['queued', 'received', 'no_violation', 'removed'])[1 + i % 4] AS s, now() - make_interval(secs => $1 - i) AS at
                 FROM generate_series(1, $1::int) i) g`,
      [POSTS],
    );
    await db.query(
      `INSERT INTO reports (id, case_id, post_id, reporter_id, reporter_kind, category, received_at, due_at, idempotency_key, request_hash, policy_id)
       SELECT gen_random_uuid(), c.id, c.post_id, $1, 'trusted_flagger', c.category, c.first_reported_at, c.due_at, 'key-' || c.post_id,
              md5(c.post_id), (SELECT max(id) FROM deadline_policies)
         FROM cases c`,
      [reporterId],
    );
    await db.query(
      `INSERT INTO decisions (id, case_id, action, ground, explanation, decided_by, decided_at)
       SELECT gen_random_uuid(), id, CASE WHEN state = 'removed' THEN 'remove' ELSE 'no_violation' END,
              CASE WHEN state = 'removed' THEN 'illegal_content' END, 'decided in bulk', $1, decided_at
         FROM cases WHERE decided_at IS NOT NULL`,
      [moderatorId],
    );
    const column = async (sql: string) => (await db.query<{ v: string }>(sql)).rows.map((r) => r.v);
    f = {
      reporterId,
      moderatorId,
      // Spread over the table, as the posts of real notices are.
      posts: await column(`SELECT id AS v FROM posts ORDER BY hashtext(id) LIMIT ${BATCH}`),
      cases: await column(`SELECT id::text AS v FROM cases WHERE state IN ('received', 'queued') ORDER BY hashtext(id::text) LIMIT ${BATCH}`),
      closedCases: await column(`SELECT id::text AS v FROM cases WHERE closed_at IS NOT NULL ORDER BY hashtext(id::text) LIMIT ${BATCH}`),
      reports: await column(`SELECT id::text AS v FROM reports ORDER BY hashtext(id::text) LIMIT ${BATCH}`),
      keys: await column(`SELECT idempotency_key AS v FROM reports ORDER BY hashtext(id::text) LIMIT ${BATCH}`),
      fingerprints: await column(`SELECT DISTINCT signals->>'fingerprint' AS v FROM cases WHERE state = 'removed' ORDER BY 1`),
    };
  });
  afterAll(async () => {
    await db.end();
    await dropDatabase(database);
  });

  /** The plan PostgreSQL makes for `sql` with `params`: as a custom plan, or as the generic plan of a prepared statement. */
  async function explain(sql: string, params: unknown[], mode: 'custom' | 'generic'): Promise<PlanNode> {
    if (mode === 'custom') {
      // An unnamed statement with parameters is planned for their values, as docket's statements are in their first runs.
      const { rows } = await db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
      return rows[0]['QUERY PLAN'][0].Plan;
    }
    // EXPLAIN EXECUTE takes no bound parameters: the server writes each one as a literal, as the driver sends it.
    const literals: string[] = [];
    for (const p of params) literals.push((await db.query<{ l: string }>('SELECT quote_nullable($1::text) AS l', [p])).rows[0].l);
    await db.query('BEGIN');
    try {
      await db.query(`SET LOCAL plan_cache_mode = force_generic_plan`);
      await db.query(`PREPARE plan_check AS ${sql}`);
      const { rows } = await db.query(`EXPLAIN (FORMAT JSON) EXECUTE plan_check(${literals.join(', ')})`);
      return rows[0]['QUERY PLAN'][0].Plan;
    } finally {
      await db.query('ROLLBACK');
      await db.query('DEALLOCATE ALL');
    }
  }

  it('holds enough rows, and no statistics about them', async () => {
    const { rows: counts } = await db.query(`SELECT (SELECT count(*) FROM posts)::int AS posts, (SELECT count(*) FROM cases)::int AS cases`);
    expect(counts[0]).toEqual({ posts: POSTS, cases: POSTS });
    const { rows: stats } = await db.query(`SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = 'public' AND tablename = ANY($1)`, [WATCHED]);
    expect(stats[0].n).toBe(0);
    const { rows: tuples } = await db.query(`SELECT relname, reltuples FROM pg_class WHERE relname = ANY($1) ORDER BY relname`, [WATCHED]);
    // -1: never vacuumed nor analysed, so the planner counts pages and guesses the rest.
    expect(tuples).toEqual(WATCHED.slice().sort().map((relname) => ({ relname, reltuples: -1 })));
  });

  it('is a data set where the join docket used to run scans every post', async () => {
    // The latest-case lookup as it was before decision 0028: a control, so this suite can tell a bad plan apart.
    const before = `SELECT DISTINCT ON (c.post_id) c.post_id, c.id, c.state, p.restored_at
                      FROM cases c JOIN posts p ON p.id = c.post_id
                     WHERE c.post_id = ANY($1::text[]) ORDER BY c.post_id, c.created_at DESC`;
    expect(seqScans(await explain(before, [f.posts.slice(0, 8)], 'custom'))).toContain('posts');
    expect(seqScans(await explain(before, [f.posts.slice(0, 1)], 'generic'))).toContain('posts');
  });

  describe.each(STATEMENTS)('%s', (_name, sql, indexes, params) => {
    it.each([
      [1, 'custom'], [1, 'generic'], [BATCH, 'custom'], [BATCH, 'generic'],
    ] as const)('%d rows, %s plan: through its indexes, no sequential scan', async (n, mode) => {
      const plan = await explain(sql, params(f, n), mode);
      expect({ seqScans: seqScans(plan), indexes: indexesOf(plan) }).toEqual({ seqScans: [], indexes: expect.arrayContaining(indexes) });
    });
  });

  it('still has no statistics after planning', async () => {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = 'public' AND tablename = ANY($1)`, [WATCHED]);
    expect(rows[0].n).toBe(0);
  });
});
