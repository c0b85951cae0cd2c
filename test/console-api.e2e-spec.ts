import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import type { AuditEventRecord } from '@docket/audit';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { Receiver } from './support/receiver';
import { REMOVE, fileQueued } from './support/review';
import { waitFor } from './support/wait-for';

/**
 * The API routes the moderator console calls (docs/console.md): cookie sessions, skipping, the queue overview, a
 * post's history, reason templates, wellness (exposure, preferences, the daily cap), the auditors' exposure
 * aggregate, failed removals and the category a removal is decided under. Real PostgreSQL and Redis. Where a
 * figure depends on time, the suite fixes docket's clock and moves it: nothing here sleeps.
 */

// Jest's testTimeout is a global option (a project's own is ignored); these suites wait on workers on a shared machine.
jest.setTimeout(60_000);

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const VIOLENCE = 'STATEMENT_CATEGORY_VIOLENCE';
const SCAMS = 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD';
const SPEECH = 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH';
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const NO_VIOLATION = { action: 'no_violation', explanation: 'Satire, no call to violence.' };

// ---------------------------------------------------------------------------
// Helpers

/** What the admin got back on creating a principal (its body has the name too). */
type Principal = Awaited<ReturnType<typeof createPrincipal>> & { name: string };
const principal = async (docket: Docket, body: Parameters<typeof createPrincipal>[1]) => (await createPrincipal(docket, body)) as Principal;

/**
 * A whole second at 12:00 UTC, ahead of real time. Tests that fix docket's clock set it here: ahead, because the
 * outbox relay delays deadline timers by (deadline − clock), so a clock behind real time would fire breach timers
 * (and escalate cases) at once; at noon, so moving it by minutes or hours never crosses a UTC midnight by accident.
 */
function noonAhead(): Date {
  const noon = Math.floor(Date.now() / DAY) * DAY + 12 * HOUR;
  return new Date(noon > Date.now() + MINUTE ? noon : noon + DAY);
}

const isoDay = (at: Date | number) => new Date(at).toISOString().slice(0, 10);

/** What the cases filed here are, as triage and the wellness rules see them. */
const NOTICES = {
  // Reported as violence by a hosting provider: due within the hour, violent whatever its text says.
  violent: [{}, { text: 'They must hang. Kill them all.' }],
  // Reported as fraud, but the classifier flags the text as incitement: violent too, due within the hour.
  flagged: [{ category: SCAMS, specification: [] }, { text: 'Hang Mike Pence' }],
  // Reported as fraud, an ordinary text: not violent, due in 7 days (the policy's default window).
  calm: [{ category: SCAMS, specification: [] }, { text: 'Cheap watches, free shipping this week only' }],
} as const;
type Kind = keyof typeof NOTICES;

/** Files a hosting provider's notice of this kind and waits until triage has queued its case. */
function file(docket: Docket, provider: Principal, reader: Principal, kind: Kind, post: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) {
  const [o, p] = NOTICES[kind];
  return fileQueued(docket, provider.apiKey, reader.apiKey, { ...o, ...overrides }, { ...p, ...post });
}

const claim = (docket: Docket, who: Principal, body: object = {}) => docket.http().post('/v1/queue/claim').set(bearer(who.apiKey)).send(body);
const decide = (docket: Docket, who: Principal, caseId: string, body: object = NO_VIOLATION) =>
  docket.http().post(`/v1/cases/${caseId}/decision`).set(bearer(who.apiKey)).send(body);
const caseOf = async (docket: Docket, reader: Principal, caseId: string) => (await docket.http().get(`/v1/cases/${caseId}`).set(bearer(reader.apiKey))).body;

/** Claims and expects a case (200): returns its detail. */
async function claimed(docket: Docket, who: Principal, body: object = {}) {
  const res = await claim(docket, who, body);
  expect(res.status).toBe(200);
  return res.body;
}

