import { Injectable } from '@nestjs/common';
import { ReadDatabase } from './read-database';
import { AuditPeriod, periodBounds } from './period';

export type ResponseTimesGrouping = 'category' | 'reporterKind' | 'day';

export interface ResponseTimeFigures {
  notices: number;
  cases: number;
  removed: number;
  noViolation: number;
  open: number;
  medianSecondsToRemoval: number | null;
  p90SecondsToRemoval: number | null;
  p99SecondsToRemoval: number | null;
  medianSecondsToAction: number | null;
  withinDeadline: number;
  breached: number;
  removedWithin24h: number;
  removedWithin48h: number;
  removedWithin7d: number;
  removedLater: number;
}

export interface ResponseTimeRow extends ResponseTimeFigures {
  key: string | null;
}

export interface DayFlow {
  key: string;
  inflow: number;
  closed: number;
  backlog: number;
}

const KEYS: Record<ResponseTimesGrouping, string> = {
  category: 'r.category',
  reporterKind: 'r.reporter_kind',
  day: `to_char(r.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
};

/** The statement behind the report ($1, $2: the period), exported so the bench can time it bare. */
export function responseTimesSql(groupBy: ResponseTimesGrouping): string {
  return `WITH notices AS (
     SELECT ${KEYS[groupBy]} AS key, r.case_id, c.state, c.closed_at, c.due_at, c.breached_at,
            CASE WHEN c.state = 'removed' AND c.removed_at >= r.received_at
                 THEN extract(epoch FROM c.removed_at - r.received_at)::float8 END AS to_removal,
            CASE WHEN c.closed_at >= r.received_at
                 THEN extract(epoch FROM c.closed_at - r.received_at)::float8 END AS to_action
       FROM reports r JOIN cases c ON c.id = r.case_id
      WHERE r.received_at >= $1::timestamptz AND r.received_at < $2::timestamptz
   )
   SELECT key, GROUPING(key) = 1 AS "isTotal",
          count(*)::int AS notices,
          count(DISTINCT case_id)::int AS cases,
          count(DISTINCT case_id) FILTER (WHERE state = 'removed')::int AS removed,
          count(DISTINCT case_id) FILTER (WHERE state = 'no_violation')::int AS "noViolation",
          count(DISTINCT case_id) FILTER (WHERE state NOT IN ('removed', 'no_violation'))::int AS open,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY to_removal) AS "medianSecondsToRemoval",
          percentile_cont(0.9) WITHIN GROUP (ORDER BY to_removal) AS "p90SecondsToRemoval",
          percentile_cont(0.99) WITHIN GROUP (ORDER BY to_removal) AS "p99SecondsToRemoval",
          percentile_cont(0.5) WITHIN GROUP (ORDER BY to_action) AS "medianSecondsToAction",
          count(DISTINCT case_id) FILTER (WHERE closed_at <= due_at)::int AS "withinDeadline",
          count(DISTINCT case_id) FILTER (WHERE breached_at IS NOT NULL)::int AS breached,
          count(*) FILTER (WHERE to_removal <= 86400)::int AS "removedWithin24h",
          count(*) FILTER (WHERE to_removal > 86400 AND to_removal <= 172800)::int AS "removedWithin48h",
          count(*) FILTER (WHERE to_removal > 172800 AND to_removal <= 604800)::int AS "removedWithin7d",
          count(*) FILTER (WHERE to_removal > 604800)::int AS "removedLater"
     FROM notices
    GROUP BY GROUPING SETS ((key), ())
    ORDER BY GROUPING(key), key`;
}

/**
 * The metrics of deadlines.md, in one pass over the notices of the period.
 * Times are a notice's own (from its receipt), so a report joining an old case
 * is not credited with the case's age; notices received after their case closed
 * were answered with its outcome and have no time. Outcome counts are of
 * distinct cases, so removed + noViolation + open = cases.
 */
@Injectable()
export class ResponseTimesRepository {
  constructor(private readonly db: ReadDatabase) {}

  async groups(period: AuditPeriod, groupBy: ResponseTimesGrouping): Promise<ResponseTimeRow[]> {
    const found = await this.db.query<ResponseTimeRow & { isTotal: boolean }>(
      responseTimesSql(groupBy),
      periodBounds(period),
    );
    return found.map(({ isTotal, ...row }) => ({ ...row, key: isTotal ? null : row.key }));
  }

  /**
   * Per UTC day of the period: cases first reported (inflow), cases closed, and the
   * backlog at the day's end (reported before it, not closed by it).
   */
  async dayFlows(firstDay: string, lastDay: string): Promise<DayFlow[]> {
    return this.db.query<DayFlow>(
      `WITH days AS (
         SELECT d::date AS day FROM generate_series($1::date, $2::date, interval '1 day') AS d
       ), opened AS (
         SELECT (first_reported_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n
           FROM cases WHERE first_reported_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC' GROUP BY 1
       ), closed AS (
         SELECT (closed_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n
           FROM cases WHERE closed_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC' GROUP BY 1
       ), flows AS (
         SELECT days.day, coalesce(o.n, 0) AS inflow, coalesce(c.n, 0) AS closed,
                (SELECT coalesce(sum(n), 0) FROM opened WHERE opened.day <= days.day)
                  - (SELECT coalesce(sum(n), 0) FROM closed WHERE closed.day <= days.day) AS backlog
           FROM days LEFT JOIN opened o ON o.day = days.day LEFT JOIN closed c ON c.day = days.day
       )
       SELECT to_char(day, 'YYYY-MM-DD') AS key, inflow::int, closed::int, backlog::int FROM flows ORDER BY day`,
      [firstDay, lastDay],
    );
  }

  /** The UTC day of the first notice at or after `from`, for a period without a start. */
  async firstNoticeDay(period: AuditPeriod): Promise<string | null> {
    const [row] = await this.db.query<{ day: string | null }>(
      `SELECT to_char(min(received_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM reports
        WHERE received_at >= $1::timestamptz AND received_at < $2::timestamptz`,
      periodBounds(period),
    );
    return row.day;
  }
}
