import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { Clock } from '@docket/common';
import { AppConfig } from '@docket/config';
import { Transactions } from '@docket/database';
import { JobCountsRepository } from './job-counts.repository';
import { MetricsRepository } from './metrics.repository';
import { DATABASE_BUDGET_MS, MetricsService } from './metrics.service';
import { ProcessMetrics } from './process-metrics';
import { workerMetricsPort } from './worker-metrics-port';

/*
 * How often the service reads PostgreSQL and Redis, whatever the number of scrapes. The repositories here are
 * stand-ins that count their calls (and can be held back to play a slow database); what they return and how it is
 * rendered is checked against real PostgreSQL and Redis in test/metrics.e2e-spec.ts.
 */

class SetClock extends Clock {
  at = Date.parse('2026-11-30T12:00:00Z');
  override now(): Date {
    return new Date(this.at);
  }
}

const TOTALS = { awaitingEnforcement: 0, removalFailed: 0, breaches: 0, warnings: 0 };

function build(refreshMs = 5000) {
  const clock = new SetClock();
  let hold: Promise<void> | undefined;
  const calls = { database: 0, redis: 0 };
  const repository = {
    queueByTier: jest.fn(async () => {
      calls.database++;
      if (hold) await hold;
      return [{ tier: 'standard', depth: calls.database, inReview: 0, oldestAgeSeconds: 0 }];
    }),
    totals: jest.fn(async () => TOTALS),
    timeToRemoval: jest.fn(async () => ({ cumulative: Array(9).fill(0), count: 0, sum: 0 })),
    stuck: jest.fn(async () => ({ received: 0, removing: 0 })),
    appeals: jest.fn(async () => ({ tiers: [], reversals: 0 })),
  };
  const jobs = {
    counts: jest.fn(async () => {
      calls.redis++;
      return new Map();
    }),
  };
  // No runtime defaults: only what the service itself adds to the process registry.
  const process = { registry: new Registry() } as unknown as ProcessMetrics;
  const service = new MetricsService(
    { reader: {} } as unknown as Transactions,
    repository as unknown as MetricsRepository,
    jobs as unknown as JobCountsRepository,
    clock,
    process,
    { METRICS_REFRESH_MS: refreshMs, STUCK_AFTER_SECONDS: 120 } as AppConfig,
  );
  const value = async (name: string): Promise<number> => {
    const { body } = await service.scrape();
    const line = body.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
    if (!line) throw new Error(`${name} not in:\n${body}`);
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  return {
    clock, calls, service, value,
    holdDatabase(): () => void {
      let release!: () => void;
      hold = new Promise((resolve) => (release = resolve));
      return () => {
        hold = undefined;
        release();
      };
    },
  };
}

beforeAll(() => Logger.overrideLogger(false));

describe('MetricsService: one reading per interval', () => {
  it('answers concurrent scrapes and every scrape within METRICS_REFRESH_MS from one reading', async () => {
    const m = build(5000);
    const bodies = await Promise.all(Array.from({ length: 20 }, () => m.service.scrape()));
    expect(m.calls).toEqual({ database: 1, redis: 1 });
    expect(new Set(bodies.map((b) => b.body.replace(/^docket_metrics_reading_age_seconds .*$/m, ''))).size).toBe(1);

    m.clock.at += 4999;
    expect(await m.value('docket_queue_depth')).toBe(1);
    expect(await m.value('docket_metrics_reading_age_seconds')).toBe(4.999);
    expect(m.calls).toEqual({ database: 1, redis: 1 });
    expect(await m.value('docket_metrics_readings_total')).toBe(1);

    // The interval is over: the next scrape reads again, once, however many ask at once.
    m.clock.at += 1;
    await Promise.all(Array.from({ length: 5 }, () => m.service.scrape()));
    expect(m.calls).toEqual({ database: 2, redis: 2 });
    expect(await m.value('docket_queue_depth')).toBe(2);
    expect(await m.value('docket_metrics_readings_total')).toBe(2);
    expect(await m.value('docket_metrics_reading_age_seconds')).toBe(0);
  });

  it('reads again at once when the clock is set back (a reading never outlives its interval)', async () => {
    const m = build(5000);
    await m.service.scrape();
    m.clock.at -= 60_000;
    await m.service.scrape();
    expect(m.calls.database).toBe(2);
  });

  it('with METRICS_REFRESH_MS=0 reads for every scrape, but concurrent scrapes still share one reading', async () => {
    const m = build(0);
    await Promise.all([m.service.scrape(), m.service.scrape(), m.service.scrape()]);
    expect(m.calls.database).toBe(1);
    await m.service.scrape();
    await m.service.scrape();
    expect(m.calls.database).toBe(3);
  });
});

describe('MetricsService: a slow PostgreSQL', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  it('is reported down after its budget, and is not asked again while its query still runs', async () => {
    const m = build(5000);
    const release = m.holdDatabase();

    // The scrape waits the budget, no longer, and answers without the case figures.
    const first = m.service.scrape();
    await jest.advanceTimersByTimeAsync(DATABASE_BUDGET_MS);
    const { body } = await first;
    expect(body).toMatch(/^docket_database_up 0$/m);
    expect(body).toMatch(/^docket_redis_up 1$/m);
    expect(body).not.toMatch(/^docket_queue_depth/m);

    // The next interval's reading does not send a second query while the first hangs: still down, at once.
    m.clock.at += 5000;
    expect(await m.value('docket_database_up')).toBe(0);
    expect(m.calls).toEqual({ database: 1, redis: 2 });

    // Once it answered (late, dropped), the next interval reads again.
    release();
    await jest.advanceTimersByTimeAsync(0);
    m.clock.at += 5000;
    expect(await m.value('docket_database_up')).toBe(1);
    expect(m.calls).toEqual({ database: 2, redis: 3 });
  });
});

describe('workerMetricsPort (npm start)', () => {
  it('gives the worker the next port, its own when set, and none when the API has none', () => {
    expect(workerMetricsPort({ METRICS_PORT: 9464 })).toBe(9465);
    expect(workerMetricsPort({ METRICS_PORT: 9464, WORKER_METRICS_PORT: 9500 })).toBe(9500);
    expect(workerMetricsPort({ METRICS_PORT: 9464, WORKER_METRICS_PORT: 0 })).toBe(0);
    expect(workerMetricsPort({ METRICS_PORT: 0 })).toBe(0);
    expect(() => workerMetricsPort({ METRICS_PORT: 65535 })).toThrow(/WORKER_METRICS_PORT/);
  });
});
