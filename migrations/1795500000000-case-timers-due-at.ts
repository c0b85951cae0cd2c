import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The deadline the case's timers were last set for. A notice joining a queued
 * case can tighten its deadline at intake; triage compares against this to know
 * the timers must be set again.
 */
export class CaseTimersDueAt1795500000000 implements MigrationInterface {
  name = 'CaseTimersDueAt1795500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN timers_due_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN timers_due_at`);
  }
}