/** Every outbox row is in its queue: deadline timers were set from the clock as it was, before a test moves it. */
function outboxRelayed(docket: Docket) {
  return waitFor('the outbox to be relayed', async () => (await docket.db.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n === 0);
}

const errorPaths = (res: Response) => (res.body.errors ?? []).map((e: { path: string }) => e.path).sort();


/** The audit log as an auditor reads it, every page. */
async function auditLog(docket: Docket, auditor: Principal): Promise<AuditEventRecord[]> {
  await docket.sealAudit();
  const events: AuditEventRecord[] = [];
  for (let after: string | null = '0'; after !== null; ) {
    const res: Response = await docket.http().get('/v1/audit/events').query({ after, limit: 500 }).set(bearer(auditor.apiKey));
    expect(res.status).toBe(200);
    events.push(...res.body.items);
    after = res.body.nextCursor;
  }
  return events;
}

// Console sessions

interface Session {
  /** The Cookie header a browser would send back. */
  cookie: string;
  token: string;
  csrf: string;
  body: { principal: { id: string; name: string; role: string }; csrfToken: string; idleTimeoutSeconds: number; expiresAt: string; warnAtFraction: number };
}

const setCookies = (res: Response): string[] => {
  const h = res.headers['set-cookie'] as unknown;
  return h === undefined ? [] : Array.isArray(h) ? h : [String(h)];
};

async function signIn(docket: Docket, apiKey: string): Promise<Session> {
  const res = await docket.http().post('/v1/session').send({ apiKey });
  expect(res.status).toBe(201);
  const token = /^docket_session=([^;]+)/.exec(setCookies(res)[0])![1];
  return { cookie: `docket_session=${token}`, token, csrf: res.body.csrfToken, body: res.body };
}

/** Only the cookie, as the console's reads send it. */
const byCookie = (s: Session) => ({ Cookie: s.cookie });
/** The cookie and the CSRF token, as the console's writes send them. */
const byCookieWithCsrf = (s: Session) => ({ Cookie: s.cookie, 'X-CSRF-Token': s.csrf });

const sessionRows = async (docket: Docket) => (await docket.db.query('SELECT count(*)::int AS n FROM console_sessions')).rows[0].n;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

// ---------------------------------------------------------------------------

describe('console sign-in: POST /v1/session', () => {
  let docket: Docket;
  let moderator: Principal, senior: Principal, admin: Principal, auditor: Principal, reporter: Principal, platform: Principal, revoked: Principal;
  const at = noonAhead();

  beforeAll(async () => {
    docket = await startDocket();
    docket.clock.set(at);
    [moderator, senior, admin, auditor, reporter, platform, revoked] = await Promise.all([
      principal(docket, { role: 'moderator', name: 'Mona Moderator' }),
      principal(docket, { role: 'senior', name: 'Sam Senior' }),
      principal(docket, { role: 'admin', name: 'Ada Admin' }),
      principal(docket, { role: 'auditor' }),
      principal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      principal(docket, { role: 'platform' }),
      principal(docket, { role: 'moderator', name: 'gone' }),
    ]);
    expect((await docket.http().delete(`/v1/admin/principals/${revoked.id}`).set(bearer(docket.adminKey))).status).toBe(204);
  });
  afterAll(() => docket.close());

  it("exchanges a moderator's key for an HttpOnly, SameSite=Strict session cookie and a CSRF token", async () => {
    const res = await docket.http().post('/v1/session').send({ apiKey: moderator.apiKey });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      principal: { id: moderator.id, name: 'Mona Moderator', role: 'moderator' },
      csrfToken: expect.stringMatching(/^\S{16,}$/),
      idleTimeoutSeconds: 1800, // SESSION_IDLE_SECONDS' default
      expiresAt: new Date(at.getTime() + 1800 * SECOND).toISOString(),
      warnAtFraction: 0.75, // the default deadline policy's
    });
    const cookies = setCookies(res);
    expect(cookies).toHaveLength(1);
    const [nameValue, ...attributes] = cookies[0].split(';').map((s) => s.trim());
    expect(nameValue).toMatch(/^docket_session=[A-Za-z0-9_-]{32,}$/);
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    // Plain HTTP here: a Secure cookie would never be sent back.
    expect(attributes.map((a) => a.toLowerCase())).not.toContain('secure');
    // No Max-Age or Expires: the session ends on the server.
    expect(attributes.some((a) => /^(max-age|expires)=/i.test(a))).toBe(false);
  });

  it('believes no X-Forwarded-Proto unless TRUST_PROXY is set: then a cookie over TLS is Secure', async () => {
    const forwarded = await docket.http().post('/v1/session').set('X-Forwarded-Proto', 'https').send({ apiKey: moderator.apiKey });
    expect(setCookies(forwarded)[0].toLowerCase()).not.toContain('secure');
    const proxied = await startDocket({ env: { TRUST_PROXY: 'true' } });
    try {
      const key = (await principal(proxied, { role: 'moderator' })).apiKey;
      const overTls = await proxied.http().post('/v1/session').set('X-Forwarded-Proto', 'https').send({ apiKey: key });
      expect(overTls.status).toBe(201);
      expect(setCookies(overTls)[0].split(';').map((a) => a.trim())).toContain('Secure');
      const plain = await proxied.http().post('/v1/session').send({ apiKey: key });
      expect(setCookies(plain)[0].toLowerCase()).not.toContain('secure');
    } finally {
      await proxied.close();
    }
  });

  it('signs in seniors and admins (principals of their own) too', async () => {
    for (const [p, role] of [[senior, 'senior'], [admin, 'admin']] as const) {
      const res = await docket.http().post('/v1/session').send({ apiKey: p.apiKey });
      expect(res.status).toBe(201);
      expect(res.body.principal).toEqual({ id: p.id, name: p.name, role });
      expect(setCookies(res)[0]).toMatch(/^docket_session=/);
    }
  });

  it('refuses a wrong key with 401 and a message, sets no cookie and stores no session', async () => {
    const before = await sessionRows(docket);
    const res = await docket.http().post('/v1/session').send({ apiKey: `dk_${randomBytes(32).toString('base64url')}` });
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/not valid|revoked/);
    expect(setCookies(res)).toEqual([]);
    expect(await sessionRows(docket)).toBe(before);
  });

  it('refuses a revoked key with 401', async () => {
    const before = await sessionRows(docket);
    const res = await docket.http().post('/v1/session').send({ apiKey: revoked.apiKey });
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/revoked/);
    expect(setCookies(res)).toEqual([]);
    expect(await sessionRows(docket)).toBe(before);
  });

  it.each(['auditor', 'reporter', 'platform'])('refuses a valid %s key with 403: the console is for the people who work the queue', async (role) => {
    const key = ({ auditor, reporter, platform } as Record<string, Principal>)[role].apiKey;
    const before = await sessionRows(docket);
    const res = await docket.http().post('/v1/session').send({ apiKey: key });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain(role);
    expect(setCookies(res)).toEqual([]);
    expect(await sessionRows(docket)).toBe(before);
  });

  it('refuses the bootstrap admin key with 403: it names no principal', async () => {
    const before = await sessionRows(docket);
    const res = await docket.http().post('/v1/session').send({ apiKey: docket.adminKey });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/bootstrap/);
    expect(setCookies(res)).toEqual([]);
    expect(await sessionRows(docket)).toBe(before);
  });

  it.each([
    ['no apiKey', {}, ['apiKey']],
    ['a number', { apiKey: 12345 }, ['apiKey']],
    ['an empty key', { apiKey: '' }, ['apiKey']],
    ['the key under another name', { key: 'dk_whatever' }, ['apiKey', 'key']],
  ])('refuses a body with %s with 400 naming the field, storing nothing', async (_, body, paths) => {
    const before = await sessionRows(docket);
    const res = await docket.http().post('/v1/session').send(body);
    expect(res.status).toBe(400);
    expect(errorPaths(res)).toEqual(paths);
    expect(setCookies(res)).toEqual([]);
    expect(await sessionRows(docket)).toBe(before);
  });

  it('refuses an unknown field beside a valid key (400 naming it), and signs nobody in', async () => {
    const before = await sessionRows(docket);
    const res = await docket.http().post('/v1/session').send({ apiKey: moderator.apiKey, rememberMe: true });
    expect(res.status).toBe(400);
    expect(errorPaths(res)).toEqual(['rememberMe']);
    expect(setCookies(res)).toEqual([]);
    expect(await sessionRows(docket)).toBe(before);
  });

  it('never returns or stores the API key: the cookie holds a random token, the table only its sha256', async () => {
    const res = await docket.http().post('/v1/session').send({ apiKey: senior.apiKey });
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body)).not.toContain(senior.apiKey);
    expect(JSON.stringify(res.headers)).not.toContain(senior.apiKey);
    const token = /^docket_session=([^;]+)/.exec(setCookies(res)[0])![1];
    expect(token).not.toContain(senior.apiKey);

    const { rows } = await docket.db.query('SELECT * FROM console_sessions WHERE principal_id = $1', [senior.id]);
    expect(rows.length).toBeGreaterThanOrEqual(2); // this one and the earlier test's
    for (const row of rows) {
      expect(JSON.stringify(row)).not.toContain(senior.apiKey);
      expect(Buffer.compare(row.token_hash, sha256(senior.apiKey))).not.toBe(0);
    }
    const mine = rows.filter((r) => Buffer.compare(r.token_hash, sha256(token)) === 0);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ csrf_token: res.body.csrfToken, ended_at: null });
    // Nothing in the row is the token itself.
    expect(JSON.stringify(mine[0])).not.toContain(token);

    // Random per sign-in: the same key signs in again with another token and another CSRF token.
    const again = await signIn(docket, senior.apiKey);
    expect(again.token).not.toBe(token);
    expect(again.csrf).not.toBe(res.body.csrfToken);
  });
});

