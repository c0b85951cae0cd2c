// Global setup runs outside Jest's module mapper, so no path aliases here.
import { migrate } from '../../libs/database/src/migrate';
import { TEMPLATE_DATABASE, databaseUrl, dropDatabase } from './databases';

/** Migrates one template database per run, the same migrations production runs; suites copy it. */
export default async function globalSetup(): Promise<void> {
  await dropDatabase(TEMPLATE_DATABASE);
  await migrate(databaseUrl(TEMPLATE_DATABASE));
  process.env.DOCKET_TEST_TEMPLATE = TEMPLATE_DATABASE;
}
