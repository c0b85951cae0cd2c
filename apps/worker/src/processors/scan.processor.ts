import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobHandler, QUEUES, ScanJobData, recordingExhaustion } from '@docket/queue';
import { ScanService } from '@docket/triage';

@Injectable()
export class ScanProcessor implements JobHandler {
  readonly queue = QUEUES.scans;
  readonly jobName = 'scan';
  /**
   * Scans are CPU work on the worker's event loop: two at a time per worker overlap one's database round trips with
   * the other's classifying, and leave the loop to triage, timers and removals between batches.
   */
  readonly concurrency = 2;

  constructor(private readonly scans: ScanService) {}

  /** Runs the stored scan to its end; a run after a crash goes on from the posts that have no result yet. */
  handle(job: Job<ScanJobData>) {
    return recordingExhaustion(job, () => this.scans.run(job.data.scanId), (error) => this.scans.fail(job.data.scanId, error));
  }
}
