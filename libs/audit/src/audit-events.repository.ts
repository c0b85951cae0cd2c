import { Injectable } from '@nestjs/common';
import { Tx, one, rows } from '@docket/database';
import type { AuditEventInput } from './audit-log';
import { AuditEventRecord } from './chain';

export interface StoredAuditEvent extends AuditEventRecord {
  hash: string;
}

/** A recorded event not yet chained: `pendingId` orders it among the others. */
export interface PendingAuditEvent extends Omit<AuditEventRecord, 'id'> {
  pendingId: string;
}

export interface ChainHead {
  lastId: string;
  lastHash: Buffer;
}

/**
 * For a use case whose change and audit event are one statement: `${AUDIT_PENDING_INSERT} SELECT …` yields
 * occurred_at, actor_id, actor_role, action, subject_type, subject_id, data, as AuditLog.record writes them.
 */
export const AUDIT_PENDING_INSERT = `INSERT INTO audit_pending (occurred_at, actor_id, actor_role, action, subject_type, subject_id, data)`;

const COLUMNS = `id::text, occurred_at AS "occurredAt", actor_id AS "actorId", actor_role AS "actorRole", action,
                 subject_type AS "subjectType", subject_id AS "subjectId", data, encode(hash, 'hex') AS hash`;

/** The audit log's SQL: recording pending events, chaining them, reading the chain back in id order. */
@Injectable()
export class AuditEventsRepository {
  async insertPending(tx: Tx, events: AuditEventInput[]): Promise<void> {
    await tx.query(
      `${AUDIT_PENDING_INSERT}
       SELECT * FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[])`,
      [
        events.map((e) => e.at),
        events.map((e) => e.actor.id),
        events.map((e) => e.actor.role),
        events.map((e) => e.action),
        events.map((e) => e.subjectType),
        events.map((e) => e.subjectId),
        events.map((e) => JSON.stringify(e.data ?? {})),
      ],
    );
  }

  /** The chain head, locked until the transaction ends; undefined when `skipLocked` and another holds it. */
  lockHead(tx: Tx, skipLocked: boolean): Promise<ChainHead | undefined> {
    return one<ChainHead>(
      tx, `SELECT last_id::text AS "lastId", last_hash AS "lastHash" FROM audit_chain_head FOR UPDATE${skipLocked ? ' SKIP LOCKED' : ''}`,
    );
  }

  /** The oldest pending events, in the order they were recorded. */
  async oldestPending(tx: Tx, limit: number): Promise<PendingAuditEvent[]> {
    const found = await rows<PendingAuditEvent & { occurredAt: Date }>(
      tx,
      `SELECT pending_id::text AS "pendingId", occurred_at AS "occurredAt", actor_id AS "actorId", actor_role AS "actorRole",
              action, subject_type AS "subjectType", subject_id AS "subjectId", data
         FROM audit_pending ORDER BY pending_id LIMIT $1`,
      [limit],
    );
    return found.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() }));
  }

  /** Moves pending events into the chain, in one statement: they leave audit_pending as they enter audit_events. */
  async chain(tx: Tx, pendingIds: string[], events: StoredAuditEvent[]): Promise<void> {
    const last = events[events.length - 1];
    await tx.query(
      `WITH sealed AS (DELETE FROM audit_pending WHERE pending_id = ANY($1::bigint[])),
            appended AS (
              INSERT INTO audit_events (id, occurred_at, actor_id, actor_role, action, subject_type, subject_id, data, hash)
              SELECT * FROM unnest($2::bigint[], $3::timestamptz[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::bytea[])
            )
       UPDATE audit_chain_head SET last_id = $11, last_hash = $12`,
      [
        pendingIds,
        events.map((e) => e.id),
        events.map((e) => e.occurredAt),
        events.map((e) => e.actorId),
        events.map((e) => e.actorRole),
        events.map((e) => e.action),
        events.map((e) => e.subjectType),
        events.map((e) => e.subjectId),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => Buffer.from(e.hash, 'hex')),
        last.id,
        Buffer.from(last.hash, 'hex'),
      ],
    );
  }

  async after(tx: Tx, afterId: string, limit: number): Promise<StoredAuditEvent[]> {
    const found = await rows<StoredAuditEvent & { occurredAt: Date }>(
      tx, `SELECT ${COLUMNS} FROM audit_events WHERE id > $1 ORDER BY audit_events.id LIMIT $2`, [afterId, limit],
    );
    return found.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() }));
  }

  head(tx: Tx): Promise<{ lastId: string; lastHash: string } | undefined> {
    return one(tx, `SELECT last_id::text AS "lastId", encode(last_hash, 'hex') AS "lastHash" FROM audit_chain_head`);
  }
}
