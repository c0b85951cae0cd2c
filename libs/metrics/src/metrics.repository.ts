import { Injectable } from '@nestjs/common';
import { Tier, Tx, one, rows } from '@docket/database';

export interface TierGaugeRow {
  tier: Tier;
  /** Claimable: queued, no live lease. */
  depth: number;
  /** Queued with a live lease: a moderator holds it. */
  inReview: number;
  /** Seconds since queued_at of the oldest claimable case; 0 when none. */
  oldestAgeSeconds: number;
}

export interface CaseTotalsRow {
  awaitingEnforcement: number;
  removalFailed: number;
  breaches: number;
  warnings: number;
}

/** Cases in a state they should have left by now (received: not triaged; removing: not confirmed). */
export interface StuckRow {
  received: number;
  removing: number;
}

/** Appeals waiting for a decision per tier, the oldest one's age, and decisions reversed on appeal so far. */
export interface AppealFiguresRow {
  tiers: { tier: Tier; queued: number; oldestAgeSeconds: number }[];
  reversals: number;
}

export interface RemovalHistogramRow {
  cumulative: number[];
  count: number;
  sum: number;
}

/** The SQL behind /metrics: everything is read from PostgreSQL at scrape time, so every process reports the same numbers. */
@Injectable()
export class MetricsRepository {
  /** Per tier present among queued cases; tiers with none are absent. */
  queueByTier(tx: Tx, now: Date): Promise<TierGaugeRow[]> {
    return rows<TierGaugeRow>(
      tx,
      `SELECT c.tier,
              count(*) FILTER (WHERE c.lease_expires_at IS NULL OR c.lease_expires_at <= $1)::float8 AS depth,
              count(*) FILTER (WHERE c.lease_expires_at > $1)::float8 AS "inReview",
              COALESCE(GREATEST(EXTRACT(EPOCH FROM $1::timestamptz
                         - min(c.queued_at) FILTER (WHERE c.lease_expires_at IS NULL OR c.lease_expires_at <= $1)), 0), 0)::float8 AS "oldestAgeSeconds"
         FROM cases c
        WHERE c.state = 'queued'
        GROUP BY c.tier`,
      [now],
    );
  }

  async totals(tx: Tx): Promise<CaseTotalsRow> {
    const row = await one<CaseTotalsRow>(
      tx,
      `SELECT (SELECT count(*) FROM cases WHERE state = 'removing')::float8 AS "awaitingEnforcement",
              (SELECT count(*) FROM cases WHERE state = 'removal_failed')::float8 AS "removalFailed",
              (SELECT count(*) FROM cases WHERE breached_at IS NOT NULL)::float8 AS breaches,
              (SELECT count(*) FROM audit_trail WHERE action = 'case.deadline_warning')::float8 AS warnings`,
    );
    return row!;
  }

  /**
   * Cases received (since the case opened) or removing (since its decision) before `before`, through
   * cases_unqueued_open_idx. A re-drive by the reconciler does not take a case off: it stays until it leaves the state.
   */
  async stuck(tx: Tx, before: Date): Promise<StuckRow> {
    return (await one<StuckRow>(tx,
      `SELECT count(*) FILTER (WHERE state = 'received' AND created_at < $1)::float8 AS received,
              count(*) FILTER (WHERE state = 'removing' AND decided_at < $1)::float8 AS removing
         FROM cases WHERE state IN ('received', 'removing')`,
      [before]))!;
  }

  /** Queued appeals through appeals_claim_order; reversals are appeals overturned (a count that only grows). */
  async appeals(tx: Tx, now: Date): Promise<AppealFiguresRow> {
    const tiers = await rows<{ tier: Tier; queued: number; oldestAgeSeconds: number }>(tx,
      `SELECT a.tier, count(*)::float8 AS queued,
              GREATEST(EXTRACT(EPOCH FROM $1::timestamptz - min(a.received_at)), 0)::float8 AS "oldestAgeSeconds"
         FROM appeals a WHERE a.state = 'queued' GROUP BY a.tier`,
      [now]);
    const reversals = (await one<{ n: number }>(tx, `SELECT count(*)::float8 AS n FROM appeals WHERE outcome = 'overturn'`))!.n;
    return { tiers, reversals };
  }

  /**
   * Time to removal (removed_at − first_reported_at) of removed cases, as
   * cumulative counts per upper bound, count and sum, in one pass over them.
   * `s <= bound` is Prometheus' `le`: a removal of exactly 60 s counts in le="60".
   */
  async timeToRemoval(tx: Tx, bounds: readonly number[]): Promise<RemovalHistogramRow> {
    const buckets = bounds.map((_, i) => `count(*) FILTER (WHERE t.s <= $${i + 1})`).join(', ');
    const row = await one<RemovalHistogramRow>(
      tx,
      `SELECT ARRAY[${buckets}]::float8[] AS cumulative, count(*)::float8 AS count, COALESCE(sum(t.s), 0)::float8 AS sum
         FROM (SELECT GREATEST(EXTRACT(EPOCH FROM removed_at - first_reported_at), 0)::float8 AS s
                 FROM cases WHERE state = 'removed' AND removed_at IS NOT NULL) t`,
      [...bounds],
    );
    return row!;
  }
}
