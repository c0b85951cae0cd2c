import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { GroupCommit } from '@docket/common';
import { TriageOutcome, TriageService } from './triage.service';

/**
 * Triage jobs running at the same time (the worker's concurrency) are triaged together: one transaction and eight
 * round trips per batch instead of per case. One job's case that fails the batch is retried alone.
 *
 * Up to 500 cases a batch and six batches at once, out of the worker's jobs in hand (256 of about 20 cases each):
 * a batch spends most of its time waiting on its round trips, so while PostgreSQL runs one batch's statements
 * the worker classifies others, and the batches stay full. Measured (bench P5, 30 000 cases, two runs each):
 * 200 × 2 3,676–3,698 cases/s; 500 × 2 3,886–3,939; 200 × 4 2,802–3,287; 500 × 8 4,639–4,914; 1000 × 4
 * 4,697–5,273; 500 × 4 5,179–5,382. Later, on a slower day, six rounds each of 10 000 cases, alternated:
 * 500 × 4 with 128 jobs in hand 3,320–3,514 cases/s (means of 6 rounds), 500 × 6 with 256 in hand 3,543–3,989.
 */
@Injectable()
export class TriageBatcher implements BeforeApplicationShutdown {
  private readonly batches: GroupCommit<string, TriageOutcome>;

  constructor(triage: TriageService) {
    this.batches = new GroupCommit({ waitMs: 2, maxBatch: 500, maxInFlight: 6 }, async (caseIds) => {
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
