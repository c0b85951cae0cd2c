import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The "previous hash" of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** An audit event as it is hashed, stored and exported. */
export interface AuditEventRecord {
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorRole: string;
  action: string;
  subjectType: string;
  subjectId: string;
  data: Record<string, unknown>;
}

/**
 * `hash = sha256(previousHash + canonical event)`, hex. The canonical event is the
 * record above in RFC 8785 JSON (JCS), so anyone holding the exported events can
 * recompute the chain with any JCS implementation, without docket.
 */
export function chainHash(previousHash: string, event: AuditEventRecord): string {
  const canonical = canonicalize({
    id: event.id,
    occurredAt: event.occurredAt,
    actorId: event.actorId,
    actorRole: event.actorRole,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    data: event.data,
  });
  return createHash('sha256').update(previousHash + canonical, 'utf8').digest('hex');
}
