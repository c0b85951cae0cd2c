import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { Clock } from '@docket/common';
import { AppConfig } from '@docket/config';
import { TIERS, Transactions } from '@docket/database';
import { QUEUES, QueueName } from '@docket/queue';
import { fixedHistogram } from './fixed-histogram';
import { JOB_STATES, JobCountsRepository, JobState } from './job-counts.repository';
import { AppealFiguresRow, CaseTotalsRow, MetricsRepository, RemovalHistogramRow, StuckRow, TierGaugeRow } from './metrics.repository';
import { ProcessMetrics } from './process-metrics';

/** Upper bounds of docket_time_to_removal_seconds: 1 min, 5 min, 15 min, 1 h, 2 h, 6 h, 1 d, 2 d, 7 d. */
export const TIME_TO_REMOVAL_BUCKETS = [60, 300, 900, 3600, 7200, 21600, 86400, 172800, 604800] as const;

/** A scrape answers within ~2 s whatever PostgreSQL or Redis do; a dependency that is slower is reported down. */
export const DATABASE_BUDGET_MS = 1500;
export const REDIS_BUDGET_MS = 1000;

const QUEUE_NAMES = Object.values(QUEUES) as QueueName[];

/**
 * What one reading learns from PostgreSQL. To add a figure: read it in `readDatabase` (it is then read once per
 * interval, like the rest) and set its series in `caseMetrics`.
 */
export interface DatabaseFigures {
  tiers: TierGaugeRow[];
  totals: CaseTotalsRow;
  removal: RemovalHistogramRow;
  stuck: StuckRow;
  appeals: AppealFiguresRow;
}

/** The PostgreSQL and Redis figures of one reading; a part is undefined when its dependency did not answer in time. */
export interface Reading {
  /** When the reading began (the Clock's epoch ms): its age, and when the next one may begin. */
  startedAt: number;
  database?: DatabaseFigures;
  queues?: Map<QueueName, Record<JobState, number>>;
}

export interface Scrape {
  contentType: string;
  body: string;
}

type Dependency = 'database' | 'redis';

/**
 * The Prometheus scrape. Case and queue figures are read from PostgreSQL and Redis, never kept in this process:
 * any number of API and worker processes run, and each scrape must see all of them. They are read at most once
 * per METRICS_REFRESH_MS in each process (a reading), and every scrape in that interval, concurrent or not, is
 * answered from it: a scrape costs the same whatever the tables hold and however often Prometheus (or anyone
 * who reaches the listener) asks. Only HTTP durations, the runtime's defaults and the count of readings are per
 * process.
 */
@Injectable()
export class MetricsService {
  private readonly log = new Logger(MetricsService.name);
  private readonly refreshMs: number;
  private readonly stuckAfterMs: number;
  private readonly readings: Counter;
  /** The latest reading: in flight, or settled and handed to every scrape until it is METRICS_REFRESH_MS old. */
  private current?: { startedAt: number; settled: boolean; reading: Promise<Reading> };
  /**
   * Dependencies whose query of an earlier reading is still running (past its budget: the scrape went on without
   * it). They are not asked again until it ends, so a PostgreSQL that hangs never piles up scrape queries.
   */
  private readonly busy = new Set<Dependency>();

  constructor(
    private readonly tx: Transactions,
    private readonly repository: MetricsRepository,
    private readonly jobs: JobCountsRepository,
    private readonly clock: Clock,
    private readonly process: ProcessMetrics,
    config: AppConfig,
  ) {
    this.refreshMs = config.METRICS_REFRESH_MS;
    this.stuckAfterMs = config.STUCK_AFTER_SECONDS * 1000;
    this.readings = new Counter({
      name: 'docket_metrics_readings_total',
      help: 'Readings of the PostgreSQL and Redis figures this process made for /metrics: at most one per METRICS_REFRESH_MS, whatever the number of scrapes (this process only).',
      registers: [process.registry],
    });
  }

