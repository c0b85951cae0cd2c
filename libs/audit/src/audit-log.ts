import { Injectable } from '@nestjs/common';
import { Tx, onBeforeCommit } from '@docket/database';
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
 *
 * A transaction's events are inserted together, as its last statement, into the
 * pending log; the AuditSequencer chains them shortly after commit. Recording
 * therefore takes no lock: writers never queue behind one another for the chain.
 */
@Injectable()
export class AuditLog {
  private readonly pending = new WeakMap<Tx, AuditEventInput[]>();

  constructor(private readonly events: AuditEventsRepository) {}

  async record(tx: Tx, events: AuditEventInput | AuditEventInput[]): Promise<void> {
    const list = Array.isArray(events) ? events : [events];
    if (list.length === 0) return;
    const queued = this.pending.get(tx);
    if (queued) {
      queued.push(...list);
      return;
    }
    const buffer = [...list];
    if (onBeforeCommit(tx, () => this.events.insertPending(tx, buffer))) {
      this.pending.set(tx, buffer);
      return;
    }
    await this.events.insertPending(tx, list);
  }
}