describe('console session cookie: authentication, CSRF, idle expiry, sign-out, revocation', () => {
  const IDLE_SECONDS = 60;
  let docket: Docket;
  let provider: Principal, moderator: Principal, moderator2: Principal, auditor: Principal;

  beforeAll(async () => {
    docket = await startDocket({ worker: true, env: { SESSION_IDLE_SECONDS: String(IDLE_SECONDS) } });
    docket.clock.set(noonAhead());
    [provider, moderator, moderator2, auditor] = await Promise.all([
      principal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      principal(docket, { role: 'moderator', name: 'Mona Moderator' }),
      principal(docket, { role: 'moderator', name: 'Max Moderator' }),
      principal(docket, { role: 'auditor' }),
    ]);
  });
  afterAll(() => docket.close());

  it('authenticates reads by the cookie alone: the session again (same CSRF token), and the queue', async () => {
    const s = await signIn(docket, moderator.apiKey);
    const again = await docket.http().get('/v1/session').set(byCookie(s));
    expect(again.status).toBe(200);
    // The clock has not moved: the very same body, CSRF token included.
    expect(again.body).toEqual(s.body);
    const queue = await docket.http().get('/v1/queue').set(byCookie(s));
    expect(queue.status).toBe(200);
    expect(queue.body).toEqual({ items: expect.any(Array), nextCursor: null });
  });

  it('needs the X-CSRF-Token header for writes: 403 without it or with a wrong one, and nothing is claimed', async () => {
    const filed = await file(docket, provider, moderator, 'calm');
    const s = await signIn(docket, moderator.apiKey);
    const other = await signIn(docket, moderator2.apiKey);

    const bare = await docket.http().post('/v1/queue/claim').set(byCookie(s)).send({});
    expect(bare.status).toBe(403);
    expect(bare.body.message).toMatch(/X-CSRF-Token/);
    // Another session's token is as wrong as a made-up one.
    for (const token of [other.csrf, `${s.csrf}x`, 'x']) {
      const res = await docket.http().post('/v1/queue/claim').set({ ...byCookie(s), 'X-CSRF-Token': token }).send({});
      expect(res.status).toBe(403);
    }
    expect(await caseOf(docket, moderator, filed.caseId)).toMatchObject({ state: 'queued', claimedBy: null });

    const ok = await docket.http().post('/v1/queue/claim').set(byCookieWithCsrf(s)).send({});
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: filed.caseId, state: 'in_review', claimedBy: moderator.id });
    // Deciding is a write too: refused without the header, done with it.
    expect((await docket.http().post(`/v1/cases/${filed.caseId}/decision`).set(byCookie(s)).send(NO_VIOLATION)).status).toBe(403);
    const decided = await docket.http().post(`/v1/cases/${filed.caseId}/decision`).set(byCookieWithCsrf(s)).send(NO_VIOLATION);
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ state: 'no_violation', decision: { decidedBy: moderator.id } });
  });

  it("gives the cookie the principal's role, no more: a moderator's cookie gets 403 on auditor and senior routes", async () => {
    const s = await signIn(docket, moderator.apiKey);
    expect((await docket.http().get('/v1/audit/verify').set(byCookie(s))).status).toBe(403);
    expect((await docket.http().get('/v1/enforcement/failures').set(byCookie(s))).status).toBe(403);
    expect((await docket.http().post('/v1/reason-templates').set(byCookieWithCsrf(s))
      .send({ position: 1, title: 'x', action: 'no_violation', text: 'x' })).status).toBe(403);
  });

  it('refuses an unknown or forged cookie with 401; a Bearer header is judged alone, whatever the cookie', async () => {
    const s = await signIn(docket, moderator.apiKey);
    const altered = `${s.token[0] === 'A' ? 'B' : 'A'}${s.token.slice(1)}`;
    const forged = [`docket_session=${randomBytes(32).toString('base64url')}`, `docket_session=${altered}`, 'docket_session=not*a*token'];
    for (const cookie of forged) {
      const res = await docket.http().get('/v1/session').set({ Cookie: cookie });
      expect(res.status).toBe(401);
      expect((await docket.http().get('/v1/queue').set({ Cookie: cookie })).status).toBe(401);
    }
    // A live cookie does not rescue a bad key...
    expect((await docket.http().get('/v1/queue').set({ ...byCookie(s), ...bearer('dk_not-a-key') })).status).toBe(401);
    // ...nor lend its role to a good one: the auditor's key reads the audit log, not the queue.
    expect((await docket.http().get('/v1/queue').set({ ...byCookie(s), ...bearer(auditor.apiKey) })).status).toBe(403);
  });

  it('ends a session after SESSION_IDLE_SECONDS without a request', async () => {
    const s = await signIn(docket, moderator.apiKey);
    docket.clock.advance((IDLE_SECONDS + 1) * SECOND);
    const res = await docket.http().get('/v1/session').set(byCookie(s));
    expect(res.status).toBe(401);
    expect((await docket.http().get('/v1/queue').set(byCookie(s))).status).toBe(401);
  });

  it('keeps a session alive while requests come within the idle bound, however long it lasts', async () => {
    const s = await signIn(docket, moderator.apiKey);
    const step = (IDLE_SECONDS - 15) * SECOND;
    for (let i = 0; i < 3; i++) {
      docket.clock.advance(step);
      expect((await docket.http().get('/v1/queue').set(byCookie(s))).status).toBe(200);
    }
    // 135 s since sign-in, more than twice the idle bound, never 60 s idle.
    const res = await docket.http().get('/v1/session').set(byCookie(s));
    expect(res.status).toBe(200);
    expect(res.body.csrfToken).toBe(s.csrf);
    expect(res.body.expiresAt).toBe(new Date(docket.clock.now().getTime() + IDLE_SECONDS * SECOND).toISOString());
  });

  it("lets an unattended console idle out: background polls (X-Docket-Background) read the session but do not renew it", async () => {
    const s = await signIn(docket, moderator.apiKey);
    const poll = () => docket.http().get('/v1/queue/overview').set({ ...byCookie(s), 'X-Docket-Background': '1' });
    for (let i = 0; i < 3; i++) {
      docket.clock.advance(15 * SECOND);
      expect((await poll()).status).toBe(200);
    }
    // 45 s of polls since sign-in count for nothing: 16 s more and the session has been idle past its bound.
    docket.clock.advance(16 * SECOND);
    expect((await poll()).status).toBe(401);
    expect((await docket.http().get('/v1/session').set(byCookie(s))).status).toBe(401);
  });

  it('signs out: DELETE needs the CSRF token, answers 204, clears the cookie, and the old cookie gets 401', async () => {
    const s = await signIn(docket, moderator.apiKey);
    // A cross-site page cannot sign the moderator out either.
    expect((await docket.http().delete('/v1/session').set(byCookie(s))).status).toBe(403);
    expect((await docket.http().get('/v1/session').set(byCookie(s))).status).toBe(200);

    const out = await docket.http().delete('/v1/session').set(byCookieWithCsrf(s));
    expect(out.status).toBe(204);
    const [cleared] = setCookies(out);
    expect(cleared).toMatch(/^docket_session=;/);
    expect(cleared.split(';').map((a) => a.trim())).toEqual(expect.arrayContaining(['Max-Age=0', 'Path=/', 'HttpOnly', 'SameSite=Strict']));

    expect((await docket.http().get('/v1/session').set(byCookie(s))).status).toBe(401);
    expect((await docket.http().get('/v1/queue').set(byCookie(s))).status).toBe(401);
    const { rows } = await docket.db.query('SELECT ended_at FROM console_sessions WHERE token_hash = $1', [sha256(s.token)]);
    expect(rows[0].ended_at).toEqual(docket.clock.now());
  });

  it("ends every session of a principal at once when its key is revoked", async () => {
    const doomed = await principal(docket, { role: 'moderator', name: 'soon revoked' });
    const [first, second] = [await signIn(docket, doomed.apiKey), await signIn(docket, doomed.apiKey)];
    expect((await docket.http().get('/v1/queue').set(byCookie(first))).status).toBe(200);
    expect((await docket.http().delete(`/v1/admin/principals/${doomed.id}`).set(bearer(docket.adminKey))).status).toBe(204);
    // The very next request, no clock moved.
    expect((await docket.http().get('/v1/queue').set(byCookie(first))).status).toBe(401);
    expect((await docket.http().get('/v1/session').set(byCookie(second))).status).toBe(401);
    // And the key cannot start a new one.
    expect((await docket.http().post('/v1/session').send({ apiKey: doomed.apiKey })).status).toBe(401);
  });

  it('records sign-in and sign-out as audit events', async () => {
    const who = await principal(docket, { role: 'moderator', name: 'audited' });
    const s = await signIn(docket, who.apiKey);
    expect((await docket.http().delete('/v1/session').set(byCookieWithCsrf(s))).status).toBe(204);
    // A refused sign-in is no session and no event.
    expect((await docket.http().post('/v1/session').send({ apiKey: auditor.apiKey })).status).toBe(403);

    const events = (await auditLog(docket, auditor)).filter((e) => e.action.startsWith('session.'));
    expect(events.filter((e) => e.subjectId === who.id).map((e) => [e.action, e.actorId, e.actorRole, e.subjectType])).toEqual([
      ['session.started', who.id, 'moderator', 'principal'],
      ['session.ended', who.id, 'moderator', 'principal'],
    ]);
    expect(events.some((e) => e.subjectId === auditor.id)).toBe(false);
  });
});

