import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Own-initiative scans run in the worker: the request (who asked, each post as sent) is stored with the outbox row
 * of its job, and the worker writes each post's result once, in batches. A post's snapshot is cleared once it is
 * scanned: the posts that are not flagged are not kept (a flagged one is in `posts`, as any reported post).
 */
export class PostScans1796300000000 implements MigrationInterface {
  name = 'PostScans1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scans (
        id uuid PRIMARY KEY,
        -- Null for the bootstrap ADMIN_API_KEY, which has no principal row: admins read every scan.
        requested_by uuid REFERENCES principals (id),
        requester_role text NOT NULL,
        status text NOT NULL CHECK (status IN ('queued','running','done','failed')),
        post_count integer NOT NULL CHECK (post_count > 0),
        scanned_count integer NOT NULL DEFAULT 0,
        flagged_count integer NOT NULL DEFAULT 0,
        error text,
        requested_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz
      )`);
    // Scans not finished, oldest first: what a reconciler or an operator looks for.
    await q.query(`CREATE INDEX scans_unfinished_idx ON scans (requested_at) WHERE status IN ('queued','running')`);

    await q.query(`
      CREATE TABLE scan_posts (
        scan_id uuid NOT NULL REFERENCES scans (id),
        position integer NOT NULL,
        post_id text NOT NULL,
        -- The post as sent; null once scanned.
        post jsonb,
        scanned_at timestamptz,
        flagged boolean,
        case_id uuid REFERENCES cases (id),
        case_opened boolean,
        signals jsonb,
        PRIMARY KEY (scan_id, position),
        UNIQUE (scan_id, post_id),
        CHECK ((scanned_at IS NULL) = (post IS NOT NULL)),
        CHECK (flagged IS NOT TRUE OR case_id IS NOT NULL)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scan_posts`);
    await q.query(`DROP TABLE scans`);
  }
}
