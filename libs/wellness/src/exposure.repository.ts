import { Injectable } from '@nestjs/common';
import { Tx, one, rows } from '@docket/database';

export interface ExposureCounts {
  cases: number;
  violentCases: number;
}

export interface ExposureReading {
  since: ExposureCounts;
  today: ExposureCounts;
  sinceRun: ExposureCounts;
  /** First claim after the last pause; null when the last claim is older than a pause. */
  runStartedAt: Date | null;
}

export interface ExposureDay {
  day: string;
  moderators: number;
  cases: number;
  violentCases: number;
  medianViolentCasesPerModerator: number;
  maxViolentCasesPerModerator: number;
}

/**
 * One moderator's claims of the last day: counted since a moment (the session's start), since the start of the UTC
 * day, and since the current run of work began — a run ends when `pauseSeconds` pass without a claim.
 */
const READING_SQL = `WITH claims AS (
         SELECT opened_at, violent, opened_at - lag(opened_at) OVER (ORDER BY opened_at) AS gap
           FROM exposures WHERE principal_id = $1 AND opened_at > $2::timestamptz - interval '1 day' AND opened_at <= $2
       ), run AS (
         SELECT CASE WHEN max(opened_at) > $2::timestamptz - make_interval(secs => $4)
                     THEN max(opened_at) FILTER (WHERE gap IS NULL OR gap > make_interval(secs => $4)) END AS started_at
           FROM claims
       )
       SELECT count(*) FILTER (WHERE opened_at >= $3)::int AS "sinceCases",
              count(*) FILTER (WHERE opened_at >= $3 AND violent)::int AS "sinceViolent",
              count(*) FILTER (WHERE opened_at >= date_trunc('day', $2::timestamptz, 'UTC'))::int AS "todayCases",
              count(*) FILTER (WHERE opened_at >= date_trunc('day', $2::timestamptz, 'UTC') AND violent)::int AS "todayViolent",
              count(*) FILTER (WHERE opened_at >= run.started_at)::int AS "runCases",
              count(*) FILTER (WHERE opened_at >= run.started_at AND violent)::int AS "runViolent",
              run.started_at AS "runStartedAt"
         FROM run LEFT JOIN claims ON true
        GROUP BY run.started_at`;

@Injectable()
export class ExposureRepository {
  async reading(tx: Tx, q: { principalId: string; now: Date; since: Date; pauseSeconds: number }): Promise<ExposureReading> {
    const r = (await one<Record<string, number> & { runStartedAt: Date | null }>(tx, READING_SQL, [q.principalId, q.now, q.since, q.pauseSeconds]))!;
    return {
      since: { cases: r.sinceCases, violentCases: r.sinceViolent },
      today: { cases: r.todayCases, violentCases: r.todayViolent },
      sinceRun: { cases: r.runCases, violentCases: r.runViolent },
      runStartedAt: r.runStartedAt,
    };
  }

  async violentToday(tx: Tx, principalId: string, now: Date): Promise<number> {
    const row = await one<{ n: number }>(
      tx,
      `SELECT count(*)::int AS n FROM exposures
        WHERE principal_id = $1 AND opened_at >= date_trunc('day', $2::timestamptz, 'UTC') AND opened_at <= $2 AND violent`,
      [principalId, now],
    );
    return row!.n;
  }

  /** Per UTC day of [from, to): how many moderators opened how many cases; never who. */
  days(tx: Tx, from: string, to: string): Promise<ExposureDay[]> {
    return rows(
      tx,
      `WITH per_moderator AS (
         SELECT date_trunc('day', opened_at, 'UTC') AS day, principal_id, count(*) AS cases, count(*) FILTER (WHERE violent) AS violent
           FROM exposures WHERE opened_at >= $1::timestamptz AND opened_at < $2::timestamptz GROUP BY 1, 2
       )
       SELECT to_char(day AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS moderators, sum(cases)::int AS cases, sum(violent)::int AS "violentCases",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY violent)::float8 AS "medianViolentCasesPerModerator",
              max(violent)::int AS "maxViolentCasesPerModerator"
         FROM per_moderator GROUP BY day ORDER BY day`,
      [from, to],
    );
  }
}
