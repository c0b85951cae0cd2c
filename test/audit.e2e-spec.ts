import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import canonicalize from 'canonicalize';
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { notice } from './support/notices';
import { Receiver } from './support/receiver';
import { REMOVE } from './support/review';
import { scan } from './support/scans';
import { waitFor } from './support/wait-for';

const SOR_SCHEMA = join(__dirname, '../third_party/dsa-transparency-database_MIT/sor_statement.derived.schema.json');
const VIOLENCE = 'STATEMENT_CATEGORY_VIOLENCE';
const SCAMS = 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD';
const SPEECH = 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH';
const MARCH = 'from=2026-03-01&to=2026-03-05';
const INCOMPATIBLE = { action: 'remove', ground: 'incompatible_content', policy: 'Community rules §4 (harassment)', explanation: 'Targets a person with insults.' };

/**
 * The scenario every figure below is computed from by hand. Times are UTC; the
 * clock is fixed at each step, so receipt, closure and removal happen exactly then.
 *
 * case  post        notices (kind, received)                         category  outcome (at)                       deadline
 * G     post-g      provider 02-27 00:00                              VIOLENCE  removed 02-27 00:20               1 h   (before the period)
 * A     post-a      provider 03-02 00:00, user 03-02 00:10            VIOLENCE  removed 03-02 00:30               1 h   in time
 * B     post-b      user 03-02 06:00                                  VIOLENCE  removed 03-03 12:00 (30 h)        24 h  breached
 * C     post-c      trusted flagger 03-02 12:00                       SCAMS     removed 03-05 12:00 (3 d)         7 d   in time
 * D     post-d      user 03-03 00:00                                  SCAMS     no_violation 03-03 02:00 (2 h)    7 d   in time
 * E     post-e      trusted flagger 03-03 08:00                       SPEECH    removed 03-13 08:00 (10 d)        24 h  breached, terms
 * H     post-h      authority 04-01 00:00                             VIOLENCE  removed 04-01 00:10               1 h   (after the period)
 * I     post-i      the platform's own scan 04-02 00:00               VIOLENCE  removed 04-02 00:05                     (after the period)
 * F     =SUM(A1)    provider 03-04 00:00                              VIOLENCE  open                              1 h
 */
