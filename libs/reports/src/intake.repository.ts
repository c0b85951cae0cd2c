import { Injectable } from '@nestjs/common';
import { CaseState, Tier, Tx, one, rows, execute, runtimeKeys } from '@docket/database';
import type { PostSnapshot } from './notice';

export interface PriorReport {
  id: string;
  caseId: string;
  reporterId: string;
  idempotencyKey: string;
  requestHash: string;
  receivedAt: Date;
  dueAt: Date;
  state: CaseState;
  tier: Tier;
  caseDueAt: Date;
  leaseExpiresAt: Date | null;
}

export interface LatestCase {
  postId: string;
  id: string;
  state: CaseState;
  tier: Tier;
  categories: string[];
  closedAt: Date | null;
  restoredAt: Date | null;
  dueAt: Date;
  leaseExpiresAt: Date | null;
}

export interface CaseOpening {
  id: string;
  postId: string;
  category: string;
  categories: string[];
  dueAt: Date;
  priority: number;
  reportCount: number;
  firstReportedAt: Date;
}

export interface OpenCase {
  id: string;
  postId: string;
  state: CaseState;
  tier: Tier;
  dueAt: Date;
  leaseExpiresAt: Date | null;
  created: boolean;
}

export interface NewReport {
  id: string;
  caseId: string;
  postId: string;
  reporterId: string;
  reporterKind: string;
  category: string;
  specification: string[];
  description: string | null;
  evidenceUrls: string[];
  externalRef: string | null;
  reportedAt: string | null;
  receivedAt: Date;
  dueAt: Date;
  idempotencyKey: string | null;
  requestHash: string;
  policyId: number;
  sourceFormat: string;
  sourceDetails: Record<string, unknown> | null;
}

const OPEN = `('received','queued','removing','removal_failed')`;

/**
 * The statements of intake, by name (test/plans.e2e-spec.ts EXPLAINs these very texts). Each reaches its rows through
 * an index whatever the planner's statistics say (decision 0028): a lookup per input row is a LATERAL subquery with a
 * LIMIT, which PostgreSQL cannot flatten into a join, so it stays a nested loop of index probes (on a table never
 * analysed, the join it replaces guessed hundreds of cases per post and hashed every post); rows named by primary
 * key take their keys through runtimeKeys.
 */
