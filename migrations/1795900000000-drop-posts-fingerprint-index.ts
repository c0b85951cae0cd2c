import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Nothing reads posts by fingerprint since removed-text matches go through cases_removed_fingerprint_idx, yet the
 * index made triage's fingerprint stamp a non-HOT update: a new index entry in both of posts' indexes per post.
 */
export class DropPostsFingerprintIndex1795900000000 implements MigrationInterface {
  name = 'DropPostsFingerprintIndex1795900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX posts_fingerprint_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX posts_fingerprint_idx ON posts (fingerprint)`);
  }
}
