import { Injectable, BeforeApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@docket/config';
import { IntakeService } from './intake.service';
import { IntakeItem, IntakeResult } from './notice';

interface Waiting {
  item: IntakeItem;
  resolve: (result: IntakeResult) => void;
  reject: (err: unknown) => void;
}

/**
 * Batches committing at the same time. Two, so one batch fills while another
 * commits; with no limit, every INTAKE_GROUP_COMMIT_MS tick started a commit
 * of whatever had arrived, and under load intake ran many small transactions
 * side by side instead of a few large ones.
 */
const MAX_COMMITTING = 2;

/**
 * Group commit: single notices that arrive together share one transaction, so
 * intake pays one commit (one fsync) for many notices. A notice waits at most
 * INTAKE_GROUP_COMMIT_MS for company while a commit slot is free; when both
 * are busy, notices gather until one frees and then go together. Each caller
 * still gets its own result.
 */
@Injectable()
export class IntakeBatcher implements BeforeApplicationShutdown {
  private waiting: Waiting[] = [];
  private timer?: NodeJS.Timeout;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly intake: IntakeService,
    private readonly config: AppConfig,
  ) {}

  submit(item: IntakeItem): Promise<IntakeResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      // Both slots busy: the next commit to finish takes this notice along.
      if (this.inFlight.size >= MAX_COMMITTING) return;
      if (this.waiting.length >= this.config.INTAKE_GROUP_COMMIT_MAX) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.config.INTAKE_GROUP_COMMIT_MS);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting.splice(0, this.config.INTAKE_GROUP_COMMIT_MAX);
    if (batch.length === 0) return;
    const done = this.commit(batch).finally(() => {
      this.inFlight.delete(done);
      // What gathered during this commit has waited long enough: it goes now.
      if (this.waiting.length > 0) this.flush();
    });
    this.inFlight.add(done);
  }

  private async commit(batch: Waiting[]): Promise<void> {
    try {
      const results = await this.intake.accept(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      // One notice must not fail the others it happened to share a transaction with.
      await Promise.all(batch.map((w) => this.commit([w])));
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    while (this.waiting.length > 0 || this.inFlight.size > 0) {
      if (this.waiting.length > 0) this.flush();
      await Promise.all(this.inFlight);
    }
  }
}
