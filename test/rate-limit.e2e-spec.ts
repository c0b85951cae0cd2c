import Redis from 'ioredis';
import { LeasedBudget } from '@docket/ratelimit';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { notice } from './support/notices';
import { waitFor } from './support/wait-for';
import { freshXarfSample } from './support/xarf-samples';

const POINTS = 3;
const WINDOW_SECONDS = 60;
const LIMITS = { RATE_LIMIT_POINTS: String(POINTS), RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS) };

type Route = 'single' | 'batch' | 'xarf';

/** One request to a report route; returns the response and the post ids it would file. */
function file(docket: Docket, apiKey: string, route: Route) {
  if (route === 'single') {
    const body = notice();
    return { postIds: [body.post.id], request: docket.http().post('/v1/reports').set(bearer(apiKey)).send(body) };
  }
  if (route === 'batch') {
    const reports = [notice(), notice()];
    return { postIds: reports.map((r) => r.post.id), request: docket.http().post('/v1/reports/batch').set(bearer(apiKey)).send({ reports }) };
  }
  const report = { ...freshXarfSample('content-phishing.json'), url: `https://phish-${Date.now()}-${Math.random().toString(16).slice(2)}.example.com/login` };
  return { postIds: [report.url], request: docket.http().post('/v1/reports/xarf').set(bearer(apiKey)).send(report) };
}

function expectRateLimited(res: { status: number; body: unknown; headers: Record<string, string> }, windowSeconds = WINDOW_SECONDS) {
  expect(res.status).toBe(429);
  expect(res.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.any(String) });
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  return retryAfter;
}

