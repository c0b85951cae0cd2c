import { Client } from 'pg';
import {
  APPEAL_OUTCOMES, APPEAL_STATES, APPELLANTS, SECOND_REVIEW_ACTIONS, SECOND_REVIEW_RESOLUTIONS, SECOND_REVIEW_STATES, CASE_SOURCES, CASE_STATES, DECISION_ACTIONS, DECISION_GROUNDS, REPORTER_KINDS, ROLES,
  SCAN_STATUSES, TIERS, BULK_STATUSES, BULK_ACTIONS, BULK_CASE_OUTCOMES,
} from '@docket/database';
import { createSuiteDatabase, databaseUrl, dropDatabase } from './support/databases';

/**
 * The migrations are the schema's one source of truth (decision 0024): there are no entities to drift from it. The
 * value lists the code names states, roles and actions by must allow exactly what the migrated CHECK constraints do.
 */
describe('the migrated schema and the value lists of the code', () => {
  let database: string;
  let db: Client;
  beforeAll(async () => {
    database = await createSuiteDatabase();
    db = new Client({ connectionString: databaseUrl(database) });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await dropDatabase(database);
  });

  const allowed = async (constraint: string): Promise<string[]> => {
    const { rows } = await db.query<{ def: string }>(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = $1`, [constraint]);
    expect(rows).toHaveLength(1);
    return [...rows[0].def.matchAll(/'([^']*)'::text/g)].map((m) => m[1]);
  };

  it.each([
    ['principals_role_check', ROLES],
    ['principals_kind_check', REPORTER_KINDS],
    ['cases_state_check', CASE_STATES],
    ['cases_tier_check', TIERS],
    ['cases_source_check', CASE_SOURCES],
    ['decisions_action_check', DECISION_ACTIONS],
    ['decisions_ground_check', DECISION_GROUNDS],
    ['reason_templates_action_check', DECISION_ACTIONS],
    ['reason_templates_ground_check', DECISION_GROUNDS],
    ['scans_status_check', SCAN_STATUSES],
    ['appeals_state_check', APPEAL_STATES],
    ['appeals_appellant_check', APPELLANTS],
    ['appeals_outcome_check', APPEAL_OUTCOMES],
    ['appeals_tier_check', TIERS],
    ['appeals_contested_action_check', ['remove', 'no_violation']],
    ['second_reviews_state_check', SECOND_REVIEW_STATES],
    ['second_reviews_first_action_check', SECOND_REVIEW_ACTIONS],
    ['second_reviews_second_action_check', SECOND_REVIEW_ACTIONS],
    ['second_reviews_resolution_check', SECOND_REVIEW_RESOLUTIONS],
    ['bulk_decisions_status_check', BULK_STATUSES],
    ['bulk_decisions_action_check', BULK_ACTIONS],
    ['bulk_decision_cases_outcome_check', BULK_CASE_OUTCOMES],
  ] as const)('%s allows exactly the code\'s values', async (constraint, values) => {
    expect(await allowed(constraint)).toEqual([...values]);
  });
});
