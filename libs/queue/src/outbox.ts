import { Injectable } from '@nestjs/common';
import { Tx } from '@docket/database';
import type { JobSpec } from './queues';

/** Writes jobs in the caller's transaction: they exist exactly when the state they follow does. */
@Injectable()
export class Outbox {
  async add(tx: Tx, jobs: JobSpec[]): Promise<void> {
    if (jobs.length === 0) return;
    await tx.query(
      `INSERT INTO outbox (queue, name, job_id, data, run_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[])`,
      [
        jobs.map((j) => j.queue),
        jobs.map((j) => j.name),
        jobs.map((j) => j.jobId),
        jobs.map((j) => JSON.stringify(j.data)),
        jobs.map((j) => j.runAt ?? null),
      ],
    );
  }
}
