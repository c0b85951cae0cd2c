import { Injectable, BeforeApplicationShutdown } from '@nestjs/common';
import { GroupCommit } from '@docket/common';
import { AppConfig } from '@docket/config';
import { IntakeService } from './intake.service';
import { IntakeItem, IntakeResult } from './notice';

/**
 * Group commit of single notices: notices that arrive together share one transaction, so intake pays one commit
 * (one fsync) for many. A notice waits at most INTAKE_GROUP_COMMIT_MS for company while a commit slot is free.
 * Two slots, so one batch fills while another commits; with no limit, every tick started a commit of whatever had
 * arrived, and under load intake ran many small transactions side by side instead of a few large ones.
 */
@Injectable()
export class IntakeBatcher implements BeforeApplicationShutdown {
  private readonly batches: GroupCommit<IntakeItem, IntakeResult>;

  constructor(intake: IntakeService, config: AppConfig) {
    this.batches = new GroupCommit(
      { waitMs: config.INTAKE_GROUP_COMMIT_MS, maxBatch: config.INTAKE_GROUP_COMMIT_MAX, maxInFlight: 2 },
      (items) => intake.accept(items),
    );
  }

  submit(item: IntakeItem): Promise<IntakeResult> {
    return this.batches.submit(item);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.batches.drain();
  }
}
