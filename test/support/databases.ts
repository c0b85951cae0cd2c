import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
// Also loaded by global setup, outside Jest's module mapper: no path aliases.
import { withClient } from '../../libs/database/src/migrate';

export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Databases of one test run share this prefix, so concurrent runs never touch each other's. */
export const RUN_PREFIX = `docket_test_${process.pid}_`;
export const TEMPLATE_DATABASE = `${RUN_PREFIX}template`;

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export const withAdmin = <T>(work: (client: Client) => Promise<T>) => withClient(ADMIN_DATABASE_URL, work);

/** A fresh database for one suite, copied from the migrated template (much faster than migrating again). */
export async function createSuiteDatabase(): Promise<string> {
  const template = process.env.DOCKET_TEST_TEMPLATE;
  if (!template) throw new Error('DOCKET_TEST_TEMPLATE is not set: run the e2e suites through jest (global setup)');
  const name = `${template.replace(/template$/, '')}${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return name;
}

/**
 * Closed pools finish hanging up asynchronously; dropping with FORCE before
 * they have would kill those connections and raise errors in their clients.
 * So wait (bounded) for the database to have no sessions, then force the rest.
 */
export async function dropDatabase(name: string): Promise<void> {
  await withAdmin(async (c) => {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const { rows } = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}
