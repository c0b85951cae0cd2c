import { Injectable } from '@nestjs/common';
import { Tx, execute } from '@docket/database';
import type { JobSpec } from './queues';

/**
 * The outbox INSERT of jobs passed as five array parameters from `$first` on (see outboxParams), for a statement
 * that writes its jobs itself; `condition` (a WHERE clause) writes them only when it holds.
 */
export function outboxInsertSql(first: number, condition = ''): string {
  const p = (i: number) => `$${first + i}`;
  return `INSERT INTO outbox (queue, name, job_id, data, run_at)
          SELECT * FROM unnest(${p(0)}::text[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::jsonb[], ${p(4)}::timestamptz[]) ${condition}`;
}

export function outboxParams(jobs: JobSpec[]): unknown[] {
  return [
    jobs.map((j) => j.queue),
    jobs.map((j) => j.name),
    jobs.map((j) => j.jobId),
    jobs.map((j) => JSON.stringify(j.data)),
    jobs.map((j) => j.runAt ?? null),
  ];
}

/** Writes jobs in the caller's transaction: they exist exactly when the state they follow does. */
@Injectable()
export class Outbox {
  async add(tx: Tx, jobs: JobSpec[]): Promise<void> {
    if (jobs.length === 0) return;
    await execute(tx, outboxInsertSql(1), outboxParams(jobs));
  }
}