describe('audit: response times, exports, statements of reasons and the hash chain', () => {
  let platform: Receiver;
  let docket: Docket;
  let auditor: { id: string; apiKey: string };
  let keys: Record<'provider' | 'user' | 'flagger' | 'authority' | 'moderator' | 'platform', string>;
  const caseOf: Record<string, string> = {};

  const get = (path: string, key = auditor.apiKey) => docket.http().get(path).set(bearer(key));
  const stateOf = async (caseId: string) => (await docket.db.query('SELECT state FROM cases WHERE id = $1', [caseId])).rows[0]?.state;

  async function file(at: string, key: string, category: string, postId: string, text: string): Promise<string> {
    docket.clock.set(at);
    const res = await docket.http().post('/v1/reports').set(bearer(key)).send(notice({ category, specification: [] }, { id: postId, text, postedAt: '2026-02-01T00:00:00Z' }));
    expect(res.status).toBe(202);
    await waitFor(`case of ${postId} queued`, async () => (await stateOf(res.body.caseId)) === 'queued');
    // Deadline timers are delayed from the clock when relayed: relay them before the clock jumps past the deadline.
    await waitFor('the outbox relayed', async () => (await docket.db.query('SELECT 1 FROM outbox LIMIT 1')).rowCount === 0);
    return res.body.caseId;
  }

  async function decide(at: string, caseId: string, body: object = REMOVE): Promise<void> {
    docket.clock.set(at);
    // Claims skip a case another transaction holds locked at that instant (FOR NO KEY UPDATE SKIP LOCKED): ask again,
    // within a bound, until this one comes; a case that is not claimable at all fails with its state.
    await waitFor(`a claim to lease ${caseId}`, async () => {
      const claim = await docket.http().post('/v1/queue/claim').set(bearer(keys.moderator)).send({});
      if (claim.status === 200 && claim.body.id === caseId) return true;
      const c = (await docket.db.query('SELECT state, tier, claimed_by, lease_expires_at FROM cases WHERE id = $1', [caseId])).rows[0];
      throw new Error(`claim answered ${claim.status} ${claim.body.id ?? ''}; the case: ${JSON.stringify(c)}`);
    }, 5_000, 50);
    const decided = await docket.http().post(`/v1/cases/${caseId}/decision`).set(bearer(keys.moderator)).send(body);
    expect([decided.status, decided.body.message]).toEqual([200, undefined]);
    const closed = (body as { action: string }).action === 'remove' ? 'removed' : 'no_violation';
    await waitFor(`case ${caseId} ${closed}`, async () => (await stateOf(caseId)) === closed);
  }

  beforeAll(async () => {
    platform = await Receiver.start();
    docket = await startDocket({ worker: true, env: { PLATFORM_WEBHOOK_URL: platform.url, PLATFORM_WEBHOOK_SECRET: 'platform-secret-0123456789' } });
    const made = await Promise.all([
      createPrincipal(docket, { role: 'auditor' }),
      createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      createPrincipal(docket, { role: 'reporter', kind: 'user' }),
      createPrincipal(docket, { role: 'reporter', kind: 'trusted_flagger' }),
      createPrincipal(docket, { role: 'reporter', kind: 'authority' }),
      createPrincipal(docket, { role: 'moderator' }),
      createPrincipal(docket, { role: 'platform' }),
    ]);
    auditor = made[0];
    keys = { provider: made[1].apiKey, user: made[2].apiKey, flagger: made[3].apiKey, authority: made[4].apiKey, moderator: made[5].apiKey, platform: made[6].apiKey };

    caseOf.G = await file('2026-02-27T00:00:00Z', keys.provider, VIOLENCE, 'post-g', 'Old news about the weather');
    await decide('2026-02-27T00:20:00Z', caseOf.G);

    caseOf.A = await file('2026-03-02T00:00:00Z', keys.provider, VIOLENCE, 'post-a', 'A picture of a quiet harbour');
    docket.clock.set('2026-03-02T00:10:00Z');
    const joined = await docket.http().post('/v1/reports').set(bearer(keys.user)).send(notice({ category: VIOLENCE, specification: [] }, { id: 'post-a', text: 'A picture of a quiet harbour' }));
    expect(joined.body.caseId).toBe(caseOf.A);
    await decide('2026-03-02T00:30:00Z', caseOf.A);

    caseOf.B = await file('2026-03-02T06:00:00Z', keys.user, VIOLENCE, 'post-b', 'Recipes for lentil soup');
    await decide('2026-03-03T12:00:00Z', caseOf.B);
    caseOf.C = await file('2026-03-02T12:00:00Z', keys.flagger, SCAMS, 'post-c', 'Watches at half price today only');
    await decide('2026-03-05T12:00:00Z', caseOf.C);
    caseOf.D = await file('2026-03-03T00:00:00Z', keys.user, SCAMS, 'post-d', 'Second hand bicycle for sale');
    await decide('2026-03-03T02:00:00Z', caseOf.D, { action: 'no_violation', explanation: 'An ordinary sale.' });
    caseOf.E = await file('2026-03-03T08:00:00Z', keys.flagger, SPEECH, 'post-e', 'You are all idiots and clowns');
    await decide('2026-03-13T08:00:00Z', caseOf.E, INCOMPATIBLE);
    // Two removals in April, outside the March figures: an authority's order and the platform's own scan.
    caseOf.H = await file('2026-04-01T00:00:00Z', keys.authority, VIOLENCE, 'post-h', 'Meeting notes from the council');
    await decide('2026-04-01T00:10:00Z', caseOf.H);
    docket.clock.set('2026-04-02T00:00:00Z');
    const scanned = await scan(docket, keys.platform, [
      { id: 'post-i', text: 'Kill them all, they must hang.', mediaUrls: ['https://cdn.example/i.jpg', 'https://cdn.example/i.mp4'] },
    ]);
    caseOf.I = scanned.flagged[0].caseId;
    await waitFor('scanned case queued', async () => (await stateOf(caseOf.I)) === 'queued');
    await waitFor('the outbox relayed', async () => (await docket.db.query('SELECT 1 FROM outbox LIMIT 1')).rowCount === 0);
    await decide('2026-04-02T00:05:00Z', caseOf.I);
    caseOf.F = await file('2026-03-04T00:00:00Z', keys.provider, VIOLENCE, '=SUM(A1)', 'Photos from the parade');
  });

  afterAll(async () => {
    await docket.close();
    await platform.close();
  });

  describe('GET /v1/audit/response-times', () => {
    it('groupBy=category: every figure as computed by hand, JSON and CSV alike', async () => {
      const res = await get(`/v1/audit/response-times?groupBy=category&${MARCH}`);
      expect(res.status).toBe(200);
      expect(res.body.from).toBe('2026-03-01T00:00:00.000Z');
      expect(res.body.to).toBe('2026-03-05T00:00:00.000Z');
      const [speech, scams, violence] = res.body.groups;
      // VIOLENCE: notices A1 A2 B F; times to removal 1800 (A1), 1200 (A2), 108000 (B) → sorted 1200 1800 108000.
      expect(violence).toMatchObject({
        key: VIOLENCE, notices: 4, cases: 3, removed: 2, noViolation: 0, open: 1,
        medianSecondsToRemoval: 1800, medianSecondsToAction: 1800, withinDeadline: 1, breached: 1,
        removedWithin24h: 2, removedWithin48h: 1, removedWithin7d: 0, removedLater: 0,
      });
      expect(violence.p90SecondsToRemoval).toBeCloseTo(1800 + 0.8 * (108000 - 1800), 6); // position 0.9 × 2 = 1.8
      expect(violence.p99SecondsToRemoval).toBeCloseTo(1800 + 0.98 * (108000 - 1800), 6);
      // SCAMS: C removed after 259200 s, D closed as no violation after 7200 s.
      expect(scams).toEqual({
        key: SCAMS, notices: 2, cases: 2, removed: 1, noViolation: 1, open: 0,
        medianSecondsToRemoval: 259200, p90SecondsToRemoval: 259200, p99SecondsToRemoval: 259200, medianSecondsToAction: (7200 + 259200) / 2,
        withinDeadline: 2, breached: 0, removedWithin24h: 0, removedWithin48h: 0, removedWithin7d: 1, removedLater: 0,
      });
      expect(speech).toEqual({
        key: SPEECH, notices: 1, cases: 1, removed: 1, noViolation: 0, open: 0,
        medianSecondsToRemoval: 864000, p90SecondsToRemoval: 864000, p99SecondsToRemoval: 864000, medianSecondsToAction: 864000,
        withinDeadline: 0, breached: 1, removedWithin24h: 0, removedWithin48h: 0, removedWithin7d: 0, removedLater: 1,
      });
      // Total: removal times 1200 1800 108000 259200 864000; action times add 7200.
      expect(res.body.total).toMatchObject({
        notices: 7, cases: 6, removed: 4, noViolation: 1, open: 1,
        medianSecondsToRemoval: 108000, medianSecondsToAction: (7200 + 108000) / 2, withinDeadline: 3, breached: 2,
        removedWithin24h: 2, removedWithin48h: 1, removedWithin7d: 1, removedLater: 1,
      });
      expect(res.body.total.p90SecondsToRemoval).toBeCloseTo(259200 + 0.6 * (864000 - 259200), 6); // position 0.9 × 4 = 3.6
      expect(res.body.total.p99SecondsToRemoval).toBeCloseTo(259200 + 0.96 * (864000 - 259200), 6);

      const csv = await get(`/v1/audit/response-times?groupBy=category&${MARCH}&format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => r.key)).toEqual([SPEECH, SCAMS, VIOLENCE, 'total']);
      for (const [i, group] of [...res.body.groups, { key: 'total', ...res.body.total }].entries()) {
        expect(rows[i]).toEqual(Object.fromEntries(Object.entries(group).map(([k, v]) => [k, v === null ? '' : String(v)])));
      }
    });

    it('groupBy=reporterKind counts each notice under its own reporter', async () => {
      const res = await get(`/v1/audit/response-times?groupBy=reporterKind&${MARCH}`);
      const byKind = Object.fromEntries(res.body.groups.map((g: { key: string }) => [g.key, g]));
      expect(Object.keys(byKind)).toEqual(['hosting_provider', 'trusted_flagger', 'user']);
      expect(byKind.hosting_provider).toMatchObject({ notices: 2, cases: 2, removed: 1, open: 1, medianSecondsToRemoval: 1800, withinDeadline: 1, breached: 0, removedWithin24h: 1 });
      // user: A2 1200 s, B 108000 s removed; D closed after 7200 s.
      expect(byKind.user).toMatchObject({
        notices: 3, cases: 3, removed: 2, noViolation: 1, open: 0, medianSecondsToRemoval: (1200 + 108000) / 2, medianSecondsToAction: 7200,
        withinDeadline: 2, breached: 1, removedWithin24h: 1, removedWithin48h: 1,
      });
      expect(byKind.user.p90SecondsToRemoval).toBeCloseTo(1200 + 0.9 * (108000 - 1200), 6);
      expect(byKind.trusted_flagger).toMatchObject({
        notices: 2, cases: 2, removed: 2, medianSecondsToRemoval: (259200 + 864000) / 2, withinDeadline: 1, breached: 1, removedWithin7d: 1, removedLater: 1,
      });
      expect(byKind.trusted_flagger.p99SecondsToRemoval).toBeCloseTo(259200 + 0.99 * (864000 - 259200), 6);
      expect(res.body.total.notices).toBe(7);
    });

    it('groupBy=day lists every day of the period with inflow, closed and backlog', async () => {
      const res = await get(`/v1/audit/response-times?groupBy=day&${MARCH}`);
      const days = res.body.groups;
      expect(days.map((d: { key: string }) => d.key)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']);
      expect(days.map((d: Record<string, number>) => [d.notices, d.cases, d.inflow, d.closed, d.backlog])).toEqual([
        [0, 0, 0, 0, 0], // G was closed before the period
        [4, 3, 3, 1, 2], // A B C reported, A closed; B C left
        [2, 2, 2, 2, 2], // D E reported, B D closed; C E left
        [1, 1, 1, 0, 3], // F reported; C E F left
      ]);
      // 03-02: removal times 1200 1800 108000 259200 → median (1800 + 108000) / 2.
      expect(days[1]).toMatchObject({ medianSecondsToRemoval: 54900, removed: 3, withinDeadline: 2, breached: 1, removedWithin24h: 2, removedWithin48h: 1, removedWithin7d: 1 });
      expect(days[1].p90SecondsToRemoval).toBeCloseTo(108000 + 0.7 * (259200 - 108000), 6);
      expect(days[2]).toMatchObject({ medianSecondsToRemoval: 864000, medianSecondsToAction: (7200 + 864000) / 2, noViolation: 1, removedLater: 1 });
      expect(days[0].medianSecondsToRemoval).toBeNull();
      expect(res.body.total).toMatchObject({ notices: 7, cases: 6, inflow: 6, closed: 3, backlog: 3 });

      const rows = parse((await get(`/v1/audit/response-times?groupBy=day&${MARCH}`).set('Accept', 'text/csv')).text, { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => [r.key, r.notices, r.inflow, r.closed, r.backlog])).toEqual([
        ['2026-03-01', '0', '0', '0', '0'], ['2026-03-02', '4', '3', '1', '2'], ['2026-03-03', '2', '2', '2', '2'], ['2026-03-04', '1', '1', '0', '3'], ['total', '7', '6', '3', '3'],
      ]);
    });

    it('refuses a bad period or grouping with 400 naming the parameter, and logs no export', async () => {
      const before = await exportCount();
      for (const [query, path] of [['from=yesterday', 'from'], ['from=2021-W01', 'from'], ['to=2026-13-40', 'to'], ['from=2026-03-05&to=2026-03-01', 'to'], ['groupBy=week', 'groupBy'], ['format=xml', 'format']]) {
        const res = await get(`/v1/audit/response-times?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
      }
      expect((await get('/v1/audit/statements?format=csv')).status).toBe(400);
      expect((await get('/v1/audit/events?after=abc')).status).toBe(400);
      expect(await exportCount()).toBe(before);
    });
  });

  describe('GET /v1/audit/cases', () => {
    it('streams one CSV row per case of the period with every timestamp and derived figure', async () => {
      const res = await get(`/v1/audit/cases?${MARCH}&format=csv`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="docket-cases-/);
      const rows = parse(res.text, { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => r.caseId)).toEqual([caseOf.A, caseOf.B, caseOf.C, caseOf.D, caseOf.E, caseOf.F]);
      expect(rows[0]).toEqual({
        caseId: caseOf.A, postId: 'post-a', outcome: 'removed', tier: 'standard', source: 'notice', category: VIOLENCE, categories: VIOLENCE,
        reporterKinds: 'hosting_provider;user', reportCount: '2',
        firstReportedAt: '2026-03-02T00:00:00.000Z', queuedAt: '2026-03-02T00:00:00.000Z', firstClaimedAt: '2026-03-02T00:30:00.000Z',
        decidedAt: '2026-03-02T00:30:00.000Z', removedAt: '2026-03-02T00:30:00.000Z', closedAt: '2026-03-02T00:30:00.000Z',
        dueAt: '2026-03-02T01:00:00.000Z', breachedAt: '', secondsToRemoval: '1800', secondsToAction: '1800', withinDeadline: 'true', breached: 'false',
      });
      expect(rows[1]).toMatchObject({ outcome: 'removed', dueAt: '2026-03-03T06:00:00.000Z', breachedAt: '2026-03-03T06:00:00.000Z', secondsToRemoval: '108000', withinDeadline: 'false', breached: 'true' });
      expect(rows[3]).toMatchObject({ outcome: 'no_violation', removedAt: '', secondsToRemoval: '', secondsToAction: '7200', withinDeadline: 'true' });
      // A post id a spreadsheet would run as a formula is neutralised.
      expect(rows[5]).toMatchObject({ postId: "'=SUM(A1)", outcome: 'queued', closedAt: '', withinDeadline: 'false', breached: 'false' });
    });

    it('streams the same rows as JSON lines, with the post id as given', async () => {
      const res = await get(`/v1/audit/cases?${MARCH}`).buffer(true).parse((r, cb) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString('utf8')));
        r.on('end', () => cb(null, text));
      });
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const lines = (res.body as string).trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(lines).toHaveLength(6);
      expect(lines[0]).toMatchObject({ caseId: caseOf.A, reportCount: 2, secondsToRemoval: 1800, withinDeadline: true, breached: false, removedAt: '2026-03-02T00:30:00.000Z' });
      expect(lines[5]).toMatchObject({ postId: '=SUM(A1)', removedAt: null, secondsToRemoval: null });
    });
  });

  describe('GET /v1/audit/transparency', () => {
    it('gives the DSA "notices" section per category, median hours to action, law versus terms', async () => {
      const res = await get(`/v1/audit/transparency?${MARCH}&format=csv`);
      expect(res.status).toBe(200);
      const rows = parse(res.text, { columns: true }) as Record<string, string>[];
      expect(rows).toHaveLength(17); // the 16 DSA categories, then the total
      const byCategory = Object.fromEntries(rows.map((r) => [r.category, r]));
      expect(byCategory[VIOLENCE]).toEqual({
        category: VIOLENCE, notices: '4', trustedFlaggerNotices: '0', medianHoursToAction: '0.5', medianHoursToActionTrustedFlaggers: '',
        actionsOnLegalGrounds: '3', actionsOnTermsAndConditions: '0',
      });
      // SCAMS: C after 72 h (trusted flagger), D after 2 h.
      expect(byCategory[SCAMS]).toMatchObject({ notices: '2', trustedFlaggerNotices: '1', medianHoursToAction: '37', medianHoursToActionTrustedFlaggers: '72', actionsOnLegalGrounds: '1' });
      expect(byCategory[SPEECH]).toMatchObject({ notices: '1', trustedFlaggerNotices: '1', medianHoursToAction: '240', actionsOnLegalGrounds: '0', actionsOnTermsAndConditions: '1' });
      expect(byCategory.STATEMENT_CATEGORY_ANIMAL_WELFARE).toMatchObject({ notices: '0', medianHoursToAction: '' });
      // Total: action times 1200 1800 7200 108000 259200 864000 s → median (2 h + 30 h) / 2; trusted flaggers (72 h + 240 h) / 2.
      expect(byCategory.total).toEqual({
        category: 'total', notices: '7', trustedFlaggerNotices: '2', medianHoursToAction: '16', medianHoursToActionTrustedFlaggers: '156',
        actionsOnLegalGrounds: '4', actionsOnTermsAndConditions: '1',
      });

      const json = await get(`/v1/audit/transparency?${MARCH}`);
      expect(json.body.notices.find((r: { category: string }) => r.category === 'total')).toMatchObject({ medianHoursToAction: 16, actionsOnLegalGrounds: 4 });
    });
  });

  describe('GET /v1/audit/statements', () => {
    it('gives one DSA statement of reasons per removal, each valid against the Transparency Database rules', async () => {
      const [ordered, scanned] = [caseOf.H, caseOf.I];
      const res = await get('/v1/audit/statements?from=2026-03-01');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const statements = res.text.trimEnd().split('\n').map((l) => JSON.parse(l));
      const ajv = new Ajv2020({ allErrors: true, strict: false });
      addFormats(ajv);
      const validate = ajv.compile(JSON.parse(readFileSync(SOR_SCHEMA, 'utf8')));
      for (const s of statements) expect({ puid: s.puid, valid: validate(s), errors: validate.errors ?? null }).toEqual({ puid: s.puid, valid: true, errors: null });

      const decisions = await docket.db.query(`SELECT case_id, id FROM decisions WHERE action = 'remove'`);
      const byCase = Object.fromEntries(statements.map((s) => [decisions.rows.find((d) => d.id === s.puid)!.case_id, s]));
      expect(Object.keys(byCase).sort()).toEqual([caseOf.A, caseOf.B, caseOf.C, caseOf.E, ordered, scanned].sort());
      expect(byCase[caseOf.A]).toMatchObject({
        decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'], decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
        illegal_content_legal_ground: REMOVE.legalGround, illegal_content_explanation: REMOVE.explanation, category: VIOLENCE,
        content_type: ['CONTENT_TYPE_TEXT'], content_date: '2026-02-01', application_date: '2026-03-02',
        source_type: 'SOURCE_ARTICLE_16', automated_detection: 'No', automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
      });
      expect(byCase[caseOf.E]).toMatchObject({
        decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT', incompatible_content_ground: INCOMPATIBLE.policy, source_type: 'SOURCE_TRUSTED_FLAGGER', application_date: '2026-03-13',
      });
      expect(byCase[ordered].source_type).toBe('SOURCE_TYPE_OTHER_NOTIFICATION');
      expect(byCase[scanned]).toMatchObject({
        source_type: 'SOURCE_VOLUNTARY', automated_detection: 'Yes', content_type: ['CONTENT_TYPE_IMAGE', 'CONTENT_TYPE_TEXT', 'CONTENT_TYPE_VIDEO'], content_date: '2026-04-02',
      });
      // G was first reported before the period.
      expect(statements).toHaveLength(6);
    });
  });

  describe('the audit log', () => {
    it('records each export: who exported what range, in which form', async () => {
      const before = await exportCount();
      await get('/v1/audit/cases?from=2026-03-02&format=csv');
      await docket.sealAudit();
      const { rows } = await docket.db.query(`SELECT actor_id, actor_role, subject_id, data FROM audit_events WHERE action = 'audit.exported' ORDER BY id DESC LIMIT 1`);
      expect(await exportCount()).toBe(before + 1);
      expect(rows[0]).toEqual({ actor_id: auditor.id, actor_role: 'auditor', subject_id: 'cases', data: { from: '2026-03-02T00:00:00.000Z', to: null, format: 'csv' } });
    });

    it('pages through every event in order; each hash recomputes from the one before it as documented', async () => {
      await docket.sealAudit();
      const total = Number((await docket.db.query('SELECT count(*) FROM audit_events')).rows[0].count);
      const events: Record<string, unknown>[] = [];
      for (let after: string | null = null, pages = 0; pages < 1000; pages++) {
        const res = await get(`/v1/audit/events?limit=7${after ? `&after=${after}` : ''}`);
        expect(res.status).toBe(200);
        events.push(...res.body.items);
        after = res.body.nextCursor;
        if (!after) break;
      }
      expect(events.map((e) => e.id)).toEqual(Array.from({ length: total }, (_, i) => String(i + 1)));
      let previous = '0'.repeat(64);
      for (const { hash, ...event } of events) {
        expect(hash).toBe(createHash('sha256').update(previous + canonicalize(event)).digest('hex'));
        previous = hash as string;
      }
      expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['principal.created', 'report.accepted', 'case.queued', 'case.claimed', 'case.decided', 'case.removed', 'audit.exported']));
    });

    it('never forks under concurrent appends and concurrent sequencers', async () => {
      docket.clock.real();
      await Promise.all([
        ...Array.from({ length: 40 }, (_, i) => createPrincipal(docket, { role: 'moderator', name: `concurrent ${i}` })),
        ...Array.from({ length: 5 }, () => docket.sealAudit()),
      ]);
      const verdict = await get('/v1/audit/verify');
      const total = Number((await docket.db.query('SELECT count(*) FROM audit_events')).rows[0].count);
      expect(verdict.body).toEqual({ ok: true, events: total });
      const { rows } = await docket.db.query('SELECT count(DISTINCT hash)::int AS hashes, max(id)::int AS last FROM audit_events');
      expect(rows[0]).toEqual({ hashes: total, last: total });
    });

    it('refuses UPDATE and DELETE of an event, and UPDATE of one not yet chained', async () => {
      await expect(docket.db.query(`UPDATE audit_events SET action = 'x' WHERE id = 1`)).rejects.toThrow(/append-only/);
      await expect(docket.db.query(`DELETE FROM audit_events WHERE id = 1`)).rejects.toThrow(/append-only/);
      const client = await docket.db.connect();
      try {
        await client.query('BEGIN');
        await client.query(`INSERT INTO audit_pending (occurred_at, actor_role, action, subject_type, subject_id) VALUES (now(), 'system', 'test.pending', 'test', 'x')`);
        await expect(client.query(`UPDATE audit_pending SET action = 'x'`)).rejects.toThrow(/not updated/);
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    });

    it('chains recorded events by itself, without an auditor asking', async () => {
      await createPrincipal(docket, { role: 'moderator', name: 'chained unasked' });
      await waitFor('the sequencer to chain every pending event', async () =>
        Number((await docket.db.query('SELECT count(*) FROM audit_pending')).rows[0].count) === 0, 10_000, 20);
      const { rows } = await docket.db.query(`SELECT hash FROM audit_events WHERE action = 'principal.created' AND data->>'name' = 'chained unasked'`);
      expect(rows).toHaveLength(1);
    });

    it('fails verification naming the event altered behind its back, and the one after a removed event', async () => {
      await docket.sealAudit();
      const target = (await docket.db.query(`SELECT id, data FROM audit_events WHERE action = 'case.removed' ORDER BY id LIMIT 1`)).rows[0];
      const last = Number((await docket.db.query('SELECT max(id) FROM audit_events')).rows[0].max);
      const client = await docket.db.connect();
      try {
        await client.query('BEGIN');
        await client.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
        await client.query(`UPDATE audit_events SET data = data || '{"removedAt": "2026-03-02T00:00:00.000Z"}' WHERE id = $1`, [target.id]);
        await client.query('COMMIT');
        expect((await get('/v1/audit/verify')).body).toEqual({ ok: false, events: Number(target.id), firstBadEventId: target.id });

        await client.query('BEGIN');
        await client.query(`UPDATE audit_events SET data = $2 WHERE id = $1`, [target.id, target.data]);
        await client.query(`DELETE FROM audit_events WHERE id = $1`, [last - 1]);
        await client.query('COMMIT');
        expect((await get('/v1/audit/verify')).body).toEqual({ ok: false, events: last - 1, firstBadEventId: String(last) });
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        await client.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
        client.release();
      }
    });
  });

  describe('access', () => {
    it('auditors read; they cannot file, claim, decide or administer, and no one else reads the audit routes', async () => {
      const routes: [string, string][] = [['post', '/v1/reports'], ['post', '/v1/queue/claim'], ['post', `/v1/cases/${caseOf.F}/decision`], ['post', '/v1/admin/principals'], ['put', '/v1/admin/deadline-policy']];
      for (const [method, path] of routes) {
        const res = await (docket.http() as any)[method](path).set(bearer(auditor.apiKey)).send({});
        expect([path, res.status]).toEqual([path, 403]);
      }
      for (const key of [keys.provider, keys.moderator, keys.platform]) {
        for (const path of ['/v1/audit/response-times', '/v1/audit/cases', '/v1/audit/transparency', '/v1/audit/statements', '/v1/audit/events', '/v1/audit/verify']) {
          expect([path, (await get(path, key)).status]).toEqual([path, 403]);
        }
      }
      expect((await docket.http().get('/v1/audit/verify')).status).toBe(401);
    });
  });

  async function exportCount(): Promise<number> {
    return Number((await docket.db.query(`SELECT count(*) FROM audit_trail WHERE action = 'audit.exported'`)).rows[0].count);
  }
});
