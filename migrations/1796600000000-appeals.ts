import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appeals (DSA Art. 20): an author (through the platform) or a notifier contests a decision; a moderator other than
 * the one who made it upholds or overturns it. An overturn is a new decision beside the old one (decisions are never
 * edited); overturning a removal sends the platform a restore order whose 2xx is `restored_at`.
 * `in_review` is derived (queued with a live lease), as for cases (decision 0005).
 */
export class Appeals1796600000000 implements MigrationInterface {
  name = 'Appeals1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE appeals (
        id uuid PRIMARY KEY,
        decision_id uuid NOT NULL REFERENCES decisions (id),
        case_id uuid NOT NULL REFERENCES cases (id),
        appellant text NOT NULL CHECK (appellant IN ('author', 'notifier')),
        filed_by uuid NOT NULL REFERENCES principals (id),
        report_id uuid REFERENCES reports (id),
        statement text NOT NULL,
        external_ref text,
        idempotency_key text,
        request_hash text,
        contested_action text NOT NULL CHECK (contested_action IN ('remove', 'no_violation')),
        contested_by uuid,
        category text NOT NULL,
        state text NOT NULL CHECK (state IN ('queued', 'upheld', 'overturned', 'restoring', 'restored', 'restore_failed')),
        tier text NOT NULL DEFAULT 'standard' CHECK (tier IN ('standard', 'senior')),
        received_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        warn_at timestamptz,
        breached_at timestamptz,
        claimed_by uuid,
        lease_expires_at timestamptz,
        first_claimed_at timestamptz,
        decided_at timestamptz,
        decided_by uuid,
        outcome text CHECK (outcome IN ('uphold', 'overturn')),
        reason text,
        new_decision_id uuid REFERENCES decisions (id),
        restored_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One appeal per decision and appellant: a second is refused whatever became of the first.
    await q.query(`CREATE UNIQUE INDEX appeals_one_per_appellant ON appeals (decision_id, appellant, filed_by)`);
    await q.query(`CREATE UNIQUE INDEX appeals_filer_idempotency_key ON appeals (filed_by, idempotency_key) WHERE idempotency_key IS NOT NULL`);
    // The claim order (deadline first), as cases_claim_order.
    await q.query(`CREATE INDEX appeals_claim_order ON appeals (tier, due_at, received_at, id) WHERE state = 'queued'`);
    await q.query(`CREATE INDEX appeals_received_idx ON appeals (received_at)`);
    await q.query(`CREATE INDEX appeals_warn_at_idx ON appeals (warn_at) WHERE warn_at IS NOT NULL`);
    await q.query(`CREATE INDEX appeals_open_due_idx ON appeals (due_at) WHERE breached_at IS NULL AND state IN ('queued', 'restoring', 'restore_failed')`);
    await q.query(`CREATE INDEX appeals_restoring_idx ON appeals (updated_at) WHERE state IN ('restoring', 'restore_failed')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE appeals`);
  }
}
