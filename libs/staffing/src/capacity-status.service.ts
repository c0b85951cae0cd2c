import { Injectable } from '@nestjs/common';
import { Clock } from '@docket/common';
import { AppConfig } from '@docket/config';
import { Transactions } from '@docket/database';
import type { Projection } from './capacity';
import { StaffingRepository } from './staffing.repository';

/** A stored projection older than this many alarm intervals (and at least STALE_MIN_MS) means no worker is projecting. */
const STALE_INTERVALS = 3;
const STALE_MIN_MS = 5 * 60_000;

/**
 * The live capacity alarm as it stands (GET /v1/capacity): the latest projection the worker stored, and whether
 * the alarm is raised. `unknown` until a worker has made a projection (the alarm's first pass comes one
 * CAPACITY_INTERVAL_MS after the worker starts; CAPACITY_INTERVAL_MS=0 turns it off).
 */
export interface CapacityStatusView {
  /** The server's time of this answer. */
  at: string;
  state: 'ok' | 'insufficient' | 'unknown';
  /** When the alarm was raised (state insufficient), else null. */
  since: string | null;
  projectedAt: string | null;
  /** The latest projection is older than STALE_INTERVALS × CAPACITY_INTERVAL_MS (at least 5 minutes). */
  stale: boolean;
  horizonMinutes: number | null;
  moderatorsActive: number | null;
  seniorsActive: number | null;
  /** The fewest moderators (beside the active seniors) keeping every avoidable deadline; null: unknown, or more than 500. */
  moderatorsNeeded: number | null;
  /** Open cases at risk, earliest deadline first (at most 100). */
  atRisk: { caseId: string; dueAt: string }[];
  atRiskCount: number;
  projectedBreaches: number | null;
  backlog: number | null;
  inflowPerHour: { recent: number; lastWeek: number; projected: number } | null;
  handlingSecondsMedian: number | null;
}

@Injectable()
export class CapacityStatus {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: StaffingRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async read(): Promise<CapacityStatusView> {
    const now = this.clock.now();
    const state = await this.repo.state(this.tx.reader);
    if (!state) {
      return {
        at: now.toISOString(), state: 'unknown', since: null, projectedAt: null, stale: false, horizonMinutes: null, moderatorsActive: null,
        seniorsActive: null, moderatorsNeeded: null, atRisk: [], atRiskCount: 0, projectedBreaches: null, backlog: null, inflowPerHour: null,
        handlingSecondsMedian: null,
      };
    }
    const p = state.projection as unknown as Projection;
    const staleAfter = Math.max(STALE_INTERVALS * this.config.CAPACITY_INTERVAL_MS, STALE_MIN_MS);
    return {
      at: now.toISOString(),
      state: state.insufficientSince ? 'insufficient' : 'ok',
      since: state.insufficientSince?.toISOString() ?? null,
      projectedAt: state.projectedAt.toISOString(),
      stale: now.getTime() - state.projectedAt.getTime() > staleAfter,
      horizonMinutes: p.horizonMinutes,
      moderatorsActive: p.moderatorsActive,
      seniorsActive: p.seniorsActive,
      moderatorsNeeded: p.moderatorsNeeded,
      atRisk: p.atRisk ?? [],
      atRiskCount: p.atRiskCount ?? 0,
      projectedBreaches: p.projectedBreaches,
      backlog: p.backlog,
      inflowPerHour: p.inflowPerHour,
      handlingSecondsMedian: p.handlingSecondsMedian,
    };
  }
}
