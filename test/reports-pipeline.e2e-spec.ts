import { Queue } from 'bullmq';
import { Transactions } from '@docket/database';
import { ReporterCallbacks } from '@docket/reports';
import { verifySignature } from '@docket/webhooks';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { notice, providerBatch } from './support/notices';
import { Receiver } from './support/receiver';
import { ThrowawayRedis } from './support/redis-server';
import { waitFor } from './support/wait-for';

function queueOf(docket: Docket, name: string): Queue {
  const queue = new Queue(name, { connection: { url: docket.config.REDIS_URL }, prefix: docket.config.QUEUE_PREFIX });
  queue.on('error', () => undefined);
  return queue;
}

/** Resolves a case the way the review flow will: state, then callbacks planned in the same transaction. */
async function resolveDirectly(docket: Docket, caseId: string, outcome: 'removed' | 'no_violation') {
  await docket.app.get(Transactions).run(async (tx) => {
    await tx.query(
      `UPDATE cases SET state = $2, decided_at = now() - interval '10 seconds',
              removed_at = CASE WHEN $2 = 'removed' THEN now() ELSE NULL END, closed_at = now() WHERE id = $1`,
      [caseId, outcome],
    );
    await docket.app.get(ReporterCallbacks).planForCase(tx, caseId, outcome);
  });
}

describe('from accepted report to queued work', () => {
  describe('with Redis up', () => {
    let docket: Docket;
    let triage: Queue;
    beforeAll(async () => {
      docket = await startDocket({ worker: true });
      triage = queueOf(docket, 'triage');
    });
    afterAll(async () => {
      await triage.close();
      await docket.close();
    });

    it('relays each intake transaction to the triage queue as one job naming its cases, under a deterministic job id', async () => {
      const reporter = await createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' });
      const res = await docket.http().post('/v1/reports/batch').set(bearer(reporter.apiKey)).send({ reports: providerBatch(98) });
      expect(res.status).toBe(202);
      const items: { id: string; caseId: string }[] = res.body.items;
      await waitFor('the outbox to drain', async () => (await docket.db.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n === 0);
      const job = await triage.getJob(`triage-${items[0].id}`);
      expect(job?.data).toEqual({ caseIds: [...new Set(items.map((r) => r.caseId))] });
      // Triage takes them from there: every report ends up queued for review.
      await waitFor('every case to be queued', async () =>
        (await docket.db.query(`SELECT count(*)::int AS n FROM cases WHERE state = 'queued'`)).rows[0].n === 98);
    });
  });

  describe('when Redis is down', () => {
    let redis: ThrowawayRedis;
    let docket: Docket;
    beforeAll(async () => {
      redis = await ThrowawayRedis.start();
      docket = await startDocket({ worker: true, env: { REDIS_URL: redis.url } });
    });
    afterAll(async () => {
      await docket.close();
      await redis.stop();
    });

    it('still answers 202, and queues every report once Redis is back', async () => {
      const reporter = await createPrincipal(docket, { role: 'reporter', kind: 'trusted_flagger' });
      await redis.stop();
      const health = await docket.http().get('/health');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ status: 'error', checks: { database: 'up', redis: 'down' } });

      const accepted: string[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await docket.http().post('/v1/reports').set(bearer(reporter.apiKey)).send(notice());
        expect(res.status).toBe(202);
        accepted.push(res.body.id);
      }
      const batch = await docket.http().post('/v1/reports/batch').set(bearer(reporter.apiKey)).send({ reports: providerBatch(30) });
      expect(batch.status).toBe(202);
      accepted.push(...batch.body.items.map((r: { id: string }) => r.id));
      // One triage job per intake transaction: twenty single notices, one batch.
      const waiting = await docket.db.query('SELECT count(*)::int AS n FROM outbox');
      expect(waiting.rows[0].n).toBe(21);

      await redis.start();
      const triage = queueOf(docket, 'triage');
      try {
        await waitFor('every accepted report to be triaged and queued', async () =>
          (await docket.db.query(`SELECT count(*)::int AS n FROM cases WHERE state = 'queued'`)).rows[0].n === 50, 20_000);
        for (const id of [...accepted.slice(0, 20), batch.body.items[0].id]) expect(await triage.getJob(`triage-${id}`)).toBeDefined();
        expect((await docket.db.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n).toBe(0);
      } finally {
        await triage.close();
      }
    });
  });
});

describe('reporter callbacks (report.resolved)', () => {
  let docket: Docket;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await Receiver.start();
    docket = await startDocket({ worker: true, env: { WEBHOOK_ATTEMPTS: '3', WEBHOOK_BACKOFF_MS: '10', WEBHOOK_TIMEOUT_MS: '2000' } });
  });
  afterAll(async () => {
    await docket.close();
    await receiver.close();
  });

  it('POSTs a signed report.resolved to the reporter that asked for callbacks, and to no one else', async () => {
    const withCallback = await createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider', callbackUrl: receiver.url });
    const without = await createPrincipal(docket, { role: 'reporter', kind: 'user' });
    const postId = `cb-${Date.now()}`;
    const mine = await docket.http().post('/v1/reports').set(bearer(withCallback.apiKey)).send(notice({ externalRef: 'AWS-TS-0042' }, { id: postId }));
    await docket.http().post('/v1/reports').set(bearer(without.apiKey)).send(notice({}, { id: postId }));

    await resolveDirectly(docket, mine.body.caseId, 'removed');
    const delivery = await waitFor('the callback', () => receiver.received.find((r) => r.body?.reportId === mine.body.id));
    expect(verifySignature(withCallback.callbackSecret, { timestamp: delivery.headers['x-docket-timestamp'] as string, signature: delivery.headers['x-docket-signature'] as string }, delivery.rawBody))
      .toEqual({ ok: true });
    const report = await docket.http().get(`/v1/reports/${mine.body.id}`).set(bearer(withCallback.apiKey));
    expect(delivery.body).toEqual({
      type: 'report.resolved', reportId: mine.body.id, externalRef: 'AWS-TS-0042', outcome: 'removed',
      decidedAt: report.body.decidedAt, removedAt: report.body.removedAt, timeToRemovalSeconds: report.body.timeToRemovalSeconds,
    });
    expect(report.body.timeToRemovalSeconds).toBeGreaterThanOrEqual(0);
    expect(receiver.received.filter((r) => r.body?.reportId !== mine.body.id)).toEqual([]);
  });

  it('retries a failing receiver with backoff and leaves the job visibly failed after the last attempt', async () => {
    const failing = await Receiver.start();
    failing.respond = () => 503;
    const notify = queueOf(docket, 'notify');
    try {
      const reporter = await createPrincipal(docket, { role: 'reporter', kind: 'trusted_flagger', callbackUrl: failing.url });
      const filed = await docket.http().post('/v1/reports').set(bearer(reporter.apiKey)).send(notice());
      await resolveDirectly(docket, filed.body.caseId, 'no_violation');
      const jobId = `notify-${filed.body.id}-no_violation`;
      await waitFor('the notify job to fail for good', async () => (await notify.getJob(jobId).then((j) => j?.getState())) === 'failed', 15_000);
      const job = await notify.getJob(jobId);
      expect(job?.attemptsMade).toBe(3);
      expect(job?.failedReason).toContain('answered 503');
      expect(failing.received).toHaveLength(3);
    } finally {
      await notify.close();
      await failing.close();
    }
  });
});
