import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifier reliability (DSA Art. 23, issue 21 point 4): a moderator may mark a no_violation decision as manifestly
 * unfounded; an admin warns a reporter (a signed `reporter.warning` callback) and, past the configured share of
 * manifestly unfounded notices, suspends it until a set time. The principal row holds the standing the API key
 * lookup needs (the last warning, the current suspension); the audit log holds its history.
 */
export class NotifierReliability1796800000000 implements MigrationInterface {
  name = 'NotifierReliability1796800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE decisions ADD COLUMN manifestly_unfounded boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE decisions ADD CONSTRAINT decisions_unfounded_is_no_violation CHECK (NOT manifestly_unfounded OR action = 'no_violation')`);
    await q.query(`ALTER TABLE principals ADD COLUMN warned_at timestamptz`);
    await q.query(`ALTER TABLE principals ADD COLUMN suspended_at timestamptz`);
    await q.query(`ALTER TABLE principals ADD COLUMN suspended_until timestamptz`);
    await q.query(`ALTER TABLE principals ADD COLUMN suspension_reason text`);
    await q.query(`ALTER TABLE principals ADD CONSTRAINT principals_suspension_whole
      CHECK ((suspended_until IS NULL) = (suspension_reason IS NULL) AND (suspended_until IS NULL) = (suspended_at IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE principals DROP CONSTRAINT principals_suspension_whole`);
    await q.query(`ALTER TABLE principals DROP COLUMN suspension_reason, DROP COLUMN suspended_until, DROP COLUMN suspended_at, DROP COLUMN warned_at`);
    await q.query(`ALTER TABLE decisions DROP CONSTRAINT decisions_unfounded_is_no_violation`);
    await q.query(`ALTER TABLE decisions DROP COLUMN manifestly_unfounded`);
  }
}
