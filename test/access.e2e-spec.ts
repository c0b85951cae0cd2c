import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { verifySignature } from '@docket/webhooks';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { notice } from './support/notices';
import { Receiver } from './support/receiver';
import { routerRoutes } from './support/routes';
import { freshXarfSample } from './support/xarf-samples';
import { waitFor } from './support/wait-for';

// Jest's testTimeout is a global option (a project's own is ignored); these suites wait on workers on a shared machine.
jest.setTimeout(30_000);

/**
 * Who may call what (api.md): every route the router serves, called with no key, a
 * revoked key, the bootstrap ADMIN_API_KEY and a key of each role, against the
 * status each must get. An allowed call is made with real ids and a valid body, so
 * its status is what the route does (2xx, or the 409 of a case the caller holds no
 * lease on); a refused one is 401 (no valid key) or 403 (known key, wrong role).
 */
type Caller = 'none' | 'revoked' | 'admin' | 'bootstrap' | 'moderator' | 'senior' | 'auditor' | 'reporter' | 'platform';
const KEYED = ['admin', 'bootstrap', 'moderator', 'senior', 'auditor', 'reporter', 'platform'] as const;
const CALLERS: Caller[] = ['none', 'revoked', ...KEYED];

type Cell = number | readonly number[];
/** One status per keyed caller, in the order of KEYED; no key and a revoked key always get 401. */
type Row = readonly [admin: Cell, bootstrap: Cell, moderator: Cell, senior: Cell, auditor: Cell, reporter: Cell, platform: Cell];
/** No key needed: every caller, even one with a revoked key, gets this status. */
type Public = { public: number };
const PUBLIC: Public = { public: 200 };
const F = 403;

/*
 * The matrix. Exceptions to "admin may call every route", each a documented rule:
 * - filing reports needs a reporter principal: its kind sets the deadline (docs/decisions/0008);
 * - the queue leases name a principal: the bootstrap key, which has no principal row, cannot
 *   claim, heartbeat, release or decide (review.service.ts holderId).
 */
