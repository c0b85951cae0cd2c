import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { Job } from 'bullmq';
import { QueueRegistry } from '@docket/queue';
import { SCAN_BATCH, SCAN_FAILED_MESSAGE, ScanService, ScansRepository } from '@docket/triage';
import { ScanProcessor } from '../apps/worker/src/processors/scan.processor';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { ScanView, scanDone, submitScan } from './support/scans';
import { waitFor } from './support/wait-for';

// The suites wait on workers on a shared machine.
jest.setTimeout(60_000);

const VIOLENT = ['Kill them all, they must hang.', 'Tuez-les tous !', 'Nur ein toter Demokrat ist ein guter Demokrat', "Kill'em all"];
const post = (text: string, id = `scan-${randomUUID()}`) => ({ id, text });
/** `n` posts, every `every`th one violent (the others ordinary). */
const posts = (n: number, every = 3) => Array.from({ length: n }, (_, i) => post(i % every === 0 ? VIOLENT[i % VIOLENT.length] : `An ordinary post about gardening, number ${i}.`));

const count = async (docket: Docket, sql: string, params: unknown[] = []) => (await docket.db.query(sql, params)).rows[0].n as number;
const read = (docket: Docket, key: string, scanId: string) => docket.http().get(`/v1/posts/scans/${scanId}`).set(bearer(key));

/**
 * Own-initiative scans run in the worker (issue 20, point 3): the API stores the request with its job and answers
 * 202; the worker classifies in batches, writing each post's result once; the requester reads the results back.
 */
