import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the reconciler reads to re-drive from PostgreSQL alone (docs/decisions/0026):
 * - `warn_at`: when the case's pending deadline warning is due; NULL once it was given (or none is planned yet).
 *   The warning job and the reconciler both clear it in the transaction that warns, so a warning is given once.
 * - an index over the open cases that are not in the review queue (received, removing, removal_failed): the few
 *   whose triage or removal may have stalled and whose breach the claim-order index does not cover.
 * Open cases whose timers were planned and whose warning was not given get their pending warning back.
 */
export class Reconciler1796200000000 implements MigrationInterface {
  name = 'Reconciler1796200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN warn_at timestamptz`);
    await q.query(`
      UPDATE cases c
         SET warn_at = c.first_reported_at + (c.due_at - c.first_reported_at) * (p.policy->>'warnAtFraction')::float8
        FROM (SELECT policy FROM deadline_policies ORDER BY id DESC LIMIT 1) p
       WHERE c.state IN ('received', 'queued') AND c.timers_due_at = c.due_at
         AND NOT EXISTS (SELECT 1 FROM audit_trail a
                          WHERE a.subject_id = c.id::text AND a.action = 'case.deadline_warning'
                            AND (a.data->>'dueAt')::timestamptz = c.due_at)`);
    await q.query(`CREATE INDEX cases_warn_at_idx ON cases (warn_at) WHERE warn_at IS NOT NULL`);
    await q.query(`CREATE INDEX cases_unqueued_open_idx ON cases (due_at) WHERE state IN ('received', 'removing', 'removal_failed')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_unqueued_open_idx`);
    await q.query(`DROP INDEX cases_warn_at_idx`);
    await q.query(`ALTER TABLE cases DROP COLUMN warn_at`);
  }
}
