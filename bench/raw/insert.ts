import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { NoticeBody, PostIds, notice } from '../notices';
import { loops, percentile, secondsSince } from '../stats';

/**
 * The raw limit of intake: the notice's fields stored as one row, with nothing
 * of docket around it (no HTTP, no validation, no case, no audit, no outbox).
 * A table of its own in schema `raw`, so docket's tables stay as docket left them.
 */
export async function prepareRawNotices(pool: Pool): Promise<void> {
  await pool.query(`CREATE SCHEMA IF NOT EXISTS raw`);
  await pool.query(`
    CREATE TABLE IF NOT EXISTS raw.notices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      post_id text NOT NULL, post_url text, author_id text, text text, language text, media_urls text[],
      posted_at timestamptz, category text NOT NULL, specification text[], description text,
      evidence_urls text[], external_ref text, reported_at timestamptz, received_at timestamptz NOT NULL DEFAULT now()
    )`);
  await pool.query(`TRUNCATE raw.notices`);
}

const COLUMNS = `post_id, post_url, author_id, text, language, media_urls, posted_at, category, specification, description,
                 evidence_urls, external_ref, reported_at`;

function values(n: NoticeBody): unknown[] {
  return [n.post.id, n.post.url, n.post.authorId, n.post.text, n.post.language, n.post.mediaUrls, n.post.postedAt, n.category,
    n.specification, n.description, n.evidenceUrls, n.externalRef, n.reportedAt];
}

/** docket's tables a notice writes to: the same-rows loops write to copies of them in schema `raw`. */
const NOTICE_TABLES = ['posts', 'cases', 'reports', 'outbox', 'audit_pending'];

/**
 * The raw limit of the same durable work: copies of docket's tables (columns, defaults, checks, identities and every
 * index, so each row costs the same index upkeep) in schema `raw`, without foreign keys or triggers.
 */
export async function prepareRawSameRows(pool: Pool): Promise<void> {
  await pool.query(`CREATE SCHEMA IF NOT EXISTS raw`);
  for (const table of NOTICE_TABLES) {
    await pool.query(`DROP TABLE IF EXISTS raw.${table}`);
    await pool.query(`CREATE TABLE raw.${table} (LIKE public.${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES INCLUDING IDENTITY)`);
  }
}

/**
 * One statement writing what docket's intake writes for each notice: its post, a case, the report, the triage job's
 * outbox row and two audit events (report received, case opened). Each input is an array, one element per notice.
 */
const SAME_ROWS_SQL = `WITH n AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::uuid[], $9::uuid[],
                         $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::timestamptz[], $16::text[])
      AS t(post_id, url, author_id, text, language, media, posted_at, case_id, report_id, category, spec, description, evidence,
           external_ref, reported_at, request_hash)
  ), posts AS (
    INSERT INTO raw.posts (id, url, author_id, text, language, media_urls, posted_at)
    SELECT post_id, url, author_id, text, language, string_to_array(media, ' '), posted_at FROM n
  ), cases AS (
    INSERT INTO raw.cases (id, post_id, state, category, categories, due_at, report_count, first_reported_at)
    SELECT case_id, post_id, 'received', category, ARRAY[category], now() + interval '1 hour', 1, now() FROM n
  ), reports AS (
    INSERT INTO raw.reports (id, case_id, post_id, reporter_id, reporter_kind, category, specification, description, evidence_urls,
                             external_ref, reported_at, received_at, due_at, request_hash, policy_id)
    SELECT report_id, case_id, post_id, $17::uuid, 'hosting_provider', category, string_to_array(spec, ','), description,
           string_to_array(evidence, ' '), external_ref, reported_at, now(), now() + interval '1 hour', request_hash, 1 FROM n
  ), outbox AS (
    INSERT INTO raw.outbox (queue, name, job_id, data)
    SELECT 'triage', 'case.triage', 'triage-' || case_id, jsonb_build_object('caseId', case_id) FROM n
  )
  INSERT INTO raw.audit_pending (occurred_at, actor_id, actor_role, action, subject_type, subject_id, data)
  SELECT now(), $17::uuid, 'reporter', e.action, e.subject_type, e.subject_id, e.data
    FROM n, LATERAL (VALUES ('report.received', 'report', report_id::text, jsonb_build_object('caseId', case_id, 'postId', post_id)),
                            ('case.opened', 'case', case_id::text, jsonb_build_object('postId', post_id, 'category', category)))
                    AS e(action, subject_type, subject_id, data)`;

