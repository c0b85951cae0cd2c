import { Injectable } from '@nestjs/common';
import { Tx } from '@docket/database';
import { AuditEventsRepository } from './audit-events.repository';

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
 * Events go to the pending log, without a lock; the AuditSequencer chains them
 * shortly after commit, so writers never queue behind one another.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly events: AuditEventsRepository) {}

  async record(tx: Tx, events: AuditEventInput | AuditEventInput[]): Promise<void> {
    const list = Array.isArray(events) ? events : [events];
    if (list.length > 0) await this.events.insertPending(tx, list);
  }
}
