import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Triage looks for removed posts with the same text through the fingerprint its case's signals carry, in this
 * index of removed (and removing) cases only. Joining through posts.fingerprint visited every post sharing the
 * text — thousands for a copied text — to find the few whose case was removed, for every case triaged. In
 * post_id order within a fingerprint, so the first REMOVED_MATCHES_SHOWN matches are read and no more.
 */
export class RemovedFingerprintIndex1795800000000 implements MigrationInterface {
  name = 'RemovedFingerprintIndex1795800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cases_removed_fingerprint_idx ON cases ((signals->>'fingerprint'), post_id) WHERE state IN ('removing', 'removed')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_removed_fingerprint_idx`);
  }
}
