import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Alerts } from '@docket/alerts';
import { Clock, PollingLoop } from '@docket/common';
import { AppConfig } from '@docket/config';
import { Transactions } from '@docket/database';
import { Projection, projectCapacity } from './capacity';
import { CapacityMetrics } from './capacity.metrics';
import { StaffingRepository } from './staffing.repository';

/** Open cases of each tier the projection starts from (most urgent first). */
const BACKLOG_LIMIT = 20_000;
/** Recent cases the projected arrivals copy. */
const TEMPLATES = 500;
/** Recent decisions whose handling times are drawn from, over the last week. */
const HANDLING_SAMPLES = 2000;
const WEEK_MS = 7 * 24 * 3600 * 1000;

export type CapacityPass =
  | { ran: true; projection: Projection; raised: 'capacity.insufficient' | 'capacity.recovered' | null }
  | { ran: false; why: 'locked' | 'fresh' };

/**
 * The live capacity alarm (issue 19, docs/staffing.md). Every CAPACITY_INTERVAL_MS one worker — the others find the
 * advisory lock taken, or the latest projection younger than the interval — projects the queue's next
 * CAPACITY_HORIZON_MINUTES (projectCapacity) and stores the projection. When it projects deadlines that more
 * moderators would keep, it raises `capacity.insufficient` once for the episode; when a projection clears, it raises
 * `capacity.recovered`. State and alerts commit together, so an episode is alerted once across workers and restarts.
 * Each pass (or its skipping) sets this worker's `docket_capacity_*` gauges from the latest projection.
 */
@Injectable()
export class CapacityAlarm implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(CapacityAlarm.name);
  private loop?: PollingLoop;
  private firstPass?: NodeJS.Timeout;

  constructor(
    private readonly tx: Transactions,
    private readonly repo: StaffingRepository,
    private readonly alerts: Alerts,
    private readonly metrics: CapacityMetrics,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * The gauges start from the stored projection; the first pass comes one interval after boot (a worker restarted
   * in a loop does not project at every start), then one every interval.
   */
  onApplicationBootstrap(): void {
    const interval = this.config.CAPACITY_INTERVAL_MS;
    if (interval === 0) return;
    this.report().catch((err) => this.log.warn(`capacity: no projection to report yet: ${(err as Error).message}`));
    this.firstPass = setTimeout(() => {
      this.loop = new PollingLoop('capacity', async () => {
        await this.projectOnce();
        return { more: false };
      }, interval);
      this.loop.start();
    }, interval);
    this.firstPass.unref();
  }

  beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.firstPass);
    return this.loop?.stop() ?? Promise.resolve();
  }

  /** One pass, unless another worker is in one or made one less than an interval ago (then its projection is reported). */
  projectOnce(): Promise<CapacityPass> {
    return this.tx.run(async (lockTx) => {
      if (!(await this.repo.lock(lockTx))) {
        await this.report();
        return { ran: false, why: 'locked' };
      }
      const state = await this.repo.state(lockTx);
      const now = this.clock.now();
      const age = state ? now.getTime() - state.projectedAt.getTime() : Infinity;
      if (state && age >= 0 && age < this.config.CAPACITY_INTERVAL_MS * 0.9) {
        this.metrics.set(state.projection as unknown as Projection, state.insufficientSince !== null);
        return { ran: false, why: 'fresh' };
      }
      const projection = projectCapacity(await this.inputs(now));
      const was = state?.insufficientSince ?? null;
      const insufficient = projection.atRiskCount > 0;
      let raised: 'capacity.insufficient' | 'capacity.recovered' | null = null;
      let since = was;
      if (insufficient && !was) {
        since = now;
        raised = 'capacity.insufficient';
      } else if (!insufficient && was) {
        since = null;
        raised = 'capacity.recovered';
      }
      if (raised) {
        // One episode, one pair of alerts: keyed by when it began.
        const episode = (was ?? now).getTime();
        await this.alerts.raise(lockTx, { type: raised, at: now.toISOString(), key: String(episode), fields: alertFields(projection, was ?? now) });
        const what = raised === 'capacity.insufficient'
          ? `${projection.atRiskCount} deadline(s) at risk; ${projection.moderatorsActive} moderator(s) active, ${projection.moderatorsNeeded ?? 'more than 500'} needed`
          : `projection clear again (${projection.moderatorsActive} moderator(s) active)`;
        this.log.warn(`${raised}: ${what}`);
      }
      await this.repo.saveState(lockTx, { projectedAt: now, insufficientSince: since, projection: projection as unknown as Record<string, unknown> });
      this.metrics.set(projection, since !== null);
      return { ran: true, projection, raised };
    });
  }

  /** The latest projection, as every worker reports it. */
  private async report(): Promise<void> {
    const state = await this.repo.state(this.tx.reader);
    if (state) this.metrics.set(state.projection as unknown as Projection, state.insufficientSince !== null);
  }

  private async inputs(now: Date) {
    const reader = this.tx.reader;
    const recentMinutes = this.config.CAPACITY_RECENT_MINUTES;
    const recentFrom = new Date(now.getTime() - recentMinutes * 60_000);
    const weekAgo = new Date(now.getTime() - WEEK_MS);
    const backlog = await this.repo.backlog(reader, now, BACKLOG_LIMIT);
    const holders = [...new Set(backlog.filter((c) => c.claimedBy && c.leaseExpiresAt && c.leaseExpiresAt > now).map((c) => c.claimedBy!))];
    const [recent, lastWeek, active, handling] = await Promise.all([
      this.repo.inflow(reader, recentFrom, now, TEMPLATES),
      this.repo.inflow(reader, weekAgo, new Date(weekAgo.getTime() + 3600_000), TEMPLATES),
      this.repo.activeModerators(reader, recentFrom, now, holders),
      this.repo.handling(reader, weekAgo, now, HANDLING_SAMPLES),
    ]);
    return {
      now, horizonSeconds: this.config.CAPACITY_HORIZON_MINUTES * 60, backlog, recent: { minutes: recentMinutes, ...recent }, lastWeek, active, handling,
      fallbackSeconds: this.config.CAPACITY_DEFAULT_HANDLING_SECONDS,
    };
  }
}

/** The alert's payload beside `type` and `at` (docs/operations.md, Alerts). */
function alertFields(p: Projection, since: Date): Record<string, unknown> {
  return {
    since: since.toISOString(),
    moderatorsActive: p.moderatorsActive,
    moderatorsNeeded: p.moderatorsNeeded,
    moreModeratorsNeeded: p.moderatorsNeeded === null ? null : Math.max(0, p.moderatorsNeeded - p.moderatorsActive),
    seniorsActive: p.seniorsActive,
    atRisk: p.atRisk,
    atRiskCount: p.atRiskCount,
    projectedBreaches: p.projectedBreaches,
    horizonMinutes: p.horizonMinutes,
    backlog: p.backlog,
    inflowPerHour: p.inflowPerHour,
    handlingSecondsMedian: p.handlingSecondsMedian,
  };
}