describe('POST /v1/posts/scan: stored, run by the worker, read back', () => {
  let docket: Docket;
  let platform: Awaited<ReturnType<typeof createPrincipal>>;
  let otherPlatform: Awaited<ReturnType<typeof createPrincipal>>;
  let admin: Awaited<ReturnType<typeof createPrincipal>>;
  let moderator: Awaited<ReturnType<typeof createPrincipal>>;

  beforeAll(async () => {
    docket = await startDocket();
    [platform, otherPlatform, admin, moderator] = await Promise.all([
      createPrincipal(docket, { role: 'platform', name: 'platform one' }),
      createPrincipal(docket, { role: 'platform', name: 'platform two' }),
      createPrincipal(docket, { role: 'admin', name: 'an admin' }),
      createPrincipal(docket, { role: 'moderator' }),
    ]);
  });
  afterAll(() => docket.close());

  it('answers 202 with the scan id and its Location, having stored the request and its job together; the worker then runs it', async () => {
    const flaggedPost = post('They must hang. Kill them all.');
    const dup = { ...flaggedPost, text: 'A later copy of the same id: ignored.' };
    const plain = post('Lovely weather at the rally today');
    const res = await docket.http().post('/v1/posts/scan').set(bearer(platform.apiKey)).send({ posts: [flaggedPost, plain, dup] });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ scanId: expect.any(String), status: 'queued', postCount: 2, requestedAt: expect.any(String) });
    expect(res.headers.location).toBe(`/v1/posts/scans/${res.body.scanId}`);
    const { scanId } = res.body;

    // No worker yet: the request waits in PostgreSQL, its job in the outbox, nothing classified.
    expect(await count(docket, `SELECT count(*)::int AS n FROM outbox WHERE queue = 'scans' AND job_id = $1`, [`scan-${scanId}`])).toBe(1);
    expect(await count(docket, `SELECT count(*)::int AS n FROM scan_posts WHERE scan_id = $1 AND post IS NOT NULL`, [scanId])).toBe(2);
    const waiting = await docket.http().get(res.headers.location).set(bearer(platform.apiKey));
    expect(waiting.status).toBe(200);
    expect(waiting.body).toEqual({
      scanId, status: 'queued', postCount: 2, scannedCount: 0, flaggedCount: 0, requestedAt: res.body.requestedAt,
      startedAt: null, finishedAt: null, error: null, flagged: [],
    });
    expect(await count(docket, `SELECT count(*)::int AS n FROM posts WHERE id = $1`, [flaggedPost.id])).toBe(0);

    await docket.startWorker();
    try {
      const done = await scanDone(docket, platform.apiKey, scanId);
      expect(done).toMatchObject({ scanId, status: 'done', postCount: 2, scannedCount: 2, flaggedCount: 1, error: null });
      expect(Date.parse(done.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(done.startedAt!));
      expect(done.flagged).toEqual([{ postId: flaggedPost.id, caseId: expect.any(String), caseOpened: true, signals: expect.objectContaining({ flags: ['incitement'] }) }]);
      // The case is the one the moderators see, opened by the platform's scan; the post stored as first given.
      const c = (await docket.http().get(`/v1/cases/${done.flagged[0].caseId}`).set(bearer(moderator.apiKey))).body;
      expect(c).toMatchObject({ source: 'own_initiative', state: 'queued', post: { id: flaggedPost.id, text: flaggedPost.text } });
      const opened = (await docket.db.query(`SELECT actor_id, actor_role FROM audit_trail WHERE action = 'case.opened' AND subject_id = $1`, [c.id])).rows;
      expect(opened).toEqual([{ actor_id: platform.id, actor_role: 'platform' }]);
      // Nothing of the post that was not flagged is kept: not as a post, not as the scan's copy.
      expect(await count(docket, `SELECT count(*)::int AS n FROM posts WHERE id = $1`, [plain.id])).toBe(0);
      expect(await count(docket, `SELECT count(*)::int AS n FROM scan_posts WHERE scan_id = $1 AND post IS NOT NULL`, [scanId])).toBe(0);
    } finally {
      await docket.stopWorker();
    }
  });

  it("is read by the key that filed it and by admins; another platform's key gets the 404 of an unknown id", async () => {
    const { scanId } = await submitScan(docket, platform.apiKey, [post('Hang them all.')]);
    const theirs = await read(docket, otherPlatform.apiKey, scanId);
    const nowhere = await read(docket, otherPlatform.apiKey, randomUUID());
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual(nowhere.body);
    expect(theirs.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'scan not found' });
    expect((await read(docket, otherPlatform.apiKey, 'not-a-uuid')).body).toEqual(nowhere.body);
    expect((await read(docket, platform.apiKey, scanId)).status).toBe(200);
    expect((await read(docket, admin.apiKey, scanId)).status).toBe(200);
    expect((await read(docket, docket.adminKey, scanId)).status).toBe(200);
    expect((await read(docket, moderator.apiKey, scanId)).status).toBe(403);
    // A scan the bootstrap key filed (no principal behind it) is the admins' to read.
    const byBootstrap = await submitScan(docket, docket.adminKey, [post('Nothing to see.')]);
    expect((await read(docket, docket.adminKey, byBootstrap.scanId)).status).toBe(200);
    expect((await read(docket, platform.apiKey, byBootstrap.scanId)).status).toBe(404);
  });

  it(`runs a scan in batches of ${SCAN_BATCH}, and a second run (one crashed after a batch, or two at once) opens no case twice and writes each result once`, async () => {
    const scans = docket.app.get(ScanService);
    const repo = docket.app.get(ScansRepository);
    const sent = posts(2 * SCAN_BATCH + 30);
    const violent = sent.filter((_, i) => i % 3 === 0).map((p) => p.id);
    const { scanId } = await submitScan(docket, platform.apiKey, sent);

    // The first run writes its first batch, then dies on the second.
    const write = repo.writeResults.bind(repo);
    let writes = 0;
    const spy = jest.spyOn(repo, 'writeResults').mockImplementation(async (...args) => {
      writes += 1;
      if (writes === 2) throw new Error('the worker died');
      return write(...args);
    });
    try {
      await expect(scans.run(scanId)).rejects.toThrow('the worker died');
    } finally {
      spy.mockRestore();
    }
    const halfway: ScanView = (await read(docket, platform.apiKey, scanId)).body;
    expect(halfway).toMatchObject({ status: 'running', scannedCount: SCAN_BATCH, flaggedCount: violent.filter((id) => sent.findIndex((p) => p.id === id) < SCAN_BATCH).length });
    const casesAfterCrash = await count(docket, `SELECT count(*)::int AS n FROM cases WHERE post_id = ANY($1)`, [violent]);
    expect(casesAfterCrash).toBe(halfway.flaggedCount);

    // Two runs of the job at once (a stalled job taken again while the first still runs), then one more afterwards.
    const [a, b] = await Promise.all([scans.run(scanId), scans.run(scanId)]);
    expect(a.scanned + b.scanned).toBe(sent.length - SCAN_BATCH);
    expect((await scans.run(scanId)).scanned).toBe(0);

    const done: ScanView = (await read(docket, platform.apiKey, scanId)).body;
    expect(done).toMatchObject({ status: 'done', postCount: sent.length, scannedCount: sent.length, flaggedCount: violent.length });
    expect(done.flagged.map((f) => f.postId)).toEqual(violent);
    expect(done.flagged.every((f) => f.caseOpened)).toBe(true);
    // One case per flagged post, opened once (one audit event each), each result naming its own case.
    const cases = (await docket.db.query(`SELECT post_id, id FROM cases WHERE post_id = ANY($1)`, [violent])).rows;
    expect(cases).toHaveLength(violent.length);
    expect(new Map(cases.map((c) => [c.post_id, c.id]))).toEqual(new Map(done.flagged.map((f) => [f.postId, f.caseId])));
    expect(await count(docket, `SELECT count(*)::int AS n FROM audit_trail WHERE action = 'case.opened' AND subject_id = ANY($1)`, [cases.map((c) => c.id)])).toBe(violent.length);
    expect(await count(docket, `SELECT count(*)::int AS n FROM scan_posts WHERE scan_id = $1 AND scanned_at IS NOT NULL`, [scanId])).toBe(sent.length);
  });

  it('the job queued again after the scan is done (a re-drive, a duplicate) changes nothing', async () => {
    await docket.startWorker();
    try {
      const sent = posts(12);
      const { scanId } = await submitScan(docket, platform.apiKey, sent);
      const before = await scanDone(docket, platform.apiKey, scanId);
      expect(before.flaggedCount).toBe(4);
      const rows = async () => ({
        cases: await count(docket, `SELECT count(*)::int AS n FROM cases WHERE post_id = ANY($1)`, [sent.map((p) => p.id)]),
        events: await count(docket, `SELECT count(*)::int AS n FROM audit_trail WHERE subject_id = ANY($1)`, [before.flagged.map((f) => f.caseId)]),
      });
      const counted = await rows();

      const queue = docket.app.get(QueueRegistry).get('scans');
      const again = await queue.add('scan', { scanId }, { jobId: `scan-${scanId}-again` });
      await waitFor('the repeated job to complete', async () => (await queue.getJobState(again.id!)) === 'completed');
      expect((await queue.getJob(again.id!))!.returnvalue).toEqual({ scanId, status: 'done', scanned: 0 });
      expect(await rows()).toEqual(counted);
      expect((await read(docket, platform.apiKey, scanId)).body).toEqual(before);
    } finally {
      await docket.stopWorker();
    }
  });

  it('a job that fails for good marks the scan failed, telling the requester nothing of the cause', async () => {
    const scans = docket.app.get(ScanService);
    const { scanId } = await submitScan(docket, platform.apiKey, [post('Kill them all.')]);
    const spy = jest.spyOn(scans, 'run').mockRejectedValue(new Error('connection to 10.0.0.7:5432 refused'));
    try {
      const processor = new ScanProcessor(scans);
      const job = (attemptsMade: number) => ({ data: { scanId }, attemptsMade, opts: { attempts: 10 } }) as unknown as Job;
      // Not the last attempt: the job is retried and the scan keeps waiting.
      await expect(processor.handle(job(3))).rejects.toThrow('refused');
      expect((await read(docket, platform.apiKey, scanId)).body.status).toBe('queued');
      await expect(processor.handle(job(9))).rejects.toThrow('refused');
    } finally {
      spy.mockRestore();
    }
    const failed = await read(docket, platform.apiKey, scanId);
    expect(failed.body).toMatchObject({ status: 'failed', error: SCAN_FAILED_MESSAGE, finishedAt: expect.any(String) });
    expect(JSON.stringify(failed.body)).not.toContain('10.0.0.7');
    // A failed scan stays failed: a later run of its job does nothing.
    expect(await scans.run(scanId)).toEqual({ scanId, status: 'failed', scanned: 0 });
  });
});

