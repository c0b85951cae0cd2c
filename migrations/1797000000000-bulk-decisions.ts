import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21, point 1 (docs/decisions/0036). A bulk decision: a senior's preview (a token, bound to them and to the
 * cases eligible at preview time), then one decision per case, removal orders held for BULK_GRACE_SECONDS so the
 * bulk can be cancelled. Open cases are found by fingerprint through a partial index of undecided cases only.
 */
export class BulkDecisions1797000000000 implements MigrationInterface {
  name = 'BulkDecisions1797000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bulk_decisions (
        id uuid PRIMARY KEY,
        created_by uuid NOT NULL REFERENCES principals (id),
        token_hash bytea NOT NULL UNIQUE,
        selection jsonb NOT NULL,
        action text NOT NULL CONSTRAINT bulk_decisions_action_check CHECK (action IN ('remove','no_violation')),
        decision jsonb NOT NULL,
        status text NOT NULL CONSTRAINT bulk_decisions_status_check CHECK (status IN ('previewed','applying','applied','cancelled')),
        eligible integer NOT NULL,
        decided integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        preview_expires_at timestamptz NOT NULL,
        applied_by uuid REFERENCES principals (id),
        applied_at timestamptz,
        cancellable_until timestamptz,
        cancelled_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE bulk_decision_cases (
        bulk_id uuid NOT NULL REFERENCES bulk_decisions (id),
        case_id uuid NOT NULL REFERENCES cases (id),
        outcome text NOT NULL CONSTRAINT bulk_decision_cases_outcome_check CHECK (outcome IN ('eligible','decided','skipped','cancelled')),
        -- The case's decision; no foreign key: a cancel deletes the decisions it takes back (the audit log keeps them).
        decision_id uuid,
        PRIMARY KEY (bulk_id, case_id)
      )`);
    await q.query(`CREATE INDEX cases_open_fingerprint_idx ON cases ((signals->>'fingerprint')) WHERE state = 'queued'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_open_fingerprint_idx`);
    await q.query(`DROP TABLE bulk_decision_cases`);
    await q.query(`DROP TABLE bulk_decisions`);
  }
}
