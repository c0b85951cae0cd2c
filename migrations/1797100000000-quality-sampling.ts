import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21, point 3 (docs/decisions/0037). A sampled share of decisions (QUALITY_SAMPLE_SHARE, and every automated one)
 * gets a second review: written by the decision's own statement, claimed with a lease by another moderator who does not
 * see the first decision, and closed with the second action and whether it agrees. A disagreement is the senior tier's.
 */
export class QualitySampling1797100000000 implements MigrationInterface {
  name = 'QualitySampling1797100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE second_reviews (
        id uuid PRIMARY KEY,
        decision_id uuid NOT NULL UNIQUE REFERENCES decisions (id),
        case_id uuid NOT NULL REFERENCES cases (id),
        first_decided_by uuid REFERENCES principals (id),
        first_action text NOT NULL CONSTRAINT second_reviews_first_action_check CHECK (first_action IN ('remove', 'no_violation')),
        category text NOT NULL,
        automated boolean NOT NULL DEFAULT false,
        state text NOT NULL DEFAULT 'queued' CONSTRAINT second_reviews_state_check CHECK (state IN ('queued', 'agreed', 'disagreed')),
        created_at timestamptz NOT NULL,
        claimed_by uuid REFERENCES principals (id),
        lease_expires_at timestamptz,
        second_action text CONSTRAINT second_reviews_second_action_check CHECK (second_action IN ('remove', 'no_violation')),
        reason text,
        agreed boolean,
        reviewed_by uuid REFERENCES principals (id),
        reviewed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT second_reviews_done_check CHECK ((state = 'queued') = (reviewed_at IS NULL))
      )`);
    // The claim: oldest queued first, a partial index that holds only the backlog.
    await q.query(`CREATE INDEX second_reviews_claim_order ON second_reviews (created_at, id) WHERE state = 'queued'`);
    // The figures and the senior list: by the time of the second review.
    await q.query(`CREATE INDEX second_reviews_reviewed_idx ON second_reviews (reviewed_at, id) WHERE state <> 'queued'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE second_reviews`);
  }
}
