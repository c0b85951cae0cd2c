import 'reflect-metadata';
import { AppConfig, loadEnvironment } from '@docket/config';
import { migrate } from '@docket/database';
import { createApiApp } from './app';

async function main(): Promise<void> {
  const env = loadEnvironment();
  if (env.MIGRATIONS_RUN) await migrate(env.MIGRATIONS_DATABASE_URL ?? env.DATABASE_URL);
  const app = await createApiApp(env.TRUST_PROXY);
  const config = app.get(AppConfig);
  // On SIGTERM/SIGINT Nest's shutdown hooks close the server (requests in flight finish) and then the
  // pools. A request that cannot finish (a lock that never comes) must not keep the process from
  // stopping: after the grace period it exits anyway, as the worker does.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), config.SHUTDOWN_GRACE_MS).unref());
  }
  // The metrics listener (METRICS_HOST:METRICS_PORT, MetricsModule) binds during this call's init, before PORT: a
  // port already taken stops the API here, naming the variable. PORT itself does not serve /metrics.
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
}

main().catch((err) => {
  // Configuration errors name the variable; print them plainly and stop.
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
