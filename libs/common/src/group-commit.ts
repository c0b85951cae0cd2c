export interface GroupCommitOptions {
  /** How long an item waits for company while a slot is free. */
  waitMs: number;
  /** Items per batch at most. */
  maxBatch: number;
  /** Batches in flight at once; items arriving while all are busy go together when one finishes. */
  maxInFlight: number;
}

interface Waiting<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: items submitted at about the same time are handled by one call of `work` (one transaction), and
 * each caller gets its own result. Under load batches grow by themselves: while every slot is busy, items gather
 * and leave together when one frees. A failed batch is retried item by item, so one bad item fails alone.
 */
export class GroupCommit<I, R> {
  private waiting: Waiting<I, R>[] = [];
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly options: GroupCommitOptions,
    private readonly work: (items: I[]) => Promise<R[]>,
  ) {}

  submit(item: I): Promise<R> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.inFlight.size >= this.options.maxInFlight) return;
      if (this.waiting.length >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.waitMs);
    });
  }

  /** Handles everything submitted so far and waits for it. */
  async drain(): Promise<void> {
    while (this.waiting.length > 0 || this.inFlight.size > 0) {
      if (this.waiting.length > 0) this.flush();
      await Promise.all(this.inFlight);
    }
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting.splice(0, this.options.maxBatch);
    if (batch.length === 0) return;
    const done = this.commit(batch).finally(() => {
      this.inFlight.delete(done);
      // What gathered meanwhile has waited long enough: it goes now.
      if (this.waiting.length > 0) this.flush();
    });
    this.inFlight.add(done);
  }

  private async commit(batch: Waiting<I, R>[]): Promise<void> {
    try {
      const results = await this.work(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      await Promise.all(batch.map((w) => this.commit([w])));
    }
  }
}
