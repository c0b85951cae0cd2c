import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PollingLoop } from '@docket/common';
import { AppConfig } from '@docket/config';
import { Transactions } from '@docket/database';
import { AuditEventsRepository } from './audit-events.repository';
import { chainHash } from './chain';

/**
 * Events per chaining transaction. A sequencer in a busy API waits for its event loop between its five round
 * trips: under batch intake (bench P2, 8 clients posting 500 notices) batches of 1 000 left 5–6 s of chaining
 * behind 15 s of load, batches of 5 000 0.8–1.5 s (10 000: 1.1 s).
 */
const BATCH = 5000;

/**
 * Chains pending audit events: one sequencer at a time (the head's row lock) takes the oldest pending events,
 * gives them the next ids and hashes, and moves them into `audit_events` in one transaction. Every API and worker
 * process runs the loop; those that find the head locked skip the round, so a stopped process never stalls the
 * chain and two never fork it. Events are chained in the order their transactions committed and became visible.
 */
@Injectable()
export class AuditSequencer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: PollingLoop;

  constructor(
    private readonly tx: Transactions,
    private readonly events: AuditEventsRepository,
    config: AppConfig,
  ) {
    this.loop = new PollingLoop('audit sequencer', async () => ({ more: (await this.sealBatch(false)) === BATCH }), config.AUDIT_SEAL_MS);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /**
   * Chains every event committed before the call, waiting for a sequencer at work to finish: what auditors read
   * (events, verify) then includes everything that happened before they asked.
   */
  async sealAll(): Promise<void> {
    while ((await this.sealBatch(true)) === BATCH);
  }

  /** Chains up to one batch; 0 when there was nothing to chain or another sequencer holds the head. */
  private sealBatch(wait: boolean): Promise<number> {
    return this.tx.run(async (tx) => {
      const head = await this.events.lockHead(tx, !wait);
      if (!head) return 0;
      const pending = await this.events.oldestPending(tx, BATCH);
      if (pending.length === 0) return 0;
      let id = BigInt(head.lastId);
      let hash = head.lastHash.toString('hex');
      const links = pending.map(({ pendingId, ...event }) => {
        id += 1n;
        hash = chainHash(hash, { ...event, id: id.toString() });
        return { pendingId, id: id.toString(), hash };
      });
      await this.events.chain(tx, links);
      return pending.length;
    });
  }
}