export const INTAKE_SQL = {
  /** Per distinct key, its report (reports_reporter_idempotency_key) and that report's case (cases_pkey). */
  priorReports: `SELECT r.*
         FROM (SELECT DISTINCT * FROM unnest($1::uuid[], $2::text[])) AS k(reporter_id, idempotency_key)
         CROSS JOIN LATERAL (
           SELECT r.id, r.case_id AS "caseId", r.reporter_id AS "reporterId", r.idempotency_key AS "idempotencyKey",
                  r.request_hash AS "requestHash", r.received_at AS "receivedAt", r.due_at AS "dueAt",
                  c.state, c.tier, c.due_at AS "caseDueAt", c.lease_expires_at AS "leaseExpiresAt"
             FROM reports r JOIN cases c ON c.id = r.case_id
            WHERE r.reporter_id = k.reporter_id AND r.idempotency_key = k.idempotency_key
            LIMIT 1) r`,
  upsertPosts: `INSERT INTO posts (id, url, author_id, text, language, media_urls, posted_at)
       SELECT id, url, author_id, text, language, COALESCE(string_to_array(media, E'\\x1f'), '{}'), posted_at
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
              AS t(id, url, author_id, text, language, media, posted_at)
       ON CONFLICT (id) DO UPDATE SET
         url = COALESCE(posts.url, EXCLUDED.url),
         author_id = COALESCE(posts.author_id, EXCLUDED.author_id),
         text = COALESCE(posts.text, EXCLUDED.text),
         language = COALESCE(posts.language, EXCLUDED.language),
         media_urls = CASE WHEN cardinality(posts.media_urls) = 0 THEN EXCLUDED.media_urls ELSE posts.media_urls END,
         posted_at = COALESCE(posts.posted_at, EXCLUDED.posted_at)
       WHERE (posts.url IS NULL AND EXCLUDED.url IS NOT NULL) OR (posts.author_id IS NULL AND EXCLUDED.author_id IS NOT NULL)
          OR (posts.text IS NULL AND EXCLUDED.text IS NOT NULL) OR (posts.language IS NULL AND EXCLUDED.language IS NOT NULL)
          OR (cardinality(posts.media_urls) = 0 AND cardinality(EXCLUDED.media_urls) > 0)
          OR (posts.posted_at IS NULL AND EXCLUDED.posted_at IS NOT NULL)`,
  /** Per distinct post, its newest case (the first entry of cases_post_idx) and the post's restoration (posts_pkey). */
  latestCases: `SELECT c.post_id AS "postId", c.id, c.state, c.tier, c.categories, c.closed_at AS "closedAt",
              (SELECT p.restored_at FROM posts p WHERE p.id = c.post_id) AS "restoredAt",
              c.due_at AS "dueAt", c.lease_expires_at AS "leaseExpiresAt"
         FROM (SELECT DISTINCT unnest($1::text[])) AS t(post_id)
         CROSS JOIN LATERAL (SELECT * FROM cases c WHERE c.post_id = t.post_id ORDER BY c.created_at DESC LIMIT 1) c`,
  openOrJoinCases: `INSERT INTO cases (id, post_id, state, source, category, categories, due_at, priority, report_count, first_reported_at)
       SELECT id, post_id, 'received', $9, category, string_to_array(categories, ','), due_at, priority, report_count, first_reported_at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::int[], $7::int[], $8::timestamptz[])
              AS t(id, post_id, category, categories, due_at, priority, report_count, first_reported_at)
       ON CONFLICT (post_id) WHERE state IN ${OPEN} DO UPDATE SET
         report_count = cases.report_count + EXCLUDED.report_count,
         due_at = LEAST(cases.due_at, EXCLUDED.due_at),
         priority = LEAST(cases.priority, EXCLUDED.priority),
         categories = ARRAY(SELECT DISTINCT unnest(cases.categories || EXCLUDED.categories) ORDER BY 1),
         updated_at = now()
       RETURNING id, post_id AS "postId", state, tier, due_at AS "dueAt", lease_expires_at AS "leaseExpiresAt", (xmax = 0) AS created`,
  insertReports: `INSERT INTO reports (id, case_id, post_id, reporter_id, reporter_kind, category, specification, description, evidence_urls,
                            external_ref, reported_at, received_at, due_at, idempotency_key, request_hash, policy_id, source_format, source_details)
       SELECT id, case_id, post_id, reporter_id, reporter_kind, category, COALESCE(string_to_array(spec, ','), '{}'), description,
              COALESCE(string_to_array(evidence, E'\\x1f'), '{}'), external_ref, reported_at, received_at, due_at, idempotency_key,
              request_hash, policy_id, source_format, source_details
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                     $10::text[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::text[], $15::text[], $16::int[],
                     $17::text[], $18::jsonb[])
              AS t(id, case_id, post_id, reporter_id, reporter_kind, category, spec, description, evidence, external_ref, reported_at,
                   received_at, due_at, idempotency_key, request_hash, policy_id, source_format, source_details)`,
  addReportsToClosedCases: `UPDATE cases SET report_count = cases.report_count + t.n, updated_at = now()
       FROM unnest($1::uuid[], $2::int[]) AS t(id, n) WHERE cases.id = t.id AND cases.id = ANY(${runtimeKeys('$1', 'uuid')})`,
  /** X-ARF: the post a content URL was mapped to (posts_url_idx). */
  postByUrl: `SELECT id FROM posts WHERE url = $1 AND id <> $1 ORDER BY created_at, id LIMIT 1`,
};

