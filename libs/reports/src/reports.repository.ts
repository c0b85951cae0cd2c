import { Injectable } from '@nestjs/common';
import { CaseState, Tier, Tx, one, rows } from '@docket/database';

export interface ReportRow {
  id: string;
  caseId: string;
  postId: string;
  category: string;
  receivedAt: Date;
  reportDueAt: Date;
  externalRef: string | null;
  reporterId: string;
  state: CaseState;
  tier: Tier;
  leaseExpiresAt: Date | null;
  caseDueAt: Date;
  decidedAt: Date | null;
  removedAt: Date | null;
}

export interface ReportFilter {
  reporterId?: string;
  status?: string;
  from?: Date;
  to?: Date;
  before?: { receivedAt: string; id: string };
  now: Date;
  limit: number;
}

const SELECT = `SELECT r.id, r.case_id AS "caseId", r.post_id AS "postId", r.category, r.received_at AS "receivedAt",
       r.due_at AS "reportDueAt", r.external_ref AS "externalRef", r.reporter_id AS "reporterId",
       c.state, c.tier, c.lease_expires_at AS "leaseExpiresAt", c.due_at AS "caseDueAt",
       c.decided_at AS "decidedAt", c.removed_at AS "removedAt"
  FROM reports r JOIN cases c ON c.id = r.case_id`;

/** The status of case-status.ts, in SQL, so lists can filter on it. */
const status = (now: string) => `CASE WHEN c.state <> 'queued' THEN c.state WHEN c.lease_expires_at > ${now} THEN 'in_review'
                     WHEN c.tier = 'senior' THEN 'escalated' ELSE 'queued' END`;

@Injectable()
export class ReportsRepository {
  findById(tx: Tx, id: string): Promise<ReportRow | undefined> {
    return one(tx, `${SELECT} WHERE r.id = $1`, [id]);
  }

  /** Newest first, keyset-paginated on (received_at, id). */
  list(tx: Tx, f: ReportFilter): Promise<ReportRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.reporterId) add((p) => `r.reporter_id = ${p}`, f.reporterId);
    if (f.status) {
      params.push(f.now);
      const now = `$${params.length}`;
      add((p) => `${status(now)} = ${p}`, f.status);
    }
    if (f.from) add((p) => `r.received_at >= ${p}`, f.from);
    if (f.to) add((p) => `r.received_at < ${p}`, f.to);
    if (f.before) {
      params.push(f.before.receivedAt, f.before.id);
      where.push(`(r.received_at, r.id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(f.limit);
    return rows(
      tx,
      `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.received_at DESC, r.id DESC LIMIT $${params.length}`,
      params,
    );
  }
}
