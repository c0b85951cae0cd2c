/**
 * Appeals (issue 18, DSA Art. 20) against real PostgreSQL, Redis and a local fake platform: authors (through the
 * platform) and notifiers contest decisions, another moderator decides, wrong removals are restored on the platform.
 */
import { verifySignature } from '@docket/webhooks';
import { AppealAlarms } from '@docket/appeals';
import { MetricsService } from '@docket/metrics';
import { Reconciler } from '@docket/reconciler';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { notice } from './support/notices';
import { Received, Receiver } from './support/receiver';
import { REMOVE } from './support/review';
import { waitFor } from './support/wait-for';

const PLATFORM_SECRET = 'platform-secret-0123456789';
const ALERT_SECRET = 'alert-secret-0123456789abcdef';
const DAY_MS = 24 * 3600 * 1000;

function signedBy(secret: string, r: Received) {
  return verifySignature(secret, { timestamp: r.headers['x-docket-timestamp'] as string, signature: r.headers['x-docket-signature'] as string }, r.rawBody);
}

describe('appeals', () => {
  let docket: Docket;
  let platform: Receiver;
  let reporterCallbacks: Receiver;
  let alerts: Receiver;
  let keys: { platform: string; reporter: string; reporterSecret: string; otherReporter: string; moderatorA: string; moderatorB: string; senior: string; auditor: string };

  beforeAll(async () => {
    [platform, reporterCallbacks, alerts] = await Promise.all([Receiver.start(), Receiver.start(), Receiver.start()]);
    docket = await startDocket({
      worker: true,
      env: {
        PLATFORM_WEBHOOK_URL: platform.url, PLATFORM_WEBHOOK_SECRET: PLATFORM_SECRET, ALERT_WEBHOOK_URL: alerts.url, ALERT_WEBHOOK_SECRET: ALERT_SECRET,
        WEBHOOK_ATTEMPTS: '3', WEBHOOK_BACKOFF_MS: '20', RECONCILE_INTERVAL_MS: '0', STUCK_AFTER_SECONDS: '2', METRICS_REFRESH_MS: '0',
      },
    });
    const [plat, reporter, other, a, b, senior, auditor] = await Promise.all([
      createPrincipal(docket, { role: 'platform' }),
      createPrincipal(docket, { role: 'reporter', kind: 'user', callbackUrl: reporterCallbacks.url }),
      createPrincipal(docket, { role: 'reporter', kind: 'trusted_flagger' }),
      createPrincipal(docket, { role: 'moderator', name: 'moderator A' }),
      createPrincipal(docket, { role: 'moderator', name: 'moderator B' }),
      createPrincipal(docket, { role: 'senior' }),
      createPrincipal(docket, { role: 'auditor' }),
    ]);
    keys = {
      platform: plat.apiKey, reporter: reporter.apiKey, reporterSecret: reporter.callbackSecret,
      otherReporter: other.apiKey, moderatorA: a.apiKey, moderatorB: b.apiKey, senior: senior.apiKey, auditor: auditor.apiKey,
    };
  });
  afterEach(() => {
    docket.clock.real();
    platform.respond = () => 200;
  });
  afterAll(async () => {
    await docket.close();
    await Promise.all([platform.close(), reporterCallbacks.close(), alerts.close()]);
  });

  /** Files a notice as `reporterKey` and has moderator A decide it; returns the case, the decision and the post. */
  async function decided(reporterKey: string, decision: object, post: Record<string, unknown> = {}) {
    const filed = await docket.http().post('/v1/reports').set(bearer(reporterKey)).send(notice({}, { id: `p-${Math.random().toString(36).slice(2)}`, ...post }));
    expect(filed.status).toBe(202);
    await waitFor('the case to be queued', async () => (await docket.db.query(`SELECT state FROM cases WHERE id = $1`, [filed.body.caseId])).rows[0].state === 'queued');
    // Moderator A claims until it holds this case (earlier tests may have left others), clearing the rest.
    for (let i = 0; i < 20; i++) {
      const claim = await docket.http().post('/v1/queue/claim').set(bearer(keys.moderatorA)).send({});
      expect(claim.status).toBe(200);
      const body = claim.body.id === filed.body.caseId ? decision : { action: 'no_violation', explanation: 'cleared in a test' };
      const res = await docket.http().post(`/v1/cases/${claim.body.id}/decision`).set(bearer(keys.moderatorA)).send(body);
      expect(res.status).toBe(200);
      if (claim.body.id === filed.body.caseId) {
        if ((decision as { action: string }).action === 'remove') {
          await waitFor('the removal to be confirmed', async () => (await docket.db.query(`SELECT state FROM cases WHERE id = $1`, [filed.body.caseId])).rows[0].state === 'removed');
        }
        return { caseId: filed.body.caseId as string, decisionId: res.body.decision.id as string, postId: res.body.post.id as string, reportId: filed.body.id as string };
      }
    }
    throw new Error('never claimed the case');
  }

  /** Every appeal the suite filed (202), for the exports' check at the end. */
  const ledger: { id: string; appellant: string; decisionId: string }[] = [];
  async function fileAppeal(key: string, idempotencyKey: string | undefined, body: { decisionId: string; appellant: string; statement: string; externalRef?: string }) {
    let req = docket.http().post('/v1/appeals').set(bearer(key));
    if (idempotencyKey) req = req.set('Idempotency-Key', idempotencyKey);
    const res = await req.send(body);
    if (res.status === 202) ledger.push({ id: res.body.id, appellant: body.appellant, decisionId: body.decisionId });
    return res;
  }

  const appealsCount = async () => (await docket.db.query(`SELECT count(*)::int AS n FROM appeals`)).rows[0].n as number;
  const restoreOrders = () => platform.received.filter((r) => r.body?.type === 'content.restore');

  it('an author appeals a removal through the platform; a different moderator overturns it; the post is restored once, through two 500s', async () => {
    const removal = await decided(keys.reporter, REMOVE);
    const filed = await fileAppeal(keys.platform, undefined, { decisionId: removal.decisionId, appellant: 'author', statement: 'This was satire, not a threat.', externalRef: 'PLAT-APPEAL-1' });
    expect(filed.status).toBe(202);
    expect(filed.body).toEqual({ id: expect.any(String), decisionId: removal.decisionId, status: 'received', receivedAt: expect.any(String), dueAt: expect.any(String) });
    // The default appeal window of the policy: 7 days.
    expect(new Date(filed.body.dueAt).getTime() - new Date(filed.body.receivedAt).getTime()).toBe(7 * DAY_MS);

    // The moderator whose decision it contests never gets it.
    const own = await docket.http().post('/v1/appeals/claim').set(bearer(keys.moderatorA)).send({});
    expect(own.status).toBe(204);
    const claim = await docket.http().post('/v1/appeals/claim').set(bearer(keys.moderatorB)).send({});
    expect(claim.status).toBe(200);
    expect(claim.body).toMatchObject({
      id: filed.body.id, status: 'in_review', appellant: 'author', statement: 'This was satire, not a threat.',
      contestedDecision: { id: removal.decisionId, action: 'remove', ground: 'illegal_content', legalGround: REMOVE.legalGround, explanation: REMOVE.explanation },
      case: { id: removal.caseId, state: 'removed', post: { id: removal.postId }, reports: [expect.objectContaining({ reporterKind: 'user' })] },
    });
    expect(claim.body.leaseExpiresAt).toEqual(expect.any(String));

    let restoreAttempts = 0;
    platform.respond = (r) => (r.body?.type === 'content.restore' && ++restoreAttempts <= 2 ? 500 : 200);
    const decision = await docket.http().post(`/v1/appeals/${filed.body.id}/decision`).set(bearer(keys.moderatorB))
      .send({ outcome: 'overturn', reason: 'Satire of a public figure; no call to violence.' });
    expect(decision.status).toBe(200);
    expect(decision.body).toMatchObject({ status: 'restoring', outcome: 'overturn', restoredAt: null, newDecisionId: expect.any(String) });

    const restored = await waitFor('the restoration', async () => {
      const a = await docket.http().get(`/v1/appeals/${filed.body.id}`).set(bearer(keys.platform));
      return a.body.status === 'restored' ? a.body : undefined;
    });
    const orders = restoreOrders().filter((r) => r.body.appealId === filed.body.id);
    expect(orders).toHaveLength(3);
    expect(orders.map((r) => r.headers['idempotency-key'])).toEqual(Array(3).fill(decision.body.newDecisionId));
    expect(orders[2].body).toMatchObject({ type: 'content.restore', caseId: removal.caseId, postId: removal.postId, decisionId: decision.body.newDecisionId, overturnedDecisionId: removal.decisionId });
    expect(signedBy(PLATFORM_SECRET, orders[2])).toEqual({ ok: true });
    // restoredAt is the platform's 2xx, not the decision.
    expect(new Date(restored.restoredAt).getTime()).toBeGreaterThanOrEqual(orders[2].at - 1000);
    expect(new Date(restored.restoredAt).getTime()).toBeGreaterThan(new Date(decision.body.decidedAt).getTime());

    // The old decision is kept as it was; the new one stands beside it; the case's current decision is no violation.
    const decisions = (await docket.db.query(`SELECT id::text, action, explanation FROM decisions WHERE case_id = $1 ORDER BY decided_at`, [removal.caseId])).rows;
    expect(decisions).toEqual([
      { id: removal.decisionId, action: 'remove', explanation: REMOVE.explanation },
      { id: decision.body.newDecisionId, action: 'no_violation', explanation: 'Satire of a public figure; no call to violence.' },
    ]);
    expect((await docket.db.query(`SELECT state FROM cases WHERE id = $1`, [removal.caseId])).rows[0].state).toBe('no_violation');

    // The author hears of it through the platform.
    const callback = await waitFor('the appeal.resolved callback', () => platform.received.find((r) => r.body.type === 'appeal.resolved' && r.body.appealId === filed.body.id));
    expect(callback.body).toMatchObject({ type: 'appeal.resolved', outcome: 'overturn', reason: 'Satire of a public figure; no call to violence.', appellant: 'author', externalRef: 'PLAT-APPEAL-1', restoring: true });
    expect(signedBy(PLATFORM_SECRET, callback)).toEqual({ ok: true });

    // The post was restored: a new notice about it opens a case again.
    const again = await docket.http().post('/v1/reports').set(bearer(keys.otherReporter)).send(notice({}, { id: removal.postId }));
    expect(again.status).toBe(202);
    expect(again.body.caseId).not.toBe(removal.caseId);

    const events = (await docket.db.query(`SELECT action FROM audit_trail WHERE subject_type = 'appeal' AND subject_id = $1 ORDER BY occurred_at, pending_id NULLS FIRST, id`, [filed.body.id])).rows.map((r) => r.action);
    expect(events).toEqual(['appeal.filed', 'appeal.claimed', 'appeal.decided', 'appeal.restore_attempt_failed', 'appeal.restore_attempt_failed', 'appeal.restored']);
    expect((await docket.app.get(MetricsService).scrape()).body).toMatch(/^docket_appeal_reversals_total [1-9]/m);
  });

  it('sends again a restore order Redis lost, once the appeal has been restoring longer than STUCK_AFTER_SECONDS', async () => {
    const removal = await decided(keys.reporter, REMOVE);
    const filed = await fileAppeal(keys.platform, undefined, { decisionId: removal.decisionId, appellant: 'author', statement: 'lost order' });
    const claim = await docket.http().post('/v1/appeals/claim').set(bearer(keys.moderatorB)).send({});
    expect(claim.body.id).toBe(filed.body.id);
    // The clock stands still until the test moves it: a slow worker start cannot make the restoration stuck early.
    docket.clock.set(new Date(Date.now() + 1000));
    await docket.stopWorker();
    const decision = await docket.http().post(`/v1/appeals/${filed.body.id}/decision`).set(bearer(keys.moderatorB)).send({ outcome: 'overturn', reason: 'Satire.' });
    expect(decision.body.status).toBe('restoring');
    // Relayed to a Redis that then lost it.
    expect((await docket.db.query(`DELETE FROM outbox WHERE name = 'content.restore'`)).rowCount).toBe(1);
    await docket.startWorker();
    const reconciler = docket.fromWorker(Reconciler);
    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, restore: 0 });
    docket.clock.advance(60_000);
    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, restore: 1 });
    await waitFor('the restoration', async () => (await docket.http().get(`/v1/appeals/${filed.body.id}`).set(bearer(keys.platform))).body.status === 'restored');
    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, restore: 0 });
    expect(restoreOrders().filter((r) => r.body.appealId === filed.body.id).map((r) => r.headers['idempotency-key'])).toEqual([decision.body.newDecisionId]);
  });

  it('a notifier appeals a "no violation"; the overturn is a removal the platform confirms', async () => {
    const cleared = await decided(keys.reporter, { action: 'no_violation', explanation: 'Looks like a joke.' });
    const filed = await fileAppeal(keys.reporter, undefined, { decisionId: cleared.decisionId, appellant: 'notifier', statement: 'It names a date and a place; it is a plan.' });
    expect(filed.status).toBe(202);
    const claim = await docket.http().post('/v1/appeals/claim').set(bearer(keys.moderatorB)).send({});
    expect(claim.body.id).toBe(filed.body.id);
    const missingGround = await docket.http().post(`/v1/appeals/${filed.body.id}/decision`).set(bearer(keys.moderatorB)).send({ outcome: 'overturn', reason: 'A plan.' });
    expect(missingGround.status).toBe(400);
    expect(missingGround.body.errors).toEqual([expect.objectContaining({ path: 'ground' })]);
    const decision = await docket.http().post(`/v1/appeals/${filed.body.id}/decision`).set(bearer(keys.moderatorB))
      .send({ outcome: 'overturn', reason: 'A dated plan to attack a named place.', ground: 'illegal_content', legalGround: 'StGB §111' });
    expect(decision.status).toBe(200);
    expect(decision.body).toMatchObject({ status: 'overturned', outcome: 'overturn' });

    await waitFor('the removal', async () => (await docket.db.query(`SELECT state FROM cases WHERE id = $1`, [cleared.caseId])).rows[0].state === 'removed');
    const removals = platform.received.filter((r) => r.body?.type === 'content.remove' && r.body.caseId === cleared.caseId);
    expect(removals.map((r) => r.headers['idempotency-key'])).toEqual([decision.body.newDecisionId]);
    const callback = await waitFor('the notifier\'s appeal.resolved', () => reporterCallbacks.received.find((r) => r.body.type === 'appeal.resolved' && r.body.appealId === filed.body.id));
    expect(callback.body).toMatchObject({ outcome: 'overturn', appellant: 'notifier', restoring: false });
    expect(signedBy(keys.reporterSecret, callback)).toEqual({ ok: true });
  });

  it('an upheld decision stands; the appellant is told why', async () => {
    const removal = await decided(keys.reporter, REMOVE);
    const filed = await fileAppeal(keys.platform, undefined, { decisionId: removal.decisionId, appellant: 'author', statement: 'I did nothing wrong.' });
    const claim = await docket.http().post('/v1/appeals/claim').set(bearer(keys.moderatorB)).send({});
    expect(claim.body.id).toBe(filed.body.id);
    const decision = await docket.http().post(`/v1/appeals/${filed.body.id}/decision`).set(bearer(keys.moderatorB)).send({ outcome: 'uphold', reason: 'A direct call to kill a named person.' });
    expect(decision.body).toMatchObject({ status: 'upheld', outcome: 'uphold', newDecisionId: null });
    expect((await docket.db.query(`SELECT state FROM cases WHERE id = $1`, [removal.caseId])).rows[0].state).toBe('removed');
    const again = await docket.http().post(`/v1/appeals/${filed.body.id}/decision`).set(bearer(keys.moderatorB)).send({ outcome: 'overturn', reason: 'changed my mind' });
    expect(again.status).toBe(409);
    await waitFor('the callback', () => platform.received.find((r) => r.body.type === 'appeal.resolved' && r.body.appealId === filed.body.id && r.body.outcome === 'uphold'));
    expect(restoreOrders().filter((r) => r.body.appealId === filed.body.id)).toEqual([]);
  });

  it('refuses, with a clear 4xx and nothing stored: a second appeal, a window passed, another reporter\'s decision, an unknown decision, the wrong role', async () => {
    const removal = await decided(keys.reporter, REMOVE);
    const cleared = await decided(keys.reporter, { action: 'no_violation', explanation: 'Fine.' });
    const first = await fileAppeal(keys.platform, undefined, { decisionId: removal.decisionId, appellant: 'author', statement: 'first' });
    expect(first.status).toBe(202);
    const before = await appealsCount();

    const refusals = [
      [await fileAppeal(keys.platform, undefined, { decisionId: removal.decisionId, appellant: 'author', statement: 'again' }), 409, /already appealed/],
      [await fileAppeal(keys.otherReporter, undefined, { decisionId: cleared.decisionId, appellant: 'notifier', statement: 'not my notice' }), 404, /your notices/],
      [await fileAppeal(keys.platform, undefined, { decisionId: '00000000-0000-4000-8000-000000000000', appellant: 'author', statement: 'x' }), 404, /decision not found/],
      [await fileAppeal(keys.reporter, undefined, { decisionId: removal.decisionId, appellant: 'author', statement: 'x' }), 403, /filed by the platform/],
      [await fileAppeal(keys.platform, undefined, { decisionId: cleared.decisionId, appellant: 'author', statement: 'x' }), 422, /author appeals a removal/],
      [await fileAppeal(keys.moderatorA, undefined, { decisionId: removal.decisionId, appellant: 'author', statement: 'x' }), 403, /./],
      [await fileAppeal(keys.platform, undefined, { decisionId: 'not-a-uuid', appellant: 'author', statement: 'x' }), 400, /decisionId/],
    ] as const;
    for (const [res, status, message] of refusals) {
      expect({ status: res.status, message: res.body.message }).toEqual({ status, message: expect.stringMatching(message) });
    }
    docket.clock.advance(184 * DAY_MS);
    const late = await fileAppeal(keys.reporter, undefined, { decisionId: cleared.decisionId, appellant: 'notifier', statement: 'too late' });
    expect({ status: late.status, message: late.body.message }).toEqual({ status: 422, message: expect.stringMatching(/appeal window of 183 days/) });
    expect(await appealsCount()).toBe(before);
  });

  it('answers the same receipt for the same Idempotency-Key and body, 422 for another body', async () => {
    const cleared = await decided(keys.reporter, { action: 'no_violation', explanation: 'Fine.' });
    const body = { decisionId: cleared.decisionId, appellant: 'notifier', statement: 'please look again' };
    const first = await fileAppeal(keys.reporter, 'appeal-key-1', body);
    const replay = await fileAppeal(keys.reporter, 'appeal-key-1', body);
    expect(first.status).toBe(202);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    const other = await fileAppeal(keys.reporter, 'appeal-key-1', { ...body, statement: 'something else' });
    expect(other.status).toBe(422);
    expect((await docket.http().get(`/v1/appeals/${first.body.id}`).set(bearer(keys.otherReporter))).status).toBe(404);
    expect((await docket.http().get(`/v1/appeals/${first.body.id}`).set(bearer(keys.reporter))).body).toMatchObject({ id: first.body.id, status: 'queued' });
  });

  it('warns before an appeal\'s deadline and, past it, escalates it to the senior tier', async () => {
    const removal = await decided(keys.reporter, REMOVE);
    const filed = await fileAppeal(keys.platform, undefined, { decisionId: removal.decisionId, appellant: 'author', statement: 'late one' });
    const alarms = docket.fromWorker(AppealAlarms);
    const due = new Date(filed.body.dueAt).getTime();
    docket.clock.set(new Date(due - 1000));
    await alarms.fireDue();
    await alarms.fireDue();
    docket.clock.set(new Date(due + 1));
    await alarms.fireDue();
    await alarms.fireDue();
    const events = (await docket.db.query(`SELECT action FROM audit_trail WHERE subject_id = $1 AND action IN ('appeal.deadline_warning', 'appeal.breached')`, [filed.body.id])).rows.map((r) => r.action).sort();
    expect(events).toEqual(['appeal.breached', 'appeal.deadline_warning']);
    expect((await docket.http().get(`/v1/appeals/${filed.body.id}`).set(bearer(keys.senior))).body).toMatchObject({ tier: 'senior', breached: true });
    await waitFor('the breach alert', () => alerts.received.find((a) => a.body.type === 'appeal.breached' && a.body.details.appealId === filed.body.id));
    expect((await docket.http().post('/v1/appeals/claim').set(bearer(keys.moderatorB)).send({ tier: 'senior' })).status).toBe(403);
    // A senior gets it (earlier tests' appeals, breached at the same moment and due sooner, come first: cleared here).
    for (let i = 0; i < 20; i++) {
      const claim = await docket.http().post('/v1/appeals/claim').set(bearer(keys.senior)).send({});
      expect(claim.status).toBe(200);
      expect(claim.body).toMatchObject({ tier: 'senior', breached: true });
      const decision = await docket.http().post(`/v1/appeals/${claim.body.id}/decision`).set(bearer(keys.senior)).send({ outcome: 'uphold', reason: 'stands' });
      expect(decision.status).toBe(200);
      if (claim.body.id === filed.body.id) return;
    }
    throw new Error('the senior never got the breached appeal');
  });

  it('a restore the platform keeps refusing ends in restore_failed with an alert; a senior retries it', async () => {
    const removal = await decided(keys.reporter, REMOVE);
    const filed = await fileAppeal(keys.platform, undefined, { decisionId: removal.decisionId, appellant: 'author', statement: 'wrong post' });
    const claim = await docket.http().post('/v1/appeals/claim').set(bearer(keys.moderatorB)).send({});
    expect(claim.body.id).toBe(filed.body.id);
    platform.respond = (r) => (r.body?.type === 'content.restore' ? 503 : 200);
    await docket.http().post(`/v1/appeals/${filed.body.id}/decision`).set(bearer(keys.moderatorB)).send({ outcome: 'overturn', reason: 'Wrong post removed.' });
    await waitFor('restore_failed', async () => (await docket.http().get(`/v1/appeals/${filed.body.id}`).set(bearer(keys.senior))).body.status === 'restore_failed');
    const alert = await waitFor('the restore.failed alert', () => alerts.received.find((a) => a.body.type === 'restore.failed' && a.body.details.appealId === filed.body.id));
    expect(signedBy(ALERT_SECRET, alert)).toEqual({ ok: true });
    expect((await docket.http().post(`/v1/appeals/${filed.body.id}/retry-restore`).set(bearer(keys.moderatorB))).status).toBe(403);

    platform.respond = () => 200;
    const retry = await docket.http().post(`/v1/appeals/${filed.body.id}/retry-restore`).set(bearer(keys.senior));
    expect(retry.status).toBe(202);
    await waitFor('the restoration', async () => (await docket.http().get(`/v1/appeals/${filed.body.id}`).set(bearer(keys.senior))).body.status === 'restored');
    expect((await docket.http().post(`/v1/appeals/${filed.body.id}/retry-restore`).set(bearer(keys.senior))).status).toBe(409);
  });
  it('the appeals export and the transparency report\'s complaints section agree with every appeal filed here, value by value', async () => {
    const auditor = bearer(keys.auditor);
    // What each appeal is now, as its filer reads it, and what it contested.
    const views = await Promise.all(ledger.map(async (a) => (await docket.http().get(`/v1/appeals/${a.id}`).set(auditor)).body));
    const contested = new Map(ledger.map((a) => [a.id, a]));
    const actionOf = async (decisionId: string) => (await docket.db.query(`SELECT action FROM decisions WHERE id = $1`, [decisionId])).rows[0].action as string;
    const actions = new Map(await Promise.all(ledger.map(async (a) => [a.id, await actionOf(a.decisionId)] as const)));

    const report = await docket.http().get('/v1/audit/appeals').set(auditor);
    expect(report.status).toBe(200);
    expect(report.body.appeals.map((r: { appealId: string }) => r.appealId).sort()).toEqual(ledger.map((a) => a.id).sort());
    const secondsBetween = (from: string, to: string | null) => (to ? (new Date(to).getTime() - new Date(from).getTime()) / 1000 : null);
    for (const { secondsToDecision, secondsToRestoration, ...row } of report.body.appeals) {
      const view = views.find((v) => v.id === row.appealId)!;
      expect(row).toEqual({
        appealId: view.id, decisionId: contested.get(view.id)!.decisionId, caseId: view.caseId, appellant: contested.get(view.id)!.appellant,
        contestedAction: actions.get(view.id), category: view.category, status: view.status, outcome: view.outcome,
        receivedAt: view.receivedAt, dueAt: view.dueAt, decidedAt: view.decidedAt, restoredAt: view.restoredAt, breached: view.breached,
      });
      expect([secondsToDecision, secondsToRestoration]).toEqual([secondsBetween(view.receivedAt, view.decidedAt), secondsBetween(view.receivedAt, view.restoredAt)]);
    }
    const csv = await docket.http().get('/v1/audit/appeals?format=csv').set(auditor);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.trim().split('\n')).toHaveLength(ledger.length + 1);

    const transparency = await docket.http().get('/v1/audit/transparency').set(auditor);
    const basisOf = (id: string) => (actions.get(id) === 'remove' ? 'removal' : 'no_action');
    const expectRow = (basis: string, ids: string[]) => {
      const of = views.filter((v) => ids.includes(v.id));
      return {
        basis, received: of.length,
        byAuthors: of.filter((v) => contested.get(v.id)!.appellant === 'author').length,
        byNotifiers: of.filter((v) => contested.get(v.id)!.appellant === 'notifier').length,
        upheld: of.filter((v) => v.outcome === 'uphold').length,
        overturned: of.filter((v) => v.outcome === 'overturn').length,
        pending: of.filter((v) => v.outcome === null).length,
        medianHoursToDecision: of.some((v) => v.decidedAt) ? expect.any(Number) : null,
        reversed: of.filter((v) => v.status === 'restored' || (v.outcome === 'overturn' && actions.get(v.id) === 'no_violation')).length,
      };
    };
    expect(transparency.body.complaints).toEqual([
      expectRow('removal', ledger.filter((a) => basisOf(a.id) === 'removal').map((a) => a.id)),
      expectRow('no_action', ledger.filter((a) => basisOf(a.id) === 'no_action').map((a) => a.id)),
      expectRow('total', ledger.map((a) => a.id)),
    ]);
    // The suite did overturn removals (restored) and a "no violation" (removed), uphold some, and left none with no outcome unseen.
    expect(transparency.body.complaints[2]).toMatchObject({ overturned: expect.any(Number), reversed: expect.any(Number) });
    expect(transparency.body.complaints[0].reversed).toBeGreaterThanOrEqual(3);
    expect(transparency.body.complaints[1].reversed).toBe(1);
    // Each removal's statement of reasons stays in the export, marked when an appeal overturned it.
    const statements = (await docket.http().get('/v1/audit/statements').set(auditor)).text.trim().split('\n').map((l) => JSON.parse(l));
    for (const view of views.filter((v) => actions.get(v.id) === 'remove')) {
      const statement = statements.find((st) => st.puid === contested.get(view.id)!.decisionId);
      expect(statement?.docket_overturned_on_appeal ?? null).toEqual(
        view.outcome === 'overturn' ? { appeal_id: view.id, decision_id: view.newDecisionId, decided_at: view.decidedAt } : null);
    }
    const complaintsCsv = await docket.http().get('/v1/audit/transparency?format=csv&section=complaints').set(auditor);
    expect(complaintsCsv.text.split('\n')[0]).toBe('basis,received,byAuthors,byNotifiers,upheld,overturned,pending,medianHoursToDecision,reversed');
  });
});
