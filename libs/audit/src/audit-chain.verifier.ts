import { Injectable } from '@nestjs/common';
import { Transactions } from '@docket/database';
import { AuditEventsRepository } from './audit-events.repository';
import { GENESIS_HASH, chainHash } from './chain';

export type ChainVerdict = { ok: true; events: number } | { ok: false; events: number; firstBadEventId: string };

const BATCH = 5000;

/**
 * Recomputes the whole chain from the genesis hash. The first event whose stored
 * hash differs from the recomputed one is named: it was altered, or the event
 * before it was removed. A head that does not end where the walk ends means the
 * tail was cut (or the head was moved); the first event past the walk is named.
 */
@Injectable()
export class AuditChainVerifier {
  constructor(private readonly tx: Transactions, private readonly events: AuditEventsRepository) {}

  verify(): Promise<ChainVerdict> {
    // One snapshot, so events appended while we walk neither break nor extend the walk.
    return this.tx.snapshot(async (tx) => {
      const head = await this.events.head(tx);
      let previous = GENESIS_HASH;
      let lastId = '0';
      let checked = 0;
      for (let after = '0'; ; ) {
        const batch = await this.events.after(tx, after, BATCH);
        if (batch.length === 0) break;
        for (const event of batch) {
          checked += 1;
          const recomputed = chainHash(previous, event);
          if (recomputed !== event.hash) return { ok: false, events: checked, firstBadEventId: event.id };
          previous = recomputed;
          lastId = event.id;
        }
        after = lastId;
      }
      if (head && (head.lastId !== lastId || head.lastHash !== previous)) {
        return { ok: false, events: checked, firstBadEventId: (BigInt(lastId) + 1n).toString() };
      }
      return { ok: true, events: checked };
    });
  }
}
