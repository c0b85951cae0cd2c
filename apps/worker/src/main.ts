import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadEnvironment } from '@docket/config';
import { WorkerModule } from './worker.module';

/**
 * The worker: BullMQ processors, the outbox relay and timers; no API. Its only HTTP server is the metrics listener
 * (GET /metrics on METRICS_HOST:METRICS_PORT, libs/metrics), bound at init: a port already taken stops it there,
 * naming METRICS_PORT, before any job is taken.
 */
async function main(): Promise<void> {
  const env = loadEnvironment();
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      // Jobs in hand get the grace period to finish; after that BullMQ retries them elsewhere.
      setTimeout(() => process.exit(1), env.SHUTDOWN_GRACE_MS).unref();
      app.close().then(() => process.exit(0), () => process.exit(1));
    });
  }
  await app.init();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