const MATRIX: Record<string, Row | Public> = {
  //                                          admin boot  mod  senior audit reporter platform
  'GET /health': PUBLIC,
  'GET /docs': PUBLIC,
  'GET /docs/': PUBLIC,
  'GET /docs/*': PUBLIC,
  'GET /docs/LICENSE': { public: 404 }, // @nestjs/swagger answers it 404 on purpose (hides swagger-ui-dist's LICENSE)
  'GET /docs/index.html': PUBLIC,
  'GET /docs/swagger-ui-init.js': PUBLIC,
  'GET /docs/docs/swagger-ui-init.js': PUBLIC,
  'GET /docs-json': PUBLIC,
  'GET /docs-yaml': PUBLIC,
  'GET /console': PUBLIC,
  'GET /console*': PUBLIC, // `/console/*` as printRoutes() shows it: the console's own routes get its page
  // Signing in needs no key but the one in its body (a moderator's here), whoever calls.
  'POST /v1/session': { public: 201 },
  // A key is not a session: reading or ending one by key is a 400.
  'GET /v1/session':                          [400, 400, 400, 400, F,   F,   F],
  'DELETE /v1/session':                       [400, 400, 400, 400, F,   F,   F],

  'POST /v1/admin/principals':                [201, 201, F,   F,   F,   F,   F],
  'GET /v1/admin/principals':                 [200, 200, F,   F,   F,   F,   F],
  // The matrix's reporter: warned (200); never past the threshold, so a suspension is the route's own 409, as is lifting none.
  'POST /v1/admin/principals/:id/warning':    [200, 200, F,   F,   F,   F,   F],
  'POST /v1/admin/principals/:id/suspension': [409, 409, F,   F,   F,   F,   F],
  'DELETE /v1/admin/principals/:id/suspension': [409, 409, F,   F,   F,   F,   F],
  'DELETE /v1/admin/principals/:id':          [204, 204, F,   F,   F,   F,   F],
  'PATCH /v1/admin/principals/:id':           [200, 200, F,   F,   F,   F,   F],
  'GET /v1/admin/deadline-policy':            [200, 200, F,   F,   F,   F,   F],
  'PUT /v1/admin/deadline-policy':            [200, 200, F,   F,   F,   F,   F],

  'POST /v1/reports':                         [F,   F,   F,   F,   F,   202, F],
  'POST /v1/reports/batch':                   [F,   F,   F,   F,   F,   202, F],
  'POST /v1/reports/xarf':                    [F,   F,   F,   F,   F,   202, F],
  'GET /v1/reports':                          [200, 200, 200, 200, 200, 200, F],
  'GET /v1/reports/:id':                      [200, 200, 200, 200, 200, 200, F],

  'GET /v1/queue':                            [200, 200, 200, 200, F,   F,   F],
  'GET /v1/queue/overview':                   [200, 200, 200, 200, F,   F,   F],
  'POST /v1/queue/claim':                     [204, F,   204, 204, F,   F,   F],
  'GET /v1/cases/:id':                        [200, 200, 200, 200, F,   F,   F],
  'POST /v1/cases/:id/heartbeat':             [409, F,   409, 409, F,   F,   F],
  'POST /v1/cases/:id/release':               [409, F,   409, 409, F,   F,   F],
  'POST /v1/cases/:id/decision':              [409, F,   409, 409, F,   F,   F],
  'POST /v1/cases/:id/retry-enforcement':     [409, 409, F,   409, F,   F,   F],
  'POST /v1/cases/:id/skip':                  [409, F,   409, 409, F,   F,   F],
  'GET /v1/cases/:id/history':                [200, 200, 200, 200, F,   F,   F],
  'GET /v1/cases/:id/removed-matches':        [200, 200, 200, 200, F,   F,   F],
  // Claim history is for seniors (issue 21): who worked a case is a lead's question, not a peer's.
  'GET /v1/cases/:id/claims':                 [200, 200, F,   200, F,   F,   F],
  // A note has an author: the bootstrap key has no principal.
  'POST /v1/cases/:id/notes':                 [201, F,   201, 201, F,   F,   F],
  'GET /v1/enforcement/failures':             [200, 200, F,   200, F,   F,   F],
  // Bulk decisions (issue 21) are a senior's: each has a maker, so the bootstrap key (no principal) may not. Unknown
  // token and ids: 404.
  'POST /v1/bulk-decisions/preview':          [200, F,   F,   200, F,   F,   F],
  'POST /v1/bulk-decisions':                  [404, F,   F,   404, F,   F,   F],
  'GET /v1/bulk-decisions/:id':               [404, 404, F,   404, F,   F,   F],
  'POST /v1/bulk-decisions/:id/cancel':       [404, F,   F,   404, F,   F,   F],
  'GET /v1/reason-templates':                 [200, 200, 200, 200, F,   F,   F],
  'POST /v1/reason-templates':                [201, 201, F,   201, F,   F,   F],
  'PUT /v1/reason-templates/:id':             [200, 200, F,   200, F,   F,   F],
  'DELETE /v1/reason-templates/:id':          [204, 204, F,   204, F,   F,   F],
  // Exposure and preferences belong to a principal: the bootstrap key has none.
  'GET /v1/me/exposure':                      [200, F,   200, 200, F,   F,   F],
  'GET /v1/me/preferences':                   [200, F,   200, 200, F,   F,   F],
  'PUT /v1/me/preferences':                   [200, F,   200, 200, F,   F,   F],

  // An author's appeal is filed by the platform (admins too); a notifier's by the reporter. Here: an unknown decision.
  'POST /v1/appeals':                         [404, F,   F,   F,   F,   F,   404],
  'GET /v1/appeals':                          [200, 200, 200, 200, 200, F,   F],
  'GET /v1/appeals/overview':                 [200, 200, 200, 200, F,   F,   F],
  'POST /v1/appeals/claim':                   [204, F,   204, 204, F,   F,   F],
  // An appeal is read by its filer (the platform's here) and by staff; another reporter gets 404.
  'GET /v1/appeals/:id':                      [200, 200, 200, 200, 200, 404, 200],
  'GET /v1/appeals/:id/detail':               [200, 200, 200, 200, F,   F,   F],
  'POST /v1/appeals/:id/heartbeat':           [409, F,   409, 409, F,   F,   F],
  'POST /v1/appeals/:id/release':             [409, F,   409, 409, F,   F,   F],
  'POST /v1/appeals/:id/decision':            [409, F,   409, 409, F,   F,   F],
  'POST /v1/appeals/:id/retry-restore':       [409, 409, F,   409, F,   F,   F],

  // Quality sampling (decision 0037): second reviews are worked by moderators and seniors with a principal of their own
  // (here none is queued: 204; an unknown one: 404); the disagreements and the figures are for seniors.
  'POST /v1/second-reviews/claim':            [204, F,   204, 204, F,   F,   F],
  'POST /v1/second-reviews/:id/decision':     [404, F,   404, 404, F,   F,   F],
  'POST /v1/second-reviews/:id/release':      [404, F,   404, 404, F,   F,   F],
  'POST /v1/second-reviews/:id/heartbeat':    [404, F,   404, 404, F,   F,   F],
  'GET /v1/second-reviews':                   [200, 200, F,   200, F,   F,   F],
  // The senior tier's queue of disagreements (decision 0038): none here, and an unknown one is a 404.
  'POST /v1/second-reviews/disagreements/claim': [204, F, F,   204, F,   F,   F],
  'POST /v1/second-reviews/:id/resolution':   [404, F,   F,   404, F,   F,   F],
  'GET /v1/quality/agreement':                [200, 200, F,   200, F,   F,   F],

  'POST /v1/posts/scan':                      [202, 202, F,   F,   F,   F,   202],
  // A scan is read by the key that filed it (the platform's here) and by admins.
  'GET /v1/posts/scans/:id':                  [200, 200, F,   F,   F,   F,   200],
  'POST /v1/posts':                           [200, 200, F,   F,   F,   200, 200],

  // Seniors too: the console's Capacity page shows the last days' figures to a trust-and-safety lead.
  'GET /v1/audit/response-times':             [200, 200, F,   200, 200, F,   F],
  'GET /v1/audit/cases':                      [200, 200, F,   F,   200, F,   F],
  'GET /v1/audit/transparency':               [200, 200, F,   F,   200, F,   F],
  'GET /v1/audit/statements':                 [200, 200, F,   F,   200, F,   F],
  'GET /v1/audit/events':                     [200, 200, F,   F,   200, F,   F],
  'GET /v1/audit/verify':                     [200, 200, F,   F,   200, F,   F],
  'GET /v1/audit/exposure':                   [200, 200, F,   F,   200, F,   F],
  'GET /v1/audit/appeals':                    [200, 200, F,   F,   200, F,   F],
  'GET /v1/audit/reporters':                  [200, 200, F,   F,   200, F,   F],
  // The agreement aggregate per category, never per moderator.
  'GET /v1/audit/agreement':                  [200, 200, F,   F,   200, F,   F],
  // Auditors and seniors (and admins); here the history is too short to replay: the route's own 422.
  'GET /v1/audit/staffing':                   [422, 422, F,   422, 422, F,   F],
  // The live capacity alarm's state (no projection yet here: state unknown).
  'GET /v1/capacity':                         [200, 200, F,   200, F,   F,   F],
};

