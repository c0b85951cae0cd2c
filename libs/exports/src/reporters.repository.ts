import { Injectable } from '@nestjs/common';
import { ReadDatabase } from './read-database';
import { AuditPeriod, periodBounds } from './period';

/** One reporter's notices received in a period (DSA Art. 22 and 23: how reliable a notifier is). */
export interface ReporterFiguresRow {
  reporterId: string;
  name: string;
  kind: string | null;
  /** Notices received in the period. */
  filed: number;
  /** Of those, decided: their case's latest decision is a removal or no violation. */
  decided: number;
  /** Of the decided, removed (the notice was upheld). */
  upheld: number;
  /** Of the decided, no violation marked manifestly unfounded by the moderator. */
  manifestlyUnfounded: number;
  /** upheld / decided; null when none was decided. */
  upheldShare: number | null;
  /** manifestlyUnfounded / decided; null when none was decided. */
  manifestlyUnfoundedShare: number | null;
  /** Median seconds from a notice's receipt to its case's decision, over the decided notices. */
  medianSecondsToDecision: number | null;
  /** The reporter's last warning and current suspension's end, as of now (not of the period). */
  warnedAt: string | null;
  suspendedUntil: string | null;
}

export const REPORTER_FIGURES_COLUMNS: (keyof ReporterFiguresRow)[] = [
  'reporterId', 'name', 'kind', 'filed', 'decided', 'upheld', 'manifestlyUnfounded', 'upheldShare', 'manifestlyUnfoundedShare',
  'medianSecondsToDecision', 'warnedAt', 'suspendedUntil',
];

/** Per-reporter figures, one row per reporter who filed a notice in the period, most notices first. */
@Injectable()
export class ReportersRepository {
  constructor(private readonly db: ReadDatabase) {}

  async figures(period: AuditPeriod): Promise<ReporterFiguresRow[]> {
    const [from, to] = periodBounds(period);
    const found = await this.db.query<Omit<ReporterFiguresRow, 'warnedAt' | 'suspendedUntil'> & { warnedAt: Date | null; suspendedUntil: Date | null }>(
      `WITH notices AS (
         SELECT r.reporter_id, d.action, d.manifestly_unfounded,
                CASE WHEN d.decided_at >= r.received_at THEN extract(epoch FROM d.decided_at - r.received_at)::float8 END AS seconds
           FROM reports r
           LEFT JOIN LATERAL (SELECT action, manifestly_unfounded, decided_at FROM decisions
                               WHERE case_id = r.case_id AND action IN ('remove', 'no_violation')
                               ORDER BY decided_at DESC, id DESC LIMIT 1) d ON true
          WHERE r.received_at >= $1::timestamptz AND r.received_at < $2::timestamptz
       ), per AS (
         SELECT reporter_id, count(*)::int AS filed, count(action)::int AS decided,
                count(*) FILTER (WHERE action = 'remove')::int AS upheld,
                count(*) FILTER (WHERE manifestly_unfounded)::int AS unfounded,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median
           FROM notices GROUP BY reporter_id
       )
       SELECT p.id AS "reporterId", p.name, p.kind, per.filed, per.decided, per.upheld, per.unfounded AS "manifestlyUnfounded",
              CASE WHEN per.decided > 0 THEN per.upheld::float8 / per.decided END AS "upheldShare",
              CASE WHEN per.decided > 0 THEN per.unfounded::float8 / per.decided END AS "manifestlyUnfoundedShare",
              per.median AS "medianSecondsToDecision",
              p.warned_at AS "warnedAt", CASE WHEN p.suspended_until > now() THEN p.suspended_until END AS "suspendedUntil"
         FROM per JOIN principals p ON p.id = per.reporter_id
        ORDER BY per.filed DESC, p.id`,
      [from, to],
    );
    return found.map((r) => ({ ...r, warnedAt: r.warnedAt?.toISOString() ?? null, suspendedUntil: r.suspendedUntil?.toISOString() ?? null }));
  }
}