describe('skipping a case: POST /v1/cases/:id/skip', () => {
  const COOLDOWN_SECONDS = 120;
  let docket: Docket;
  let provider: Principal, a: Principal, b: Principal, auditor: Principal;

  beforeAll(async () => {
    docket = await startDocket({ worker: true, env: { SKIP_COOLDOWN_SECONDS: String(COOLDOWN_SECONDS) } });
    // Fixed: the cooldown is measured exactly, and only when the test moves the clock.
    docket.clock.set(noonAhead());
    [provider, a, b, auditor] = await Promise.all([
      principal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      principal(docket, { role: 'moderator', name: 'moderator A' }),
      principal(docket, { role: 'moderator', name: 'moderator B' }),
      principal(docket, { role: 'auditor' }),
    ]);
  });
  afterAll(() => docket.close());

  it('passes the case over for the moderator who skipped it (not for others) until the cooldown ends', async () => {
    const x = await file(docket, provider, a, 'violent'); // due within the hour: first in claim order
    const y = await file(docket, provider, a, 'calm'); // due in 7 days
    const skippedAt = docket.clock.now();

    expect((await claimed(docket, a)).id).toBe(x.caseId);
    const skip = await docket.http().post(`/v1/cases/${x.caseId}/skip`).set(bearer(a.apiKey));
    expect(skip.status).toBe(204);
    expect(await caseOf(docket, a, x.caseId)).toMatchObject({ state: 'queued', claimedBy: null, leaseExpiresAt: null });

    // A's next claim passes X over; once A skipped Y too, there is nothing for A.
    expect((await claimed(docket, a)).id).toBe(y.caseId);
    expect((await docket.http().post(`/v1/cases/${y.caseId}/skip`).set(bearer(a.apiKey))).status).toBe(204);
    expect((await claim(docket, a)).status).toBe(204);

    // B never skipped X: B gets it, first in claim order.
    expect((await claimed(docket, b)).id).toBe(x.caseId);
    expect((await docket.http().post(`/v1/cases/${x.caseId}/release`).set(bearer(b.apiKey))).status).toBe(204);

    // A second before the cooldown ends, still nothing for A; a second after, X again.
    docket.clock.advance((COOLDOWN_SECONDS - 1) * SECOND);
    expect((await claim(docket, a)).status).toBe(204);
    docket.clock.advance(2 * SECOND);
    expect((await claimed(docket, a)).id).toBe(x.caseId);

    // Skipping the same case again starts a new cooldown.
    expect((await docket.http().post(`/v1/cases/${x.caseId}/skip`).set(bearer(a.apiKey))).status).toBe(204);
    expect((await claimed(docket, a)).id).toBe(y.caseId);
    expect((await decide(docket, a, y.caseId)).status).toBe(200);
    // B, who never skipped it, takes X; the queue is empty again.
    expect((await claimed(docket, b)).id).toBe(x.caseId);
    expect((await decide(docket, b, x.caseId)).status).toBe(200);

    const skips = (await auditLog(docket, auditor)).filter((e) => e.action === 'case.skipped');
    expect(skips.map((e) => [e.subjectId, e.actorId, e.actorRole, e.data])).toEqual([
      [x.caseId, a.id, 'moderator', { until: new Date(skippedAt.getTime() + COOLDOWN_SECONDS * SECOND).toISOString() }],
      [y.caseId, a.id, 'moderator', { until: new Date(skippedAt.getTime() + COOLDOWN_SECONDS * SECOND).toISOString() }],
      [x.caseId, a.id, 'moderator', { until: new Date(skippedAt.getTime() + (2 * COOLDOWN_SECONDS + 1) * SECOND).toISOString() }],
    ]);
  });

  it('refuses to skip a case the caller holds no lease on (409), and an unknown case (404)', async () => {
    const z = await file(docket, provider, a, 'violent');
    docket.clock.advance(SECOND);
    // Queued, held by nobody.
    const free = await docket.http().post(`/v1/cases/${z.caseId}/skip`).set(bearer(a.apiKey));
    expect(free.status).toBe(409);
    expect(free.body.message).toMatch(/lease/);
    // Held by someone else.
    expect((await claimed(docket, b)).id).toBe(z.caseId);
    expect((await docket.http().post(`/v1/cases/${z.caseId}/skip`).set(bearer(a.apiKey))).status).toBe(409);
    // The refused skip kept nothing from A: once B lets go, A can claim the case.
    expect((await docket.http().post(`/v1/cases/${z.caseId}/release`).set(bearer(b.apiKey))).status).toBe(204);
    expect((await claimed(docket, a)).id).toBe(z.caseId);
    expect((await decide(docket, a, z.caseId)).status).toBe(200);

    expect((await docket.http().post(`/v1/cases/${NO_SUCH_ID}/skip`).set(bearer(a.apiKey))).status).toBe(404);
    expect((await docket.http().post('/v1/cases/not-a-case/skip').set(bearer(a.apiKey))).status).toBe(404);
  });
});

describe('queue overview: GET /v1/queue/overview', () => {
  let docket: Docket;
  let provider: Principal, moderator: Principal, moderator2: Principal, senior: Principal;
  const t0 = noonAhead();

  beforeAll(async () => {
    docket = await startDocket({ worker: true });
    // Fixed: ages and deadlines are exact, and figures change only when the clock moves on (they are cached 2 s).
    docket.clock.set(t0);
    [provider, moderator, moderator2, senior] = await Promise.all([
      principal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      principal(docket, { role: 'moderator' }),
      principal(docket, { role: 'moderator' }),
      principal(docket, { role: 'senior' }),
    ]);
  });
  afterAll(() => docket.close());

  const overview = async (who: Principal) => {
    const res = await docket.http().get('/v1/queue/overview').set(bearer(who.apiKey));
    expect(res.status).toBe(200);
    return res.body;
  };
  const standard = (o: { tiers: { tier: string }[] }) => o.tiers.find((t) => t.tier === 'standard');
  /** Past the 2 s for which queue-wide figures may be served from cache. */
  const nextReading = () => docket.clock.advance(2 * SECOND);

  it('counts queued cases per tier, the oldest, those past deadline and due within the hour; lists my leases', async () => {
    expect(await overview(moderator)).toEqual({
      at: t0.toISOString(),
      tiers: [{ tier: 'standard', queued: 0, inReview: 0, oldestQueuedSeconds: null, pastDeadline: 0, dueWithinHour: 0 }],
      myLeases: [], removalFailed: 0,
    });

    const urgent = await file(docket, provider, moderator, 'violent'); // due at t0 + 1 h
    docket.clock.advance(MINUTE);
    const later = await file(docket, provider, moderator, 'calm'); // due at t0 + 1 min + 7 days
    await outboxRelayed(docket);
    nextReading();
    expect(standard(await overview(moderator))).toEqual({
      tier: 'standard', queued: 2, inReview: 0, oldestQueuedSeconds: 62, pastDeadline: 0, dueWithinHour: 1,
    });

    // A lease: the case leaves `queued`, and shows in its holder's leases only.
    const lease = await claimed(docket, moderator);
    expect(lease.id).toBe(urgent.caseId);
    nextReading();
    const mine = await overview(moderator);
    expect(standard(mine)).toMatchObject({ queued: 1, inReview: 1 });
    expect(mine.myLeases).toEqual([
      { caseId: urgent.caseId, postId: lease.post.id, tier: 'standard', dueAt: urgent.dueAt, leaseExpiresAt: lease.leaseExpiresAt },
    ]);
    expect((await overview(moderator2)).myLeases).toEqual([]);

    // An hour on: the lease (5 min) has lapsed and the urgent case is past its deadline.
    docket.clock.advance(HOUR);
    const late = await overview(moderator);
    expect(late.at).toBe(new Date(t0.getTime() + MINUTE + 4 * SECOND + HOUR).toISOString());
    expect(standard(late)).toEqual({
      tier: 'standard', queued: 2, inReview: 0, oldestQueuedSeconds: 3664, pastDeadline: 1, dueWithinHour: 0,
    });
    expect(late.myLeases).toEqual([]);
    expect(later.dueAt).toBe(new Date(t0.getTime() + MINUTE + 7 * DAY).toISOString());
  });

  it('shows moderators the standard tier only, seniors both tiers', async () => {
    // Escalate the urgent (past deadline) case so the senior tier has one.
    const first = await claimed(docket, moderator);
    expect((await decide(docket, moderator, first.id, { action: 'escalate', explanation: 'Needs a senior eye.' })).status).toBe(200);
    nextReading();

    const forModerator = await overview(moderator);
    expect(forModerator.tiers.map((t: { tier: string }) => t.tier)).toEqual(['standard']);
    expect(standard(forModerator)).toMatchObject({ queued: 1, pastDeadline: 0 });

    const forSenior = await overview(senior);
    expect(forSenior.tiers.map((t: { tier: string }) => t.tier).sort()).toEqual(['senior', 'standard']);
    expect(forSenior.tiers.find((t: { tier: string }) => t.tier === 'senior')).toMatchObject({ queued: 1, inReview: 0, pastDeadline: 1, dueWithinHour: 0 });
    expect(standard(forSenior)).toEqual(standard(forModerator));
    expect(forSenior.myLeases).toEqual([]);

    // The senior's lease on the escalated case is the senior's.
    const held = await claimed(docket, senior);
    expect(held).toMatchObject({ id: first.id, tier: 'senior' });
    nextReading();
    expect((await overview(senior)).myLeases).toEqual([expect.objectContaining({ caseId: first.id, tier: 'senior' })]);
    expect((await overview(moderator)).myLeases).toEqual([]);
  });
});

