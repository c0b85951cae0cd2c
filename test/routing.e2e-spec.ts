import type { Response } from 'supertest';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { fileQueued } from './support/review';

// Jest's testTimeout is a global option; these suites wait on the worker's triage on a shared machine.
jest.setTimeout(60_000);

/**
 * Issue 21, points 2 and 5 (decision 0035): a claim prefers the moderator's languages and skills, unless the earliest
 * case is about to breach (ROUTING_BREACH_MARGIN_SECONDS, 900 by default); a skipped case stays away for the cooldown;
 * seniors read who claimed, released and skipped a case; notes are internal and never reach a reporter.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SCAMS = 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD';
const VIOLENCE = 'STATEMENT_CATEGORY_VIOLENCE';

/** Noon of a day ahead: the clock stands still unless a test moves it. */
function noonAhead(): Date {
  const noon = Math.floor(Date.now() / DAY) * DAY + 12 * HOUR;
  return new Date((noon > Date.now() + MINUTE ? noon : noon + DAY) + DAY);
}

type P = Awaited<ReturnType<typeof createPrincipal>>;

describe('language and skill routing, claim history and case notes (issue 21, points 2 and 5)', () => {
  let docket: Docket;
  let provider: P, german: P, plain: P, fraudExpert: P, senior: P, auditor: P;

  beforeAll(async () => {
    docket = await startDocket({ worker: true });
    docket.clock.set(noonAhead());
    [provider, german, plain, fraudExpert, senior, auditor] = await Promise.all([
      createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      createPrincipal(docket, { role: 'moderator', name: 'Deutschsprachige Moderatorin' }),
      createPrincipal(docket, { role: 'moderator', name: 'plain moderator' }),
      createPrincipal(docket, { role: 'moderator', name: 'fraud expert' }),
      createPrincipal(docket, { role: 'senior', name: 'senior lead' }),
      createPrincipal(docket, { role: 'auditor' }),
    ]);
    const patch = (p: P, body: object) => docket.http().patch(`/v1/admin/principals/${p.id}`).set(bearer(docket.adminKey)).send(body);
    const de = await patch(german, { languages: ['de'] });
    expect([de.status, de.body]).toEqual([200, { id: german.id, name: 'Deutschsprachige Moderatorin', role: 'moderator', languages: ['de'], skills: [] }]);
    expect((await patch(fraudExpert, { skills: [SCAMS] })).body).toMatchObject({ languages: [], skills: [SCAMS] });
    // The admin's list shows them too.
    const listed = (await docket.http().get('/v1/admin/principals').set(bearer(docket.adminKey))).body.items;
    expect(listed.find((p: { id: string }) => p.id === german.id)).toMatchObject({ languages: ['de'], skills: [] });
  });
  afterAll(() => docket.close());

  /** Closes whatever an earlier test left queued, so each test's queue holds only its own cases. */
  beforeEach(async () => {
    await docket.db.query(
      `UPDATE cases SET state = 'no_violation', decided_at = now(), closed_at = now(), claimed_by = NULL, lease_expires_at = NULL WHERE state = 'queued'`,
    );
  });

  /** An English case due within the hour (violence from a hosting provider) and a German one due in 7 days (fraud). */
  async function englishSoonGermanLater() {
    const english = await fileQueued(docket, provider.apiKey, senior.apiKey, { category: VIOLENCE, specification: [] }, { text: 'A photo of a protest march.', language: 'en' });
    const germanCase = await fileQueued(docket, provider.apiKey, senior.apiKey, { category: SCAMS, specification: [] }, { text: 'Ein Gewinnspiel mit Vorkasse.', language: 'de' });
    expect(new Date(english.dueAt).getTime() - docket.clock.now().getTime()).toBe(HOUR);
    expect(new Date(germanCase.dueAt).getTime() - docket.clock.now().getTime()).toBe(7 * DAY);
    return { english: english.caseId, german: germanCase.caseId };
  }

  const claim = (p: P) => docket.http().post('/v1/queue/claim').set(bearer(p.apiKey)).send({});
  const claimedId = async (p: P) => {
    const res = await claim(p);
    expect(res.status).toBe(200);
    return res.body.id as string;
  };
  const release = async (p: P, caseId: string) => expect((await docket.http().post(`/v1/cases/${caseId}/release`).set(bearer(p.apiKey))).status).toBe(204);

  it('gives a German-speaking moderator the German case first, and everyone else plain deadline order', async () => {
    const cases = await englishSoonGermanLater();
    // The English case is due in 60 minutes: not about to breach (margin 15 minutes), so the German one is preferred.
    expect(await claimedId(german)).toBe(cases.german);
    await release(german, cases.german);
    // No languages, no skills: earliest deadline first.
    expect(await claimedId(plain)).toBe(cases.english);
    await release(plain, cases.english);
    // A skill is a preference too: the fraud expert gets the fraud case.
    expect(await claimedId(fraudExpert)).toBe(cases.german);
    await release(fraudExpert, cases.german);
  });

  it('gives the German-speaking moderator the case about to breach instead, whatever its language: deadline first', async () => {
    const cases = await englishSoonGermanLater();
    // 46 minutes on, the English case is due in 14 minutes: within the margin.
    docket.clock.advance(46 * MINUTE);
    expect(await claimedId(german)).toBe(cases.english);
    // With the English case in hand, the German one is next anyway.
    expect(await claimedId(german)).toBe(cases.german);
  });

  it('falls back to any case when none is in the moderator\'s languages', async () => {
    const english = await fileQueued(docket, provider.apiKey, senior.apiKey, { category: SCAMS, specification: [] }, { text: 'A lottery that asks for fees.', language: 'en' });
    expect(await claimedId(german)).toBe(english.caseId);
    expect((await claim(german)).status).toBe(204);
  });

  it('does not give a skipped case back to the moderator who skipped it within the cooldown, preferred or not', async () => {
    const cases = await englishSoonGermanLater();
    expect(await claimedId(german)).toBe(cases.german);
    expect((await docket.http().post(`/v1/cases/${cases.german}/skip`).set(bearer(german.apiKey))).status).toBe(204);
    // The preferred case is skipped: the English one comes instead, then nothing.
    expect(await claimedId(german)).toBe(cases.english);
    expect((await claim(german)).status).toBe(204);
    await release(german, cases.english);
    // Just before the cooldown (SKIP_COOLDOWN_SECONDS, 600) ends, still not; the English case is due in 50 minutes.
    docket.clock.advance(600 * SECOND - 1);
    expect(await claimedId(german)).toBe(cases.english);
    await release(german, cases.english);
    docket.clock.advance(1);
    expect(await claimedId(german)).toBe(cases.german);
  });

  it('shows seniors who claimed, released and skipped a case, and when; moderators may not read it', async () => {
    const cases = await englishSoonGermanLater();
    const t0 = docket.clock.now();
    expect(await claimedId(german)).toBe(cases.german);
    docket.clock.advance(MINUTE);
    await release(german, cases.german);
    docket.clock.advance(MINUTE);
    expect(await claimedId(fraudExpert)).toBe(cases.german);
    docket.clock.advance(MINUTE);
    expect((await docket.http().post(`/v1/cases/${cases.german}/skip`).set(bearer(fraudExpert.apiKey))).status).toBe(204);

    const res = await docket.http().get(`/v1/cases/${cases.german}/claims`).set(bearer(senior.apiKey));
    expect(res.status).toBe(200);
    const at = (m: number) => new Date(t0.getTime() + m * MINUTE).toISOString();
    const lease = (m: number) => new Date(t0.getTime() + m * MINUTE + docket.config.LEASE_SECONDS * SECOND).toISOString();
    const by = (p: P, name: string) => ({ principalId: p.id, principalName: name, role: 'moderator' });
    expect(res.body.items).toEqual([
      { action: 'claimed', at: at(0), ...by(german, 'Deutschsprachige Moderatorin'), leaseExpiresAt: lease(0), skippedUntil: null },
      { action: 'released', at: at(1), ...by(german, 'Deutschsprachige Moderatorin'), leaseExpiresAt: null, skippedUntil: null },
      { action: 'claimed', at: at(2), ...by(fraudExpert, 'fraud expert'), leaseExpiresAt: lease(2), skippedUntil: null },
      { action: 'skipped', at: at(3), ...by(fraudExpert, 'fraud expert'), leaseExpiresAt: null, skippedUntil: new Date(t0.getTime() + 3 * MINUTE + 600 * SECOND).toISOString() },
    ]);
    // The same once the audit log is sealed (events move from pending to the chain).
    await docket.sealAudit();
    expect((await docket.http().get(`/v1/cases/${cases.german}/claims`).set(bearer(senior.apiKey))).body).toEqual(res.body);

    expect((await docket.http().get(`/v1/cases/${cases.german}/claims`).set(bearer(german.apiKey))).status).toBe(403);
    expect((await docket.http().get(`/v1/cases/${cases.german}/claims`).set(bearer(provider.apiKey))).status).toBe(403);
    expect((await docket.http().get('/v1/cases/00000000-0000-4000-8000-000000000000/claims').set(bearer(senior.apiKey))).status).toBe(404);
  });

  it('refuses unknown languages and categories naming the field, and routing for a reporter', async () => {
    const patch = (id: string, body: object) => docket.http().patch(`/v1/admin/principals/${id}`).set(bearer(docket.adminKey)).send(body);
    for (const [body, path] of [[{ languages: ['de', 'xx'] }, 'languages'], [{ languages: ['german'] }, 'languages'], [{ skills: ['FRAUD'] }, 'skills']] as const) {
      const res = await patch(german.id, body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const reporter = await patch(provider.id, { languages: ['de'] });
    expect(reporter.status).toBe(400);
    expect(reporter.body.errors).toEqual([{ path: 'languages', message: expect.stringContaining('moderator') }]);
    expect((await patch('00000000-0000-4000-8000-000000000000', { languages: ['de'] })).status).toBe(404);
    // Nothing changed.
    const { rows } = await docket.db.query('SELECT languages, skills FROM principals WHERE id = $1', [german.id]);
    expect(rows[0]).toEqual({ languages: ['de'], skills: [] });
  });

  it('keeps notes in the case detail and the audit log, and out of everything a reporter reads', async () => {
    const filed = await fileQueued(docket, provider.apiKey, senior.apiKey, { category: SCAMS, specification: [], externalRef: 'NOTES-1' }, { text: 'Send 1 BTC, get 2 back.', language: 'en' });
    const text = 'Internal: same wallet as last week\u2019s scam ring; ask the fraud team.';
    const added = await docket.http().post(`/v1/cases/${filed.caseId}/notes`).set(bearer(plain.apiKey)).send({ text });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ id: expect.any(String), text, authorId: plain.id, authorName: expect.any(String), authorRole: 'moderator', createdAt: docket.clock.now().toISOString() });
    docket.clock.advance(SECOND);
    const second = await docket.http().post(`/v1/cases/${filed.caseId}/notes`).set(bearer(senior.apiKey)).send({ text: 'Agreed.' });
    expect(second.status).toBe(201);

    const detail = await docket.http().get(`/v1/cases/${filed.caseId}`).set(bearer(plain.apiKey));
    expect(detail.body.notes).toEqual([added.body, second.body]);
    // The claim's answer is the case detail too.
    const claimed = await claim(plain);
    expect([claimed.body.id, claimed.body.notes]).toEqual([filed.caseId, [added.body, second.body]]);

    const events = await auditEvents();
    expect(events.filter((e) => e.action === 'case.note_added' && e.subjectId === filed.caseId).map((e) => [e.actorId, e.actorRole, e.data])).toEqual([
      [plain.id, 'moderator', { noteId: added.body.id, text }],
      [senior.id, 'senior', { noteId: second.body.id, text: 'Agreed.' }],
    ]);

    // The reporter's views: the report, the list of its reports; neither has notes nor their text.
    const reads: Response[] = [
      await docket.http().get(`/v1/reports/${filed.id}`).set(bearer(provider.apiKey)),
      await docket.http().get('/v1/reports').set(bearer(provider.apiKey)),
    ];
    for (const res of reads) {
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain('same wallet');
      expect(JSON.stringify(res.body)).not.toContain('notes');
    }
    expect(reads[0].body).toMatchObject({ id: filed.id, caseId: filed.caseId, externalRef: 'NOTES-1' });
    // A reporter cannot add or read notes: the case routes are closed to it.
    expect((await docket.http().post(`/v1/cases/${filed.caseId}/notes`).set(bearer(provider.apiKey)).send({ text: 'x' })).status).toBe(403);
    expect((await docket.http().get(`/v1/cases/${filed.caseId}`).set(bearer(provider.apiKey))).status).toBe(403);

    // Bad notes: empty, too long, an unknown case.
    for (const body of [{ text: '' }, { text: 'x'.repeat(4001) }, {}]) {
      const res = await docket.http().post(`/v1/cases/${filed.caseId}/notes`).set(bearer(plain.apiKey)).send(body);
      expect([res.status, res.body.errors?.[0]?.path]).toEqual([400, 'text']);
    }
    expect((await docket.http().post('/v1/cases/00000000-0000-4000-8000-000000000000/notes').set(bearer(plain.apiKey)).send({ text: 'x' })).status).toBe(404);
  });

  async function auditEvents(): Promise<{ action: string; subjectId: string; actorId: string; actorRole: string; data: unknown }[]> {
    await docket.sealAudit();
    const events = [];
    for (let after: string | null = '0'; after !== null; ) {
      const res: Response = await docket.http().get('/v1/audit/events').query({ after, limit: 500 }).set(bearer(auditor.apiKey));
      expect(res.status).toBe(200);
      events.push(...res.body.items);
      after = res.body.nextCursor;
    }
    return events;
  }
});