describe('POST /v1/posts/scan: SCAN_POSTS_PER_MINUTE per API key', () => {
  const LIMIT = 1000;
  let docket: Docket;
  let platform: Awaited<ReturnType<typeof createPrincipal>>;
  let other: Awaited<ReturnType<typeof createPrincipal>>;

  beforeAll(async () => {
    docket = await startDocket({ env: { SCAN_POSTS_PER_MINUTE: String(LIMIT) } });
    [platform, other] = await Promise.all([createPrincipal(docket, { role: 'platform' }), createPrincipal(docket, { role: 'platform' })]);
  });
  afterAll(() => docket.close());

  const stored = async () => ({
    scans: await count(docket, 'SELECT count(*)::int AS n FROM scans'),
    scanPosts: await count(docket, 'SELECT count(*)::int AS n FROM scan_posts'),
    outbox: await count(docket, 'SELECT count(*)::int AS n FROM outbox'),
  });
  const send = (key: string, body: object) => docket.http().post('/v1/posts/scan').set(bearer(key)).send(body);

  it('counts posts: past the minute\'s posts a request gets 429 with Retry-After, storing nothing; what still fits is served', async () => {
    expect((await send(platform.apiKey, { posts: posts(600) })).status).toBe(202);
    const before = await stored();

    const refused = await send(platform.apiKey, { posts: posts(401) });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining(`${LIMIT} posts per minute`) });
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(await stored()).toEqual(before);

    // A refused request took nothing: the 400 posts left are there to be used, and then none.
    expect((await send(platform.apiKey, { posts: posts(400) })).status).toBe(202);
    expect((await send(platform.apiKey, { posts: posts(1) })).status).toBe(429);
    // Bad input is refused as such, and spends nothing.
    expect((await send(platform.apiKey, { posts: [{ text: 'no id' }] })).status).toBe(400);
    // Another key has a minute of its own.
    expect((await send(other.apiKey, { posts: posts(1000) })).status).toBe(202);
  });

  it('keeps the count in Redis under the queue prefix, for every API process, expiring with the minute', async () => {
    const fresh = await createPrincipal(docket, { role: 'platform' });
    expect((await send(fresh.apiKey, { posts: posts(7) })).status).toBe(202);
    const redis = new Redis(docket.config.REDIS_URL);
    try {
      const key = `${docket.config.QUEUE_PREFIX}:scanposts:${fresh.id}`;
      expect(Number(await redis.get(key))).toBe(7);
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      redis.disconnect();
    }
  });
});