describe("a post's history: GET /v1/cases/:id/history", () => {
  let docket: Docket;
  let platform: Receiver;
  let provider: Principal, moderator: Principal;

  beforeAll(async () => {
    platform = await Receiver.start();
    docket = await startDocket({ worker: true, env: { PLATFORM_WEBHOOK_URL: platform.url, PLATFORM_WEBHOOK_SECRET: 'platform-secret-0123456789' } });
    [provider, moderator] = await Promise.all([
      principal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      principal(docket, { role: 'moderator' }),
    ]);
  });
  afterAll(async () => {
    await docket.close();
    await platform.close();
  });

  it("lists the post's other cases, newest first, each with its decision", async () => {
    const postId = `p-history-${randomUUID()}`;
    // 1. Reported as violence, decided no violation.
    const first = await file(docket, provider, moderator, 'violent', { id: postId });
    expect((await claimed(docket, moderator)).id).toBe(first.caseId);
    expect((await decide(docket, moderator, first.caseId, { action: 'no_violation', explanation: 'A quote from a film.' })).status).toBe(200);

    // 2. Reported again under a new category: a new case, removed.
    const second = await file(docket, provider, moderator, 'calm', { id: postId }, { category: SPEECH });
    expect(second.caseId).not.toBe(first.caseId);
    expect((await claimed(docket, moderator)).id).toBe(second.caseId);
    expect((await decide(docket, moderator, second.caseId, REMOVE)).status).toBe(200);
    const removed = await waitFor('the second case to be removed', async () => {
      const c = await caseOf(docket, moderator, second.caseId);
      return c.state === 'removed' ? c : undefined;
    });

    // 3. Reported again, as fraud this time: a third case, open.
    const third = await file(docket, provider, moderator, 'calm', { id: postId });
    expect(new Set([first.caseId, second.caseId, third.caseId]).size).toBe(3);
    const firstCase = await caseOf(docket, moderator, first.caseId);

    const res = await docket.http().get(`/v1/cases/${third.caseId}/history`).set(bearer(moderator.apiKey));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          id: second.caseId, state: 'removed', category: SPEECH, firstReportedAt: removed.firstReportedAt,
          decidedAt: removed.decidedAt, removedAt: removed.removedAt,
          decision: expect.objectContaining({ action: 'remove', ground: 'illegal_content', legalGround: REMOVE.legalGround, policy: null, explanation: REMOVE.explanation }),
        },
        {
          id: first.caseId, state: 'no_violation', category: VIOLENCE, firstReportedAt: firstCase.firstReportedAt,
          decidedAt: firstCase.decidedAt, removedAt: null,
          decision: expect.objectContaining({ action: 'no_violation', ground: null, legalGround: null, policy: null, explanation: 'A quote from a film.' }),
        },
      ],
    });
    expect(Date.parse(res.body.items[0].decision.decidedAt)).toBe(Date.parse(removed.decidedAt));

    // From the oldest case, the others are the newer ones, still newest first.
    const fromFirst = await docket.http().get(`/v1/cases/${first.caseId}/history`).set(bearer(moderator.apiKey));
    expect(fromFirst.body.items.map((c: { id: string; state: string }) => [c.id, c.state])).toEqual([[third.caseId, 'queued'], [second.caseId, 'removed']]);
    expect(fromFirst.body.items[0].decision).toBeNull();
  });

  it('links the fingerprint signal to the removed cases whose post the text repeats (GET /v1/cases/:id/removed-matches)', async () => {
    const text = `Burn down the depot on Main Street ${randomUUID()}`;
    const original = await file(docket, provider, moderator, 'calm', { text, url: 'https://social.example/p/original' }, { category: SPEECH });
    // Earlier tests leave cases queued: the moderator skips them until the original comes.
    for (let c = await claimed(docket, moderator); c.id !== original.caseId; c = await claimed(docket, moderator)) {
      expect((await docket.http().post(`/v1/cases/${c.id}/skip`).set(bearer(moderator.apiKey))).status).toBe(204);
    }
    expect((await decide(docket, moderator, original.caseId, REMOVE)).status).toBe(200);
    const removed = await waitFor('the original to be removed', async () => {
      const c = await caseOf(docket, moderator, original.caseId);
      return c.state === 'removed' ? c : undefined;
    });

    const copy = await file(docket, provider, moderator, 'calm', { text }, { category: SPEECH });
    expect((await caseOf(docket, moderator, copy.caseId)).signals.matchesRemovedPosts).toEqual([removed.post.id]);
    const res = await docket.http().get(`/v1/cases/${copy.caseId}/removed-matches`).set(bearer(moderator.apiKey));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [{ caseId: original.caseId, postId: removed.post.id, url: 'https://social.example/p/original', decidedAt: removed.decidedAt, removedAt: removed.removedAt }],
    });
    // A case without the signal has nothing to link; an unknown case is 404.
    expect((await docket.http().get(`/v1/cases/${original.caseId}/removed-matches`).set(bearer(moderator.apiKey))).body).toEqual({ items: [] });
    expect((await docket.http().get(`/v1/cases/${NO_SUCH_ID}/removed-matches`).set(bearer(moderator.apiKey))).status).toBe(404);
  });

  it('is empty for a post with one case, and 404 for an unknown case', async () => {
    const only = await file(docket, provider, moderator, 'calm');
    const res = await docket.http().get(`/v1/cases/${only.caseId}/history`).set(bearer(moderator.apiKey));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
    expect((await docket.http().get(`/v1/cases/${NO_SUCH_ID}/history`).set(bearer(moderator.apiKey))).status).toBe(404);
    expect((await docket.http().get('/v1/cases/not-a-case/history').set(bearer(moderator.apiKey))).status).toBe(404);
  });
});


describe('reason templates: /v1/reason-templates', () => {
  let docket: Docket;
  let senior: Principal, moderator: Principal, admin: Principal, auditor: Principal;

  beforeAll(async () => {
    docket = await startDocket();
    [senior, moderator, admin, auditor] = await Promise.all([
      principal(docket, { role: 'senior' }),
      principal(docket, { role: 'moderator' }),
      principal(docket, { role: 'admin', name: 'admin principal' }),
      principal(docket, { role: 'auditor' }),
    ]);
  });
  afterAll(() => docket.close());

  const INCITEMENT = {
    position: 2, title: 'Incitement', action: 'remove', category: VIOLENCE, ground: 'illegal_content', legalGround: 'StGB §111',
    text: 'Post {postId} calls for violence ({category}), illegal under {legalGround}.',
  };
  const SATIRE = { position: 1, title: 'Satire', action: 'no_violation', text: 'Satire of {postId}, no call to violence.' };
  const ESCALATE = { position: 3, title: 'Needs a senior', action: 'escalate', text: 'Borderline: {reportCount} reports.' };

  const list = async (who: Principal = moderator) => {
    const res = await docket.http().get('/v1/reason-templates').set(bearer(who.apiKey));
    expect(res.status).toBe(200);
    return res.body.items as { id: string; title: string; position: number }[];
  };
  const stored = async () => (await docket.db.query('SELECT count(*)::int AS n FROM reason_templates')).rows[0].n;

  it('lets a senior create, list (in position order), replace and delete templates, each an audit event', async () => {
    const create = (body: object) => docket.http().post('/v1/reason-templates').set(bearer(senior.apiKey)).send(body);
    const incitement = await create(INCITEMENT);
    expect(incitement.status).toBe(201);
    expect(incitement.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), ...INCITEMENT, policy: null, updatedAt: expect.any(String) });
    const satire = await create(SATIRE);
    expect(satire.body).toEqual({ id: expect.any(String), ...SATIRE, category: null, ground: null, legalGround: null, policy: null, updatedAt: expect.any(String) });
    const escalate = await create(ESCALATE);
    expect(escalate.status).toBe(201);

    // Moderators read them, in position order.
    expect((await list()).map((t) => t.title)).toEqual(['Satire', 'Incitement', 'Needs a senior']);

    docket.clock.advance(SECOND);
    const replaced = await docket.http().put(`/v1/reason-templates/${escalate.body.id}`).set(bearer(senior.apiKey))
      .send({ ...ESCALATE, position: 0, title: 'Escalate: borderline' });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: escalate.body.id, position: 0, title: 'Escalate: borderline', text: ESCALATE.text });
    expect(Date.parse(replaced.body.updatedAt)).toBeGreaterThan(Date.parse(escalate.body.updatedAt));
    expect((await list()).map((t) => t.title)).toEqual(['Escalate: borderline', 'Satire', 'Incitement']);

    expect((await docket.http().delete(`/v1/reason-templates/${incitement.body.id}`).set(bearer(senior.apiKey))).status).toBe(204);
    expect((await list()).map((t) => t.id)).toEqual([escalate.body.id, satire.body.id]);
    // Gone: neither deleted nor replaced again.
    expect((await docket.http().delete(`/v1/reason-templates/${incitement.body.id}`).set(bearer(senior.apiKey))).status).toBe(404);
    expect((await docket.http().put(`/v1/reason-templates/${incitement.body.id}`).set(bearer(senior.apiKey)).send(INCITEMENT)).status).toBe(404);

    const events = (await auditLog(docket, auditor)).filter((e) => e.subjectType === 'reason_template');
    expect(events.map((e) => [e.action, e.subjectId, e.actorId])).toEqual([
      ['reason_template.created', incitement.body.id, senior.id],
      ['reason_template.created', satire.body.id, senior.id],
      ['reason_template.created', escalate.body.id, senior.id],
      ['reason_template.replaced', escalate.body.id, senior.id],
      ['reason_template.deleted', incitement.body.id, senior.id],
    ]);

    // Clean up for the tests below.
    for (const t of await list()) expect((await docket.http().delete(`/v1/reason-templates/${t.id}`).set(bearer(senior.apiKey))).status).toBe(204);
  });

  it('lets moderators read them but not change them; admins may', async () => {
    const made = await docket.http().post('/v1/reason-templates').set(bearer(admin.apiKey)).send(SATIRE);
    expect(made.status).toBe(201);
    expect((await docket.http().post('/v1/reason-templates').set(bearer(moderator.apiKey)).send(SATIRE)).status).toBe(403);
    expect((await docket.http().put(`/v1/reason-templates/${made.body.id}`).set(bearer(moderator.apiKey)).send(ESCALATE)).status).toBe(403);
    expect((await docket.http().delete(`/v1/reason-templates/${made.body.id}`).set(bearer(moderator.apiKey))).status).toBe(403);
    expect(await list(moderator)).toEqual([made.body]);
    expect((await docket.http().delete(`/v1/reason-templates/${made.body.id}`).set(bearer(admin.apiKey))).status).toBe(204);
  });

  it.each([
    ['an empty title', { ...SATIRE, title: '' }, 'title'],
    ['an unknown action', { ...SATIRE, action: 'delete' }, 'action'],
    ['a category that is not a DSA category', { ...INCITEMENT, category: 'VIOLENCE' }, 'category'],
    ['a text over 2000 characters', { ...SATIRE, text: 'x'.repeat(2001) }, 'text'],
    ['no text', { position: 1, title: 'x', action: 'no_violation' }, 'text'],
    ['a negative position', { ...SATIRE, position: -1 }, 'position'],
    ['an unknown field', { ...SATIRE, colour: 'red' }, 'colour'],
  ])('refuses %s with 400 naming the field, storing nothing', async (_, body, path) => {
    const before = await stored();
    const res = await docket.http().post('/v1/reason-templates').set(bearer(senior.apiKey)).send(body);
    expect(res.status).toBe(400);
    expect(errorPaths(res)).toEqual([path]);
    expect(await stored()).toBe(before);
  });

  it('refuses a bad replacement with 400, leaving the template as it was', async () => {
    const made = await docket.http().post('/v1/reason-templates').set(bearer(senior.apiKey)).send(SATIRE);
    const res = await docket.http().put(`/v1/reason-templates/${made.body.id}`).set(bearer(senior.apiKey)).send({ ...SATIRE, title: '' });
    expect(res.status).toBe(400);
    expect(errorPaths(res)).toEqual(['title']);
    expect(await list()).toEqual([made.body]);
    expect((await docket.http().delete(`/v1/reason-templates/${made.body.id}`).set(bearer(senior.apiKey))).status).toBe(204);
  });

  it('answers 404 to PUT and DELETE of an unknown template', async () => {
    for (const id of [NO_SUCH_ID, 'not-a-template']) {
      expect((await docket.http().put(`/v1/reason-templates/${id}`).set(bearer(senior.apiKey)).send(SATIRE)).status).toBe(404);
      expect((await docket.http().delete(`/v1/reason-templates/${id}`).set(bearer(senior.apiKey))).status).toBe(404);
    }
  });
});

