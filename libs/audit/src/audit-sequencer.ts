import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@docket/config';
import { Transactions } from '@docket/database';
import { AuditEventsRepository, StoredAuditEvent } from './audit-events.repository';
import { chainHash } from './chain';

const BATCH = 1000;

/**
 * Chains pending audit events: one sequencer at a time (the head's row lock) takes the oldest pending events,
 * gives them the next ids and hashes, and moves them into `audit_events` in one transaction. Every API and worker
 * process runs the loop; those that find the head locked skip the round, so a stopped process never stalls the
 * chain and two never fork it. Events are chained in the order their transactions committed and became visible.
 */
@Injectable()
export class AuditSequencer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(AuditSequencer.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly tx: Transactions,
    private readonly events: AuditEventsRepository,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
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
      const chained: StoredAuditEvent[] = pending.map(({ pendingId: _, ...event }) => {
        id += 1n;
        const record = { ...event, id: id.toString() };
        hash = chainHash(hash, record);
        return { ...record, hash };
      });
      await this.events.chain(tx, pending.map((e) => e.pendingId), chained);
      return pending.length;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let sealed = 0;
      try {
        sealed = await this.sealBatch(false);
        if (failures > 0) this.log.log('audit sequencer recovered');
        failures = 0;
      } catch (err) {
        failures += 1;
        if (failures === 1 || failures % 50 === 0) this.log.warn(`audit sequencer waiting: ${(err as Error).message}`);
      }
      if (sealed < BATCH) await this.pause(failures > 0 ? Math.min(200 * failures, 2000) : this.config.AUDIT_SEAL_MS);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
