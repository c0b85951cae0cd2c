import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21, point 3 (docs/decisions/0038). A disagreement of a second review is the senior tier's work: a senior leases
 * it (the same lease columns the second review used, free again once it closed) and resolves it by upholding the first
 * decision or the second review, with a reason.
 */
export class DisagreementResolution1797200000000 implements MigrationInterface {
  name = 'DisagreementResolution1797200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE second_reviews
        ADD COLUMN resolution text CONSTRAINT second_reviews_resolution_check CHECK (resolution IN ('first_upheld', 'second_upheld')),
        ADD COLUMN resolution_reason text,
        ADD COLUMN resolved_by uuid REFERENCES principals (id),
        ADD COLUMN resolved_at timestamptz,
        ADD CONSTRAINT second_reviews_resolved_check
          CHECK ((resolved_at IS NULL) = (resolution IS NULL) AND (resolution IS NULL OR state = 'disagreed'))`);
    // The senior tier's backlog: unresolved disagreements, oldest second review first.
    await q.query(`CREATE INDEX second_reviews_disagreement_order ON second_reviews (reviewed_at, id) WHERE state = 'disagreed' AND resolved_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX second_reviews_disagreement_order`);
    await q.query(`ALTER TABLE second_reviews DROP CONSTRAINT second_reviews_resolved_check,
      DROP COLUMN resolution, DROP COLUMN resolution_reason, DROP COLUMN resolved_by, DROP COLUMN resolved_at`);
  }
}