describe('wellness: preferences, exposure and breaks (/v1/me)', () => {
  let docket: Docket;
  let provider: Principal, auditor: Principal;
  const noon = noonAhead();
  const startOfDay = new Date(Math.floor(noon.getTime() / DAY) * DAY).toISOString();

  beforeAll(async () => {
    docket = await startDocket({
      worker: true,
      env: { WELLNESS_BREAK_VIOLENT_CASES: '2', WELLNESS_BREAK_MINUTES: '1', WELLNESS_PAUSE_MINUTES: '2' },
    });
    // Fixed: continuous work is exactly what the tests make it.
    docket.clock.set(noon);
    [provider, auditor] = await Promise.all([
      principal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      principal(docket, { role: 'auditor' }),
    ]);
  });
  afterAll(() => docket.close());

  const moderatorNamed = (name: string) => principal(docket, { role: 'moderator', name });
  const exposure = async (who: Principal) => {
    const res = await docket.http().get('/v1/me/exposure').set(bearer(who.apiKey));
    expect(res.status).toBe(200);
    return res.body;
  };
  /** Claims the one queued case, expects it to be `caseId`, and decides it: the queue is empty again. */
  const work = async (who: Principal, caseId: string) => {
    const c = await claimed(docket, who);
    expect(c.id).toBe(caseId);
    expect((await decide(docket, who, caseId)).status).toBe(200);
    return c;
  };

  it('keeps preferences per moderator, protective by default, and validates them', async () => {
    const [m1, m2] = [await moderatorNamed('prefs one'), await moderatorNamed('prefs two')];
    const get = async (who: Principal) => {
      const res = await docket.http().get('/v1/me/preferences').set(bearer(who.apiKey));
      expect(res.status).toBe(200);
      return res.body;
    };
    expect(await get(m1)).toEqual({ blurViolent: true, grayscaleMedia: true });

    const put = await docket.http().put('/v1/me/preferences').set(bearer(m1.apiKey)).send({ blurViolent: false, grayscaleMedia: true });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ blurViolent: false, grayscaleMedia: true });
    expect(await get(m1)).toEqual({ blurViolent: false, grayscaleMedia: true });
    expect(await get(m2)).toEqual({ blurViolent: true, grayscaleMedia: true });

    for (const [body, path] of [
      [{ blurViolent: 'no', grayscaleMedia: true }, 'blurViolent'],
      [{ blurViolent: true }, 'grayscaleMedia'],
      [{ blurViolent: true, grayscaleMedia: 0 }, 'grayscaleMedia'],
      [{ blurViolent: true, grayscaleMedia: true, theme: 'dark' }, 'theme'],
    ] as const) {
      const res = await docket.http().put('/v1/me/preferences').set(bearer(m1.apiKey)).send(body);
      expect(res.status).toBe(400);
      expect(errorPaths(res)).toEqual([path]);
    }
    expect(await get(m1)).toEqual({ blurViolent: false, grayscaleMedia: true });

    const changes = (await auditLog(docket, auditor)).filter((e) => e.action === 'preferences.changed');
    expect(changes.map((e) => [e.subjectId, e.data])).toEqual([
      [m1.id, { before: { blurViolent: true, grayscaleMedia: true }, after: { blurViolent: false, grayscaleMedia: true } }],
    ]);
  });

  it('counts claimed cases and violent ones; a break is due after WELLNESS_BREAK_VIOLENT_CASES violent cases', async () => {
    const m = await moderatorNamed('exposed');
    expect(await exposure(m)).toMatchObject({
      session: { cases: 0, violentCases: 0, since: startOfDay }, // by API key, the session is the UTC day
      today: { cases: 0, violentCases: 0 },
      continuousWorkMinutes: 0,
      limits: { breakAfterMinutes: 1, breakAfterViolentCases: 2, dailyViolentCap: null },
      breakDue: false, violentCapReached: false,
    });

    const violent = await file(docket, provider, m, 'violent');
    expect(await work(m, violent.caseId)).toMatchObject({ violent: true, category: VIOLENCE });
    const calm = await file(docket, provider, m, 'calm');
    expect(await work(m, calm.caseId)).toMatchObject({ violent: false, category: SCAMS });
    expect(await exposure(m)).toMatchObject({
      session: { cases: 2, violentCases: 1 }, today: { cases: 2, violentCases: 1 }, continuousWorkMinutes: 0, breakDue: false,
    });

    // Reported as fraud, but the classifier flags incitement: violent all the same.
    const flagged = await file(docket, provider, m, 'flagged');
    const c = await work(m, flagged.caseId);
    expect(c).toMatchObject({ violent: true, category: SCAMS, signals: expect.objectContaining({ flags: ['incitement'] }) });
    expect(await exposure(m)).toMatchObject({
      today: { cases: 3, violentCases: 2 }, continuousWorkMinutes: 0, breakDue: true, violentCapReached: false,
    });
    // Only claims count: another moderator opened nothing.
    expect((await exposure(await moderatorNamed('idle'))).today).toEqual({ cases: 0, violentCases: 0 });
  });

  it('counts continuous work from the first claim after a pause; a break is due after WELLNESS_BREAK_MINUTES, and a pause ends the run', async () => {
    const m = await moderatorNamed('long shift');
    const cases: { caseId: string }[] = [];
    for (let i = 0; i < 3; i++) {
      cases.push(await file(docket, provider, m, 'calm'));
      docket.clock.advance(SECOND); // claim order follows the order they were filed in
    }
    await work(m, cases[0].caseId);
    docket.clock.advance(40 * SECOND);
    await work(m, cases[1].caseId);
    expect(await exposure(m)).toMatchObject({ continuousWorkMinutes: 0, breakDue: false });
    docket.clock.advance(40 * SECOND);
    await work(m, cases[2].caseId);
    // 80 s of claims 40 s apart (less than the 2-minute pause): one run of over a minute.
    expect(await exposure(m)).toMatchObject({ today: { cases: 3, violentCases: 0 }, continuousWorkMinutes: 1, breakDue: true });

    // A pause longer than WELLNESS_PAUSE_MINUTES: the run is over.
    docket.clock.advance(2 * MINUTE + SECOND);
    expect(await exposure(m)).toMatchObject({ today: { cases: 3, violentCases: 0 }, continuousWorkMinutes: 0, breakDue: false });
    // The next claim starts a new run.
    const next = await file(docket, provider, m, 'calm');
    await work(m, next.caseId);
    docket.clock.advance(30 * SECOND);
    expect(await exposure(m)).toMatchObject({ today: { cases: 4, violentCases: 0 }, continuousWorkMinutes: 0, breakDue: false });
  });

  it('counts a console session from its sign-in', async () => {
    const m = await moderatorNamed('console user');
    const before = await file(docket, provider, m, 'violent');
    await work(m, before.caseId);
    docket.clock.advance(SECOND);
    const s = await signIn(docket, m.apiKey);
    const during = await file(docket, provider, m, 'calm');
    const res = await docket.http().post('/v1/queue/claim').set(byCookieWithCsrf(s)).send({});
    expect(res.body.id).toBe(during.caseId);
    expect((await decide(docket, m, during.caseId)).status).toBe(200);

    const bySession = await docket.http().get('/v1/me/exposure').set(byCookie(s));
    expect(bySession.status).toBe(200);
    expect(bySession.body).toMatchObject({
      session: { cases: 1, violentCases: 0, since: docket.clock.now().toISOString() }, today: { cases: 2, violentCases: 1 },
    });
    expect((await exposure(m)).session).toEqual({ cases: 2, violentCases: 1, since: startOfDay });
  });
});

