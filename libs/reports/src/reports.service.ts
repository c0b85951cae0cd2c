import { Injectable } from '@nestjs/common';
import { caseStatus, CaseStatus, Outcome, outcomeOf } from '@docket/cases';
import { ApiError, Clock, Page, decodeCursor, toPage } from '@docket/common';
import { Transactions } from '@docket/database';
import type { Principal } from '@docket/principals';
import { ReportRow, ReportsRepository } from './reports.repository';

export interface ReportView {
  id: string;
  caseId: string;
  postId: string;
  category: string;
  status: CaseStatus;
  receivedAt: string;
  dueAt: string;
  decidedAt: string | null;
  removedAt: string | null;
  outcome: Outcome;
  timeToRemovalSeconds: number | null;
  externalRef: string | null;
}

export interface ReportQuery {
  status?: CaseStatus;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

/** Reading reports back: a reporter sees only its own; wider roles see all. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly tx: Transactions,
    private readonly reports: ReportsRepository,
    private readonly clock: Clock,
  ) {}

  async get(reader: Principal, id: string): Promise<ReportView> {
    const row = await this.reports.findById(this.tx.reader, id);
    // Another reporter's report is "not found": its existence is not revealed.
    if (!row || (reader.role === 'reporter' && row.reporterId !== reader.id)) throw ApiError.notFound('report');
    return toView(row, this.clock.now());
  }

  async list(reader: Principal, q: ReportQuery): Promise<Page<ReportView>> {
    const now = this.clock.now();
    const before = decodeCursor<{ receivedAt: string; id: string }>(q.cursor, ['receivedAt', 'id']);
    const fetched = await this.reports.list(this.tx.reader, {
      reporterId: reader.role === 'reporter' ? reader.id! : undefined,
      status: q.status, from: q.from, to: q.to, before, now, limit: q.limit + 1,
    });
    return toPage(fetched, q.limit, (r) => toView(r, now), (r) => ({ receivedAt: r.receivedAt.toISOString(), id: r.id }));
  }
}

export function toView(r: ReportRow, now: Date): ReportView {
  const dueAt = r.caseDueAt < r.reportDueAt ? r.caseDueAt : r.reportDueAt;
  const outcome = outcomeOf(r.state);
  return {
    id: r.id, caseId: r.caseId, postId: r.postId, category: r.category,
    status: caseStatus(r, now), receivedAt: r.receivedAt.toISOString(), dueAt: dueAt.toISOString(),
    decidedAt: outcome && r.decidedAt ? r.decidedAt.toISOString() : null,
    removedAt: r.removedAt?.toISOString() ?? null, outcome,
    // A notice about a post already removed when it arrived waited no time at all.
    timeToRemovalSeconds: r.removedAt ? Math.max(0, (r.removedAt.getTime() - r.receivedAt.getTime()) / 1000) : null,
    externalRef: r.externalRef,
  };
}
