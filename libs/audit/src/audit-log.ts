import { Injectable } from '@nestjs/common';
import { Tx } from '@docket/database';

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
 */
@Injectable()
export class AuditLog {
  async record(tx: Tx, events: AuditEventInput | AuditEventInput[]): Promise<void> {
    const list = Array.isArray(events) ? events : [events];
    if (list.length === 0) return;
    await tx.query(
      `INSERT INTO audit_events (occurred_at, actor_id, actor_role, action, subject_type, subject_id, data)
       SELECT * FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[])`,
      [
        list.map((e) => e.at),
        list.map((e) => e.actor.id),
        list.map((e) => e.actor.role),
        list.map((e) => e.action),
        list.map((e) => e.subjectType),
        list.map((e) => e.subjectId),
        list.map((e) => JSON.stringify(e.data ?? {})),
      ],
    );
  }
}
