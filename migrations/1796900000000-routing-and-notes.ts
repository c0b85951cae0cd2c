import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21, points 2 and 5 (docs/decisions/0035). A moderator's languages (ISO 639-1) and category skills, set by
 * admins, steer the claim towards the cases they read best; the deadline still comes first. Case notes are internal:
 * written by moderators and seniors, shown in the case detail and the audit log, never to reporters.
 */
export class RoutingAndNotes1796900000000 implements MigrationInterface {
  name = 'RoutingAndNotes1796900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE principals ADD COLUMN languages text[] NOT NULL DEFAULT '{}', ADD COLUMN skills text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE TABLE case_notes (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id),
        author_id uuid NOT NULL REFERENCES principals (id),
        author_role text NOT NULL,
        text text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX case_notes_case_idx ON case_notes (case_id, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_notes`);
    await q.query(`ALTER TABLE principals DROP COLUMN languages, DROP COLUMN skills`);
  }
}