  async scrape(): Promise<Scrape> {
    const reading = await this.reading();

    // A registry per scrape: concurrent scrapes never see each other's half-set gauges.
    const scraped = new Registry();
    const registers = [scraped];
    new Gauge({ name: 'docket_database_up', help: '1 if PostgreSQL answered this scrape in time; case metrics are omitted when 0.', registers }).set(reading.database ? 1 : 0);
    new Gauge({ name: 'docket_redis_up', help: '1 if Redis answered this scrape in time; BullMQ metrics are omitted when 0.', registers }).set(reading.queues ? 1 : 0);
    new Gauge({ name: 'docket_metrics_reading_age_seconds', help: 'Seconds since the PostgreSQL and Redis figures of this scrape were read (at most METRICS_REFRESH_MS plus the time a reading takes).', registers })
      .set(Math.max(0, (this.clock.now().getTime() - reading.startedAt) / 1000));
    if (reading.database) this.caseMetrics(reading.database, registers);
    if (reading.queues) this.jobMetrics(reading.queues, registers);

    const merged = Registry.merge([this.process.registry, scraped]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }

  /**
   * The reading scrapes are answered from: the current one while it is in flight or younger than
   * METRICS_REFRESH_MS, else a new one. So at most one reading is in flight, and at most one begins per interval.
   * (A clock set back makes the current one old at once: a reading never lives longer than it should.)
   */
  reading(): Promise<Reading> {
    const now = this.clock.now();
    const current = this.current;
    const age = now.getTime() - (current?.startedAt ?? 0);
    if (current && (!current.settled || (age >= 0 && age < this.refreshMs))) return current.reading;
    const next = { startedAt: now.getTime(), settled: false, reading: this.read(now) };
    // read() never rejects: a dependency that fails is a part left out (reported down), not a failed scrape.
    void next.reading.then(() => {
      next.settled = true;
    });
    this.current = next;
    return next.reading;
  }

  private async read(now: Date): Promise<Reading> {
    this.readings.inc();
    const [database, queues] = await Promise.all([
      this.bounded('database', DATABASE_BUDGET_MS, () => this.readDatabase(now)),
      this.bounded('redis', REDIS_BUDGET_MS, () => this.jobs.counts(QUEUE_NAMES)),
    ]);
    return { startedAt: now.getTime(), database, queues };
  }

  /** `work`'s answer within `ms`, or undefined (logged, reported down) when it fails, is late, or an earlier one still runs. */
  private async bounded<T>(what: Dependency, ms: number, work: () => Promise<T>): Promise<T | undefined> {
    if (this.busy.has(what)) return this.down(what, new Error('the query of an earlier reading is still running'));
    this.busy.add(what);
    let running: Promise<T>;
    try {
      running = work();
    } catch (err) {
      this.busy.delete(what);
      return this.down(what, err);
    }
    const release = () => this.busy.delete(what);
    void running.then(release, release);
    return within(ms, running).catch((err) => this.down(what, err));
  }

  private async readDatabase(now: Date): Promise<DatabaseFigures> {
    // One at a time on the reader: a scrape holds at most one pooled connection.
    const reader = this.tx.reader;
    const tiers = await this.repository.queueByTier(reader, now);
    const totals = await this.repository.totals(reader);
    const removal = await this.repository.timeToRemoval(reader, TIME_TO_REMOVAL_BUCKETS);
    const stuck = await this.repository.stuck(reader, new Date(now.getTime() - this.stuckAfterMs));
    const appeals = await this.repository.appeals(reader, now);
    return { tiers, totals, removal, stuck, appeals };
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
    const stuck = new Gauge({
      name: 'docket_cases_stuck',
      help: 'Cases received (not triaged) or removing (removal not confirmed) for longer than STUCK_AFTER_SECONDS, per state: the reconciler re-drives them and alerts case.stuck.',
      labelNames: ['state'], registers,
    });
    stuck.set({ state: 'received' }, d.stuck.received);
    stuck.set({ state: 'removing' }, d.stuck.removing);
    const appealsQueued = new Gauge({ name: 'docket_appeals_queued', help: 'Appeals waiting for a decision (claimable or in review), per tier.', labelNames: ['tier'], registers });
    const appealsOldest = new Gauge({ name: 'docket_appeals_oldest_age_seconds', help: 'Seconds since the oldest undecided appeal was received, per tier; 0 when none.', labelNames: ['tier'], registers });
    for (const tier of TIERS) {
      const row = d.appeals.tiers.find((t) => t.tier === tier);
      appealsQueued.set({ tier }, row?.queued ?? 0);
      appealsOldest.set({ tier }, row?.oldestAgeSeconds ?? 0);
    }
    new Counter({ name: 'docket_appeal_reversals_total', help: 'Decisions overturned on appeal.', registers }).inc(d.appeals.reversals);
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

  private down(what: Dependency, err: unknown): undefined {
    this.log.warn(`metrics: ${what} left out of this reading: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** Settles with `work`, or rejects after `ms`; the late answer, if any, is dropped. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
