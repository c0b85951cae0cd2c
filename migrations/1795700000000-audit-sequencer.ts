import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appending to the hash chain no longer happens inside the use case's transaction. Use cases insert their
 * events into `audit_pending` (no lock: nothing waits on anyone else); a sequencer moves them into
 * `audit_events` in batches, giving each its chain id and hash under the head's lock (see AuditSequencer and
 * docs/decisions/0013). `audit_trail` is every event recorded, sealed or still pending.
 */
export class AuditSequencer1795700000000 implements MigrationInterface {
  name = 'AuditSequencer1795700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_pending (
        pending_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_id uuid,
        actor_role text NOT NULL,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'
      )`);
    // A pending event is not changed either; the sequencer deletes it in the transaction that chains it.
    await q.query(`
      CREATE FUNCTION audit_pending_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_pending rows are not updated (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_pending_unchanged BEFORE UPDATE ON audit_pending
                   FOR EACH ROW EXECUTE FUNCTION audit_pending_unchanged()`);
    await q.query(`
      CREATE VIEW audit_trail AS
        SELECT id, NULL::bigint AS pending_id, occurred_at, actor_id, actor_role, action, subject_type, subject_id, data
          FROM audit_events
        UNION ALL
        SELECT NULL, pending_id, occurred_at, actor_id, actor_role, action, subject_type, subject_id, data
          FROM audit_pending`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW audit_trail`);
    await q.query(`DROP TABLE audit_pending`);
    await q.query(`DROP FUNCTION audit_pending_unchanged()`);
  }
}
