import { Queue } from 'bullmq';
import { verifySignature } from '@docket/webhooks';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { providerBatch } from './support/notices';
import { Received, Receiver } from './support/receiver';
import { Keys, REMOVE, fileQueued, reviewKeys } from './support/review';
import { waitFor } from './support/wait-for';

const PLATFORM_SECRET = 'platform-secret-0123456789';
const ALERT_SECRET = 'alert-secret-0123456789abcdef';

function signedBy(secret: string, r: Received) {
  return verifySignature(secret, { timestamp: r.headers['x-docket-timestamp'] as string, signature: r.headers['x-docket-signature'] as string }, r.rawBody);
}

async function claimAndDecide(docket: Docket, moderatorKey: string, caseId: string, body: object = REMOVE) {
  const claim = await docket.http().post('/v1/queue/claim').set(bearer(moderatorKey)).send({});
  expect(claim.body.id).toBe(caseId);
  const decided = await docket.http().post(`/v1/cases/${caseId}/decision`).set(bearer(moderatorKey)).send(body);
  expect(decided.status).toBe(200);
  return decided.body;
}

async function caseState(docket: Docket, key: string, caseId: string) {
  return (await docket.http().get(`/v1/cases/${caseId}`).set(bearer(key))).body;
}

describe('enforcement: from decision to confirmed removal', () => {
  let platform: Receiver;
  let alerts: Receiver;
  let callbacks: Receiver;
  let docket: Docket;
  let keys: Keys;

  beforeEach(async () => {
    [platform, alerts, callbacks] = await Promise.all([Receiver.start(), Receiver.start(), Receiver.start()]);
    docket = await startDocket({
      worker: true,
      env: {
        PLATFORM_WEBHOOK_URL: platform.url, PLATFORM_WEBHOOK_SECRET: PLATFORM_SECRET, ALERT_WEBHOOK_URL: alerts.url, ALERT_WEBHOOK_SECRET: ALERT_SECRET,
        WEBHOOK_ATTEMPTS: '3', WEBHOOK_BACKOFF_MS: '20', WEBHOOK_TIMEOUT_MS: '300',
      },
    });
    keys = await reviewKeys(docket);
  });
  afterEach(async () => {
    await docket.close();
    await Promise.all([platform.close(), alerts.close(), callbacks.close()]);
  });

  it('retries a platform that fails twice; the third answer removes the case, every attempt with the same key and a valid signature', async () => {
    platform.respond = (_, i) => (i < 2 ? 503 : 200);
    const reporter = await createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider', callbackUrl: callbacks.url });
    const filed = await fileQueued(docket, reporter.apiKey, keys.moderator, { externalRef: 'AWS-TS-0001' }, { text: 'Hang Mike Pence', url: 'https://social.example/p/pence' });
    const decided = await claimAndDecide(docket, keys.moderator, filed.caseId);

    const removed = await waitFor('the case to be removed', async () => {
      const c = await caseState(docket, keys.moderator, filed.caseId);
      return c.state === 'removed' ? c : undefined;
    });
    expect(platform.received).toHaveLength(3);
    for (const attempt of platform.received) {
      expect(attempt.headers['idempotency-key']).toBe(decided.decision.id);
      expect(signedBy(PLATFORM_SECRET, attempt)).toEqual({ ok: true });
      expect(attempt.body).toEqual({
        type: 'content.remove', caseId: filed.caseId, decisionId: decided.decision.id, postId: removed.post.id,
        postUrl: 'https://social.example/p/pence', category: 'STATEMENT_CATEGORY_VIOLENCE', decidedAt: decided.decidedAt,
      });
    }
    expect(removed).toMatchObject({ awaitingEnforcement: false, breached: false });
    await docket.sealAudit();
    const trail = await docket.db.query(
      `SELECT action, data->>'attempt' AS attempt FROM audit_events WHERE subject_id = $1 AND action IN ('case.enforcement_attempt_failed', 'case.removed') ORDER BY id`,
      [filed.caseId],
    );
    expect(trail.rows).toEqual([
      { action: 'case.enforcement_attempt_failed', attempt: '1' }, { action: 'case.enforcement_attempt_failed', attempt: '2' }, { action: 'case.removed', attempt: '3' },
    ]);
    expect(new Date(removed.removedAt).getTime()).toBeGreaterThanOrEqual(new Date(removed.decidedAt).getTime());

    const report = (await docket.http().get(`/v1/reports/${filed.id}`).set(bearer(reporter.apiKey))).body;
    expect(report).toMatchObject({ status: 'removed', outcome: 'removed', removedAt: removed.removedAt });
    expect(report.timeToRemovalSeconds).toBeCloseTo((new Date(removed.removedAt).getTime() - new Date(filed.receivedAt).getTime()) / 1000, 3);

    const callback = await waitFor('the reporter callback', () => callbacks.received.find((r) => r.body.reportId === filed.id));
    expect(callback.body).toMatchObject({ type: 'report.resolved', outcome: 'removed', externalRef: 'AWS-TS-0001', timeToRemovalSeconds: report.timeToRemovalSeconds });
    expect(alerts.received).toEqual([]);
  });

  it('ends a platform that never answers in removal_failed with an alert; a senior retries with the same key', async () => {
    platform.respond = () => null;
    const filed = await fileQueued(docket, keys.provider, keys.moderator);
    const decided = await claimAndDecide(docket, keys.moderator, filed.caseId);

    await waitFor('removal_failed', async () => (await caseState(docket, keys.moderator, filed.caseId)).state === 'removal_failed', 15_000);
    expect(platform.received).toHaveLength(3);
    const alert = await waitFor('the failure alert', () => alerts.received.find((a) => a.body.type === 'enforcement.failed'));
    expect(signedBy(ALERT_SECRET, alert)).toEqual({ ok: true });
    expect(alert.body).toMatchObject({ caseId: filed.caseId, details: { decisionId: decided.decision.id, error: expect.stringMatching(/timed out/) } });
    expect((await docket.http().get(`/v1/reports/${filed.id}`).set(bearer(keys.provider))).body.status).toBe('removal_failed');

    expect((await docket.http().post(`/v1/cases/${filed.caseId}/retry-enforcement`).set(bearer(keys.moderator))).status).toBe(403);
    platform.respond = () => 200;
    const retry = await docket.http().post(`/v1/cases/${filed.caseId}/retry-enforcement`).set(bearer(keys.senior));
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual({ caseId: filed.caseId, decisionId: decided.decision.id });
    await waitFor('the retried removal', async () => (await caseState(docket, keys.moderator, filed.caseId)).state === 'removed');
    expect(platform.received.map((r) => r.headers['idempotency-key'])).toEqual(Array(4).fill(decided.decision.id));
    expect((await docket.http().post(`/v1/cases/${filed.caseId}/retry-enforcement`).set(bearer(keys.senior))).status).toBe(409);
  });

  it('breaches, escalates and alerts a case left unclaimed past a 2-second deadline; a case removed in time is left alone', async () => {
    const policy = { rules: [{ when: { categories: ['STATEMENT_CATEGORY_VIOLENCE'] }, windowSeconds: 2 }], defaultWindowSeconds: 604800, warnAtFraction: 0.5 };
    expect((await docket.http().put('/v1/admin/deadline-policy').set(bearer(docket.adminKey)).send(policy)).status).toBe(200);
    const onTime = await fileQueued(docket, keys.provider, keys.moderator, {}, { text: 'first, handled in time' });
    const late = await fileQueued(docket, keys.provider, keys.moderator, {}, { text: 'second, left alone' });
    await claimAndDecide(docket, keys.moderator, onTime.caseId);
    await waitFor('the first case to be removed', async () => (await caseState(docket, keys.moderator, onTime.caseId)).state === 'removed');

    const breach = await waitFor('the breach alert', () => alerts.received.find((a) => a.body.type === 'deadline.breached'), 10_000);
    expect(breach.body).toMatchObject({ caseId: late.caseId, details: { escalatedToSenior: true, dueAt: late.dueAt } });
    expect(signedBy(ALERT_SECRET, breach)).toEqual({ ok: true });
    const c = await caseState(docket, keys.senior, late.caseId);
    expect(c).toMatchObject({ state: 'escalated', tier: 'senior', breached: true });
    expect(alerts.received.find((a) => a.body.type === 'deadline.warning' && a.body.caseId === late.caseId)).toBeDefined();
    const seniorQueue = await docket.http().get('/v1/queue?tier=senior').set(bearer(keys.senior));
    expect(seniorQueue.body.items[0]).toMatchObject({ id: late.caseId, breached: true });

    // The in-time case's timers fire too, and find nothing to do.
    const deadlines = new Queue('deadlines', { connection: { url: docket.config.REDIS_URL }, prefix: docket.config.QUEUE_PREFIX });
    try {
      const job = await waitFor('the in-time breach timer to run', async () => {
        const done = await deadlines.getJobs(['completed']);
        return done.find((j) => j.name === 'deadline.breach' && j.data.timers.some((t: { caseId: string }) => t.caseId === onTime.caseId));
      }, 10_000);
      expect(job.returnvalue[onTime.caseId]).toBe('closed');
    } finally {
      await deadlines.close();
    }
    expect((await caseState(docket, keys.moderator, onTime.caseId)).breached).toBe(false);
    expect(alerts.received.filter((a) => a.body.caseId === onTime.caseId && a.body.type === 'deadline.breached')).toEqual([]);
  });

  it("takes the hosting provider's 98 reports through triage, several moderators and removal", async () => {
    const provider = await createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' });
    const batch = await docket.http().post('/v1/reports/batch').set(bearer(provider.apiKey)).send({ reports: providerBatch(98) });
    expect(batch.status).toBe(202);
    await waitFor('all 98 cases queued', async () => (await docket.db.query(`SELECT count(*)::int AS n FROM cases WHERE state = 'queued'`)).rows[0].n === 98);

    const moderators = await Promise.all(Array.from({ length: 4 }, (_, i) => createPrincipal(docket, { role: 'moderator', name: `volunteer ${i}` })));
    const decidedBy = new Map<string, string>();
    await Promise.all(moderators.map(async (m) => {
      for (;;) {
        const claim = await docket.http().post('/v1/queue/claim').set(bearer(m.apiKey)).send({});
        if (claim.status === 204) return;
        const res = await docket.http().post(`/v1/cases/${claim.body.id}/decision`).set(bearer(m.apiKey)).send(REMOVE);
        expect(res.status).toBe(200);
        decidedBy.set(claim.body.id, m.id);
      }
    }));
    expect(decidedBy.size).toBe(98);
    expect(new Set(decidedBy.values()).size).toBeGreaterThan(1);

    await waitFor('every report removed', async () => {
      const page = await docket.http().get('/v1/reports?limit=500&status=removed').set(bearer(provider.apiKey));
      return page.body.items.length === 98 ? page.body.items : undefined;
    }, 20_000);
    const reports = (await docket.http().get('/v1/reports?limit=500').set(bearer(provider.apiKey))).body.items;
    expect(reports).toHaveLength(98);
    for (const r of reports) {
      expect(r).toMatchObject({ status: 'removed', outcome: 'removed' });
      expect(r.timeToRemovalSeconds).toBeGreaterThan(0);
    }
    expect(new Set(platform.received.map((r) => r.headers['idempotency-key'])).size).toBe(98);
  });

  it('finishes the removal in hand when the worker is stopped', async () => {
    platform.delayMs = 200; // within WEBHOOK_TIMEOUT_MS
    const filed = await fileQueued(docket, keys.provider, keys.moderator);
    await claimAndDecide(docket, keys.moderator, filed.caseId);
    await waitFor('the order to reach the platform', () => platform.received.length === 1);
    await docket.stopWorker();
    expect((await caseState(docket, keys.moderator, filed.caseId)).state).toBe('removed');
    expect(platform.received).toHaveLength(1);
  });
});

describe('enforcement without a platform URL', () => {
  it('keeps the case removing and shows it as awaiting enforcement', async () => {
    const docket = await startDocket({ worker: true });
    try {
      const keys = await reviewKeys(docket);
      const filed = await fileQueued(docket, keys.provider, keys.moderator);
      await claimAndDecide(docket, keys.moderator, filed.caseId);
      const enforcement = new Queue('enforcement', { connection: { url: docket.config.REDIS_URL }, prefix: docket.config.QUEUE_PREFIX });
      try {
        const job = await waitFor('the enforcement job to run', async () => {
          const j = (await enforcement.getJobs(['completed']))[0];
          return j ?? undefined;
        });
        expect(job.returnvalue).toBe('awaiting_configuration');
      } finally {
        await enforcement.close();
      }
      expect(await caseState(docket, keys.moderator, filed.caseId)).toMatchObject({ state: 'removing', awaitingEnforcement: true, removedAt: null });
      expect((await docket.http().get(`/v1/reports/${filed.id}`).set(bearer(keys.provider))).body).toMatchObject({ status: 'removing', outcome: null });
    } finally {
      await docket.close();
    }
  });
});
