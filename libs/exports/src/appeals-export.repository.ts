import { Injectable } from '@nestjs/common';
import { ReadDatabase } from './read-database';
import { AuditPeriod, periodBounds } from './period';

/** One appeal received in the period, as `GET /v1/audit/appeals` lists it. */
export interface AppealExportRow {
  appealId: string;
  decisionId: string;
  caseId: string;
  appellant: string;
  contestedAction: string;
  category: string;
  status: string;
  outcome: string | null;
  receivedAt: string;
  dueAt: string;
  decidedAt: string | null;
  restoredAt: string | null;
  secondsToDecision: number | null;
  secondsToRestoration: number | null;
  breached: boolean;
}

export const APPEAL_EXPORT_COLUMNS: (keyof AppealExportRow)[] = [
  'appealId', 'decisionId', 'caseId', 'appellant', 'contestedAction', 'category', 'status', 'outcome', 'receivedAt', 'dueAt',
  'decidedAt', 'restoredAt', 'secondsToDecision', 'secondsToRestoration', 'breached',
];

/** Appeals' response times per category (then `total`), as the response-time report gives them for notices. */
export interface AppealTimesRow {
  key: string;
  appeals: number;
  decided: number;
  upheld: number;
  overturned: number;
  withinDeadline: number;
  breached: number;
  medianSecondsToDecision: number | null;
  p90SecondsToDecision: number | null;
  medianSecondsToRestoration: number | null;
}

/**
 * The complaints section of a DSA transparency report (Art. 15(1)(d)): per basis (the kind of decision contested: a
 * removal, or a decision not to act), complaints received, their outcomes, the median time to decision and the
 * decisions reversed, then the total.
 */
export interface ComplaintsRow {
  basis: 'removal' | 'no_action' | 'total';
  received: number;
  byAuthors: number;
  byNotifiers: number;
  upheld: number;
  overturned: number;
  pending: number;
  medianHoursToDecision: number | null;
  /** Overturned and in effect on the platform: the post restored, or the removal confirmed. */
  reversed: number;
}

/** Appeals received in `[from, to)`: one row each, and the transparency report's complaints section. */
@Injectable()
export class AppealsExportRepository {
  constructor(private readonly db: ReadDatabase) {}

  appeals(period: AuditPeriod): Promise<AppealExportRow[]> {
    return this.db.query<AppealExportRow>(
      `SELECT a.id AS "appealId", a.decision_id AS "decisionId", a.case_id AS "caseId", a.appellant, a.contested_action AS "contestedAction",
              a.category, a.state AS status, a.outcome,
              to_char(a.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "receivedAt",
              to_char(a.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "dueAt",
              to_char(a.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "decidedAt",
              to_char(a.restored_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "restoredAt",
              extract(epoch FROM a.decided_at - a.received_at)::float8 AS "secondsToDecision",
              extract(epoch FROM a.restored_at - a.received_at)::float8 AS "secondsToRestoration",
              a.breached_at IS NOT NULL AS breached
         FROM appeals a
        WHERE a.received_at >= $1::timestamptz AND a.received_at < $2::timestamptz
        ORDER BY a.received_at, a.id`,
      periodBounds(period),
    );
  }

  /** Decided within the deadline: decided (and, for an overturned removal, restored) by `due_at`. */
  async times(period: AuditPeriod): Promise<AppealTimesRow[]> {
    const found = await this.db.query<AppealTimesRow & { isTotal: boolean }>(
      `SELECT a.category AS key, GROUPING(a.category) = 1 AS "isTotal", count(*)::int AS appeals,
              count(a.decided_at)::int AS decided,
              count(*) FILTER (WHERE a.outcome = 'uphold')::int AS upheld,
              count(*) FILTER (WHERE a.outcome = 'overturn')::int AS overturned,
              count(*) FILTER (WHERE a.decided_at <= a.due_at AND (a.state <> 'restored' OR a.restored_at <= a.due_at)
                                 AND a.state NOT IN ('restoring', 'restore_failed'))::int AS "withinDeadline",
              count(*) FILTER (WHERE a.breached_at IS NOT NULL)::int AS breached,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.decided_at - a.received_at)::float8) AS "medianSecondsToDecision",
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM a.decided_at - a.received_at)::float8) AS "p90SecondsToDecision",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.restored_at - a.received_at)::float8) AS "medianSecondsToRestoration"
         FROM appeals a
        WHERE a.received_at >= $1::timestamptz AND a.received_at < $2::timestamptz
        GROUP BY GROUPING SETS ((a.category), ())
        ORDER BY GROUPING(a.category), a.category`,
      periodBounds(period),
    );
    const rows = found.map(({ isTotal, ...row }) => ({ ...row, key: isTotal ? 'total' : row.key }));
    return rows.length > 0 ? rows : [{ key: 'total', appeals: 0, decided: 0, upheld: 0, overturned: 0, withinDeadline: 0, breached: 0, medianSecondsToDecision: null, p90SecondsToDecision: null, medianSecondsToRestoration: null }];
  }

  async complaints(period: AuditPeriod): Promise<ComplaintsRow[]> {
    const found = await this.db.query<ComplaintsRow & { isTotal: boolean }>(
      `SELECT CASE k.action WHEN 'remove' THEN 'removal' ELSE 'no_action' END AS basis,
              count(a.id)::int AS received,
              count(a.id) FILTER (WHERE a.appellant = 'author')::int AS "byAuthors",
              count(a.id) FILTER (WHERE a.appellant = 'notifier')::int AS "byNotifiers",
              count(a.id) FILTER (WHERE a.outcome = 'uphold')::int AS upheld,
              count(a.id) FILTER (WHERE a.outcome = 'overturn')::int AS overturned,
              count(a.id) FILTER (WHERE a.outcome IS NULL)::int AS pending,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.decided_at - a.received_at)::float8 / 3600) AS "medianHoursToDecision",
              count(a.id) FILTER (WHERE a.state = 'restored' OR (a.outcome = 'overturn' AND a.contested_action = 'no_violation' AND c.state = 'removed'))::int AS reversed,
              GROUPING(k.action) = 1 AS "isTotal"
         FROM unnest(ARRAY['remove', 'no_violation']) AS k(action)
         LEFT JOIN appeals a ON a.contested_action = k.action AND a.received_at >= $1::timestamptz AND a.received_at < $2::timestamptz
         LEFT JOIN cases c ON c.id = a.case_id
        GROUP BY GROUPING SETS ((k.action), ())
        ORDER BY GROUPING(k.action), k.action DESC`,
      periodBounds(period),
    );
    return found.map(({ isTotal, ...row }) => ({ ...row, basis: isTotal ? 'total' : row.basis }));
  }
}
