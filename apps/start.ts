// `npm start`: applies migrations (creating the database if needed), then runs
// the API and the worker as two processes and stops both when either stops. Each has its metrics listener:
// the API on METRICS_PORT, the worker on the next port (or WORKER_METRICS_PORT).
import { fork, ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { loadEnvironment } from '@docket/config';
import { migrate } from '@docket/database';
import { workerMetricsPort } from '@docket/metrics';

async function main(): Promise<void> {
  const env = loadEnvironment();
  // Each process has a metrics listener of its own: the worker takes the port after the API's.
  const workerMetrics = workerMetricsPort(env);
  // Directly on PostgreSQL when DATABASE_URL is a transaction-mode pooler's (migrate holds a session advisory lock).
  const applied = await migrate(env.MIGRATIONS_DATABASE_URL ?? env.DATABASE_URL);
  console.log(JSON.stringify({ msg: 'migrations applied', applied }));
  const childEnv = { ...process.env, MIGRATIONS_RUN: 'false' };
  const workerEnv = { ...childEnv, METRICS_PORT: String(workerMetrics) };
  const children: ChildProcess[] = [
    fork(join(__dirname, 'api/src/main.js'), { env: childEnv }),
    fork(join(__dirname, 'worker/src/main.js'), { env: workerEnv }),
  ];
  let exitCode: number | null = null;
  const stopAll = (code: number) => {
    if (exitCode !== null) return;
    exitCode = code;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  };
  for (const child of children) {
    child.on('exit', (code) => {
      stopAll(code ?? 1);
      if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(exitCode ?? 0);
    });
  }
  process.on('SIGTERM', () => stopAll(0));
  process.on('SIGINT', () => stopAll(0));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