function sameRowsParams(notices: NoticeBody[], reporterId: string): unknown[] {
  const col = (f: (x: NoticeBody) => unknown) => notices.map(f);
  return [
    col((x) => x.post.id), col((x) => x.post.url), col((x) => x.post.authorId), col((x) => x.post.text), col((x) => x.post.language),
    col((x) => x.post.mediaUrls.join(' ')), col((x) => x.post.postedAt), col(() => randomUUID()), col(() => randomUUID()), col((x) => x.category),
    col((x) => x.specification.join(',')), col((x) => x.description), col((x) => x.evidenceUrls.join(' ')), col((x) => x.externalRef),
    col((x) => x.reportedAt), col((x) => x.externalRef), reporterId,
  ];
}

/** P1 raw: docket's rows for one notice per transaction (no group commit), `inFlight` at a time through the pool. */
export async function rawSameRowsSingle(pool: Pool, inFlight: number, seconds: number): Promise<RawResult> {
  const ids = new PostIds();
  const reporter = randomUUID();
  let n = 0;
  return timedStatements(inFlight, seconds, 1, () => {
    const params = sameRowsParams([notice(ids.next(), n++)], reporter);
    return () => pool.query({ name: 'raw-same-rows', text: SAME_ROWS_SQL, values: params });
  });
}

/** P2 raw: docket's rows for `batch` notices per transaction, `inFlight` at a time. */
export async function rawSameRowsBatch(pool: Pool, inFlight: number, batch: number, seconds: number): Promise<RawResult> {
  const ids = new PostIds();
  const reporter = randomUUID();
  let n = 0;
  return timedStatements(inFlight, seconds, batch, () => {
    const params = sameRowsParams(Array.from({ length: batch }, () => notice(ids.next(), n++)), reporter);
    return () => pool.query({ name: 'raw-same-rows', text: SAME_ROWS_SQL, values: params });
  });
}

export interface RawResult {
  ops: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** P1 raw: single-row INSERTs (each its own commit), `inFlight` at a time through the pool. */
export async function rawSingleInserts(pool: Pool, inFlight: number, seconds: number): Promise<RawResult> {
  const ids = new PostIds();
  let n = 0;
  return timedStatements(inFlight, seconds, 1, () => {
    const row = values(notice(ids.next(), n++));
    return () => pool.query(`INSERT INTO raw.notices (${COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`, row);
  });
}

/** P2 raw: one multi-row INSERT of `batch` rows per statement (unnest of column arrays, the fastest form), `inFlight` at a time. */
export async function rawBatchInserts(pool: Pool, inFlight: number, batch: number, seconds: number): Promise<RawResult> {
  const ids = new PostIds();
  let n = 0;
  return timedStatements(inFlight, seconds, batch, () => {
    const rows = Array.from({ length: batch }, () => notice(ids.next(), n++));
    const col = (f: (x: NoticeBody) => unknown) => rows.map(f);
    return () => pool.query(
      `INSERT INTO raw.notices (${COLUMNS})
       SELECT post_id, post_url, author_id, text, language, string_to_array(media, ' '), posted_at, category,
              string_to_array(spec, ','), description, string_to_array(evidence, ' '), external_ref, reported_at
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[],
                     $9::text[], $10::text[], $11::text[], $12::text[], $13::timestamptz[])
              AS t(post_id, post_url, author_id, text, language, media, posted_at, category, spec, description, evidence, external_ref, reported_at)`,
      [col((x) => x.post.id), col((x) => x.post.url), col((x) => x.post.authorId), col((x) => x.post.text), col((x) => x.post.language),
        col((x) => x.post.mediaUrls.join(' ')), col((x) => x.post.postedAt), col((x) => x.category), col((x) => x.specification.join(',')),
        col((x) => x.description), col((x) => x.evidenceUrls.join(' ')), col((x) => x.externalRef), col((x) => x.reportedAt)],
    );
  });
}

/**
 * Runs statements from `inFlight` loops for `seconds`; `prepare` builds each statement's values outside the timed
 * part and returns the statement to time. Latency is per statement; ops count `rowsPerStatement` each.
 */
async function timedStatements(inFlight: number, seconds: number, rowsPerStatement: number, prepare: () => () => Promise<unknown>): Promise<RawResult> {
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  const end = Date.now() + seconds * 1000;
  const statements = await loops(inFlight, () => Date.now() >= end, async () => {
    const statement = prepare();
    const t = process.hrtime.bigint();
    await statement();
    latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
  });
  const elapsed = secondsSince(started);
  const ops = statements * rowsPerStatement;
  return { ops, seconds: elapsed, perSecond: ops / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}
