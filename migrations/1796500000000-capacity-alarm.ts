import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The live capacity alarm (issue 19, docs/staffing.md):
 * - `capacity_alarm`: one row, the latest projection of the queue and whether the alarm is raised (since when), so
 *   every worker reports the same projection on /metrics, one worker a minute computes it, and the alarm is raised
 *   and recovered once per episode across workers and restarts;
 * - `decisions_decided_at_idx`: who decided in the last minutes (moderators active now) and the recent handling
 *   times, without reading every decision ever made.
 */
export class CapacityAlarm1796500000000 implements MigrationInterface {
  name = 'CapacityAlarm1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE capacity_alarm (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        projected_at timestamptz NOT NULL,
        insufficient_since timestamptz,
        projection jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX decisions_decided_at_idx ON decisions (decided_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX decisions_decided_at_idx`);
    await q.query(`DROP TABLE capacity_alarm`);
  }
}
