import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { REMOVED_MATCHES_SHOWN, TriageBatcher, TriageService } from '@docket/triage';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { notice } from './support/notices';
import { Keys, REMOVE, fileQueued, reviewKeys } from './support/review';
import { scan } from './support/scans';
import { waitFor } from './support/wait-for';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const ms = (iso: string) => new Date(iso).getTime();

async function auditCount(docket: Docket, caseId: string): Promise<number> {
  return (await docket.db.query(`SELECT count(*)::int AS n FROM audit_trail WHERE subject_id = $1`, [caseId])).rows[0].n;
}

describe('triage: signals, fingerprints and deadlines', () => {
  let docket: Docket;
  let keys: Keys;
  beforeAll(async () => {
    docket = await startDocket({ worker: true });
    keys = await reviewKeys(docket);
  });
  afterAll(() => docket.close());

  it('flags incitement and tightens a user notice from 24 hours to 1 hour; ordinary speech keeps 24 hours', async () => {
    const flagged = await fileQueued(docket, keys.user, keys.moderator, { specification: [] }, { text: 'Hang Mike Pence' });
    const plain = await fileQueued(docket, keys.user, keys.moderator, { specification: [] }, { text: 'Pence certified the election today.' });

    const flaggedCase = (await docket.http().get(`/v1/cases/${flagged.caseId}`).set(bearer(keys.moderator))).body;
    expect(flaggedCase.state).toBe('queued');
    expect(flaggedCase.signals.flags).toEqual(['incitement']);
    expect(flaggedCase.signals.matches[0]).toMatchObject({ flag: 'incitement', language: 'en' });
    expect(ms(flaggedCase.dueAt) - ms(flagged.receivedAt)).toBe(HOUR);
    expect(flaggedCase.priority).toBe(1);
    const report = await docket.http().get(`/v1/reports/${flagged.id}`).set(bearer(keys.user));
    expect(ms(report.body.dueAt) - ms(flagged.receivedAt)).toBe(HOUR);
    expect(report.body.status).toBe('queued');

    const plainCase = (await docket.http().get(`/v1/cases/${plain.caseId}`).set(bearer(keys.moderator))).body;
    expect(plainCase.signals.flags).toEqual([]);
    expect(ms(plainCase.dueAt) - ms(plain.receivedAt)).toBe(DAY);
  });

  it('is idempotent: running triage again on the same facts changes nothing', async () => {
    const filed = await fileQueued(docket, keys.provider, keys.moderator, {}, { text: 'Kill them all' });
    const before = (await docket.http().get(`/v1/cases/${filed.caseId}`).set(bearer(keys.moderator))).body;
    const events = await auditCount(docket, filed.caseId);
    const outbox = (await docket.db.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n;

    const triage = docket.app.get(TriageService);
    expect(await triage.triage([filed.caseId])).toEqual(new Map([[filed.caseId, 'unchanged']]));
    expect(await triage.triage([filed.caseId])).toEqual(new Map([[filed.caseId, 'unchanged']]));

    expect((await docket.http().get(`/v1/cases/${filed.caseId}`).set(bearer(keys.moderator))).body).toEqual(before);
    expect(await auditCount(docket, filed.caseId)).toBe(events);
    expect((await docket.db.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n).toBe(outbox);
  });

  it('triages cases whose jobs arrive together in one batch, each with its own outcome', async () => {
    await docket.stopWorker();
    try {
      const texts = ['Hang Mike Pence', 'Lovely weather in the park', 'Storm the Capitol and burn it down', 'Lemon cake recipe'];
      const filed = await Promise.all(texts.map(async (text) => {
        const res = await docket.http().post('/v1/reports').set(bearer(keys.user)).send(notice({ specification: [] }, { text }));
        expect(res.status).toBe(202);
        return res.body.caseId as string;
      }));
      const missing = randomUUID();
      const batcher = docket.app.get(TriageBatcher);
      expect(await Promise.all([...filed, missing].map((id) => batcher.submit(id)))).toEqual(['queued', 'queued', 'queued', 'queued', 'missing']);
      const { rows } = await docket.db.query(
        `SELECT id, state, signals->'flags' AS flags, queued_at FROM cases WHERE id = ANY($1::uuid[])`, [filed],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(filed.map((id) => [byId.get(id).state, byId.get(id).flags])).toEqual([
        ['queued', ['incitement']], ['queued', []], ['queued', ['incitement']], ['queued', []],
      ]);
      // One batch, one transaction: every case was queued at the same instant.
      expect(new Set(rows.map((r) => r.queued_at.toISOString())).size).toBe(1);
      for (const id of filed) expect(await auditCount(docket, id)).toBe(2); // case.opened, case.queued
    } finally {
      await docket.startWorker();
    }
  });

  it('flags a post whose text repeats a removed post, and a policy rule on that flag tightens its deadline', async () => {
    const admin = bearer(docket.adminKey);
    const policy = (await docket.http().get('/v1/admin/deadline-policy').set(admin)).body;
    const replaced = await docket.http().put('/v1/admin/deadline-policy').set(admin)
      .send({ ...policy, rules: [{ when: { signals: ['matches_removed'] }, windowSeconds: 1800 }, ...policy.rules] });
    expect(replaced.status).toBe(200);

    const original = await fileQueued(docket, keys.user, keys.moderator, { category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', specification: [] },
      { text: 'Send 1 BTC to this wallet and get 2 back, guaranteed!' });
    await removeThroughQueue(docket, keys.moderator, original.caseId);

    const copy = await fileQueued(docket, keys.user, keys.moderator, { category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', specification: [] },
      { text: 'send 1 btc to this WALLET,   and get 2 back — guaranteed 🚀' });
    const c = (await docket.http().get(`/v1/cases/${copy.caseId}`).set(bearer(keys.moderator))).body;
    expect(c.signals.flags).toEqual(['matches_removed']);
    expect(c.signals.matchesRemovedPosts).toHaveLength(1);
    expect(ms(c.dueAt) - ms(copy.receivedAt)).toBe(1800_000);
  });

  it('names at most REMOVED_MATCHES_SHOWN removed posts a text repeats, however often it was removed', async () => {
    const text = 'Miracle cure: drink bleach daily, doctors hate it';
    const original = await fileQueued(docket, keys.user, keys.moderator, { specification: [] }, { text });
    await removeThroughQueue(docket, keys.moderator, original.caseId);
    // 24 more removed copies of the post, as years of moderation would leave them.
    const { rows: [{ post_id: postId }] } = await docket.db.query('SELECT post_id FROM cases WHERE id = $1', [original.caseId]);
    await docket.db.query(
      `INSERT INTO posts SELECT (jsonb_populate_record(NULL::posts, to_jsonb(p) || jsonb_build_object('id', p.id || '-copy-' || g))).*
         FROM posts p, generate_series(1, 24) g WHERE p.id = $1`, [postId]);
    await docket.db.query(
      `INSERT INTO cases SELECT (jsonb_populate_record(NULL::cases, to_jsonb(c) || jsonb_build_object('id', gen_random_uuid(), 'post_id', c.post_id || '-copy-' || g))).*
         FROM cases c, generate_series(1, 24) g WHERE c.id = $1`, [original.caseId]);

    const copy = await fileQueued(docket, keys.user, keys.moderator, { specification: [] }, { text });
    const c = (await docket.http().get(`/v1/cases/${copy.caseId}`).set(bearer(keys.moderator))).body;
    expect(c.signals.flags).toContain('matches_removed');
    expect(c.signals.matchesRemovedPosts).toHaveLength(REMOVED_MATCHES_SHOWN);
    expect(c.signals.matchesRemovedPosts).toContain(postId);
  });

  it('sets deadline timers when a case is queued, and again when a joining notice tightens its deadline', async () => {
    const first = await fileQueued(docket, keys.user, keys.moderator, { specification: [] }, { text: 'Meet at the square at noon.' });
    const deadlines = new Queue('deadlines', { connection: { url: docket.config.REDIS_URL }, prefix: docket.config.QUEUE_PREFIX });
    try {
      // The delayed timer jobs holding this case's timer for `dueAt` (timers due in the same second share a job).
      const timerFor = (kind: 'warn' | 'breach', dueAt: string) => async () => {
        const jobs = await deadlines.getJobs(['delayed']);
        return jobs.find((j) => j.name === `deadline.${kind}` && j.data.timers.some((t: { caseId: string; dueAt: string }) => t.caseId === first.caseId && t.dueAt === dueAt));
      };
      const timer = await waitFor('the 24-hour breach timer', timerFor('breach', first.dueAt));
      expect(timer.data.timers).toContainEqual({ caseId: first.caseId, dueAt: first.dueAt });
      // It fires within the second after the deadline, never before.
      const firesAt = timer.timestamp + timer.opts.delay!;
      expect(firesAt - new Date(first.dueAt).getTime()).toBeGreaterThanOrEqual(0);
      expect(firesAt - new Date(first.dueAt).getTime()).toBeLessThan(1000);
      const warn = await waitFor('the warning timer', timerFor('warn', first.dueAt));
      // warnAtFraction 0.75 of a 24-hour window.
      expect(warn.timestamp + warn.opts.delay! - new Date(first.receivedAt).getTime()).toBeGreaterThan(0.74 * DAY);

      const postId = (await docket.http().get(`/v1/cases/${first.caseId}`).set(bearer(keys.moderator))).body.post.id;
      const joined = await docket.http().post('/v1/reports').set(bearer(keys.provider)).send(notice({}, { id: postId }));
      expect(joined.body.caseId).toBe(first.caseId);
      expect(new Date(joined.body.dueAt).getTime() - new Date(joined.body.receivedAt).getTime()).toBe(HOUR);
      await waitFor('the 1-hour breach timer', timerFor('breach', joined.body.dueAt));
    } finally {
      await deadlines.close();
    }
  });

  async function removeThroughQueue(d: Docket, moderatorKey: string, caseId: string) {
    // Other tests' cases may be more urgent: claim until this one comes up, releasing the rest.
    for (let i = 0; i < 20; i++) {
      const claim = await d.http().post('/v1/queue/claim').set(bearer(moderatorKey)).send({});
      expect(claim.status).toBe(200);
      if (claim.body.id === caseId) {
        const decided = await d.http().post(`/v1/cases/${caseId}/decision`).set(bearer(moderatorKey))
          .send({ action: 'remove', ground: 'incompatible_content', policy: 'Terms §4 (scams)', explanation: 'Crypto doubling scam.' });
        expect(decided.status).toBe(200);
        return;
      }
      await d.http().post(`/v1/cases/${claim.body.id}/decision`).set(bearer(moderatorKey)).send({ action: 'no_violation', explanation: 'cleared in a test' });
    }
    throw new Error('never claimed the case');
  }
});

describe('the deadline policy', () => {
  let docket: Docket;
  beforeAll(async () => {
    docket = await startDocket();
  });
  afterAll(() => docket.close());

  it('is read and replaced by an admin; new reports get the new windows, filed ones keep theirs', async () => {
    const admin = bearer(docket.adminKey);
    const reporter = await createPrincipal(docket, { role: 'reporter', kind: 'user' });
    const current = await docket.http().get('/v1/admin/deadline-policy').set(admin);
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ defaultWindowSeconds: 604800, warnAtFraction: 0.75 });
    expect(current.body.rules[0]).toEqual({ when: { reporterKinds: ['authority'] }, windowSeconds: 3600 });

    const before = await docket.http().post('/v1/reports').set(bearer(reporter.apiKey)).send(notice({ category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', specification: [] }));
    const next = { rules: [{ when: { categories: ['STATEMENT_CATEGORY_SCAMS_AND_FRAUD'] }, windowSeconds: 120 }], defaultWindowSeconds: 600, warnAtFraction: 0.5 };
    const put = await docket.http().put('/v1/admin/deadline-policy').set(admin).send(next);
    expect(put.status).toBe(200);
    expect(put.body).toEqual(next);
    expect((await docket.http().get('/v1/admin/deadline-policy').set(admin)).body).toEqual(next);

    const after = await docket.http().post('/v1/reports').set(bearer(reporter.apiKey)).send(notice({ category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', specification: [] }));
    expect(ms(after.body.dueAt) - ms(after.body.receivedAt)).toBe(120_000);
    const old = await docket.http().get(`/v1/reports/${before.body.id}`).set(bearer(reporter.apiKey));
    expect(ms(old.body.dueAt) - ms(old.body.receivedAt)).toBe(7 * DAY);
  });

  it.each([
    ['an unknown category', { categories: ['STATEMENT_CATEGORY_NOPE'] }, 60, 'rules[1].when.categories'],
    ['an unknown reporter kind', { reporterKinds: ['police'] }, 60, 'rules[1].when.reporterKinds'],
    ['an unknown signal', { signals: ['spooky'] }, 60, 'rules[1].when.signals'],
    ['a rule with no condition', {}, 60, 'rules[1].when'],
    ['a zero window', { categories: ['STATEMENT_CATEGORY_VIOLENCE'] }, 0, 'rules[1].windowSeconds'],
  ])('refuses %s with 400 naming the rule, and keeps the policy', async (_, when, windowSeconds, path) => {
    const admin = bearer(docket.adminKey);
    const before = (await docket.http().get('/v1/admin/deadline-policy').set(admin)).body;
    const res = await docket.http().put('/v1/admin/deadline-policy').set(admin).send({
      rules: [{ when: { reporterKinds: ['authority'] }, windowSeconds: 3600 }, { when, windowSeconds }], defaultWindowSeconds: 604800, warnAtFraction: 0.75,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContainEqual(expect.stringMatching(new RegExp(`^${path.replace(/[[\].]/g, '\\$&')}`)));
    expect((await docket.http().get('/v1/admin/deadline-policy').set(admin)).body).toEqual(before);
  });

  it('refuses a bad warnAtFraction and unknown fields, and non-admins', async () => {
    const admin = bearer(docket.adminKey);
    const bad = await docket.http().put('/v1/admin/deadline-policy').set(admin).send({ rules: [], defaultWindowSeconds: 60, warnAtFraction: 1.5, extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['extra', 'warnAtFraction']);
    const moderator = await createPrincipal(docket, { role: 'moderator' });
    expect((await docket.http().get('/v1/admin/deadline-policy').set(bearer(moderator.apiKey))).status).toBe(403);
  });
});

describe('the review queue', () => {
  let docket: Docket;
  let keys: Keys;
  beforeEach(async () => {
    docket = await startDocket({ worker: true });
    keys = await reviewKeys(docket);
  });
  afterEach(() => docket.close());

  it('gives 20 concurrent claims over 10 cases 10 distinct cases and 10 empty answers', async () => {
    for (let i = 0; i < 10; i++) await fileQueued(docket, keys.provider, keys.moderator);
    const moderators = await Promise.all(Array.from({ length: 20 }, (_, i) => createPrincipal(docket, { role: 'moderator', name: `m${i}` })));
    const answers = await Promise.all(moderators.map((m) => docket.http().post('/v1/queue/claim').set(bearer(m.apiKey)).send({})));
    const claimed = answers.filter((a) => a.status === 200);
    expect(claimed).toHaveLength(10);
    expect(answers.filter((a) => a.status === 204)).toHaveLength(10);
    expect(new Set(claimed.map((a) => a.body.id)).size).toBe(10);
    const holders = (await docket.db.query(`SELECT count(DISTINCT claimed_by)::int AS n FROM cases WHERE lease_expires_at > now()`)).rows[0].n;
    expect(holders).toBe(10);
  });

  it('claims a case another transaction only references (the key-share lock of a foreign key check)', async () => {
    const filed = await fileQueued(docket, keys.provider, keys.moderator);
    const holder = await docket.db.connect();
    try {
      await holder.query('BEGIN');
      // What inserting a report that joins the case, or a decision about it, takes on the case row until commit.
      await holder.query('SELECT 1 FROM cases WHERE id = $1 FOR KEY SHARE', [filed.caseId]);
      const claim = await docket.http().post('/v1/queue/claim').set(bearer(keys.moderator)).send({});
      expect([claim.status, claim.body.id]).toEqual([200, filed.caseId]);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
  });

  it('puts a 1-hour violence notice from a hosting provider ahead of an older 7-day spam notice', async () => {
    docket.clock.set(new Date(Date.now() - 2 * DAY));
    const spam = await fileQueued(docket, keys.user, keys.moderator, { category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', specification: [] }, { text: 'Cheap watches here' });
    docket.clock.real();
    const violence = await fileQueued(docket, keys.provider, keys.moderator, {}, { text: 'Storm the building on the 6th, bring guns' });

    const queue = await docket.http().get('/v1/queue').set(bearer(keys.moderator));
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((c: { id: string }) => c.id)).toEqual([violence.caseId, spam.caseId]);
    const first = await docket.http().post('/v1/queue/claim').set(bearer(keys.moderator)).send({});
    expect(first.body.id).toBe(violence.caseId);
    const second = await docket.http().post('/v1/queue/claim').set(bearer(keys.moderator2)).send({});
    expect(second.body.id).toBe(spam.caseId);
    expect((await docket.http().get('/v1/queue').set(bearer(keys.moderator))).body.items).toEqual([]);
  });

  it('orders equal deadlines by report count, then age, and pages through the queue with a cursor', async () => {
    const base = new Date(Math.floor(Date.now() / 1000) * 1000);
    docket.clock.set(base);
    const single = await fileQueued(docket, keys.provider, keys.moderator, {}, { text: 'one report' });
    const popular = await fileQueued(docket, keys.provider, keys.moderator, {}, { text: 'three reports' });
    const younger = (docket.clock.advance(60_000), await fileQueued(docket, keys.provider, keys.moderator, {}, { text: 'later' }));
    docket.clock.set(base);
    for (let i = 0; i < 2; i++) {
      await docket.http().post('/v1/reports').set(bearer(keys.provider)).send(notice({}, { id: (await caseOf(popular.caseId)).post.id }));
    }
    docket.clock.real();
    const page1 = await docket.http().get('/v1/queue?limit=2').set(bearer(keys.moderator));
    expect(page1.body.items.map((c: { id: string }) => c.id)).toEqual([popular.caseId, single.caseId]);
    expect(page1.body.items[0].reportCount).toBe(3);
    const page2 = await docket.http().get(`/v1/queue?limit=2&cursor=${page1.body.nextCursor}`).set(bearer(keys.moderator));
    expect(page2.body).toEqual({ items: [expect.objectContaining({ id: younger.caseId })], nextCursor: null });
  });

  async function caseOf(id: string) {
    return (await docket.http().get(`/v1/cases/${id}`).set(bearer(keys.moderator))).body;
  }

  it('claims with one statement on the claim-order index', async () => {
    await docket.db.query(`
      INSERT INTO posts (id) SELECT 'explain-' || g FROM generate_series(1, 5000) g;
      INSERT INTO cases (id, post_id, state, tier, category, categories, due_at, report_count, first_reported_at)
        SELECT gen_random_uuid(), 'explain-' || g, CASE WHEN g % 10 = 0 THEN 'queued' ELSE 'no_violation' END, 'standard',
               'STATEMENT_CATEGORY_VIOLENCE', '{STATEMENT_CATEGORY_VIOLENCE}', now() + g * interval '1 minute', 1, now()
          FROM generate_series(1, 5000) g;
      ANALYZE cases;`);
    const plan = await docket.db.query(
      `EXPLAIN UPDATE cases SET claimed_by = $3, lease_expires_at = $2
         WHERE id = (SELECT c.id FROM cases c WHERE c.state = 'queued' AND c.tier = $1 AND (c.lease_expires_at IS NULL OR c.lease_expires_at <= $2)
                     ORDER BY c.tier, c.due_at, c.report_count DESC, c.first_reported_at, c.id LIMIT 1 FOR UPDATE SKIP LOCKED)`,
      ['standard', new Date(), '00000000-0000-0000-0000-000000000000'],
    );
    const text = plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index Scan using cases_claim_order/);
    expect(text).not.toMatch(/Sort/);
  });

  it('lets a lease expire without any job: another moderator claims the case, and the first one is refused', async () => {
    const filed = await fileQueued(docket, keys.provider, keys.moderator);
    const first = await docket.http().post('/v1/queue/claim').set(bearer(keys.moderator)).send({});
    expect(first.body).toMatchObject({ id: filed.caseId, state: 'in_review' });
    expect(ms(first.body.leaseExpiresAt) - Date.now()).toBeGreaterThan(290_000);
    expect((await docket.http().post('/v1/queue/claim').set(bearer(keys.moderator2)).send({})).status).toBe(204);

    const hb = await docket.http().post(`/v1/cases/${filed.caseId}/heartbeat`).set(bearer(keys.moderator));
    expect(hb.status).toBe(200);
    expect(ms(hb.body.leaseExpiresAt)).toBeGreaterThanOrEqual(ms(first.body.leaseExpiresAt));
    expect((await docket.http().post(`/v1/cases/${filed.caseId}/heartbeat`).set(bearer(keys.moderator2))).status).toBe(409);

    docket.clock.advance(301_000);
    const status = await docket.http().get(`/v1/reports/${filed.id}`).set(bearer(keys.provider));
    expect(status.body.status).toBe('queued');
    const second = await docket.http().post('/v1/queue/claim').set(bearer(keys.moderator2)).send({});
    expect(second.body.id).toBe(filed.caseId);

    const late = await docket.http().post(`/v1/cases/${filed.caseId}/decision`).set(bearer(keys.moderator)).send(REMOVE);
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/lease/);
    expect((await docket.http().post(`/v1/cases/${filed.caseId}/heartbeat`).set(bearer(keys.moderator))).status).toBe(409);
    const decided = await docket.http().post(`/v1/cases/${filed.caseId}/decision`).set(bearer(keys.moderator2)).send(REMOVE);
    expect(decided.status).toBe(200);
  });

  it('release gives the case back at once', async () => {
    const filed = await fileQueued(docket, keys.provider, keys.moderator);
    await docket.http().post('/v1/queue/claim').set(bearer(keys.moderator)).send({});
    expect((await docket.http().post(`/v1/cases/${filed.caseId}/release`).set(bearer(keys.moderator2))).status).toBe(409);
    expect((await docket.http().post(`/v1/cases/${filed.caseId}/release`).set(bearer(keys.moderator))).status).toBe(204);
    expect((await docket.http().post('/v1/queue/claim').set(bearer(keys.moderator2)).send({})).body.id).toBe(filed.caseId);
    expect((await docket.http().post(`/v1/cases/00000000-0000-4000-8000-000000000000/release`).set(bearer(keys.moderator))).status).toBe(404);
  });
});

describe('decisions', () => {
  let docket: Docket;
  let keys: Keys;
  beforeEach(async () => {
    docket = await startDocket({ worker: true });
    keys = await reviewKeys(docket);
  });
  afterEach(() => docket.close());

  it('removal: stores the statement of reasons, moves the case to removing, and refuses a second decision', async () => {
    const filed = await fileQueued(docket, keys.provider, keys.moderator, {}, { text: 'Hang Mike Pence' });
    await docket.http().post('/v1/queue/claim').set(bearer(keys.moderator)).send({});
    const res = await docket.http().post(`/v1/cases/${filed.caseId}/decision`).set(bearer(keys.moderator)).send(REMOVE);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: filed.caseId, state: 'removing', decidedAt: expect.any(String), removedAt: null, claimedBy: null,
      // Triage flagged the post as incitement: detection was automated (DSA automated_detection), the decision was not.
      decision: { action: 'remove', ground: 'illegal_content', legalGround: REMOVE.legalGround, policy: null, explanation: REMOVE.explanation,
        automatedDetection: true, automatedDecision: false },
    });
    const again = await docket.http().post(`/v1/cases/${filed.caseId}/decision`).set(bearer(keys.moderator)).send(REMOVE);
    expect(again.status).toBe(409);
    const report = await docket.http().get(`/v1/reports/${filed.id}`).set(bearer(keys.provider));
    expect(report.body).toMatchObject({ status: 'removing', outcome: null, removedAt: null });
    await docket.sealAudit();
    const events = await docket.db.query(`SELECT action, actor_role FROM audit_events WHERE subject_id = $1 ORDER BY id`, [filed.caseId]);
    expect(events.rows.map((e) => e.action)).toEqual(['case.opened', 'case.queued', 'case.claimed', 'case.decided']);
    const decisions = await docket.db.query(`SELECT id FROM decisions WHERE case_id = $1`, [filed.caseId]);
    expect(decisions.rows).toHaveLength(1);
    const enforcement = new Queue('enforcement', { connection: { url: docket.config.REDIS_URL }, prefix: docket.config.QUEUE_PREFIX });
    try {
      const job = await waitFor('the removal order to be queued', () => enforcement.getJob(`enforce-${decisions.rows[0].id}`));
      expect(job.data).toEqual({ caseId: filed.caseId, decisionId: decisions.rows[0].id });
    } finally {
      await enforcement.close();
    }
  });

  it.each([
    [{ action: 'remove', explanation: 'x' }, 'ground'],
    [{ action: 'remove', ground: 'illegal_content', explanation: 'x' }, 'legalGround'],
    [{ action: 'remove', ground: 'incompatible_content', explanation: 'x' }, 'policy'],
    [{ action: 'delete', explanation: 'x' }, 'action'],
    [{ action: 'no_violation', explanation: '' }, 'explanation'],
    [{ action: 'no_violation', explanation: 'x'.repeat(2001) }, 'explanation'],
  ])('refuses %j with 400 naming %s, deciding nothing', async (body, path) => {
    const filed = await fileQueued(docket, keys.provider, keys.moderator);
    await docket.http().post('/v1/queue/claim').set(bearer(keys.moderator)).send({});
    const res = await docket.http().post(`/v1/cases/${filed.caseId}/decision`).set(bearer(keys.moderator)).send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    expect((await docket.db.query('SELECT count(*)::int AS n FROM decisions')).rows[0].n).toBe(0);
  });

  it('no violation closes the case and answers its reporters', async () => {
    const filed = await fileQueued(docket, keys.user, keys.moderator, { specification: [] }, { text: 'A heated but lawful rant about taxes' });
    await docket.http().post('/v1/queue/claim').set(bearer(keys.moderator)).send({});
    const res = await docket.http().post(`/v1/cases/${filed.caseId}/decision`).set(bearer(keys.moderator)).send({ action: 'no_violation', explanation: 'Opinion, no threat.' });
    expect(res.body).toMatchObject({ state: 'no_violation', breached: false, decision: { action: 'no_violation', ground: null } });
    const report = await docket.http().get(`/v1/reports/${filed.id}`).set(bearer(keys.user));
    expect(report.body).toMatchObject({ status: 'no_violation', outcome: 'no_violation', removedAt: null, timeToRemovalSeconds: null });
  });

  it('escalation moves the case to the senior tier, which only seniors work and decide', async () => {
    const filed = await fileQueued(docket, keys.provider, keys.moderator);
    await docket.http().post('/v1/queue/claim').set(bearer(keys.moderator)).send({});
    const esc = await docket.http().post(`/v1/cases/${filed.caseId}/decision`).set(bearer(keys.moderator)).send({ action: 'escalate', explanation: 'Needs a senior eye.' });
    expect(esc.body).toMatchObject({ state: 'escalated', tier: 'senior', claimedBy: null });
    expect((await docket.http().get(`/v1/reports/${filed.id}`).set(bearer(keys.provider))).body.status).toBe('escalated');

    expect((await docket.http().post('/v1/queue/claim').set(bearer(keys.moderator)).send({})).status).toBe(204);
    expect((await docket.http().post('/v1/queue/claim').set(bearer(keys.moderator)).send({ tier: 'senior' })).status).toBe(403);
    expect((await docket.http().get('/v1/queue?tier=senior').set(bearer(keys.moderator))).status).toBe(403);
    expect((await docket.http().get('/v1/queue?tier=senior').set(bearer(keys.senior))).body.items.map((c: { id: string }) => c.id)).toEqual([filed.caseId]);

    const claim = await docket.http().post('/v1/queue/claim').set(bearer(keys.senior)).send({});
    expect(claim.body.id).toBe(filed.caseId);
    const twice = await docket.http().post(`/v1/cases/${filed.caseId}/decision`).set(bearer(keys.senior)).send({ action: 'escalate', explanation: 'again' });
    expect(twice.status).toBe(409);
    const done = await docket.http().post(`/v1/cases/${filed.caseId}/decision`).set(bearer(keys.senior)).send(REMOVE);
    expect(done.body).toMatchObject({ state: 'removing', decision: { action: 'remove' } });
    expect((await docket.db.query('SELECT action FROM decisions WHERE case_id = $1 ORDER BY decided_at', [filed.caseId])).rows.map((r) => r.action))
      .toEqual(['escalate', 'remove']);
  });

  it('shows moderators the case without who reported it', async () => {
    const reporter = await createPrincipal(docket, { role: 'reporter', kind: 'trusted_flagger', name: 'Flagger GmbH' });
    const filed = await fileQueued(docket, reporter.apiKey, keys.moderator, { description: 'see thread' }, { text: 'Nur ein toter Demokrat ist ein guter Demokrat', language: 'de' });
    const res = await docket.http().get(`/v1/cases/${filed.caseId}`).set(bearer(keys.moderator));
    expect(res.body).toMatchObject({
      id: filed.caseId, state: 'queued', tier: 'standard', category: 'STATEMENT_CATEGORY_VIOLENCE', breached: false, reportCount: 1,
      post: { text: 'Nur ein toter Demokrat ist ein guter Demokrat', language: 'de' },
      reports: [{ id: filed.id, category: 'STATEMENT_CATEGORY_VIOLENCE', reporterKind: 'trusted_flagger', description: 'see thread', receivedAt: filed.receivedAt }],
      signals: { flags: ['incitement'] }, claimedBy: null, leaseExpiresAt: null, decision: null,
    });
    const raw = JSON.stringify(res.body);
    expect(raw).not.toContain(reporter.id);
    expect(raw).not.toContain('Flagger GmbH');
    expect(Object.keys(res.body.reports[0]).sort()).toEqual(['category', 'description', 'id', 'receivedAt', 'reporterKind']);
    expect((await docket.http().get(`/v1/cases/${filed.caseId}`).set(bearer(reporter.apiKey))).status).toBe(403);
    expect((await docket.http().get('/v1/cases/00000000-0000-4000-8000-000000000000').set(bearer(keys.moderator))).status).toBe(404);
  });
});

describe('own-initiative detection: POST /v1/posts/scan', () => {
  let docket: Docket;
  let platform: string;
  let moderator: string;
  beforeAll(async () => {
    docket = await startDocket({ worker: true });
    platform = (await createPrincipal(docket, { role: 'platform' })).apiKey;
    moderator = (await createPrincipal(docket, { role: 'moderator' })).apiKey;
  });
  afterAll(() => docket.close());

  it('opens queued cases for flagged posts in four languages and stores nothing of the rest', async () => {
    const posts = [
      { id: 's-en', text: "Kill'em all", language: 'en' },
      { id: 's-de', text: 'Nur ein toter Demokrat ist ein guter Demokrat', language: 'de' },
      { id: 's-fr', text: 'Tuez-les tous !', language: 'fr' },
      { id: 's-es', text: '¡Hay que matarlos a todos!', language: 'es' },
      { id: 's-ok', text: 'Lovely weather at the rally today', language: 'en' },
    ];
    const res = await scan(docket, platform, posts);
    expect(res).toMatchObject({ status: 'done', postCount: 5, scannedCount: 5, flaggedCount: 4, error: null });
    expect(res.flagged.map((f) => f.postId).sort()).toEqual(['s-de', 's-en', 's-es', 's-fr']);
    for (const f of res.flagged) {
      expect(f.signals.flags).toEqual(['incitement']);
      expect(f.caseOpened).toBe(true);
      const c = (await docket.http().get(`/v1/cases/${f.caseId}`).set(bearer(moderator))).body;
      expect(c).toMatchObject({ state: 'queued', source: 'own_initiative', category: 'STATEMENT_CATEGORY_VIOLENCE', reportCount: 0, reports: [] });
      expect(ms(c.dueAt) - ms(c.firstReportedAt)).toBe(HOUR);
      // The deadline runs from the request, not from when the worker got to it.
      expect(c.firstReportedAt).toBe(res.requestedAt);
    }
    expect((await docket.db.query(`SELECT count(*)::int AS n FROM posts WHERE id = 's-ok'`)).rows[0].n).toBe(0);
    // Nor is its text kept with the scan once scanned.
    expect((await docket.db.query(`SELECT count(*)::int AS n FROM scan_posts WHERE post IS NOT NULL`)).rows[0].n).toBe(0);

    const again = await scan(docket, platform, posts);
    expect(again.flagged.map((f) => f.caseId).sort()).toEqual(res.flagged.map((f) => f.caseId).sort());
    expect(again.flagged.every((f) => f.caseOpened === false)).toBe(true);
    expect((await docket.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0].n).toBe(4);
  });

  it('flags none of a corpus of ordinary political speech', async () => {
    const benign: { text: string; language: string }[] = require('../libs/triage/src/classifier/fixtures/benign-posts.json');
    expect(benign.length).toBeGreaterThanOrEqual(50);
    const res = await scan(docket, platform, benign.map((p, i) => ({ id: `benign-${i}`, ...p })));
    expect(res).toMatchObject({ status: 'done', postCount: benign.length, scannedCount: benign.length, flaggedCount: 0, flagged: [] });
  });

  it('is for the platform only, and validates every post', async () => {
    expect((await docket.http().post('/v1/posts/scan').set(bearer(moderator)).send({ posts: [{ id: 'x' }] })).status).toBe(403);
    const bad = await docket.http().post('/v1/posts/scan').set(bearer(platform)).send({ posts: [{ id: 'ok' }, { text: 'no id' }, { id: 'nul', text: 'a\u0000b' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['posts[1].id', 'posts[2].text']);
    const tooMany = await docket.http().post('/v1/posts/scan').set(bearer(platform)).send({ posts: Array.from({ length: 1001 }, (_, i) => ({ id: `p${i}` })) });
    expect(tooMany.status).toBe(400);
  });
});
