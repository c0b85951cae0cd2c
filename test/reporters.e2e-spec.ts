/**
 * Notifier reliability (issue 21 point 4, DSA Art. 22 and 23) against real PostgreSQL, Redis and the worker: a
 * moderator marks no_violation decisions manifestly unfounded; an admin warns the unreliable reporter (a signed
 * `reporter.warning` callback), then suspends it (its notices 403 with the reason and the end time, nothing stored),
 * then lifts the suspension; the per-reporter figures and the transparency report's `reporters` section.
 */
import { verifySignature } from '@docket/webhooks';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { notice } from './support/notices';
import { Receiver } from './support/receiver';
import { REMOVE, fileQueued } from './support/review';
import { freshXarfSample } from './support/xarf-samples';
import { waitFor } from './support/wait-for';

jest.setTimeout(60_000);

const DAY_MS = 86_400_000;
const UNFOUNDED = { action: 'no_violation', explanation: 'Plainly lawful: a cooking recipe.', manifestlyUnfounded: true };
const NO_VIOLATION = { action: 'no_violation', explanation: 'Satire, no call to violence.' };

describe('notifier reliability', () => {
  let docket: Docket;
  let callbacks: Receiver;
  let unreliable: Awaited<ReturnType<typeof createPrincipal>>;
  let reliable: Awaited<ReturnType<typeof createPrincipal>>;
  let moderator: Awaited<ReturnType<typeof createPrincipal>>;
  let auditorKey: string;
  /** Per reporter id: every notice it filed (202) and, once decided, the seconds from receipt to decision. */
  const filed = new Map<string, { receivedAt: string; seconds?: number }[]>();

  beforeAll(async () => {
    callbacks = await Receiver.start();
    docket = await startDocket({
      worker: true,
      env: { UNFOUNDED_SHARE_THRESHOLD: '0.5', UNFOUNDED_WINDOW_DAYS: '30', WEBHOOK_ATTEMPTS: '3', WEBHOOK_BACKOFF_MS: '20', RECONCILE_INTERVAL_MS: '0' },
    });
    [unreliable, reliable, moderator] = await Promise.all([
      createPrincipal(docket, { role: 'reporter', kind: 'user', name: 'unreliable notifier', callbackUrl: callbacks.url }),
      createPrincipal(docket, { role: 'reporter', kind: 'trusted_flagger', name: 'reliable notifier' }),
      createPrincipal(docket, { role: 'moderator' }),
    ]);
    auditorKey = (await createPrincipal(docket, { role: 'auditor' })).apiKey;
    filed.set(unreliable.id, []);
    filed.set(reliable.id, []);
  });
  afterEach(() => docket.clock.real());
  afterAll(async () => {
    await docket?.close();
    await callbacks?.close();
  });

  const admin = () => bearer(docket.adminKey);
  const reportCount = async () => (await docket.db.query(`SELECT count(*)::int AS n FROM reports`)).rows[0].n as number;
  const eventsOf = async (id: string) => {
    await docket.sealAudit();
    return (await docket.db.query(`SELECT action, data FROM audit_events WHERE subject_type = 'principal' AND subject_id = $1 ORDER BY id`, [id])).rows;
  };

  /** Files a notice as `who`, has the moderator claim it (the only queued case) and decide it as `decision`. */
  async function decided(who: { id: string; apiKey: string }, decision: object) {
    const receipt = await fileQueued(docket, who.apiKey, moderator.apiKey);
    const claim = await docket.http().post('/v1/queue/claim').set(bearer(moderator.apiKey)).send({});
    expect([claim.status, claim.body.id]).toEqual([200, receipt.caseId]);
    const res = await docket.http().post(`/v1/cases/${receipt.caseId}/decision`).set(bearer(moderator.apiKey)).send(decision);
    expect(res.status).toBe(200);
    filed.get(who.id)!.push({ receivedAt: receipt.receivedAt, seconds: (Date.parse(res.body.decision.decidedAt) - Date.parse(receipt.receivedAt)) / 1000 });
    return res.body;
  }

  async function file(who: { id: string; apiKey: string }) {
    const res = await docket.http().post('/v1/reports').set(bearer(who.apiKey)).send(notice());
    if (res.status === 202) filed.get(who.id)!.push({ receivedAt: res.body.receivedAt });
    return res;
  }

  it('a moderator marks a no_violation decision manifestly unfounded; any other action with the mark is refused', async () => {
    const receipt = await fileQueued(docket, unreliable.apiKey, moderator.apiKey);
    const claim = await docket.http().post('/v1/queue/claim').set(bearer(moderator.apiKey)).send({});
    expect(claim.body.id).toBe(receipt.caseId);
    for (const body of [{ ...REMOVE, manifestlyUnfounded: true }, { action: 'escalate', explanation: 'x', manifestlyUnfounded: false }, { ...UNFOUNDED, manifestlyUnfounded: 'yes' }]) {
      const refused = await docket.http().post(`/v1/cases/${receipt.caseId}/decision`).set(bearer(moderator.apiKey)).send(body);
      expect(refused.status).toBe(400);
      expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['manifestlyUnfounded']);
    }
    const res = await docket.http().post(`/v1/cases/${receipt.caseId}/decision`).set(bearer(moderator.apiKey)).send(UNFOUNDED);
    expect(res.status).toBe(200);
    expect(res.body.decision).toMatchObject({ action: 'no_violation', manifestlyUnfounded: true });
    filed.get(unreliable.id)!.push({ receivedAt: receipt.receivedAt, seconds: (Date.parse(res.body.decision.decidedAt) - Date.parse(receipt.receivedAt)) / 1000 });
    const stored = await docket.db.query(`SELECT manifestly_unfounded FROM decisions WHERE id = $1`, [res.body.decision.id]);
    expect(stored.rows[0].manifestly_unfounded).toBe(true);

    // The rest of the history: unreliable 2 of 3 decided manifestly unfounded; reliable 1 of 2 upheld, none unfounded.
    await decided(unreliable, UNFOUNDED);
    const removal = await decided(unreliable, REMOVE);
    expect(removal.decision.manifestlyUnfounded).toBe(false);
    await decided(reliable, REMOVE);
    const plain = await decided(reliable, NO_VIOLATION);
    expect(plain.decision.manifestlyUnfounded).toBe(false);
    // One notice of the unreliable reporter not decided yet: filed, not decided.
    expect((await file(unreliable)).status).toBe(202);
  });

  it('refuses a suspension without a prior warning, of a principal that is not a reporter, or of a reporter below the threshold', async () => {
    const until = new Date(Date.now() + 7 * DAY_MS).toISOString();
    const suspend = (id: string) => docket.http().post(`/v1/admin/principals/${id}/suspension`).set(admin()).send({ until, reason: 'Manifestly unfounded notices.' });

    const unwarned = await suspend(unreliable.id);
    expect(unwarned.status).toBe(409);
    expect(unwarned.body.message).toMatch(/prior warning/);

    const notReporter = await suspend(moderator.id);
    expect(notReporter.status).toBe(409);
    expect(notReporter.body.message).toMatch(/only a reporter can be suspended/);
    const warnModerator = await docket.http().post(`/v1/admin/principals/${moderator.id}/warning`).set(admin()).send({});
    expect(warnModerator.status).toBe(409);

    // Warned, but none of its decided notices was manifestly unfounded: 0 of 2, not above 0.5.
    const warned = await docket.http().post(`/v1/admin/principals/${reliable.id}/warning`).set(admin()).send({ reason: 'A routine reminder.' });
    expect(warned.status).toBe(200);
    const below = await suspend(reliable.id);
    expect(below.status).toBe(409);
    expect(below.body.message).toMatch(/\(0, 0 of 2 decided\) is not above the threshold 0\.5/);

    const unknown = await docket.http().post(`/v1/admin/principals/00000000-0000-4000-8000-000000000000/suspension`).set(admin()).send({ until, reason: 'x' });
    expect(unknown.status).toBe(404);
    const past = await docket.http().post(`/v1/admin/principals/${unreliable.id}/suspension`).set(admin()).send({ until: new Date(Date.now() - 1000).toISOString(), reason: 'x' });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([{ path: 'until', message: 'must be in the future' }]);

    // None of these changed the standing: no suspension event.
    for (const id of [unreliable.id, reliable.id, moderator.id]) expect((await eventsOf(id)).map((e) => e.action)).not.toContain('principal.suspended');
    expect((await file(reliable)).status).toBe(202);
  });

  it('warns the unreliable reporter with a signed reporter.warning callback carrying the reason and its figures', async () => {
    const res = await docket.http().post(`/v1/admin/principals/${unreliable.id}/warning`).set(admin()).send({ reason: 'Two of your three decided notices were manifestly unfounded.' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: unreliable.id, warnedAt: expect.any(String), suspension: null,
      reliability: {
        windowDays: 30, from: expect.any(String), to: res.body.warnedAt, filed: 4, decided: 3, manifestlyUnfounded: 2, manifestlyUnfoundedShare: 2 / 3,
        threshold: 0.5, pastThreshold: true,
      },
    });
    expect(Date.parse(res.body.reliability.to) - Date.parse(res.body.reliability.from)).toBe(30 * DAY_MS);

    const delivery = await waitFor('the warning callback', async () => callbacks.received.find((r) => (r.body as { type?: string })?.type === 'reporter.warning'));
    expect(verifySignature(unreliable.callbackSecret, { timestamp: delivery.headers['x-docket-timestamp'] as string, signature: delivery.headers['x-docket-signature'] as string }, delivery.rawBody))
      .toEqual({ ok: true });
    expect(verifySignature('another-secret', { timestamp: delivery.headers['x-docket-timestamp'] as string, signature: delivery.headers['x-docket-signature'] as string }, delivery.rawBody).ok)
      .toBe(false);
    expect(delivery.body).toEqual({
      type: 'reporter.warning', warnedAt: res.body.warnedAt, reason: 'Two of your three decided notices were manifestly unfounded.',
      reliability: { windowDays: 30, from: res.body.reliability.from, to: res.body.warnedAt, filed: 4, decided: 3, manifestlyUnfounded: 2, manifestlyUnfoundedShare: 2 / 3, threshold: 0.5 },
      consequence: expect.stringContaining('suspended'),
    });
    const events = await eventsOf(unreliable.id);
    expect(events.map((e) => e.action)).toEqual(['principal.created', 'principal.warned']);
    expect(events[1].data).toMatchObject({ reason: 'Two of your three decided notices were manifestly unfounded.', callback: true, manifestlyUnfounded: 2, decided: 3 });
  });

  it('suspends it: at once its notices get 403 with the reason and the end time, nothing is stored; others are unaffected; lifting restores it', async () => {
    const until = new Date(Date.now() + 14 * DAY_MS);
    until.setUTCMilliseconds(0);
    const reason = 'Repeated manifestly unfounded notices (DSA Art. 23).';
    // Its key is in the API's principal cache now (it filed before): the suspension must reach it at once.
    const res = await docket.http().post(`/v1/admin/principals/${unreliable.id}/suspension`).set(admin()).send({ until: until.toISOString(), reason });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: unreliable.id, suspension: { since: expect.any(String), until: until.toISOString(), reason }, reliability: { pastThreshold: true } });

    const before = await reportCount();
    const single = await docket.http().post('/v1/reports').set(bearer(unreliable.apiKey)).send(notice());
    expect(single.status).toBe(403);
    expect(single.body).toEqual({ statusCode: 403, error: 'Forbidden', message: `this reporter is suspended until ${until.toISOString()} (DSA Art. 23): ${reason}` });
    const batch = await docket.http().post('/v1/reports/batch').set(bearer(unreliable.apiKey)).send({ reports: [notice(), notice()] });
    expect([batch.status, batch.body.message]).toEqual([403, single.body.message]);
    const xarf = await docket.http().post('/v1/reports/xarf').set(bearer(unreliable.apiKey)).send(freshXarfSample('content-phishing.json'));
    expect([xarf.status, xarf.body.message]).toEqual([403, single.body.message]);
    expect(await reportCount()).toBe(before);
    // It still reads its own reports.
    expect((await docket.http().get('/v1/reports').set(bearer(unreliable.apiKey))).status).toBe(200);

    // Another reporter files as before.
    expect((await file(reliable)).status).toBe(202);

    const lifted = await docket.http().delete(`/v1/admin/principals/${unreliable.id}/suspension`).set(admin());
    expect(lifted.status).toBe(204);
    expect((await file(unreliable)).status).toBe(202);
    const again = await docket.http().delete(`/v1/admin/principals/${unreliable.id}/suspension`).set(admin());
    expect([again.status, again.body.message]).toEqual([409, 'this reporter is not suspended']);

    const events = await eventsOf(unreliable.id);
    expect(events.map((e) => e.action)).toEqual(['principal.created', 'principal.warned', 'principal.suspended', 'principal.suspension_lifted']);
    expect(events[2].data).toMatchObject({ until: until.toISOString(), reason, manifestlyUnfounded: 2, decided: 3, threshold: 0.5 });
    expect(events[3].data).toEqual({ until: until.toISOString(), reason });
  });

  it('a suspension ends by itself at its end time', async () => {
    const until = new Date(Date.now() + 3600_000).toISOString();
    const res = await docket.http().post(`/v1/admin/principals/${unreliable.id}/suspension`).set(admin()).send({ until, reason: 'One hour.' });
    expect(res.status).toBe(200);
    expect((await docket.http().post('/v1/reports').set(bearer(unreliable.apiKey)).send(notice())).status).toBe(403);
    docket.clock.advance(3600_000 + 1000);
    expect((await file(unreliable)).status).toBe(202);
    docket.clock.real();
    // Not in force any more: nothing to lift.
    await docket.db.query(`UPDATE principals SET suspended_until = now() - interval '1 second' WHERE id = $1`, [unreliable.id]);
    expect((await docket.http().delete(`/v1/admin/principals/${unreliable.id}/suspension`).set(admin())).status).toBe(409);
  });

  function expectedRow(p: { id: string; kind: string | null }, name: string, counts: { decided: number; upheld: number; unfounded: number }) {
    const notices = filed.get(p.id)!;
    const seconds = notices.flatMap((n) => (n.seconds === undefined ? [] : [n.seconds])).sort((a, b) => a - b);
    expect(seconds).toHaveLength(counts.decided);
    const mid = seconds.length / 2;
    const median = seconds.length === 0 ? null : seconds.length % 2 ? seconds[Math.floor(mid)] : (seconds[mid - 1] + seconds[mid]) / 2;
    return {
      reporterId: p.id, name, kind: p.kind, filed: notices.length, decided: counts.decided, upheld: counts.upheld, manifestlyUnfounded: counts.unfounded,
      upheldShare: counts.upheld / counts.decided, manifestlyUnfoundedShare: counts.unfounded / counts.decided, medianSecondsToDecision: median,
    };
  }

  it('GET /v1/audit/reporters: per reporter, value by value, in JSON and CSV; the period bounds the notices', async () => {
    const res = await docket.http().get('/v1/audit/reporters').set(bearer(auditorKey));
    expect(res.status).toBe(200);
    const u = expectedRow(unreliable, 'unreliable notifier', { decided: 3, upheld: 1, unfounded: 2 });
    const r = expectedRow(reliable, 'reliable notifier', { decided: 2, upheld: 1, unfounded: 0 });
    expect(u.filed).toBe(6);
    expect(r.filed).toBe(4);
    const byFiled = [u, r];
    expect(res.body.from).toBeNull();
    expect(res.body.reporters).toHaveLength(2);
    for (const [i, want] of byFiled.entries()) {
      const got = res.body.reporters[i];
      expect({ ...got, medianSecondsToDecision: undefined, warnedAt: undefined, suspendedUntil: undefined }).toEqual({ ...want, medianSecondsToDecision: undefined });
      // Timestamps travel in milliseconds; PostgreSQL computes with microseconds.
      expect(got.medianSecondsToDecision).toBeCloseTo(want.medianSecondsToDecision!, 2);
      expect(got.warnedAt).toEqual(expect.any(String));
      expect(got.suspendedUntil).toBeNull();
    }

    const csv = await docket.http().get('/v1/audit/reporters?format=csv').set(bearer(auditorKey));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('reporterId,name,kind,filed,decided,upheld,manifestlyUnfounded,upheldShare,manifestlyUnfoundedShare,medianSecondsToDecision,warnedAt,suspendedUntil');
    expect(lines[1].split(',').slice(0, 9)).toEqual([unreliable.id, 'unreliable notifier', 'user', '6', '3', '1', '2', String(1 / 3), String(2 / 3)]);
    expect(lines).toHaveLength(3);

    const later = await docket.http().get(`/v1/audit/reporters?from=${new Date(Date.now() + DAY_MS).toISOString().slice(0, 10)}`).set(bearer(auditorKey));
    expect(later.body.reporters).toEqual([]);
    await docket.sealAudit();
    const exported = await docket.db.query(`SELECT data FROM audit_events WHERE action = 'audit.exported' AND subject_id = 'reporters' ORDER BY id`);
    expect(exported.rows.map((e) => e.data.format)).toEqual(['json', 'csv', 'json']);
  });

  it('the transparency report carries the reporters section, in JSON and as a CSV section', async () => {
    const [transparency, reporters] = await Promise.all([
      docket.http().get('/v1/audit/transparency').set(bearer(auditorKey)),
      docket.http().get('/v1/audit/reporters').set(bearer(auditorKey)),
    ]);
    expect(transparency.status).toBe(200);
    expect(Object.keys(transparency.body)).toEqual(['from', 'to', 'notices', 'complaints', 'reporters']);
    expect(transparency.body.reporters).toEqual(reporters.body.reporters);
    expect(transparency.body.reporters.map((r: { reporterId: string }) => r.reporterId)).toEqual([unreliable.id, reliable.id]);

    const csv = await docket.http().get('/v1/audit/transparency?format=csv&section=reporters').set(bearer(auditorKey));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/docket-transparency-reporters-/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0].split(',')[0]).toBe('reporterId');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([unreliable.id, reliable.id]);
  });
});
