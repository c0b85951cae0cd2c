import { randomUUID } from 'node:crypto';
import { Reconciler } from '@docket/reconciler';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { notice } from './support/notices';
import { Receiver } from './support/receiver';
import { Keys, REMOVE, fileQueued, reviewKeys } from './support/review';
import { waitFor } from './support/wait-for';

const GRACE_SECONDS = 2;
const SPAM = 'Cheap watches, best prices, click the link in my profile now';

/** Files `count` notices about distinct posts with the same text (one batch per 500) and waits until triage queued them all. */
async function fileSameText(docket: Docket, reporterKey: string, count: number, text: string): Promise<string[]> {
  const caseIds: string[] = [];
  for (let i = 0; i < count; i += 500) {
    const reports = Array.from({ length: Math.min(500, count - i) }, () => notice({}, { id: `spam-${randomUUID()}`, text }));
    const res = await docket.http().post('/v1/reports/batch').set(bearer(reporterKey)).send({ reports });
    expect(res.status).toBe(202);
    caseIds.push(...res.body.items.map((r: { caseId: string }) => r.caseId));
  }
  await waitFor(`${count} cases to be queued`, async () => {
    const { rows: [r] } = await docket.db.query(`SELECT count(*)::int AS n FROM cases WHERE id = ANY($1) AND state = 'queued'`, [caseIds]);
    return r.n === count;
  }, 60_000, 100);
  return caseIds;
}

