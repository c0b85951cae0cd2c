import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The moderator console: cookie sessions, skips, what each moderator was exposed to, their preferences, reason
 * templates, and the category a removal was decided under.
 */
export class ModeratorConsole1796000000000 implements MigrationInterface {
  name = 'ModeratorConsole1796000000000';

  async up(q: QueryRunner): Promise<void> {
    // The cookie holds a random token; only its sha256 is stored, as for API keys.
    await q.query(`
      CREATE TABLE console_sessions (
        token_hash bytea PRIMARY KEY,
        principal_id uuid NOT NULL REFERENCES principals (id),
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        ended_at timestamptz
      )`);
    await q.query(`CREATE INDEX console_sessions_principal_idx ON console_sessions (principal_id) WHERE ended_at IS NULL`);

    await q.query(`
      CREATE TABLE case_skips (
        case_id uuid NOT NULL REFERENCES cases (id),
        principal_id uuid NOT NULL REFERENCES principals (id),
        until timestamptz NOT NULL,
        PRIMARY KEY (case_id, principal_id)
      )`);

    await q.query(`
      CREATE TABLE exposures (
        principal_id uuid NOT NULL REFERENCES principals (id),
        opened_at timestamptz NOT NULL,
        case_id uuid NOT NULL REFERENCES cases (id),
        violent boolean NOT NULL,
        PRIMARY KEY (principal_id, opened_at, case_id)
      )`);
    await q.query(`CREATE INDEX exposures_opened_idx ON exposures (opened_at)`);

    await q.query(`
      CREATE TABLE moderator_preferences (
        principal_id uuid PRIMARY KEY REFERENCES principals (id),
        blur_violent boolean NOT NULL,
        grayscale_media boolean NOT NULL,
        updated_at timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE reason_templates (
        id uuid PRIMARY KEY,
        position int NOT NULL,
        title text NOT NULL,
        action text NOT NULL CHECK (action IN ('remove','no_violation','escalate')),
        category text,
        ground text CHECK (ground IN ('illegal_content','incompatible_content')),
        legal_ground text,
        policy text,
        text text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX reason_templates_position_idx ON reason_templates (position, title) WHERE deleted_at IS NULL`);

    await q.query(`ALTER TABLE decisions ADD COLUMN category text`);
    // The senior view lists failed removals; few cases are ever in that state.
    await q.query(`CREATE INDEX cases_removal_failed_idx ON cases (decided_at, id) WHERE state = 'removal_failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_removal_failed_idx`);
    await q.query(`ALTER TABLE decisions DROP COLUMN category`);
    await q.query(`DROP TABLE reason_templates`);
    await q.query(`DROP TABLE moderator_preferences`);
    await q.query(`DROP TABLE exposures`);
    await q.query(`DROP TABLE case_skips`);
    await q.query(`DROP TABLE console_sessions`);
  }
}
