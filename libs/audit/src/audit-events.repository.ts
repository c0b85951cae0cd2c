import { Injectable } from '@nestjs/common';
import { Tx, one, rows, execute } from '@docket/database';
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
    await execute(tx,
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

  /**
   * Moves pending events into the chain in one statement: each leaves audit_pending as it enters audit_events with
   * the id and hash given here. Only ids and hashes travel; the bodies are copied inside PostgreSQL. occurred_at is
   * copied at the millisecond precision it was hashed at (oldestPending reads it through a JavaScript Date).
   */
  async chain(tx: Tx, links: { pendingId: string; id: string; hash: string }[]): Promise<void> {
    const last = links[links.length - 1];
    await execute(tx,
      `WITH links AS (SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[]) AS t(pending_id, id, hash)),
            sealed AS (
              DELETE FROM audit_pending p USING links WHERE p.pending_id = links.pending_id
              RETURNING links.id, date_trunc('milliseconds', p.occurred_at) AS occurred_at, p.actor_id, p.actor_role, p.action,
                        p.subject_type, p.subject_id, p.data, links.hash
            ),
            appended AS (
              INSERT INTO audit_events (id, occurred_at, actor_id, actor_role, action, subject_type, subject_id, data, hash)
              SELECT * FROM sealed
            )
       UPDATE audit_chain_head SET last_id = $4, last_hash = $5`,
      [
        links.map((l) => l.pendingId),
        links.map((l) => l.id),
        links.map((l) => Buffer.from(l.hash, 'hex')),
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