/** The SQL of intake: every statement takes a whole batch, so a batch costs the same round trips as one notice. */
@Injectable()
export class IntakeRepository {
  priorReports(tx: Tx, keys: { reporterId: string; key: string }[]): Promise<PriorReport[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return rows(
      tx,
      INTAKE_SQL.priorReports,
      [keys.map((k) => k.reporterId), keys.map((k) => k.key)],
    );
  }

  /** Stores snapshots; a later report only fills fields the first one left empty. */
  /** The post, other than one named by the URL itself, whose URL this is (a platform id mapped to it). */
  postByUrl(tx: Tx, url: string): Promise<{ id: string } | undefined> {
    return one(tx, INTAKE_SQL.postByUrl, [url]);
  }

  async postUrl(tx: Tx, id: string): Promise<string | null | undefined> {
    return (await one<{ url: string | null }>(tx, `SELECT url FROM posts WHERE id = $1`, [id]))?.url;
  }

  async upsertPosts(tx: Tx, posts: PostSnapshot[]): Promise<void> {
    await execute(tx,
      INTAKE_SQL.upsertPosts,
      [
        posts.map((p) => p.id),
        posts.map((p) => p.url ?? null),
        posts.map((p) => p.authorId ?? null),
        posts.map((p) => p.text ?? null),
        posts.map((p) => p.language ?? null),
        // Media URLs never contain U+001F (validated as URLs), so it can separate them in one text value.
        posts.map((p) => (p.mediaUrls?.length ? p.mediaUrls.join('\u001f') : null)),
        posts.map((p) => p.postedAt ?? null),
      ],
    );
  }

  /** The newest case of each post, open or closed. */
  latestCases(tx: Tx, postIds: string[]): Promise<LatestCase[]> {
    return rows(
      tx,
      INTAKE_SQL.latestCases,
      [postIds],
    );
  }

  /**
   * Opens a case per post or joins the open one. The partial unique index on
   * open cases decides races between concurrent first reports, not a prior check.
   */
  openOrJoinCases(tx: Tx, openings: CaseOpening[], source: 'notice' | 'own_initiative' = 'notice'): Promise<OpenCase[]> {
    return rows(
      tx,
      INTAKE_SQL.openOrJoinCases,
      [
        openings.map((o) => o.id),
        openings.map((o) => o.postId),
        openings.map((o) => o.category),
        openings.map((o) => o.categories.join(',')),
        openings.map((o) => o.dueAt),
        openings.map((o) => o.priority),
        openings.map((o) => o.reportCount),
        openings.map((o) => o.firstReportedAt),
        source,
      ],
    );
  }

  async insertReports(tx: Tx, reports: NewReport[]): Promise<void> {
    const col = <K extends keyof NewReport>(k: K) => reports.map((r) => r[k]);
    await execute(tx,
      INTAKE_SQL.insertReports,
      [
        col('id'), col('caseId'), col('postId'), col('reporterId'), col('reporterKind'), col('category'),
        reports.map((r) => (r.specification.length ? r.specification.join(',') : null)),
        col('description'),
        reports.map((r) => (r.evidenceUrls.length ? r.evidenceUrls.join('\u001f') : null)),
        col('externalRef'), col('reportedAt'), col('receivedAt'), col('dueAt'), col('idempotencyKey'), col('requestHash'),
        col('policyId'), col('sourceFormat'), reports.map((r) => (r.sourceDetails ? JSON.stringify(r.sourceDetails) : null)),
      ],
    );
  }
}

/** Reports answered with a closed case's outcome still count on that case. */
export async function addReportsToClosedCases(tx: Tx, counts: Map<string, number>): Promise<void> {
  if (counts.size === 0) return;
  await execute(tx,
    INTAKE_SQL.addReportsToClosedCases,
    [[...counts.keys()], [...counts.values()]],
  );
}
