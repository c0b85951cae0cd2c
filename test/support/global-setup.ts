// Global setup runs outside Jest's module mapper, so no path aliases here.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { migrate } from '../../libs/database/src/migrate';
import { TEMPLATE_DATABASE, databaseUrl, dropDatabase } from './databases';

/**
 * Migrates one template database per run, the same migrations production runs; suites copy it. Builds the console
 * from its sources (about a second), so the API the suites start serves what the browser tests drive.
 */
export default async function globalSetup(): Promise<void> {
  execFileSync(process.execPath, [join(__dirname, '../../apps/console/build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  await dropDatabase(TEMPLATE_DATABASE);
  await migrate(databaseUrl(TEMPLATE_DATABASE));
  process.env.DOCKET_TEST_TEMPLATE = TEMPLATE_DATABASE;
}
