import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { ProcessMetrics } from '@docket/metrics';
import type { Projection } from './capacity';

/**
 * The capacity projection on /metrics: gauges in the worker's own registry, set from the latest projection (shared
 * in PostgreSQL) after every pass, so every worker reports the same figures — take `max` across workers, not `sum`.
 * They appear with the first projection this worker reads: before it, no series (rather than zeros that would read
 * as "no moderator needed").
 */
@Injectable()
export class CapacityMetrics {
  private gauges?: Record<string, Gauge<string>>;
  private inflow?: Gauge<'window'>;

  constructor(private readonly process: ProcessMetrics) {}

  private register(): Record<string, Gauge<string>> {
    const registers = [this.process.registry];
    const gauge = (name: string, help: string) => new Gauge({ name: `docket_capacity_${name}`, help, registers });
    this.gauges = {
      moderatorsNeeded: gauge('moderators_needed', 'Moderators (beside the active seniors) the capacity projection needs to keep every deadline it can keep over the horizon; +Inf: more than it tries.'),
      moderatorsActive: gauge('moderators_active', 'Moderators active now: a claim or a decision in the last CAPACITY_RECENT_MINUTES, or a live lease.'),
      seniorsActive: gauge('seniors_active', 'Seniors (and admins) active now, who take the senior tier.'),
      atRisk: gauge('at_risk_cases', 'Open cases whose deadline the projection sees pass with the moderators active now, and more moderators would keep.'),
      projectedBreaches: gauge('projected_breaches', 'Deadlines projected to pass over the horizon that more moderators would keep, of open cases and of cases still to come.'),
      backlog: gauge('backlog_cases', 'Open cases (received or queued) the projection started from.'),
      handling: gauge('handling_seconds', 'Median handling time (claim to decision) of the recent decisions the projection draws from.'),
      insufficient: gauge('insufficient', '1 while the capacity.insufficient alarm is raised, 0 otherwise.'),
      projectedAt: gauge('projected_at_seconds', 'Unix time of the latest projection.'),
      horizon: gauge('horizon_seconds', 'How far ahead the projection looks (CAPACITY_HORIZON_MINUTES).'),
    };
    this.inflow = new Gauge({
      name: 'docket_capacity_inflow_per_hour', help: 'Cases per hour: recent (the last CAPACITY_RECENT_MINUTES), last_week (the same hour a week ago) and projected (the larger).',
      labelNames: ['window'], registers,
    });
    return this.gauges;
  }

  set(p: Projection, insufficient: boolean): void {
    const g = this.gauges ?? this.register();
    g.moderatorsNeeded.set(p.moderatorsNeeded ?? Infinity);
    g.moderatorsActive.set(p.moderatorsActive);
    g.seniorsActive.set(p.seniorsActive);
    g.atRisk.set(p.atRiskCount);
    g.projectedBreaches.set(p.projectedBreaches);
    g.backlog.set(p.backlog);
    g.handling.set(p.handlingSecondsMedian);
    g.insufficient.set(insufficient ? 1 : 0);
    g.projectedAt.set(Date.parse(p.at) / 1000);
    g.horizon.set(p.horizonMinutes * 60);
    for (const window of ['recent', 'lastWeek', 'projected'] as const) this.inflow!.set({ window: window === 'lastWeek' ? 'last_week' : window }, p.inflowPerHour[window]);
  }
}