/** Role rules a route enforces beyond its guard: the senior tier is for role senior (and admins). */
const VARIANTS: Record<string, { route: string; query?: Record<string, string>; body?: object; row: Row }> = {
  'GET /v1/queue?tier=senior': { route: 'GET /v1/queue', query: { tier: 'senior' }, row: [200, 200, F, 200, F, F, F] },
  'POST /v1/queue/claim {"tier":"senior"}': { route: 'POST /v1/queue/claim', body: { tier: 'senior' }, row: [204, F, F, 204, F, F, F] },
  'POST /v1/appeals/claim {"tier":"senior"}': { route: 'POST /v1/appeals/claim', body: { tier: 'senior' }, row: [204, F, F, 204, F, F, F] },
};

const TEMPLATE = { position: 1, title: 'Satire', action: 'no_violation', text: 'Satire of {postId}, no call to violence.' };

function expected(row: Row | Public): Record<Caller, Cell> {
  if ('public' in row) return Object.fromEntries(CALLERS.map((c) => [c, row.public])) as Record<Caller, Cell>;
  return { none: 401, revoked: 401, ...Object.fromEntries(KEYED.map((c, i) => [c, row[i]])) } as Record<Caller, Cell>;
}

describe('access: every route, every kind of caller', () => {
  let docket: Docket;
  const keys = {} as Record<Caller, string | undefined>;
  let reporter: Awaited<ReturnType<typeof createPrincipal>>;
  let report: { id: string; caseId: string };
  let policy: object;
  let scanOfPlatform: string | undefined;
  let appealOfPlatform: string;

  beforeAll(async () => {
    // The matrix sends a no-key and a revoked-key request per route and method from one address, well past a
    // minute's budget of refusals: those would be 429s (tested in auth-failures.e2e-spec.ts), not the 401s checked here.
    docket = await startDocket({ env: { AUTH_FAILURES_PER_MINUTE: '1000' } });
    const [admin, moderator, senior, auditor, platform, revoked] = await Promise.all([
      createPrincipal(docket, { role: 'admin', name: 'admin principal' }),
      createPrincipal(docket, { role: 'moderator' }),
      createPrincipal(docket, { role: 'senior' }),
      createPrincipal(docket, { role: 'auditor' }),
      createPrincipal(docket, { role: 'platform' }),
      createPrincipal(docket, { role: 'admin', name: 'revoked admin' }),
    ]);
    reporter = await createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' });
    expect((await docket.http().delete(`/v1/admin/principals/${revoked.id}`).set(bearer(docket.adminKey))).status).toBe(204);
    Object.assign(keys, {
      none: undefined, revoked: revoked.apiKey, admin: admin.apiKey, bootstrap: docket.adminKey, moderator: moderator.apiKey,
      senior: senior.apiKey, auditor: auditor.apiKey, reporter: reporter.apiKey, platform: platform.apiKey,
    });
    // A real report and its case (no worker: it stays received, so nobody can claim or hold it).
    const filed = await docket.http().post('/v1/reports').set(bearer(reporter.apiKey)).send(notice());
    expect(filed.status).toBe(202);
    report = filed.body;
    policy = (await docket.http().get('/v1/admin/deadline-policy').set(bearer(docket.adminKey))).body;
    // A decided appeal of the platform's (written directly: this suite runs no worker, so nothing gets decided).
    const { rows: [appeal] } = await docket.db.query(
      `WITH d AS (INSERT INTO decisions (id, case_id, action, explanation, decided_at) VALUES (gen_random_uuid(), $1, 'no_violation', 'ok', now()) RETURNING id)
       INSERT INTO appeals (id, decision_id, case_id, appellant, filed_by, statement, contested_action, category, state, received_at, due_at, outcome, reason, decided_at)
       SELECT gen_random_uuid(), d.id, $1, 'author', $2, 'wrong', 'no_violation', 'STATEMENT_CATEGORY_VIOLENCE', 'upheld', now(), now() + interval '7 days', 'uphold', 'stands', now()
         FROM d RETURNING id`,
      [report.caseId, platform.id]);
    appealOfPlatform = appeal.id;
  });
  afterAll(() => docket.close());

  /** The concrete request for a route: real ids, a valid body. */
  async function requestFor(route: string): Promise<{ method: string; url: string; body?: unknown }> {
    const [method, path] = route.split(' ');
    const body: Record<string, () => unknown> = {
      'POST /v1/admin/principals': () => ({ name: `made by matrix ${randomUUID()}`, role: 'auditor' }),
      'PUT /v1/admin/deadline-policy': () => policy,
      'POST /v1/reports': () => notice(),
      'POST /v1/reports/batch': () => ({ reports: [notice(), notice()] }),
      'POST /v1/reports/xarf': () => freshXarfSample('content-phishing.json'),
      'POST /v1/queue/claim': () => ({}),
      'POST /v1/cases/:id/decision': () => ({ action: 'no_violation', explanation: 'Satire, no call to violence.' }),
      'POST /v1/cases/:id/notes': () => ({ text: 'Checked the account: a parody profile.' }),
      'PATCH /v1/admin/principals/:id': () => ({ languages: ['de', 'en'], skills: ['STATEMENT_CATEGORY_VIOLENCE'] }),
      'POST /v1/posts/scan': () => ({ posts: [{ id: `scan-${randomUUID()}`, text: 'A picture of my cat.' }] }),
      'POST /v1/session': () => ({ apiKey: keys.moderator }),
      'POST /v1/posts': () => ({ id: `p-${randomUUID()}`, url: `https://social.example/p/${randomUUID()}` }),
      'POST /v1/reason-templates': () => TEMPLATE,
      'PUT /v1/reason-templates/:id': () => TEMPLATE,
      'PUT /v1/me/preferences': () => ({ blurViolent: true, grayscaleMedia: false }),
      'POST /v1/appeals': () => ({ decisionId: randomUUID(), appellant: 'author', statement: 'The post was satire.' }),
      'POST /v1/appeals/claim': () => ({}),
      'POST /v1/bulk-decisions/preview': () => ({ selection: { caseIds: [report.caseId] }, decision: { action: 'no_violation', explanation: 'Satire.' } }),
      'POST /v1/bulk-decisions': () => ({ token: 'no-such-preview-token' }),
      'POST /v1/appeals/:id/decision': () => ({ outcome: 'uphold', reason: 'stands' }),
      'POST /v1/second-reviews/claim': () => ({}),
      'POST /v1/second-reviews/:id/decision': () => ({ action: 'remove', reason: 'A call to violence.' }),
      'POST /v1/second-reviews/disagreements/claim': () => ({}),
      'POST /v1/second-reviews/:id/resolution': () => ({ upheld: 'first', reason: 'The first decision was right.' }),
      'POST /v1/admin/principals/:id/warning': () => ({ reason: 'Notices without substance.' }),
      'POST /v1/admin/principals/:id/suspension': () => ({ until: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(), reason: 'Manifestly unfounded notices.' }),
    };
    let url = path.replace('/docs/*', '/docs/swagger-ui.css').replace('/console*', '/console/cases/1');
    if (path.startsWith('/v1/reports/:id')) url = path.replace(':id', report.id);
    if (path.startsWith('/v1/cases/:id')) url = path.replace(':id', report.caseId);
    if (path.startsWith('/v1/appeals/:id')) url = path.replace(':id', appealOfPlatform);
    if (path.startsWith('/v1/bulk-decisions/:id')) url = path.replace(':id', randomUUID());
    if (path.startsWith('/v1/second-reviews/:id')) url = path.replace(':id', randomUUID());
    if (path === '/v1/posts/scans/:id') {
      scanOfPlatform ??= (await docket.http().post('/v1/posts/scan').set(bearer(keys.platform!)).send({ posts: [{ id: `scan-${randomUUID()}`, text: 'A cat.' }] })).body.scanId;
      url = path.replace(':id', scanOfPlatform!);
    }
    if (path === '/v1/reason-templates/:id') {
      const created = await docket.http().post('/v1/reason-templates').set(bearer(docket.adminKey)).send(TEMPLATE);
      url = path.replace(':id', created.body.id);
    }
    if (path.startsWith('/v1/admin/principals/:id/')) url = path.replace(':id', reporter.id);
    if (path === '/v1/admin/principals/:id') {
      // Each call gets its own principal to delete, so an allowed call is a 204, not a 404 for one already gone.
      // PATCH sets a moderator's languages and skills: a moderator of its own.
      url = path.replace(':id', (await createPrincipal(docket, { role: method === 'PATCH' ? 'moderator' : 'auditor', name: 'to be deleted' })).id);
    }
    return { method: method.toLowerCase(), url, body: body[route]?.() };
  }

  async function call(caller: Caller, req: { method: string; url: string; body?: unknown; query?: object }): Promise<request.Response> {
    let r: request.Test = (docket.http() as any)[req.method](req.url);
    if (keys[caller]) r = r.set(bearer(keys[caller]!));
    if (req.query) r = r.query(req.query);
    return req.body === undefined ? r : r.send(req.body as object);
  }

  function check(res: request.Response): void {
    if (res.status === 401) {
      expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
    if (res.status === 403) expect(res.body).toEqual({ statusCode: 403, error: 'Forbidden', message: expect.any(String) });
  }

  const statusMatches = (status: number, cell: Cell) => (typeof cell === 'number' ? status === cell : cell.includes(status));

  it('the matrix lists exactly the routes the router serves (a new route must be added here)', () => {
    const served = routerRoutes(docket.app);
    const gets = served.filter((r) => r.startsWith('GET ')).map((r) => r.replace(/^GET /, 'HEAD '));
    // Fastify adds a HEAD route for every GET; they are checked with their GET below.
    expect(served.filter((r) => r.startsWith('HEAD ')).sort()).toEqual(gets.sort());
    expect(served.filter((r) => !r.startsWith('HEAD '))).toEqual(Object.keys(MATRIX).sort());
  });

  it.each(Object.keys(MATRIX))('%s', async (route) => {
    const want = expected(MATRIX[route]);
    const got = {} as Record<Caller, number>;
    for (const caller of CALLERS) {
      const res = await call(caller, await requestFor(route));
      check(res);
      got[caller] = res.status;
    }
    // One assertion per route, so a failure shows the whole row.
    const shown = Object.fromEntries(CALLERS.map((c) => [c, statusMatches(got[c], want[c]) ? want[c] : got[c]]));
    expect(shown).toEqual(want);
  });

  it.each(Object.keys(MATRIX).filter((r) => r.startsWith('GET ')))('HEAD of %s: the same gate as GET', async (route) => {
    const want = expected(MATRIX[route]);
    const { url } = await requestFor(route);
    const got = {} as Record<Caller, number>;
    for (const caller of CALLERS) got[caller] = (await call(caller, { method: 'head', url })).status;
    const shown = Object.fromEntries(CALLERS.map((c) => [c, statusMatches(got[c], want[c]) ? want[c] : got[c]]));
    expect(shown).toEqual(want);
  });

  it.each(Object.keys(VARIANTS))('%s', async (name) => {
    const variant = VARIANTS[name];
    const want = expected(variant.row);
    const got = {} as Record<Caller, number>;
    for (const caller of CALLERS) {
      const base = await requestFor(variant.route);
      const res = await call(caller, { ...base, query: variant.query, body: variant.body ?? base.body });
      check(res);
      got[caller] = res.status;
    }
    const shown = Object.fromEntries(CALLERS.map((c) => [c, statusMatches(got[c], want[c]) ? want[c] : got[c]]));
    expect(shown).toEqual(want);
  });

  it('a key is read only from "Authorization: Bearer": other schemes and places get 401', async () => {
    const key = keys.auditor!;
    const attempts = [
      docket.http().get('/v1/audit/verify').set('Authorization', key),
      docket.http().get('/v1/audit/verify').set('Authorization', `Basic ${Buffer.from(`x:${key}`).toString('base64')}`),
      docket.http().get('/v1/audit/verify').set('X-Api-Key', key),
      docket.http().get('/v1/audit/verify').query({ apiKey: key }),
      docket.http().get('/v1/audit/verify').set('Authorization', `Bearer ${key}x`),
      docket.http().get('/v1/audit/verify').set('Authorization', `Bearer ${key.slice(0, -1)}`),
    ];
    for (const res of await Promise.all(attempts)) expect(res.status).toBe(401);
    expect((await docket.http().get('/v1/audit/verify').set('Authorization', `bearer   ${key}`)).status).toBe(200);
  });
});

describe('access: reporters see only their own reports', () => {
  let docket: Docket;
  let a: Awaited<ReturnType<typeof createPrincipal>>;
  let b: Awaited<ReturnType<typeof createPrincipal>>;
  let moderator: Awaited<ReturnType<typeof createPrincipal>>;
  let receiverA: Receiver;
  let receiverB: Receiver;
  const file = async (who: { apiKey: string }, overrides: Record<string, unknown> = {}, post: Record<string, unknown> = {}, idempotencyKey?: string) => {
    const req = docket.http().post('/v1/reports').set(bearer(who.apiKey));
    const res = await (idempotencyKey ? req.set('Idempotency-Key', idempotencyKey) : req).send(notice(overrides, post));
    expect(res.status).toBe(202);
    return res.body as { id: string; caseId: string };
  };

  beforeAll(async () => {
    [receiverA, receiverB] = await Promise.all([Receiver.start(), Receiver.start()]);
    docket = await startDocket({ env: { WEBHOOK_ATTEMPTS: '2', WEBHOOK_BACKOFF_MS: '10', WEBHOOK_TIMEOUT_MS: '2000' } });
    a = await createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider', name: 'Reporter A', callbackUrl: receiverA.url });
    b = await createPrincipal(docket, { role: 'reporter', kind: 'trusted_flagger', name: 'Reporter B', callbackUrl: receiverB.url });
    moderator = await createPrincipal(docket, { role: 'moderator' });
  });
  afterAll(async () => {
    await docket.close();
    await Promise.all([receiverA.close(), receiverB.close()]);
  });

  it("another reporter's report is 404, exactly like one that does not exist", async () => {
    const mine = await file(a);
    const theirs = await file(b, { externalRef: 'B-SECRET-REF' });
    const ofB = await docket.http().get(`/v1/reports/${theirs.id}`).set(bearer(a.apiKey));
    const nowhere = await docket.http().get(`/v1/reports/${randomUUID()}`).set(bearer(a.apiKey));
    expect(ofB.status).toBe(404);
    expect(ofB.body).toEqual(nowhere.body);
    expect(JSON.stringify(ofB.body)).not.toContain(theirs.caseId);
    // B, its owner, and a moderator do see it; A sees its own.
    expect((await docket.http().get(`/v1/reports/${theirs.id}`).set(bearer(b.apiKey))).status).toBe(200);
    expect((await docket.http().get(`/v1/reports/${theirs.id}`).set(bearer(moderator.apiKey))).status).toBe(200);
    expect((await docket.http().get(`/v1/reports/${mine.id}`).set(bearer(a.apiKey))).body).toMatchObject({ id: mine.id, caseId: mine.caseId });
  });

  it("a reporter's list holds its own reports only, on every page and under every filter", async () => {
    const ofA = [await file(a), await file(a), await file(a)];
    const ofB = [await file(b, { externalRef: 'B-ONLY-1' }), await file(b, { externalRef: 'B-ONLY-2' })];
    const seen: any[] = [];
    for (const filter of [{}, { status: 'received' }, { from: '2000-01-01T00:00:00Z' }]) {
      let cursor: string | null = null;
      do {
        const res: request.Response = await docket.http().get('/v1/reports').query({ ...filter, limit: 1, ...(cursor ? { cursor } : {}) }).set(bearer(a.apiKey));
        expect(res.status).toBe(200);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
    }
    const ids = new Set(seen.map((r) => r.id));
    for (const r of ofA) expect(ids).toContain(r.id);
    const text = JSON.stringify(seen);
    for (const r of ofB) {
      expect(text).not.toContain(r.id);
      expect(text).not.toContain(r.caseId);
    }
    expect(text).not.toContain('B-ONLY');
    const own = await docket.db.query('SELECT id FROM reports WHERE reporter_id = $1', [a.id]);
    expect(ids).toEqual(new Set(own.rows.map((r) => r.id)));
  });

  it("B's case ids confirm nothing to A: the case routes refuse a reporter whatever the id", async () => {
    const theirs = await file(b);
    for (const path of ['', '/heartbeat', '/release', '/decision', '/retry-enforcement']) {
      const method = path === '' ? 'get' : 'post';
      const real = await (docket.http() as any)[method](`/v1/cases/${theirs.caseId}${path}`).set(bearer(a.apiKey)).send({});
      const made = await (docket.http() as any)[method](`/v1/cases/${randomUUID()}${path}`).set(bearer(a.apiKey)).send({});
      expect({ path, status: real.status, body: real.body }).toEqual({ path, status: 403, body: made.body });
    }
    const queue = await docket.http().get('/v1/queue').set(bearer(a.apiKey));
    expect(queue.status).toBe(403);
  });

  it("reusing B's Idempotency-Key or X-ARF report_id gives A a receipt of its own, never B's", async () => {
    const body = notice({ externalRef: 'SHARED-REF' }, { id: `p-shared-${randomUUID()}` });
    const ofB = await docket.http().post('/v1/reports').set(bearer(b.apiKey)).set('Idempotency-Key', 'same-key').send(body);
    const ofA = await docket.http().post('/v1/reports').set(bearer(a.apiKey)).set('Idempotency-Key', 'same-key').send(body);
    expect([ofB.status, ofA.status]).toEqual([202, 202]);
    expect(ofA.body.id).not.toBe(ofB.body.id);

    const xarf = freshXarfSample('content-phishing.json');
    const xB = await docket.http().post('/v1/reports/xarf').set(bearer(b.apiKey)).send(xarf);
    const xA = await docket.http().post('/v1/reports/xarf').set(bearer(a.apiKey)).send(xarf);
    expect([xB.status, xA.status]).toEqual([202, 202]);
    expect(xA.body.id).not.toBe(xB.body.id);
    expect((await docket.http().get(`/v1/reports/${xB.body.id}`).set(bearer(a.apiKey))).status).toBe(404);
  });

  it('when both report one post, each gets its own callback, signed with its own secret; moderators see reporter kinds, not identities', async () => {
    await docket.startWorker();
    const postId = `p-both-${randomUUID()}`;
    const ofA = await file(a, { externalRef: 'A-REF-BOTH' }, { id: postId });
    const ofB = await file(b, { externalRef: 'B-REF-BOTH' }, { id: postId });
    expect(ofA.caseId).toBe(ofB.caseId);

    const detail = await waitFor('the shared case to be queued', async () => {
      const c = await docket.http().get(`/v1/cases/${ofA.caseId}`).set(bearer(moderator.apiKey));
      return c.body.queuedAt ? c.body : undefined;
    });
    expect(detail.reports.map((r: { reporterKind: string }) => r.reporterKind).sort()).toEqual(['hosting_provider', 'trusted_flagger']);
    for (const secret of [a.id, b.id, 'Reporter A', 'Reporter B', receiverA.url, receiverB.url]) expect(JSON.stringify(detail)).not.toContain(secret);

    // Claim until the shared case comes up (earlier tests left other cases in the queue).
    await waitFor('the shared case to be claimed', async () => {
      const claimed = await docket.http().post('/v1/queue/claim').set(bearer(moderator.apiKey)).send({});
      if (claimed.status !== 200) return undefined;
      if (claimed.body.id === ofA.caseId) return true;
      await docket.http().post(`/v1/cases/${claimed.body.id}/decision`).set(bearer(moderator.apiKey)).send({ action: 'no_violation', explanation: 'Not this one.' });
      return undefined;
    });
    const decided = await docket.http().post(`/v1/cases/${ofA.caseId}/decision`).set(bearer(moderator.apiKey)).send({ action: 'no_violation', explanation: 'Satire.' });
    expect(decided.status).toBe(200);

    const toA = await waitFor('A callback', () => receiverA.received.find((r) => r.body?.reportId === ofA.id));
    const toB = await waitFor('B callback', () => receiverB.received.find((r) => r.body?.reportId === ofB.id));
    const headers = (r: typeof toA) => ({ timestamp: r.headers['x-docket-timestamp'] as string, signature: r.headers['x-docket-signature'] as string });
    expect(verifySignature(a.callbackSecret, headers(toA), toA.rawBody)).toEqual({ ok: true });
    expect(verifySignature(b.callbackSecret, headers(toA), toA.rawBody)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(b.callbackSecret, headers(toB), toB.rawBody)).toEqual({ ok: true });
    expect(toA.body).toMatchObject({ type: 'report.resolved', reportId: ofA.id, externalRef: 'A-REF-BOTH', outcome: 'no_violation' });
    // Nothing of B's ever went to A's receiver, and the other way round.
    const atA = JSON.stringify(receiverA.received.map((r) => r.body));
    const atB = JSON.stringify(receiverB.received.map((r) => r.body));
    expect(atA).not.toContain(ofB.id);
    expect(atA).not.toContain('B-REF-BOTH');
    expect(atB).not.toContain(ofA.id);
    expect(atB).not.toContain('A-REF-BOTH');
  });
});