describe('wellness: the daily cap of violent cases (WELLNESS_DAILY_VIOLENT_CAP)', () => {
  let docket: Docket;
  let provider: Principal, a: Principal, b: Principal;

  beforeAll(async () => {
    docket = await startDocket({ worker: true, env: { WELLNESS_DAILY_VIOLENT_CAP: '1' } });
    docket.clock.set(noonAhead());
    [provider, a, b] = await Promise.all([
      principal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      principal(docket, { role: 'moderator', name: 'capped' }),
      principal(docket, { role: 'moderator', name: 'fresh' }),
    ]);
  });
  afterAll(() => docket.close());

  const exposure = async (who: Principal) => (await docket.http().get('/v1/me/exposure').set(bearer(who.apiKey))).body;

  it('past the cap, gives the moderator non-violent cases only, even ahead of a more urgent violent one; others still get it', async () => {
    const violent = await file(docket, provider, a, 'violent'); // due in 1 h
    docket.clock.advance(SECOND);
    const flagged = await file(docket, provider, a, 'flagged'); // due in 1 h, a second later; violent by the classifier
    docket.clock.advance(SECOND);
    const calm = await file(docket, provider, a, 'calm'); // due in 7 days
    expect(await exposure(a)).toMatchObject({ limits: { dailyViolentCap: 1 }, violentCapReached: false });

    const first = await claimed(docket, a);
    expect(first).toMatchObject({ id: violent.caseId, violent: true });
    expect((await decide(docket, a, violent.caseId)).status).toBe(200);
    expect(await exposure(a)).toMatchObject({ today: { cases: 1, violentCases: 1 }, violentCapReached: true });

    // The flagged case is first in claim order...
    const queue = await docket.http().get('/v1/queue').set(bearer(a.apiKey));
    expect(queue.body.items.map((c: { id: string; violent: boolean }) => [c.id, c.violent])).toEqual([[flagged.caseId, true], [calm.caseId, false]]);
    // ...but A is given the calm one.
    const second = await claimed(docket, a);
    expect(second).toMatchObject({ id: calm.caseId, violent: false });
    expect((await decide(docket, a, calm.caseId)).status).toBe(200);
    // Only violent cases left: nothing for A.
    expect((await claim(docket, a)).status).toBe(204);
    expect(await exposure(a)).toMatchObject({ today: { cases: 2, violentCases: 1 }, violentCapReached: true });

    // B is under the cap: B gets the violent case.
    expect(await claimed(docket, b)).toMatchObject({ id: flagged.caseId, violent: true });
    expect((await decide(docket, b, flagged.caseId)).status).toBe(200);
    expect(await exposure(b)).toMatchObject({ today: { cases: 1, violentCases: 1 }, violentCapReached: true });
  });

  it('is a daily cap: the next UTC day, violent cases come again', async () => {
    docket.clock.advance(DAY);
    expect(await exposure(a)).toMatchObject({ today: { cases: 0, violentCases: 0 }, violentCapReached: false });
    const violent = await file(docket, provider, a, 'violent');
    expect(await claimed(docket, a)).toMatchObject({ id: violent.caseId, violent: true });
    expect((await decide(docket, a, violent.caseId)).status).toBe(200);
  });
});

describe("auditors' exposure aggregate: GET /v1/audit/exposure", () => {
  let docket: Docket;
  let provider: Principal, auditor: Principal;
  let moderators: Principal[];
  const day1 = noonAhead();
  const [d1, d2, d3] = [0, 1, 2].map((n) => isoDay(day1.getTime() + n * DAY));

  beforeAll(async () => {
    docket = await startDocket({ worker: true });
    docket.clock.set(day1);
    [provider, auditor, ...moderators] = await Promise.all([
      principal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      principal(docket, { role: 'auditor' }),
      principal(docket, { role: 'moderator', name: 'Alice Ahlberg' }),
      principal(docket, { role: 'moderator', name: 'Bob Brandt' }),
      principal(docket, { role: 'moderator', name: 'Cleo Castro' }),
    ]);
    const [alice, bob, cleo] = moderators;
    /** One case of this kind, filed, claimed by `who` (the queue holds nothing else) and closed. */
    const opens = async (who: Principal, kind: Kind) => {
      const filed = await file(docket, provider, who, kind);
      expect((await claimed(docket, who)).id).toBe(filed.caseId);
      expect((await decide(docket, who, filed.caseId)).status).toBe(200);
      docket.clock.advance(SECOND);
    };
    // Day 1: Alice 3 cases (2 violent), Bob 1 (0 violent), Cleo 1 (1 violent).
    await opens(alice, 'violent');
    await opens(alice, 'flagged');
    await opens(alice, 'calm');
    await opens(bob, 'calm');
    await opens(cleo, 'violent');
    // Day 2: Alice 1 violent, Bob 1 calm.
    docket.clock.advance(DAY);
    await opens(alice, 'violent');
    await opens(bob, 'calm');
  });
  afterAll(() => docket.close());

  const DAY1 = { day: d1, moderators: 3, cases: 5, violentCases: 3, medianViolentCasesPerModerator: 1, maxViolentCasesPerModerator: 2 };
  const DAY2 = { day: d2, moderators: 2, cases: 2, violentCases: 1, medianViolentCasesPerModerator: 0.5, maxViolentCasesPerModerator: 1 };

  it('gives per day: moderators, cases, violent cases, the median and the largest per moderator', async () => {
    const res = await docket.http().get('/v1/audit/exposure').query({ from: d1, to: d3 }).set(bearer(auditor.apiKey));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ from: d1, to: d3, days: [DAY1, DAY2] });

    // `to` is exclusive.
    const first = await docket.http().get('/v1/audit/exposure').query({ from: d1, to: d2 }).set(bearer(auditor.apiKey));
    expect(first.body.days).toEqual([DAY1]);
  });

  it('never names a moderator', async () => {
    const res = await docket.http().get('/v1/audit/exposure').query({ from: d1, to: d3 }).set(bearer(auditor.apiKey));
    expect(res.body.days).toHaveLength(2);
    const raw = JSON.stringify(res.body);
    for (const m of moderators) {
      expect(raw).not.toContain(m.id);
      expect(raw).not.toContain(m.name);
    }
    const csv = await docket.http().get('/v1/audit/exposure').query({ from: d1, to: d3, format: 'csv' }).set(bearer(auditor.apiKey));
    expect(csv.text.trimEnd().split('\n')).toHaveLength(3);
    for (const m of moderators) {
      expect(csv.text).not.toContain(m.id);
      expect(csv.text).not.toContain(m.name);
    }
  });

  it('gives CSV with a header row when asked', async () => {
    const res = await docket.http().get('/v1/audit/exposure').query({ from: d1, to: d3, format: 'csv' }).set(bearer(auditor.apiKey));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.text.trimEnd().split(/\r?\n/)).toEqual([
      'day,moderators,cases,violentCases,medianViolentCasesPerModerator,maxViolentCasesPerModerator',
      `${d1},3,5,3,1,2`,
      `${d2},2,2,1,0.5,1`,
    ]);
  });

  it('is for auditors', async () => {
    expect((await docket.http().get('/v1/audit/exposure').set(bearer(moderators[0].apiKey))).status).toBe(403);
  });
});