describe('rate limits per API key on the report routes', () => {
  let docket: Docket;
  const reportsOf = async (d: Docket, reporterId: string) =>
    (await d.db.query('SELECT count(*)::int AS n FROM reports WHERE reporter_id = $1', [reporterId])).rows[0].n as number;
  const postsExist = async (d: Docket, ids: string[]) =>
    (await d.db.query('SELECT count(*)::int AS n FROM posts WHERE id = ANY($1)', [ids])).rows[0].n as number;

  beforeAll(async () => {
    docket = await startDocket({ env: LIMITS });
  });
  afterAll(() => docket.close());

  it(`refuses the ${POINTS + 1}th request of a key in the window with 429 and Retry-After, storing nothing`, async () => {
    const reporter = await createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' });
    for (let i = 0; i < POINTS; i++) {
      const { request } = file(docket, reporter.apiKey, 'single');
      expect((await request).status).toBe(202);
    }
    const refused = file(docket, reporter.apiKey, 'single');
    expectRateLimited(await refused.request);
    expect(await reportsOf(docket, reporter.id)).toBe(POINTS);
    expect(await postsExist(docket, refused.postIds)).toBe(0);
  });

  it('keeps budgets per key: another key of the same kind is still served while one is used up', async () => {
    const spent = await createPrincipal(docket, { role: 'reporter', kind: 'trusted_flagger' });
    const fresh = await createPrincipal(docket, { role: 'reporter', kind: 'trusted_flagger' });
    for (let i = 0; i < POINTS; i++) expect((await file(docket, spent.apiKey, 'single').request).status).toBe(202);
    expectRateLimited(await file(docket, spent.apiKey, 'single').request);

    const other = await file(docket, fresh.apiKey, 'single').request;
    expect(other.status).toBe(202);
    expect(await reportsOf(docket, fresh.id)).toBe(1);
    // ...and the used-up key is still refused.
    expectRateLimited(await file(docket, spent.apiKey, 'single').request);
  });

  it('draws single, batch and X-ARF requests from one budget, and refuses each route once it is spent', async () => {
    const reporter = await createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' });
    // One request on each route uses up the three points...
    expect((await file(docket, reporter.apiKey, 'batch').request).status).toBe(202);
    expect((await file(docket, reporter.apiKey, 'xarf').request).status).toBe(202);
    expect((await file(docket, reporter.apiKey, 'single').request).status).toBe(202);
    expect(await reportsOf(docket, reporter.id)).toBe(4);

    // ...so every route now refuses, and none of the refused requests is stored.
    for (const route of ['single', 'batch', 'xarf'] as Route[]) {
      const refused = file(docket, reporter.apiKey, route);
      const res = await refused.request;
      expect({ route, status: res.status }).toEqual({ route, status: 429 });
      expectRateLimited(res);
      expect(await postsExist(docket, refused.postIds)).toBe(0);
    }
    expect(await reportsOf(docket, reporter.id)).toBe(4);
  });

  it('keeps the budget in Redis under the queue prefix, expiring with the window', async () => {
    const reporter = await createPrincipal(docket, { role: 'reporter', kind: 'user' });
    expect((await file(docket, reporter.apiKey, 'single').request).status).toBe(202);
    const redis = new Redis(docket.config.REDIS_URL);
    try {
      const keys = await redis.keys(`${docket.config.QUEUE_PREFIX}:ratelimit*`);
      const mine = keys.filter((k) => k.includes(reporter.id));
      expect(mine).toHaveLength(1);
      expect(Number(await redis.get(mine[0]))).toBe(1);
      const ttl = await redis.pttl(mine[0]);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(WINDOW_SECONDS * 1000);
    } finally {
      redis.disconnect();
    }
  });

  describe('with two API instances on the same database and Redis', () => {
    let second: Docket;
    beforeAll(async () => {
      // Same database (so the same principals and keys) and the same queue prefix as the first instance.
      second = await startDocket({ env: { ...LIMITS, DATABASE_URL: docket.config.DATABASE_URL, QUEUE_PREFIX: docket.config.QUEUE_PREFIX } });
    });
    afterAll(() => second.close());

    it('shares one budget per key between them', async () => {
      const reporter = await createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' });
      expect((await file(docket, reporter.apiKey, 'single').request).status).toBe(202);
      expect((await file(second, reporter.apiKey, 'xarf').request).status).toBe(202);
      expect((await file(docket, reporter.apiKey, 'batch').request).status).toBe(202);

      // Each instance alone has seen at most two requests, yet both refuse the fourth.
      const onSecond = file(second, reporter.apiKey, 'single');
      expectRateLimited(await onSecond.request);
      const onFirst = file(docket, reporter.apiKey, 'xarf');
      expectRateLimited(await onFirst.request);
      expect(await postsExist(docket, [...onSecond.postIds, ...onFirst.postIds])).toBe(0);
      expect(await reportsOf(docket, reporter.id)).toBe(4);
    });
  });

  describe('with a short window', () => {
    let shortWindow: Docket;
    beforeAll(async () => {
      shortWindow = await startDocket({ env: { RATE_LIMIT_POINTS: '1', RATE_LIMIT_WINDOW_SECONDS: '1' } });
    });
    afterAll(() => shortWindow.close());

    it('serves the key again once the window named by Retry-After has passed', async () => {
      const reporter = await createPrincipal(shortWindow, { role: 'reporter', kind: 'hosting_provider' });
      expect((await file(shortWindow, reporter.apiKey, 'single').request).status).toBe(202);
      const retryAfter = expectRateLimited(await file(shortWindow, reporter.apiKey, 'single').request, 1);
      await waitFor(
        'the key to be served again',
        async () => (await file(shortWindow, reporter.apiKey, 'single').request).status === 202,
        (retryAfter + 2) * 1000,
        100,
      );
      expect(await reportsOf(shortWindow, reporter.id)).toBe(2);
    });
  });

  describe('leases of a shared budget (two processes on one Redis counter)', () => {
    let redis: Redis;
    beforeAll(() => {
      redis = new Redis(docket.config.REDIS_URL);
    });
    afterAll(() => redis.disconnect());

    const budgets = (points: number, lease: number) => {
      const keyPrefix = `${docket.config.QUEUE_PREFIX}:lease-test-${Math.random().toString(16).slice(2)}`;
      const options = { keyPrefix, points, windowMs: 60_000, lease };
      return { keyPrefix, a: new LeasedBudget(redis, options), b: new LeasedBudget(redis, options) };
    };

    it('asks Redis once per lease: 50 requests at once take five leases of 10', async () => {
      const { keyPrefix, a } = budgets(1000, 10);
      const spent = await Promise.all(Array.from({ length: 50 }, () => a.spend('k')));
      expect(spent.every((s) => s.allowed)).toBe(true);
      expect(Number(await redis.get(`${keyPrefix}:k`))).toBe(50);
    });

    it('never allows more than the budget between processes, and refuses at most a lease short of it per process', async () => {
      const { a, b } = budgets(100, 10);
      let allowed = 0;
      for (let i = 0; i < 150; i++) {
        const spend = await (i % 3 === 0 ? a : b).spend('k');
        if (spend.allowed) allowed += 1;
        else expect(spend.retryAfterMs).toBeLessThanOrEqual(60_000);
      }
      expect(allowed).toBeLessThanOrEqual(100);
      expect(allowed).toBeGreaterThanOrEqual(100 - 2 * 9);
    });
  });
});
