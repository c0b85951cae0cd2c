import { MigrationInterface, QueryRunner } from 'typeorm';

/** X-ARF notices name a post by its URL: they join the post the platform or a reporter mapped that URL to. */
export class PostsUrlIndex1796100000000 implements MigrationInterface {
  name = 'PostsUrlIndex1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX posts_url_idx ON posts (url) WHERE url IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX posts_url_idx`);
  }
}
