import 'reflect-metadata';
import { AppConfig, loadEnvironment } from '@docket/config';
import { migrate } from '@docket/database';
import { createApiApp } from './app';

async function main(): Promise<void> {
  const env = loadEnvironment();
  if (env.MIGRATIONS_RUN) await migrate(env.DATABASE_URL);
  const app = await createApiApp();
  const config = app.get(AppConfig);
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
}

main().catch((err) => {
  // Configuration errors name the variable; print them plainly and stop.
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
