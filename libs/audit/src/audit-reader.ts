import { Injectable } from '@nestjs/common';
import { Transactions } from '@docket/database';
import { AuditChainVerifier, ChainVerdict } from './audit-chain.verifier';
import { AuditEventsRepository, StoredAuditEvent } from './audit-events.repository';
import { AuditSequencer } from './audit-sequencer';

export interface AuditEventPage {
  items: StoredAuditEvent[];
  nextCursor: string | null;
}

/** What auditors read of the log. Both first chain what is pending, so they see every event committed before they asked. */
@Injectable()
export class AuditReader {
  constructor(
    private readonly tx: Transactions,
    private readonly events: AuditEventsRepository,
    private readonly verifier: AuditChainVerifier,
    private readonly sequencer: AuditSequencer,
  ) {}

  async page(after: string, limit: number): Promise<AuditEventPage> {
    await this.sequencer.sealAll();
    const found = await this.events.after(this.tx.reader, after, limit + 1);
    const items = found.slice(0, limit);
    return { items, nextCursor: found.length > limit ? items[items.length - 1].id : null };
  }

  async verify(): Promise<ChainVerdict> {
    await this.sequencer.sealAll();
    return this.verifier.verify();
  }
}
