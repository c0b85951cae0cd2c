import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21, point 1 (docs/decisions/0036): a bulk decision being applied holds a lease, renewed by every batch; when the
 * process applying it dies, the lease runs out and the reconciler applies the rest.
 */
export class BulkApplyLease1797300000000 implements MigrationInterface {
  name = 'BulkApplyLease1797300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bulk_decisions ADD COLUMN apply_lease_until timestamptz`);
    await q.query(`CREATE INDEX bulk_decisions_applying_idx ON bulk_decisions (apply_lease_until) WHERE status = 'applying'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX bulk_decisions_applying_idx`);
    await q.query(`ALTER TABLE bulk_decisions DROP COLUMN apply_lease_until`);
  }
}
