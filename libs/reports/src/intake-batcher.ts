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
 * Group commit: single notices that arrive together share one transaction, so
 * intake pays one commit (one fsync) for many notices. A notice waits at most
 * INTAKE_GROUP_COMMIT_MS for company; under load batches fill by themselves
 * while the previous one commits. Each caller still gets its own result.
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
      if (this.waiting.length >= this.config.INTAKE_GROUP_COMMIT_MAX) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.config.INTAKE_GROUP_COMMIT_MS);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    const done = this.commit(batch).finally(() => this.inFlight.delete(done));
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
    this.flush();
    await Promise.all(this.inFlight);
  }
}
