import { Injectable } from '@nestjs/common';
import { Tx, onBeforeCommit, one } from '@docket/database';
import { AuditEventRecord, chainHash } from './chain';

export interface AuditActor {
  id: string | null;
  role: string;
}

/** docket itself, acting on a timer or a job. */
export const SYSTEM_ACTOR: AuditActor = { id: null, role: 'system' };

export interface AuditEventInput {
  actor: AuditActor;
  action: string;
  subjectType: string;
  subjectId: string;
  at: Date;
  data?: Record<string, unknown>;
}

/**
 * The one place state changes are written down. Callers pass their own
 * transaction, so an event exists exactly when the change it records does.
 *
 * Appends lock the chain head until the transaction commits, so the chain is one
 * line whatever the concurrency. The events of a transaction are therefore appended
 * together as its very last statement: the lock is held only for the commit, and a
 * transaction never waits for a row while holding the head.
 */
@Injectable()
export class AuditLog {
  private readonly pending = new WeakMap<Tx, AuditEventInput[]>();

  async record(tx: Tx, events: AuditEventInput | AuditEventInput[]): Promise<void> {
    const list = Array.isArray(events) ? events : [events];
    if (list.length === 0) return;
    const queued = this.pending.get(tx);
    if (queued) {
      queued.push(...list);
      return;
    }
    const buffer = [...list];
    if (onBeforeCommit(tx, () => this.append(tx, buffer))) {
      this.pending.set(tx, buffer);
      return;
    }
    await this.append(tx, list);
  }

  private async append(tx: Tx, list: AuditEventInput[]): Promise<void> {
    const head = await one<{ lastId: string; lastHash: Buffer }>(
      tx, `SELECT last_id::text AS "lastId", last_hash AS "lastHash" FROM audit_chain_head FOR UPDATE`,
    );
    let id = BigInt(head!.lastId);
    let hash = head!.lastHash.toString('hex');
    const chained = list.map((e) => {
      id += 1n;
      const record: AuditEventRecord = {
        id: id.toString(),
        occurredAt: e.at.toISOString(),
        actorId: e.actor.id,
        actorRole: e.actor.role,
        action: e.action,
        subjectType: e.subjectType,
        subjectId: e.subjectId,
        // Hash what jsonb will give back: no undefined, Dates as ISO strings.
        data: JSON.parse(JSON.stringify(e.data ?? {})),
      };
      hash = chainHash(hash, record);
      return { record, hash };
    });
    await tx.query(
      `WITH appended AS (
         INSERT INTO audit_events (id, occurred_at, actor_id, actor_role, action, subject_type, subject_id, data, hash)
         SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::bytea[])
       )
       UPDATE audit_chain_head SET last_id = $10, last_hash = $11`,
      [
        chained.map((c) => c.record.id),
        chained.map((c) => c.record.occurredAt),
        chained.map((c) => c.record.actorId),
        chained.map((c) => c.record.actorRole),
        chained.map((c) => c.record.action),
        chained.map((c) => c.record.subjectType),
        chained.map((c) => c.record.subjectId),
        chained.map((c) => JSON.stringify(c.record.data)),
        chained.map((c) => Buffer.from(c.hash, 'hex')),
        id.toString(),
        Buffer.from(hash, 'hex'),
      ],
    );
  }
}
