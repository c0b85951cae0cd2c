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
