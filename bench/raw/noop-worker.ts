// P5's raw limit, run as a child process like docket's worker: a BullMQ worker
// on the same Redis whose processor does nothing. Same concurrency as docket's
// triage worker (TRIAGE_CONCURRENCY, default 128), same prefix, its own queue name.
import { Worker } from 'bullmq';

const queue = process.env.NOOP_QUEUE ?? 'bench-noop';
const worker = new Worker(queue, async () => undefined, {
  connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0', maxRetriesPerRequest: null },
  prefix: process.env.QUEUE_PREFIX ?? '{bench}',
  concurrency: Number(process.env.TRIAGE_CONCURRENCY ?? 128),
});
worker.on('error', (err) => console.error(`noop worker: ${err.message}`));

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    worker.close().then(() => process.exit(0), () => process.exit(1));
  });
}
