import { Injectable } from '@nestjs/common';
import { QueueName, QueueRegistry } from '@docket/queue';

export const JOB_STATES = ['waiting', 'active', 'failed', 'delayed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** BullMQ's own counts per queue, read from Redis (so from every worker at once). */
@Injectable()
export class JobCountsRepository {
  constructor(private readonly queues: QueueRegistry) {}

  async counts(names: readonly QueueName[]): Promise<Map<QueueName, Record<JobState, number>>> {
    const counted = await Promise.all(
      names.map(async (name) => [name, await this.queues.get(name).getJobCounts(...JOB_STATES)] as const),
    );
    return new Map(counted.map(([name, c]) => [name, Object.fromEntries(JOB_STATES.map((s) => [s, c[s] ?? 0])) as Record<JobState, number>]));
  }
}
