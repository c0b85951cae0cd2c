import { Injectable } from '@nestjs/common';
import { Tx, one, rows } from '@docket/database';
import { AuditEventRecord } from './chain';

export interface StoredAuditEvent extends AuditEventRecord {
  hash: string;
}

const COLUMNS = `id::text, occurred_at AS "occurredAt", actor_id AS "actorId", actor_role AS "actorRole", action,
                 subject_type AS "subjectType", subject_id AS "subjectId", data, encode(hash, 'hex') AS hash`;

/** Reading the audit log back, in chain (id) order. */
@Injectable()
export class AuditEventsRepository {
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
