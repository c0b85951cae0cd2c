import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { GroupCommit } from '@docket/common';
import { TriageOutcome, TriageService } from './triage.service';

/**
 * Triage jobs running at the same time (the worker's concurrency) are triaged together: one transaction and about
 * ten statements per batch instead of per case. One job's case that fails the batch is retried alone.
 */
@Injectable()
export class TriageBatcher implements BeforeApplicationShutdown {
  private readonly batches: GroupCommit<string, TriageOutcome>;

  constructor(triage: TriageService) {
    this.batches = new GroupCommit({ waitMs: 2, maxBatch: 200, maxInFlight: 2 }, async (caseIds) => {
      const outcomes = await triage.triage(caseIds);
      return caseIds.map((id) => outcomes.get(id)!);
    });
  }

  submit(caseId: string): Promise<TriageOutcome> {
    return this.batches.submit(caseId);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.batches.drain();
  }
}
