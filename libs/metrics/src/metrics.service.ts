import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { Clock } from '@docket/common';
import { TIERS, Transactions } from '@docket/database';
import { QUEUES, QueueName } from '@docket/queue';
import { fixedHistogram } from './fixed-histogram';
import { JOB_STATES, JobCountsRepository, JobState } from './job-counts.repository';
import { CaseTotalsRow, MetricsRepository, RemovalHistogramRow, TierGaugeRow } from './metrics.repository';
import { ProcessMetrics } from './process-metrics';

/** Upper bounds of docket_time_to_removal_seconds: 1 min, 5 min, 15 min, 1 h, 2 h, 6 h, 1 d, 2 d, 7 d. */
export const TIME_TO_REMOVAL_BUCKETS = [60, 300, 900, 3600, 7200, 21600, 86400, 172800, 604800] as const;

/** A scrape answers within ~2 s whatever PostgreSQL or Redis do; a dependency that is slower is reported down. */
export const DATABASE_BUDGET_MS = 1500;
export const REDIS_BUDGET_MS = 1000;

const QUEUE_NAMES = Object.values(QUEUES) as QueueName[];

interface DatabaseFigures {
  tiers: TierGaugeRow[];
  totals: CaseTotalsRow;
  removal: RemovalHistogramRow;
}

export interface Scrape {
  contentType: string;
  body: string;
}

/**
 * The Prometheus scrape. Case and queue figures are computed from PostgreSQL
 * and Redis at scrape time, never kept in this process: any number of API and
 * worker processes run, and each scrape must see all of them. Only HTTP
 * durations (and the runtime's defaults) are per process.
 */
@Injectable()
export class MetricsService {
  private readonly log = new Logger(MetricsService.name);

  constructor(
    private readonly tx: Transactions,
    private readonly repository: MetricsRepository,
    private readonly jobs: JobCountsRepository,
    private readonly clock: Clock,
    private readonly process: ProcessMetrics,
  ) {}

  async scrape(): Promise<Scrape> {
    const now = this.clock.now();
    const [database, queues] = await Promise.all([
      within(DATABASE_BUDGET_MS, () => this.readDatabase(now)).catch((err) => this.down('database', err)),
      within(REDIS_BUDGET_MS, () => this.jobs.counts(QUEUE_NAMES)).catch((err) => this.down('redis', err)),
    ]);

    // A registry per scrape: concurrent scrapes never see each other's half-set gauges.
    const scraped = new Registry();
    const registers = [scraped];
    new Gauge({ name: 'docket_database_up', help: '1 if PostgreSQL answered this scrape in time; case metrics are omitted when 0.', registers }).set(database ? 1 : 0);
    new Gauge({ name: 'docket_redis_up', help: '1 if Redis answered this scrape in time; BullMQ metrics are omitted when 0.', registers }).set(queues ? 1 : 0);
    if (database) this.caseMetrics(database, registers);
    if (queues) this.jobMetrics(queues, registers);

    const merged = Registry.merge([this.process.registry, scraped]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }

  private async readDatabase(now: Date): Promise<DatabaseFigures> {
    // One at a time on the reader: a scrape holds at most one pooled connection.
    const reader = this.tx.reader;
    const tiers = await this.repository.queueByTier(reader, now);
    const totals = await this.repository.totals(reader);
    const removal = await this.repository.timeToRemoval(reader, TIME_TO_REMOVAL_BUCKETS);
    return { tiers, totals, removal };
  }

  private caseMetrics(d: DatabaseFigures, registers: Registry[]): void {
    const depth = new Gauge({ name: 'docket_queue_depth', help: 'Cases in the review queue that a moderator can claim now (queued, no live lease), per tier.', labelNames: ['tier'], registers });
    const inReview = new Gauge({ name: 'docket_cases_in_review', help: 'Queued cases a moderator holds a live lease on, per tier.', labelNames: ['tier'], registers });
    const oldest = new Gauge({ name: 'docket_queue_oldest_age_seconds', help: 'Seconds since the oldest claimable case was queued, per tier; 0 when the queue is empty.', labelNames: ['tier'], registers });
    // Every tier is reported, an empty one as 0: a missing series would read as "no data", not as "empty".
    for (const tier of TIERS) {
      const row = d.tiers.find((t) => t.tier === tier);
      depth.set({ tier }, row?.depth ?? 0);
      inReview.set({ tier }, row?.inReview ?? 0);
      oldest.set({ tier }, row?.oldestAgeSeconds ?? 0);
    }
    new Gauge({ name: 'docket_cases_awaiting_enforcement', help: 'Cases decided for removal whose removal the platform has not confirmed yet (state removing).', registers })
      .set(d.totals.awaitingEnforcement);
    new Gauge({ name: 'docket_cases_removal_failed', help: 'Cases whose removal the platform could not carry out (state removal_failed).', registers })
      .set(d.totals.removalFailed);
    // Counters read from append-only facts: they only ever grow, as counters must.
    new Counter({ name: 'docket_deadline_warnings_total', help: 'Deadline warnings issued (audit events case.deadline_warning).', registers })
      .inc(d.totals.warnings);
    new Counter({ name: 'docket_deadline_breaches_total', help: 'Cases that missed their deadline (breached_at set).', registers })
      .inc(d.totals.breaches);
    registers[0].registerMetric(fixedHistogram(
      'docket_time_to_removal_seconds',
      'Seconds from the first report of a case to its confirmed removal, over removed cases.',
      { bounds: TIME_TO_REMOVAL_BUCKETS, cumulative: d.removal.cumulative, count: d.removal.count, sum: d.removal.sum },
    ));
  }

  private jobMetrics(counts: Map<QueueName, Record<JobState, number>>, registers: Registry[]): void {
    const jobs = new Gauge({ name: 'docket_bullmq_jobs', help: 'BullMQ jobs per queue and state (waiting, active, failed, delayed).', labelNames: ['queue', 'state'], registers });
    for (const [queue, byState] of counts) {
      for (const state of JOB_STATES) jobs.set({ queue, state }, byState[state]);
    }
  }

  private down(what: 'database' | 'redis', err: unknown): undefined {
    this.log.warn(`metrics: ${what} unavailable for this scrape: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** Settles with `work`, or rejects after `ms`; the late answer, if any, is dropped. */
async function within<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