describe('bulk decisions: preview, apply, progress, cancel', () => {
  let platform: Receiver;
  let docket: Docket;
  let keys: Keys;

  beforeEach(async () => {
    platform = await Receiver.start();
    docket = await startDocket({
      worker: true,
      env: { PLATFORM_WEBHOOK_URL: platform.url, PLATFORM_WEBHOOK_SECRET: 'platform-secret-0123456789', BULK_GRACE_SECONDS: String(GRACE_SECONDS),
        // The reconciler runs when a test calls it.
        RECONCILE_INTERVAL_MS: '0',
        // Every decision sampled for a second review: bulk decisions are sampled as any other, and a cancel takes them back.
        QUALITY_SAMPLE_SHARE: '1' },
    });
    keys = await reviewKeys(docket);
  });
  afterEach(async () => {
    await docket.close();
    await platform.close();
  });

  const preview = (key: string, body: object) => docket.http().post('/v1/bulk-decisions/preview').set(bearer(key)).send(body);
  const apply = (key: string, token: string) => docket.http().post('/v1/bulk-decisions').set(bearer(key)).send({ token });

  it('removes 500 cases by fingerprint: previewed (a leased case excluded), applied, held for the grace period, one order per case', async () => {
    const caseIds = await fileSameText(docket, keys.provider, 501, SPAM);
    // Another moderator holds one of them: it is excluded, and says why.
    const claim = await docket.http().post('/v1/queue/claim').set(bearer(keys.moderator)).send({});
    expect(claim.status).toBe(200);
    const leased = claim.body.id as string;
    expect(caseIds).toContain(leased);

    const previewed = await preview(keys.senior, { selection: { fingerprintOfCase: caseIds[0] }, decision: REMOVE });
    expect(previewed.status).toBe(200);
    expect(previewed.body).toMatchObject({ token: expect.any(String), eligible: 500, excluded: [{ caseId: leased, why: 'leased_by_someone_else' }] });
    expect(previewed.body.sample).toHaveLength(20);
    expect(previewed.body.sample[0]).toMatchObject({ caseId: expect.any(String), postText: SPAM });
    // Nothing is decided by a preview.
    const { rows: [undecided] } = await docket.db.query(`SELECT count(*)::int AS n FROM decisions WHERE case_id = ANY($1)`, [caseIds]);
    expect(undecided.n).toBe(0);

    const applied = await apply(keys.senior, previewed.body.token);
    expect(applied.status).toBe(202);
    expect(applied.body).toMatchObject({ id: expect.any(String), status: 'pending', eligible: 500, decided: 500, removing: 500, removed: 0, failed: 0 });
    const cancellableUntil = new Date(applied.body.cancellableUntil).getTime();
    expect(cancellableUntil - new Date(applied.body.appliedAt).getTime()).toBe(GRACE_SECONDS * 1000);
    // Held: nothing reaches the platform during the grace period.
    expect(platform.received).toHaveLength(0);

    const done = await waitFor('every removal to be confirmed', async () => {
      const view = await docket.http().get(`/v1/bulk-decisions/${applied.body.id}`).set(bearer(keys.senior));
      return view.body.removed === 500 ? view.body : undefined;
    }, 60_000, 100);
    expect(done).toMatchObject({ status: 'done', decided: 500, removing: 0, removed: 500, failed: 0, cancelled: 0 });
    expect(Math.min(...platform.received.map((r) => r.at))).toBeGreaterThanOrEqual(cancellableUntil);

    // One order per case, keyed by its own decision; the leased case is untouched.
    const { rows: decisions } = await docket.db.query(
      `SELECT d.id, d.case_id AS "caseId", d.decided_by AS "decidedBy", d.explanation, c.state FROM decisions d JOIN cases c ON c.id = d.case_id WHERE d.case_id = ANY($1)`, [caseIds]);
    expect(decisions).toHaveLength(500);
    expect(decisions.every((d) => d.state === 'removed' && d.explanation === REMOVE.explanation)).toBe(true);
    expect(decisions.map((d) => d.caseId)).not.toContain(leased);
    expect(platform.received).toHaveLength(500);
    expect(platform.received.map((r) => r.headers['idempotency-key']).sort()).toEqual(decisions.map((d) => d.id).sort());
    expect(platform.received.map((r) => r.body.caseId).sort()).toEqual(decisions.map((d) => d.caseId).sort());
    const { rows: [{ n: sampled }] } = await docket.db.query(`SELECT count(*)::int AS n FROM second_reviews WHERE decision_id = ANY($1)`, [decisions.map((d) => d.id)]);
    expect(sampled).toBe(500);

    // An audit event per case, and one for the operation naming every case.
    await docket.sealAudit();
    const { rows: [events] } = await docket.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'case.decided' AND data->>'bulkDecisionId' = $1`, [applied.body.id]);
    expect(events.n).toBe(500);
    const { rows: [bulkEvent] } = await docket.db.query(
      `SELECT data FROM audit_events WHERE action = 'bulk_decision.applied' AND subject_id = $1`, [applied.body.id]);
    expect([...bulkEvent.data.caseIds].sort()).toEqual(decisions.map((d) => d.caseId).sort());

    // After the grace period, cancelling is refused: reversal goes through appeals.
    const late = await docket.http().post(`/v1/bulk-decisions/${applied.body.id}/cancel`).set(bearer(keys.senior));
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/grace period ended/);
  }, 120_000);

  it('a cancelled bulk removal sends nothing; its cases go back to the queue', async () => {
    const a = await fileQueued(docket, keys.provider, keys.moderator, {}, { text: SPAM });
    const b = await fileQueued(docket, keys.provider, keys.moderator, {}, { text: SPAM });
    const other = await fileQueued(docket, keys.provider, keys.moderator, {}, { text: 'A picture of my cat on the sofa' });
    const missing = randomUUID();
    const previewed = await preview(keys.senior, { selection: { caseIds: [a.caseId, b.caseId, other.caseId, missing], fingerprintOfCase: a.caseId }, decision: REMOVE });
    expect(previewed.status).toBe(200);
    expect(previewed.body).toMatchObject({
      eligible: 2, excluded: [{ caseId: other.caseId, why: 'different_fingerprint' }, { caseId: missing, why: 'not_found' }],
    });
    const applied = await apply(keys.senior, previewed.body.token);
    expect(applied.status).toBe(202);
    const cancelled = await docket.http().post(`/v1/bulk-decisions/${applied.body.id}/cancel`).set(bearer(keys.senior));
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', decided: 2, cancelled: 2, removing: 0 });
    const again = await docket.http().post(`/v1/bulk-decisions/${applied.body.id}/cancel`).set(bearer(keys.senior));
    expect(again.status).toBe(409);

    // The held orders run after the grace period and find nothing to do.
    const { rows: held } = await docket.db.query(`SELECT decision_id AS id FROM bulk_decision_cases WHERE bulk_id = $1`, [applied.body.id]);
    expect(held).toHaveLength(2);
    expect((await docket.db.query(`SELECT count(*)::int AS n FROM second_reviews WHERE decision_id = ANY($1)`, [held.map((h) => h.id)])).rows[0].n).toBe(0);
    const { Queue } = await import('bullmq');
    const enforcement = new Queue('enforcement', { connection: { url: docket.config.REDIS_URL }, prefix: docket.config.QUEUE_PREFIX });
    try {
      await waitFor('both held orders to run', async () => {
        const states = await Promise.all(held.map(async (h) => (await enforcement.getJob(`enforce-${h.id}`))?.finishedOn));
        return states.every(Boolean);
      }, 20_000, 100);
    } finally {
      await enforcement.close();
    }
    expect(platform.received).toHaveLength(0);
    for (const c of [a, b]) {
      const view = (await docket.http().get(`/v1/cases/${c.caseId}`).set(bearer(keys.senior))).body;
      expect(view).toMatchObject({ state: 'queued', decidedAt: null, decision: null });
    }
    await docket.sealAudit();
    const { rows: [event] } = await docket.db.query(`SELECT data FROM audit_events WHERE action = 'bulk_decision.cancelled' AND subject_id = $1`, [applied.body.id]);
    expect([...event.data.caseIds].sort()).toEqual([a.caseId, b.caseId].sort());
  }, 60_000);

  it("selects one category of a reporter's notices in a range; an apply cut off by a crash is finished by the reconciler", async () => {
    const [flagger, senior] = await Promise.all([
      createPrincipal(docket, { role: 'reporter', kind: 'trusted_flagger', name: 'bulk flagger' }),
      createPrincipal(docket, { role: 'senior', name: 'bulk senior' }),
    ]);
    const SCAMS = 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD';
    const from = new Date(Date.now() - 1000).toISOString();
    const scam1 = await fileQueued(docket, flagger.apiKey, keys.moderator, { category: SCAMS }, { text: 'Send 1 BTC, get 2 back, guaranteed' });
    const scam2 = await fileQueued(docket, flagger.apiKey, keys.moderator, { category: SCAMS }, { text: 'Wire a fee to release your lottery prize' });
    await fileQueued(docket, flagger.apiKey, keys.moderator, {}, { text: 'Someone should shoot the mayor' });
    await fileQueued(docket, keys.provider, keys.moderator, { category: SCAMS }, { text: 'Free crypto for the first hundred' });
    const to = new Date(Date.now() + 1000).toISOString();

    const previewed = await preview(senior.apiKey, { selection: { reporterId: flagger.id, from, to, category: SCAMS }, decision: REMOVE });
    expect(previewed.status).toBe(200);
    expect(previewed.body).toMatchObject({ eligible: 2, excluded: [] });
    expect(previewed.body.sample.map((c: { caseId: string }) => c.caseId).sort()).toEqual([scam1.caseId, scam2.caseId].sort());

    // The process applying it dies right after starting: the bulk is 'applying', its lease running, nothing decided.
    const { rows: [bulk] } = await docket.db.query(
      `UPDATE bulk_decisions SET status = 'applying', applied_by = created_by, applied_at = $2, cancellable_until = $3, apply_lease_until = $4
        WHERE created_by = $1 AND status = 'previewed' RETURNING id`,
      [senior.id, new Date(), new Date(Date.now() + GRACE_SECONDS * 1000), new Date(Date.now() + 60_000)]);
    const reconciler = docket.fromWorker(Reconciler);
    // While the lease runs, the applier may still be alive: nothing is taken over.
    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, bulk: 0 });
    expect((await docket.http().get(`/v1/bulk-decisions/${bulk.id}`).set(bearer(senior.apiKey))).body).toMatchObject({ status: 'applying', decided: 0 });
    // The lease runs out: the reconciler applies the rest as the senior would have.
    await docket.db.query(`UPDATE bulk_decisions SET apply_lease_until = $2 WHERE id = $1`, [bulk.id, new Date(Date.now() - 1000)]);
    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, bulk: 1 });
    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, bulk: 0 });
    const done = await waitFor('both removals to be confirmed', async () => {
      const view = await docket.http().get(`/v1/bulk-decisions/${bulk.id}`).set(bearer(senior.apiKey));
      return view.body.removed === 2 ? view.body : undefined;
    }, 30_000, 100);
    expect(done).toMatchObject({ status: 'done', eligible: 2, decided: 2, removed: 2, failed: 0 });
    expect(platform.received.map((r) => r.body.caseId).sort()).toEqual([scam1.caseId, scam2.caseId].sort());
    const { rows: decisions } = await docket.db.query(`SELECT case_id AS "caseId", decided_by AS "decidedBy" FROM decisions WHERE case_id = ANY($1)`, [[scam1.caseId, scam2.caseId]]);
    expect(decisions).toEqual(expect.arrayContaining([{ caseId: scam1.caseId, decidedBy: senior.id }, { caseId: scam2.caseId, decidedBy: senior.id }]));
    expect(decisions).toHaveLength(2);
    await docket.sealAudit();
    const { rows: events } = await docket.db.query(
      `SELECT action, actor_id AS "actorId", data FROM audit_events WHERE subject_type = 'bulk_decision' AND subject_id = $1 ORDER BY id`, [bulk.id]);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['bulk_decision.resumed', 'bulk_decision.applied']);
    expect(events[0].data.pendingCaseIds.sort()).toEqual([scam1.caseId, scam2.caseId].sort());
    expect(events[1]).toMatchObject({ actorId: senior.id });
  }, 60_000);

  it('refuses over 1 000 cases, a used or stale token, someone else\'s token and other roles, with a clear 4xx', async () => {
    const c = await fileQueued(docket, keys.provider, keys.moderator, {}, { text: SPAM });
    const tooMany = await preview(keys.senior, { selection: { caseIds: Array.from({ length: 1001 }, () => randomUUID()) }, decision: REMOVE });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([{ path: 'selection.caseIds', message: expect.stringContaining('1000') }]);
    expect((await preview(keys.moderator, { selection: { caseIds: [c.caseId] }, decision: REMOVE })).status).toBe(403);
    const none = await preview(keys.senior, { selection: {}, decision: REMOVE });
    expect(none.status).toBe(400);

    const other = await createPrincipal(docket, { role: 'senior', name: 'another senior' });
    const mine = await preview(keys.senior, { selection: { caseIds: [c.caseId] }, decision: { action: 'no_violation', explanation: 'Not spam.' } });
    expect(mine.body.eligible).toBe(1);
    const theirs = await apply(other.apiKey, mine.body.token);
    expect(theirs.status).toBe(403);
    expect(theirs.body.message).toMatch(/another principal/);
    expect((await apply(keys.senior, 'no-such-token')).status).toBe(404);

    // Stale: past BULK_PREVIEW_SECONDS.
    docket.clock.advance((docket.config.BULK_PREVIEW_SECONDS + 1) * 1000);
    const stale = await apply(keys.senior, mine.body.token);
    docket.clock.real();
    expect(stale.status).toBe(422);
    expect(stale.body.message).toMatch(/expired/);

    // Used: once only. A "no violation" in bulk is final at once: not cancellable.
    const fresh = await preview(keys.senior, { selection: { caseIds: [c.caseId] }, decision: { action: 'no_violation', explanation: 'Not spam.' } });
    const applied = await apply(keys.senior, fresh.body.token);
    expect(applied.status).toBe(202);
    expect(applied.body).toMatchObject({ status: 'done', decided: 1, cancellableUntil: null });
    const used = await apply(keys.senior, fresh.body.token);
    expect(used.status).toBe(409);
    expect(used.body.message).toMatch(/already used/);
    expect((await docket.http().post(`/v1/bulk-decisions/${applied.body.id}/cancel`).set(bearer(keys.senior))).status).toBe(409);
    expect((await docket.http().get(`/v1/cases/${c.caseId}`).set(bearer(keys.senior))).body.state).toBe('no_violation');
  }, 60_000);
});
