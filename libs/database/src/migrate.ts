import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** One connection of its own to `url` for `work`, closed afterwards (database administration, not use cases). */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the database named in `url` if it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  await withClient(admin.toString(), async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((err) => {
        // Created meanwhile by another process: 42P04 if it committed first, 23505 (pg_database's
        // unique index) if both CREATE DATABASE statements ran at the same time.
        if (err.code !== '42P04' && err.code !== '23505') throw err;
      });
    }
  });
}

// Any fixed number works; it only has to be the same in every process.
const MIGRATION_LOCK = 7_316_001;

/**
 * Applies pending migrations. Several processes may start at once, so they take
 * turns on an advisory lock; this runs against PostgreSQL directly, not through
 * a transaction-mode pooler.
 */
export async function migrate(url: string): Promise<string[]> {
  await ensureDatabase(url);
  const lock = new Client({ connectionString: url });
  await lock.connect();
  const ds = new DataSource(dataSourceOptions({ url, poolSize: 2, applicationName: 'docket-migrate' }));
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ds.initialize();
    const applied = await ds.runMigrations({ transaction: 'all' });
    return applied.map((m) => m.name);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}