describe('failed removals: GET /v1/enforcement/failures', () => {
  let docket: Docket;
  let platform: Receiver;
  let provider: Principal, moderator: Principal, senior: Principal;

  beforeAll(async () => {
    platform = await Receiver.start();
    platform.respond = () => 500;
    docket = await startDocket({
      worker: true,
      env: {
        PLATFORM_WEBHOOK_URL: platform.url, PLATFORM_WEBHOOK_SECRET: 'platform-secret-0123456789',
        WEBHOOK_ATTEMPTS: '2', WEBHOOK_BACKOFF_MS: '20', WEBHOOK_TIMEOUT_MS: '300',
      },
    });
    [provider, moderator, senior] = await Promise.all([
      principal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      principal(docket, { role: 'moderator' }),
      principal(docket, { role: 'senior' }),
    ]);
  });
  afterAll(async () => {
    await docket.close();
    await platform.close();
  });

  const failures = async (query: Record<string, string | number> = {}) => {
    const res = await docket.http().get('/v1/enforcement/failures').query(query).set(bearer(senior.apiKey));
    expect(res.status).toBe(200);
    return res.body;
  };

  /** A removal the platform refuses until it runs out of attempts. */
  async function failedRemoval() {
    const filed = await file(docket, provider, moderator, 'violent');
    expect((await claimed(docket, moderator)).id).toBe(filed.caseId);
    const decided = await decide(docket, moderator, filed.caseId, REMOVE);
    expect(decided.status).toBe(200);
    await waitFor('removal_failed', async () => (await caseOf(docket, moderator, filed.caseId)).state === 'removal_failed', 15_000);
    return decided.body;
  }

  it("lists cases whose removal failed for good, with the platform's last answer; a retry that succeeds takes it off", async () => {
    const one = await failedRemoval();
    const attemptsOfOne = platform.received.length;
    expect(attemptsOfOne).toBe(2); // WEBHOOK_ATTEMPTS
    const two = await failedRemoval();

    const all = await failures();
    expect(all).toEqual({
      items: [
        { caseId: one.id, postId: one.post.id, category: VIOLENCE, decidedAt: one.decidedAt, attempts: 2, lastAttemptAt: expect.any(String), lastError: expect.stringMatching(/\b500\b/) },
        { caseId: two.id, postId: two.post.id, category: VIOLENCE, decidedAt: two.decidedAt, attempts: 2, lastAttemptAt: expect.any(String), lastError: expect.stringMatching(/\b500\b/) },
      ],
      nextCursor: null,
    });
    expect(Date.parse(all.items[0].lastAttemptAt)).toBeGreaterThanOrEqual(Date.parse(one.decidedAt));

    // Oldest decision first, a page at a time.
    const page1 = await failures({ limit: 1 });
    expect(page1.items.map((f: { caseId: string }) => f.caseId)).toEqual([one.id]);
    const page2 = await failures({ limit: 1, cursor: page1.nextCursor });
    expect(page2).toEqual({ items: [all.items[1]], nextCursor: null });

    // The overview counts them (past its 2 s cache).
    docket.clock.advance(2 * SECOND);
    expect((await docket.http().get('/v1/queue/overview').set(bearer(senior.apiKey))).body.removalFailed).toBe(2);
    expect((await docket.http().get('/v1/enforcement/failures').set(bearer(moderator.apiKey))).status).toBe(403);

    platform.respond = () => 200;
    const retry = await docket.http().post(`/v1/cases/${one.id}/retry-enforcement`).set(bearer(senior.apiKey));
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual({ caseId: one.id, decisionId: one.decision.id });
    await waitFor('the retried removal to be confirmed', async () => (await caseOf(docket, moderator, one.id)).state === 'removed');
    expect((await failures()).items.map((f: { caseId: string }) => f.caseId)).toEqual([two.id]);
  });
});

describe('the category a removal is decided under', () => {
  let docket: Docket;
  let platform: Receiver;
  let provider: Principal, moderator: Principal, auditor: Principal;

  beforeAll(async () => {
    platform = await Receiver.start();
    docket = await startDocket({ worker: true, env: { PLATFORM_WEBHOOK_URL: platform.url, PLATFORM_WEBHOOK_SECRET: 'platform-secret-0123456789' } });
    [provider, moderator, auditor] = await Promise.all([
      principal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      principal(docket, { role: 'moderator' }),
      principal(docket, { role: 'auditor' }),
    ]);
  });
  afterAll(async () => {
    await docket.close();
    await platform.close();
  });

  /** The statement of reasons an auditor exports for this decision. */
  async function statementOf(decisionId: string) {
    const res = await docket.http().get('/v1/audit/statements').set(bearer(auditor.apiKey));
    expect(res.status).toBe(200);
    const statements = res.text.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    return statements.find((s: { puid: string }) => s.puid === decisionId);
  }

  async function removedWith(body: object) {
    const filed = await file(docket, provider, moderator, 'violent');
    expect((await claimed(docket, moderator)).id).toBe(filed.caseId);
    const res = await decide(docket, moderator, filed.caseId, body);
    expect(res.status).toBe(200);
    await waitFor('the removal to be confirmed', async () => (await caseOf(docket, moderator, filed.caseId)).state === 'removed');
    return res.body;
  }

  it("overrides the case's category in the decision and in its statement of reasons", async () => {
    const decided = await removedWith({ ...REMOVE, category: SPEECH });
    expect(decided).toMatchObject({ category: VIOLENCE, decision: { action: 'remove', category: SPEECH } });
    expect(await statementOf(decided.decision.id)).toMatchObject({ puid: decided.decision.id, category: SPEECH });
  });

  it("defaults to the case's category", async () => {
    const decided = await removedWith(REMOVE);
    expect(decided.decision.category).toBeNull();
    expect(await statementOf(decided.decision.id)).toMatchObject({ category: VIOLENCE });
  });

  it('refuses a category that is not a DSA category with 400 naming it, deciding nothing', async () => {
    const filed = await file(docket, provider, moderator, 'violent');
    expect((await claimed(docket, moderator)).id).toBe(filed.caseId);
    for (const category of ['VIOLENCE', 'STATEMENT_CATEGORY_NOPE', 42]) {
      const res = await decide(docket, moderator, filed.caseId, { ...REMOVE, category });
      expect(res.status).toBe(400);
      expect(errorPaths(res)).toEqual(['category']);
    }
    expect((await docket.db.query('SELECT count(*)::int AS n FROM decisions WHERE case_id = $1', [filed.caseId])).rows[0].n).toBe(0);
    expect(await caseOf(docket, moderator, filed.caseId)).toMatchObject({ state: 'in_review', claimedBy: moderator.id, decision: null });
  });
});

describe('the console page: GET /console', () => {
  let docket: Docket;
  beforeAll(async () => {
    docket = await startDocket();
  });
  afterAll(() => docket.close());

  it('is served with a strict Content-Security-Policy and the API\'s security headers, for any of its own paths', async () => {
    for (const path of ['/console', '/console/cases/3f0c9a6e-0000-4000-8000-000000000000']) {
      const res = await docket.http().get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-(inline|eval)/);
      expect(res.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
      // The page loads its script and style from files, never inline.
      expect(res.text).toMatch(/<script[^>]+src="\/console\/app\.js"/);
      expect(res.text).not.toMatch(/<script>(?!<\/script>)|<style>|\sstyle="/);
    }
    const script = await docket.http().get('/console/app.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    // Revalidated, and not downloaded again when unchanged.
    expect((await docket.http().get('/console/app.js').set('If-None-Match', script.headers.etag)).status).toBe(304);
    expect((await docket.http().get('/console/no-such-file.js')).status).toBe(404);
  });
});
