import { withAdmin } from './databases';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.DOCKET_TEST_TEMPLATE;
  if (!template) return;
  await withAdmin(async (c) => {
    // Suites drop their own databases; this sweeps what a crashed suite left behind.
    const { rows } = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'docket_test_%'`);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  });
}
