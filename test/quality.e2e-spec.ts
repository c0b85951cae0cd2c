/**
 * Quality sampling (issue 21.3, decision 0037) against real PostgreSQL, Redis and the worker: a sampled decision gets
 * a second review by another moderator, blind to the first decision; agreement is counted per category and per
 * moderator for seniors, in aggregate per category for auditors; a disagreement reaches the senior tier.
 */
import { randomUUID } from 'node:crypto';
import { sampledForSecondReview } from '@docket/review';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { REMOVE, fileQueued } from './support/review';

const VIOLENCE = 'STATEMENT_CATEGORY_VIOLENCE';
const SCAMS = 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD';
const NO_VIOLATION = { action: 'no_violation', explanation: 'Satire of a public figure, no call to violence.' };

describe('quality sampling', () => {
  let docket: Docket;
  let keys: { reporter: string; a: string; b: string; senior: string; auditor: string };
  let ids: { a: string; b: string };

  beforeAll(async () => {
    docket = await startDocket({ worker: true, env: { QUALITY_SAMPLE_SHARE: '1' } });
    const [reporter, a, b, senior, auditor] = await Promise.all([
      createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      createPrincipal(docket, { role: 'moderator', name: 'quality moderator A' }),
      createPrincipal(docket, { role: 'moderator', name: 'quality moderator B' }),
      createPrincipal(docket, { role: 'senior', name: 'quality senior' }),
      createPrincipal(docket, { role: 'auditor' }),
    ]);
    keys = { reporter: reporter.apiKey, a: a.apiKey, b: b.apiKey, senior: senior.apiKey, auditor: auditor.apiKey };
    ids = { a: a.id, b: b.id };
  });
  afterAll(() => docket.close());

  /** Files a notice of `category`, has `moderatorKey` claim and decide its case; returns the case and the decision. */
  async function decided(moderatorKey: string, category: string, body: object): Promise<{ caseId: string; decisionId: string; explanation: string }> {
    const explanation = `${(body as { explanation: string }).explanation} ${randomUUID()}`;
    const { caseId } = await fileQueued(docket, keys.reporter, moderatorKey, { category });
    const claim = await docket.http().post('/v1/queue/claim').set(bearer(moderatorKey)).send({});
    expect([claim.status, claim.body.id]).toEqual([200, caseId]);
    const res = await docket.http().post(`/v1/cases/${caseId}/decision`).set(bearer(moderatorKey)).send({ ...body, explanation });
    expect(res.status).toBe(200);
    return { caseId, decisionId: res.body.decision.id, explanation };
  }

  const secondReviewOf = async (decisionId: string) =>
    (await docket.db.query(`SELECT id, state, category, first_action, automated FROM second_reviews WHERE decision_id = $1`, [decisionId])).rows;

  /** The second reviewer claims the only queued second review and answers `action`. */
  async function secondReview(key: string, expected: { caseId: string; decisionId: string; explanation: string }, action: string) {
    const claim = await docket.http().post('/v1/second-reviews/claim').set(bearer(key)).send({});
    expect(claim.status).toBe(200);
    expect(claim.body.case.id).toBe(expected.caseId);
    // Blind: the case as the reviewer sees it has no decision, no state, and nothing of the first decision anywhere.
    expect(Object.keys(claim.body).sort()).toEqual(['case', 'category', 'id', 'leaseExpiresAt']);
    expect(Object.keys(claim.body.case).sort()).toEqual(['category', 'firstReportedAt', 'id', 'post', 'reportCount', 'reports', 'signals', 'source', 'violent']);
    const text = JSON.stringify(claim.body);
    expect(text).not.toContain(expected.decisionId);
    expect(text).not.toContain(expected.explanation);
    expect(text).not.toMatch(/no_violation|removing|"remove"|decidedAt|"decision"|"state"/);
    expect(claim.body.case.post.text).toEqual(expect.any(String));
    expect(claim.body.case.reports).toHaveLength(1);
    const res = await docket.http().post(`/v1/second-reviews/${claim.body.id}/decision`).set(bearer(key)).send({ action, reason: 'Read the post again.' });
    expect(res.status).toBe(200);
    return { id: claim.body.id as string, outcome: res.body };
  }

  it('samples a decision, keeps it from its decider, and records agreement and disagreement, figures right value by value', async () => {
    // 1. A removes (violence); B agrees.
    const first = await decided(keys.a, VIOLENCE, REMOVE);
    expect(await secondReviewOf(first.decisionId)).toEqual([{ id: expect.any(String), state: 'queued', category: VIOLENCE, first_action: 'remove', automated: false }]);
    // The decision's event names its second review.
    const { rows: [event] } = await docket.db.query(`SELECT data FROM audit_trail WHERE action = 'case.decided' AND data->>'decisionId' = $1`, [first.decisionId]);
    expect(event.data.secondReviewId).toBe((await secondReviewOf(first.decisionId))[0].id);
    // The first decider cannot claim it: nothing else is queued, so nothing for them.
    expect((await docket.http().post('/v1/second-reviews/claim').set(bearer(keys.a)).send({})).status).toBe(204);
    // Nor can anyone claim one of another category.
    expect((await docket.http().post('/v1/second-reviews/claim').set(bearer(keys.b)).send({ category: SCAMS })).status).toBe(204);
    const agreed = await secondReview(keys.b, first, 'remove');
    expect(agreed.outcome).toEqual({ id: agreed.id, status: 'agreed', secondAction: 'remove', agreed: true, reviewedAt: expect.any(String) });
    // Closed once: a second answer is a 409.
    expect((await docket.http().post(`/v1/second-reviews/${agreed.id}/decision`).set(bearer(keys.b)).send({ action: 'remove', reason: 'again' })).status).toBe(409);

    // 2. A finds no violation (violence); B would remove: a disagreement.
    const second = await decided(keys.a, VIOLENCE, NO_VIOLATION);
    const disagreed = await secondReview(keys.b, second, 'remove');
    expect(disagreed.outcome).toMatchObject({ status: 'disagreed', secondAction: 'remove', agreed: false });

    // 3. B removes (scams); A agrees.
    const third = await decided(keys.b, SCAMS, REMOVE);
    expect((await docket.http().post('/v1/second-reviews/claim').set(bearer(keys.b)).send({})).status).toBe(204);
    await secondReview(keys.a, third, 'remove');

    // Seniors: per category and per moderator, value by value.
    const figures = await docket.http().get('/v1/quality/agreement').set(bearer(keys.senior));
    expect(figures.status).toBe(200);
    expect(figures.body).toEqual({
      from: null, to: null,
      categories: [
        { category: SCAMS, reviewed: 1, agreed: 1, disagreed: 0, agreementRate: 1, resolved: 0, firstUpheld: 0, secondUpheld: 0 },
        { category: VIOLENCE, reviewed: 2, agreed: 1, disagreed: 1, agreementRate: 0.5, resolved: 0, firstUpheld: 0, secondUpheld: 0 },
      ],
      moderators: [
        { moderatorId: ids.a, name: 'quality moderator A', reviewed: 2, agreed: 1, disagreed: 1, agreementRate: 0.5, resolved: 0, firstUpheld: 0, secondUpheld: 0 },
        { moderatorId: ids.b, name: 'quality moderator B', reviewed: 1, agreed: 1, disagreed: 0, agreementRate: 1, resolved: 0, firstUpheld: 0, secondUpheld: 0 },
      ],
      total: { reviewed: 3, agreed: 2, disagreed: 1, agreementRate: 0.6667, resolved: 0, firstUpheld: 0, secondUpheld: 0 },
    });
    // A period before all of it: nothing.
    const empty = await docket.http().get('/v1/quality/agreement').query({ to: '2020-01-01' }).set(bearer(keys.senior));
    expect(empty.body).toMatchObject({ categories: [], moderators: [], total: { reviewed: 0, agreed: 0, disagreed: 0, agreementRate: null } });
    expect((await docket.http().get('/v1/quality/agreement').set(bearer(keys.a))).status).toBe(403);

    // The disagreement reaches the senior tier: listed with both decisions and both moderators.
    const list = await docket.http().get('/v1/second-reviews').query({ state: 'disagreed' }).set(bearer(keys.senior));
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      items: [{
        id: disagreed.id, status: 'disagreed', caseId: second.caseId, decisionId: second.decisionId, category: VIOLENCE, automated: false,
        firstAction: 'no_violation', firstDecidedBy: { id: ids.a, name: 'quality moderator A' }, secondAction: 'remove', reason: 'Read the post again.',
        agreed: false, reviewedBy: { id: ids.b, name: 'quality moderator B' }, createdAt: expect.any(String), reviewedAt: expect.any(String),
        resolution: null, resolutionReason: null, resolvedBy: null, resolvedAt: null,
      }],
      nextCursor: null,
    });
    expect((await docket.http().get('/v1/second-reviews').set(bearer(keys.b))).status).toBe(403);

    // Auditors: the aggregate per category, no moderator anywhere; JSON and CSV.
    const audit = await docket.http().get('/v1/audit/agreement').set(bearer(keys.auditor));
    expect(audit.status).toBe(200);
    expect(audit.body).toEqual({ from: null, to: null, categories: figures.body.categories, total: figures.body.total });
    expect(JSON.stringify(audit.body)).not.toMatch(new RegExp(`quality moderator|${ids.a}|${ids.b}`));
    const csv = await docket.http().get('/v1/audit/agreement').query({ format: 'csv' }).set(bearer(keys.auditor));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.trim().split(/\r?\n/)).toEqual([
      'category,reviewed,agreed,disagreed,agreementRate,resolved,firstUpheld,secondUpheld',
      `${SCAMS},1,1,0,1,0,0,0`,
      `${VIOLENCE},2,1,1,0.5,0,0,0`,
      'total,3,2,1,0.6667,0,0,0',
    ]);
    expect(csv.text).not.toContain('quality moderator');

    // Every step is in the audit log.
    const { rows: steps } = await docket.db.query(
      `SELECT action, count(*)::int AS n FROM audit_trail WHERE subject_type IN ('second_review', 'export') AND (subject_type = 'second_review' OR subject_id = 'agreement')
        GROUP BY action ORDER BY action`);
    expect(steps).toEqual([
      { action: 'audit.exported', n: 2 }, { action: 'second_review.agreed', n: 2 }, { action: 'second_review.claimed', n: 3 }, { action: 'second_review.disagreed', n: 1 },
    ]);
  });

  it('sends the disagreement to the senior tier: leased by a senior who took neither decision, resolved once, counted', async () => {
    const [{ rows: [open] }, other] = await Promise.all([
      docket.db.query(`SELECT id, case_id AS "caseId", decision_id AS "decisionId" FROM second_reviews WHERE state = 'disagreed'`),
      createPrincipal(docket, { role: 'senior', name: 'quality senior two' }),
    ]);
    // Moderators have no senior queue.
    expect((await docket.http().post('/v1/second-reviews/disagreements/claim').set(bearer(keys.a)).send()).status).toBe(403);
    expect((await docket.http().get('/v1/second-reviews').query({ state: 'disagreed', resolved: 'maybe' }).set(bearer(keys.senior))).body.errors)
      .toEqual([expect.objectContaining({ path: 'resolved' })]);

    expect((await docket.http().post('/v1/second-reviews/disagreements/claim').set(bearer(keys.senior)).send({ category: SCAMS })).status).toBe(204);
    const claim = await docket.http().post('/v1/second-reviews/disagreements/claim').set(bearer(keys.senior)).send({ category: VIOLENCE });
    expect(claim.status).toBe(200);
    // Not blind: both decisions, both moderators, the reasons and the whole case.
    expect(claim.body).toMatchObject({
      id: open.id, caseId: open.caseId, decisionId: open.decisionId, category: VIOLENCE, automated: false,
      firstAction: 'no_violation', firstDecidedBy: { id: ids.a, name: 'quality moderator A' },
      firstExplanation: expect.stringContaining(NO_VIOLATION.explanation), secondAction: 'remove', reason: 'Read the post again.',
      reviewedBy: { id: ids.b, name: 'quality moderator B' }, case: { id: open.caseId, state: 'no_violation', decision: { action: 'no_violation' } },
    });
    // Leased: the other senior gets nothing, cannot resolve or release it.
    expect((await docket.http().post('/v1/second-reviews/disagreements/claim').set(bearer(other.apiKey)).send()).status).toBe(204);
    const stolen = await docket.http().post(`/v1/second-reviews/${open.id}/resolution`).set(bearer(other.apiKey)).send({ upheld: 'first', reason: 'x' });
    expect([stolen.status, stolen.body.message]).toEqual([409, expect.stringMatching(/lease/)]);
    expect((await docket.http().post(`/v1/second-reviews/${open.id}/release`).set(bearer(other.apiKey)).send()).status).toBe(409);
    // The holder keeps it alive; nobody else can.
    docket.clock.set(new Date(Date.now() + 60_000));
    const kept = await docket.http().post(`/v1/second-reviews/${open.id}/heartbeat`).set(bearer(keys.senior)).send();
    expect([kept.status, Date.parse(kept.body.leaseExpiresAt)]).toEqual([200, docket.clock.now().getTime() + docket.config.LEASE_SECONDS * 1000]);
    expect((await docket.http().post(`/v1/second-reviews/${open.id}/heartbeat`).set(bearer(other.apiKey)).send()).status).toBe(409);
    docket.clock.real();
    // Released, it goes to the other senior.
    expect((await docket.http().post(`/v1/second-reviews/${open.id}/release`).set(bearer(keys.senior)).send()).status).toBe(204);
    const taken = await docket.http().post('/v1/second-reviews/disagreements/claim').set(bearer(other.apiKey)).send();
    expect([taken.status, taken.body.id]).toEqual([200, open.id]);

    const bad = await docket.http().post(`/v1/second-reviews/${open.id}/resolution`).set(bearer(other.apiKey)).send({ upheld: 'both', reason: '' });
    expect([bad.status, bad.body.errors.map((d: { path: string }) => d.path).sort()]).toEqual([400, ['reason', 'upheld']]);
    const resolved = await docket.http().post(`/v1/second-reviews/${open.id}/resolution`).set(bearer(other.apiKey))
      .send({ upheld: 'second', reason: 'The post calls for violence; the first decision missed it.' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toEqual({ id: open.id, resolution: 'second_upheld', resolvedAt: expect.any(String) });
    const again = await docket.http().post(`/v1/second-reviews/${open.id}/resolution`).set(bearer(other.apiKey)).send({ upheld: 'first', reason: 'changed my mind' });
    expect([again.status, again.body.message]).toEqual([409, expect.stringMatching(/already resolved/)]);
    expect((await docket.http().post('/v1/second-reviews/disagreements/claim').set(bearer(keys.senior)).send()).status).toBe(204);

    // The senior list says who resolved it, how and why; the unresolved list is empty.
    const list = await docket.http().get('/v1/second-reviews').query({ state: 'disagreed', resolved: 'true' }).set(bearer(keys.senior));
    expect(list.body.items).toEqual([expect.objectContaining({
      id: open.id, resolution: 'second_upheld', resolutionReason: 'The post calls for violence; the first decision missed it.',
      resolvedBy: { id: other.id, name: 'quality senior two' }, resolvedAt: resolved.body.resolvedAt,
    })]);
    expect((await docket.http().get('/v1/second-reviews').query({ state: 'disagreed', resolved: 'false' }).set(bearer(keys.senior))).body.items).toEqual([]);
    // Counted against the first decider: A's removal-worthy post was kept.
    const figures = await docket.http().get('/v1/quality/agreement').set(bearer(keys.senior));
    expect(figures.body.moderators.find((m: { moderatorId: string }) => m.moderatorId === ids.a)).toMatchObject({ disagreed: 1, resolved: 1, firstUpheld: 0, secondUpheld: 1 });
    expect(figures.body.total).toMatchObject({ disagreed: 1, resolved: 1, secondUpheld: 1 });
    const { rows: events } = await docket.db.query(
      `SELECT action, actor_id AS "actorId", data FROM audit_trail WHERE subject_type = 'second_review' AND subject_id = $1 AND action IN ('second_review.claimed', 'second_review.released', 'second_review.resolved')`, [open.id]);
    expect(events.map((e: { action: string }) => e.action).sort()).toEqual([
      'second_review.claimed', 'second_review.claimed', 'second_review.claimed', 'second_review.released', 'second_review.resolved',
    ]);
    expect(events.find((e: { action: string }) => e.action === 'second_review.resolved')).toMatchObject({ actorId: other.id, data: { resolution: 'second_upheld', firstAction: 'no_violation', secondAction: 'remove', caseId: open.caseId } });
  });

  it('never samples an escalation (not a final decision); the senior\'s final decision is sampled', async () => {
    const escalated = await decided(keys.a, VIOLENCE, { action: 'escalate', explanation: 'Needs a senior.' });
    expect(await secondReviewOf(escalated.decisionId)).toEqual([]);
    const claim = await docket.http().post('/v1/queue/claim').set(bearer(keys.senior)).send({ tier: 'senior' });
    expect([claim.status, claim.body.id]).toEqual([200, escalated.caseId]);
    const final = await docket.http().post(`/v1/cases/${escalated.caseId}/decision`).set(bearer(keys.senior)).send(NO_VIOLATION);
    expect(final.status).toBe(200);
    expect(await secondReviewOf(final.body.decision.id)).toEqual([expect.objectContaining({ state: 'queued', first_action: 'no_violation' })]);
    // Worked off by a moderator, so the next test starts with an empty second-review queue.
    // Claimed by B, held (A gets nothing), released, then claimed by A.
    const held = await docket.http().post('/v1/second-reviews/claim').set(bearer(keys.b)).send({});
    expect(held.body.case.id).toBe(escalated.caseId);
    expect((await docket.http().post('/v1/second-reviews/claim').set(bearer(keys.a)).send({})).status).toBe(204);
    expect((await docket.http().post(`/v1/second-reviews/${held.body.id}/release`).set(bearer(keys.a)).send()).status).toBe(409);
    expect((await docket.http().post(`/v1/second-reviews/${held.body.id}/release`).set(bearer(keys.b)).send()).status).toBe(204);
    const review = await docket.http().post('/v1/second-reviews/claim').set(bearer(keys.a)).send({});
    expect([review.body.id, review.body.case.id]).toEqual([held.body.id, escalated.caseId]);
    expect((await docket.http().post(`/v1/second-reviews/${review.body.id}/decision`).set(bearer(keys.a)).send({ action: 'no_violation', reason: 'Satire.' })).status).toBe(200);
  });

  it('with share 0, samples no moderator decision; automated decisions are always sampled', async () => {
    docket.config.QUALITY_SAMPLE_SHARE = 0;
    try {
      const removal = await decided(keys.a, VIOLENCE, REMOVE);
      const kept = await decided(keys.a, SCAMS, NO_VIOLATION);
      expect(await secondReviewOf(removal.decisionId)).toEqual([]);
      expect(await secondReviewOf(kept.decisionId)).toEqual([]);
      expect((await docket.http().post('/v1/second-reviews/claim').set(bearer(keys.b)).send({})).status).toBe(204);
    } finally {
      docket.config.QUALITY_SAMPLE_SHARE = 1;
    }
    // docket makes no automated decision through its API yet (automated_decision is always false); the draw says yes to any.
    for (let i = 0; i < 100; i++) expect(sampledForSecondReview(randomUUID(), 0, true)).toBe(true);
  });

  it('draws about the configured share, the same for the same decision', () => {
    const ids = Array.from({ length: 20_000 }, () => randomUUID());
    const share = ids.filter((id) => sampledForSecondReview(id, 0.05, false)).length / ids.length;
    expect(share).toBeGreaterThan(0.04);
    expect(share).toBeLessThan(0.06);
    expect(ids.every((id) => sampledForSecondReview(id, 0.05, false) === sampledForSecondReview(id, 0.05, false))).toBe(true);
    expect(ids.some((id) => sampledForSecondReview(id, 0, false))).toBe(false);
    expect(ids.every((id) => sampledForSecondReview(id, 1, false))).toBe(true);
  });
});
