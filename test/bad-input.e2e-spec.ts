import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Response } from 'supertest';
import {
  BODY_LIMIT, HOSTILE_STRINGS, Json, Planned, Schema, expectContractError, expectNames, expectedPaths, mutationsOf, pathOf, render, rowCounts,
  schemaResolver, sitesOf, storableText, tableNames,
} from './support/bad-input';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { notice } from './support/notices';
import { Keys, REMOVE, fileQueued, reviewKeys } from './support/review';
import { freshXarfSample } from './support/xarf-samples';

/**
 * Bad input on every write route, tried systematically (issue 7.2): every answer
 * is a 4xx in the contract's error shape, a validation error names the bad field,
 * and no table gains or loses a row. Hostile text that is valid input (SQL, CSV
 * formulas, odd Unicode) is stored verbatim.
 *
 * The inputs come from fast-check with a fixed seed; FC_SEED and FC_RUNS override
 * it and the number of runs per property. On failure fast-check prints the seed,
 * the path and the smallest input it found.
 */
// The properties send hundreds of requests each; a loaded machine must not fail them on time.
jest.setTimeout(60_000);

const SEED = Number(process.env.FC_SEED ?? 20261124);
const RUNS = Number(process.env.FC_RUNS ?? 40);
const runs = (numRuns = RUNS) => ({ seed: SEED, numRuns });

const XARF_CORE = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../third_party/xarf-spec-v4_MIT/schemas/xarf-core.json'), 'utf8'));
const TIMESTAMPS_POSTGRESQL_REFUSES_OR_MISREADS = ['2021-W01', '2021-W01-1', '2021-01', '2021', '2021-01-08T10:00:00,5Z', '2021-01-08T10Z', '2021008', '2021-008'];
const NOT_HTTP_URLS = ['javascript:alert(1)', 'ftp://files.example/a', 'not a url', "https://'; DROP TABLE cases;--", '=cmd|\' /C calc\'!A0'];

/** `holder`: the moderator holding the lease on the case under test; `moderator`: one holding none. */
type Role = 'reporter' | 'admin' | 'holder' | 'moderator' | 'senior' | 'platform';

interface Plan {
  /** Whose key: a role that may call the route. */
  role: Role;
  url(): string;
  /** A valid body; absent for a route that reads none. */
  body?(): Json;
  /** The body's schema and how unknown fields are treated; DTO routes: from the OpenAPI document. */
  schema?(): { schema: Schema; document: object; closedByDefault: boolean };
  /** Invalid values the schema cannot express (URLs, timestamps, conditional fields). */
  semantic?(): Planned[];
  /** The answer of a body-less route to its caller here, whatever body comes along. */
  idle?: number;
  /** The route with another id in its path. */
  withId?(id: string): string;
}

const set = (path: (string | number)[], value: Json, ...paths: string[]): Planned => ({
  mutation: { kind: 'set', path, value, why: 'semantic' },
  expected: { paths: paths.length ? paths : [pathOf(path)] },
});
const drop = (path: (string | number)[], expectedPath: string): Planned => ({ mutation: { kind: 'drop', path }, expected: { paths: [expectedPath] } });

/** The invalid values of a post snapshot at `at` (a notice's `post`, a scan's `posts[1]`). */
const postSemantics = (at: (string | number)[]): Planned[] => [
  ...NOT_HTTP_URLS.map((u) => set([...at, 'url'], u)),
  ...NOT_HTTP_URLS.map((u) => set([...at, 'mediaUrls'], [u])),
  set([...at, 'language'], 'english'),
  set([...at, 'language'], 'xx'),
  ...TIMESTAMPS_POSTGRESQL_REFUSES_OR_MISREADS.map((t) => set([...at, 'postedAt'], t)),
  set([...at, 'postedAt'], '2021-02-29T00:00:00Z'),
];
const noticeSemantics = (at: (string | number)[]): Planned[] => [
  ...postSemantics([...at, 'post']),
  ...NOT_HTTP_URLS.map((u) => set([...at, 'evidenceUrls'], [u])),
  ...TIMESTAMPS_POSTGRESQL_REFUSES_OR_MISREADS.map((t) => set([...at, 'reportedAt'], t)),
  set([...at, 'reportedAt'], new Date(Date.now() + 24 * 3600_000).toISOString()),
];

const TEMPLATE: Json = {
  position: 1, title: 'Incitement', action: 'remove', category: 'STATEMENT_CATEGORY_VIOLENCE', ground: 'illegal_content',
  legalGround: 'StGB §111', text: 'The post {postId} calls for violence.',
};

describe('bad input on every write route', () => {
  let docket: Docket;
  let keys: Keys;
  let platformKey: string;
  let openapi: any;
  let tables: string[];
  let heldCase: string;
  let templateId: string;
  let routedModerator: string;
  let policy: Json;
  const xarf = freshXarfSample('content-phishing.json');

  const keyOf = (role: Role) =>
    ({ reporter: keys.provider, admin: docket.adminKey, holder: keys.moderator, moderator: keys.moderator2, senior: keys.senior, platform: platformKey })[role];
  const dto = (name: string) => () => ({ schema: { $ref: `#/components/schemas/${name}` }, document: openapi, closedByDefault: true });

  const plans: Record<string, Plan> = {
    'POST /v1/reports': {
      role: 'reporter', url: () => '/v1/reports', body: () => notice(), schema: dto('ReportDto'), semantic: () => noticeSemantics([]),
    },
    'POST /v1/reports/batch': {
      role: 'reporter', url: () => '/v1/reports/batch', body: () => ({ reports: [notice(), notice()] }), schema: dto('ReportBatchDto'),
      semantic: () => [...noticeSemantics(['reports', 1]), set(['reports', 1], [], 'reports[1]', 'reports'), set(['reports', 1], [notice()], 'reports[1]', 'reports')],
    },
    'POST /v1/reports/xarf': {
      role: 'reporter', url: () => '/v1/reports/xarf', body: () => xarf,
      schema: () => ({ schema: XARF_CORE, document: XARF_CORE, closedByDefault: false }),
      semantic: () => [
        set(['timestamp'], '0000-01-01T00:00:00Z'),
        set(['timestamp'], '0001-01-01T00:30:00+01:00'),
        set(['timestamp'], new Date(Date.now() + 24 * 3600_000).toISOString()),
        set(['type'], 'spam'),
        set(['category'], 'copyright', 'category', 'type'),
        set(['url'], `https://social.example/${'a'.repeat(2048)}`),
        drop(['url'], 'url'),
      ],
    },
    'POST /v1/admin/principals': {
      role: 'admin', url: () => '/v1/admin/principals', body: () => ({ name: 'bad input', role: 'auditor' }), schema: dto('CreatePrincipalDto'),
      semantic: () => [
        set(['role'], 'reporter', 'kind'),
        { mutation: { kind: 'extraField', path: [], key: 'kind', value: 'user' }, expected: { paths: ['kind'] } },
        ...NOT_HTTP_URLS.map((u) => ({ mutation: { kind: 'extraField' as const, path: [], key: 'callbackUrl', value: u }, expected: { paths: ['callbackUrl'] } })),
      ],
    },
    'PUT /v1/admin/deadline-policy': {
      role: 'admin', url: () => '/v1/admin/deadline-policy', body: () => policy, schema: dto('DeadlinePolicyDto'),
      semantic: () => [
        set(['rules', 0, 'when'], {}, 'rules[0].when'),
        set(['rules', 4], [], 'rules[4]', 'rules'),
        set(['rules', 4], [{ when: { reporterKinds: ['user'] }, windowSeconds: 60 }], 'rules[4]', 'rules'),
        set(['rules', 0, 'when', 'reporterKinds'], [], 'rules[0].when.reporterKinds'),
        set(['rules', 1, 'windowSeconds'], 1.5, 'rules[1].windowSeconds'),
        set(['defaultWindowSeconds'], 0.5),
        set(['warnAtFraction'], 0.995),
        set(['warnAtFraction'], 0.001),
      ],
    },
    'POST /v1/queue/claim': { role: 'moderator', url: () => '/v1/queue/claim', body: () => ({ tier: 'standard' }), schema: dto('ClaimDto') },
    'POST /v1/cases/{id}/decision': {
      // The lease holder's key: a body that slipped through would decide the case.
      role: 'holder', url: () => `/v1/cases/${heldCase}/decision`, withId: (id) => `/v1/cases/${id}/decision`, body: () => REMOVE, schema: dto('DecisionDto'),
      semantic: () => [
        drop(['ground'], 'ground'),
        drop(['legalGround'], 'legalGround'),
        set(['ground'], 'incompatible_content', 'policy'),
        set(['legalGround'], ''),
        set(['action'], 'REMOVE'),
      ],
    },
    'POST /v1/posts/scan': {
      role: 'platform', url: () => '/v1/posts/scan',
      body: (): Json => ({ posts: [{ id: `scan-${randomUUID()}`, text: 'They must hang. Kill them all.' }, { id: `scan-${randomUUID()}`, text: 'Kill them all, hang them.', url: 'https://social.example/p/2' }] }),
      schema: dto('ScanRequestDto'),
      semantic: () => [...postSemantics(['posts', 1]), set(['posts', 1], [], 'posts[1]', 'posts'), set(['posts', 1], [{ id: 'p-1', text: 'Kill them all.' }], 'posts[1]', 'posts')],
    },
    'POST /v1/cases/{id}/heartbeat': { role: 'moderator', url: () => `/v1/cases/${heldCase}/heartbeat`, withId: (id) => `/v1/cases/${id}/heartbeat`, idle: 409 },
    'POST /v1/cases/{id}/release': { role: 'moderator', url: () => `/v1/cases/${heldCase}/release`, withId: (id) => `/v1/cases/${id}/release`, idle: 409 },
    'POST /v1/cases/{id}/retry-enforcement': {
      role: 'senior', url: () => `/v1/cases/${heldCase}/retry-enforcement`, withId: (id) => `/v1/cases/${id}/retry-enforcement`, idle: 409,
    },
    'PATCH /v1/admin/principals/{id}': {
      role: 'admin', url: () => `/v1/admin/principals/${routedModerator}`, withId: (id) => `/v1/admin/principals/${id}`,
      body: (): Json => ({ languages: ['de', 'en'], skills: ['STATEMENT_CATEGORY_VIOLENCE'] }), schema: dto('PrincipalRoutingInputDto'),
      semantic: () => [set(['languages', 1], 'xx', 'languages'), set(['languages', 0], 'german', 'languages'), set(['languages', 0], 'DE', 'languages')],
    },
    'POST /v1/cases/{id}/notes': {
      role: 'moderator', url: () => `/v1/cases/${heldCase}/notes`, withId: (id) => `/v1/cases/${id}/notes`,
      body: (): Json => ({ text: 'Checked the account: a parody profile.' }), schema: dto('CaseNoteInputDto'),
    },
    'DELETE /v1/admin/principals/{id}': {
      role: 'admin', url: () => `/v1/admin/principals/${randomUUID()}`, withId: (id) => `/v1/admin/principals/${id}`, idle: 404,
    },
    'POST /v1/posts': {
      role: 'platform', url: () => '/v1/posts', body: (): Json => ({ id: `p-${randomUUID()}`, url: `https://social.example/p/${randomUUID()}`, text: 'A post.' }),
      schema: dto('PostRegistrationDto'), semantic: () => [...postSemantics([]), drop(['url'], 'url')],
    },
    'POST /v1/session': { role: 'moderator', url: () => '/v1/session', body: () => ({ apiKey: keys.moderator }), schema: dto('SignInDto') },
    // A key is not a session: there is none to end.
    'DELETE /v1/session': { role: 'moderator', url: () => '/v1/session', idle: 400 },
    'POST /v1/cases/{id}/skip': { role: 'moderator', url: () => `/v1/cases/${heldCase}/skip`, withId: (id) => `/v1/cases/${id}/skip`, idle: 409 },
    'POST /v1/reason-templates': { role: 'senior', url: () => '/v1/reason-templates', body: () => TEMPLATE, schema: dto('ReasonTemplateInputDto') },
    'PUT /v1/reason-templates/{id}': {
      role: 'senior', url: () => `/v1/reason-templates/${templateId}`, withId: (id) => `/v1/reason-templates/${id}`, body: () => TEMPLATE,
      schema: dto('ReasonTemplateInputDto'),
    },
    'DELETE /v1/reason-templates/{id}': {
      role: 'senior', url: () => `/v1/reason-templates/${randomUUID()}`, withId: (id) => `/v1/reason-templates/${id}`, idle: 404,
    },
    'POST /v1/appeals': {
      role: 'platform', url: () => '/v1/appeals', body: (): Json => ({ decisionId: randomUUID(), appellant: 'author', statement: 'The post was satire.', externalRef: 'A-1' }),
      schema: dto('AppealDto'), semantic: () => [set(['decisionId'], 'not-a-uuid'), set(['appellant'], 'AUTHOR')],
    },
    'POST /v1/appeals/claim': { role: 'moderator', url: () => '/v1/appeals/claim', body: () => ({ tier: 'standard' }), schema: dto('ClaimDto') },
    'POST /v1/bulk-decisions/preview': {
      role: 'senior', url: () => '/v1/bulk-decisions/preview',
      body: (): Json => ({ selection: { caseIds: [heldCase] }, decision: { action: 'remove', ground: 'illegal_content', legalGround: 'StGB §111', explanation: 'Incitement.' } }),
      schema: dto('BulkPreviewRequestDto'),
      semantic: () => [
        drop(['decision', 'legalGround'], 'decision.legalGround'), set(['decision', 'ground'], 'incompatible_content', 'decision.policy'),
        set(['selection', 'caseIds', 0], 'not-a-uuid', 'selection.caseIds'),
      ],
    },
    'POST /v1/bulk-decisions': { role: 'senior', url: () => '/v1/bulk-decisions', body: () => ({ token: 'a-preview-token' }), schema: dto('BulkApplyDto') },
    'POST /v1/bulk-decisions/{id}/cancel': {
      role: 'senior', url: () => `/v1/bulk-decisions/${randomUUID()}/cancel`, withId: (id) => `/v1/bulk-decisions/${id}/cancel`, idle: 404,
    },
    'POST /v1/appeals/{id}/decision': {
      role: 'holder', url: () => `/v1/appeals/${randomUUID()}/decision`, withId: (id) => `/v1/appeals/${id}/decision`,
      body: (): Json => ({ outcome: 'overturn', reason: 'A dated plan.', ground: 'illegal_content', legalGround: 'StGB §111' }), schema: dto('AppealDecisionDto'),
      semantic: () => [drop(['legalGround'], 'legalGround'), set(['ground'], 'incompatible_content', 'policy'), set(['outcome'], 'OVERTURN')],
    },
    'POST /v1/appeals/{id}/heartbeat': { role: 'moderator', url: () => `/v1/appeals/${randomUUID()}/heartbeat`, withId: (id) => `/v1/appeals/${id}/heartbeat`, idle: 404 },
    'POST /v1/appeals/{id}/release': { role: 'moderator', url: () => `/v1/appeals/${randomUUID()}/release`, withId: (id) => `/v1/appeals/${id}/release`, idle: 404 },
    'POST /v1/appeals/{id}/retry-restore': {
      role: 'senior', url: () => `/v1/appeals/${randomUUID()}/retry-restore`, withId: (id) => `/v1/appeals/${id}/retry-restore`, idle: 404,
    },
    // An unknown principal: a valid body is a 404, so a body that slipped through would change nothing either.
    'POST /v1/admin/principals/{id}/warning': {
      role: 'admin', url: () => `/v1/admin/principals/${randomUUID()}/warning`, withId: (id) => `/v1/admin/principals/${id}/warning`,
      body: (): Json => ({ reason: 'Most of your notices this month were manifestly unfounded.' }), schema: dto('WarningDto'),
    },
    'POST /v1/admin/principals/{id}/suspension': {
      role: 'admin', url: () => `/v1/admin/principals/${randomUUID()}/suspension`, withId: (id) => `/v1/admin/principals/${id}/suspension`,
      body: (): Json => ({ until: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(), reason: 'Manifestly unfounded notices (DSA Art. 23).' }),
      schema: dto('SuspensionDto'),
      semantic: () => [
        ...TIMESTAMPS_POSTGRESQL_REFUSES_OR_MISREADS.map((t) => set(['until'], t)),
        set(['until'], '2021-02-29T00:00:00Z'),
        set(['until'], new Date(Date.now() - 3600_000).toISOString()),
      ],
    },
    'DELETE /v1/admin/principals/{id}/suspension': {
      role: 'admin', url: () => `/v1/admin/principals/${randomUUID()}/suspension`, withId: (id) => `/v1/admin/principals/${id}/suspension`, idle: 404,
    },
    // Quality sampling: nothing is queued for a second review here (the matrix's claim would be a 204), and an unknown review is a 404.
    'POST /v1/second-reviews/claim': {
      role: 'moderator', url: () => '/v1/second-reviews/claim', body: (): Json => ({ category: 'STATEMENT_CATEGORY_VIOLENCE' }), schema: dto('SecondReviewClaimDto'),
    },
    'POST /v1/second-reviews/{id}/decision': {
      role: 'moderator', url: () => `/v1/second-reviews/${randomUUID()}/decision`, withId: (id) => `/v1/second-reviews/${id}/decision`,
      body: (): Json => ({ action: 'no_violation', reason: 'Satire, no call to violence.' }), schema: dto('SecondReviewDecisionDto'),
      semantic: () => [set(['action'], 'escalate'), set(['action'], 'REMOVE')],
    },
    'POST /v1/second-reviews/{id}/resolution': {
      role: 'senior', url: () => `/v1/second-reviews/${randomUUID()}/resolution`, withId: (id) => `/v1/second-reviews/${id}/resolution`,
      body: (): Json => ({ upheld: 'second', reason: 'The post calls for violence.' }), schema: dto('DisagreementResolutionDto'),
      semantic: () => [set(['upheld'], 'both'), set(['upheld'], 'FIRST')],
    },
    'POST /v1/second-reviews/disagreements/claim': {
      role: 'senior', url: () => '/v1/second-reviews/disagreements/claim', body: (): Json => ({ category: 'STATEMENT_CATEGORY_VIOLENCE' }), schema: dto('SecondReviewClaimDto'),
    },
    'POST /v1/second-reviews/{id}/heartbeat': {
      role: 'moderator', url: () => `/v1/second-reviews/${randomUUID()}/heartbeat`, withId: (id) => `/v1/second-reviews/${id}/heartbeat`, idle: 404,
    },
    'POST /v1/second-reviews/{id}/release': {
      role: 'moderator', url: () => `/v1/second-reviews/${randomUUID()}/release`, withId: (id) => `/v1/second-reviews/${id}/release`, idle: 404,
    },
    'PUT /v1/me/preferences': { role: 'moderator', url: () => '/v1/me/preferences', body: () => ({ blurViolent: true, grayscaleMedia: false }), schema: dto('PreferencesDto') },
  };
  const routes = Object.keys(plans).sort();
  const bodyRoutes = routes.filter((r) => plans[r].body);
  const idleRoutes = routes.filter((r) => !plans[r].body);
  const idRoutes = routes.filter((r) => plans[r].withId);

  const send = (route: string, opts: { url?: string; body?: string | Buffer; type?: string | null; headers?: Record<string, string> } = {}) => {
    const [method] = route.split(' ');
    let req = (docket.http() as any)[method.toLowerCase()](opts.url ?? plans[route].url()).set(bearer(keyOf(plans[route].role)));
    if (opts.type) req = req.set('Content-Type', opts.type);
    for (const [k, v] of Object.entries(opts.headers ?? {})) req = req.set(k, v);
    return (opts.body === undefined ? req : req.send(opts.body)) as Promise<Response>;
  };

  /** Runs `attempt`, which must leave every table's row count as it found it. */
  const unchanged = async (attempt: () => Promise<void>) => {
    const before = await rowCounts(docket.db, tables);
    await attempt();
    expect(await rowCounts(docket.db, tables)).toEqual(before);
  };

  /** Sends `base` mutated as planned: a 400 naming the field (413 past 1 MiB), and not a row more or less anywhere. */
  const refuses = (route: string, base: Json, planned: Planned) =>
    unchanged(async () => {
      const text = render(base, planned.mutation);
      const res = await send(route, { body: text, type: 'application/json' });
      if (Buffer.byteLength(text) > BODY_LIMIT) {
        expect(expectContractError(res, [413]).message).toBe('request body is larger than 1 MiB');
        return;
      }
      expectNames(expectContractError(res, [400]), expectedPaths(planned), planned.expected.prefix);
    });

  beforeAll(async () => {
    docket = await startDocket({ worker: true });
    keys = await reviewKeys(docket);
    platformKey = (await createPrincipal(docket, { role: 'platform' })).apiKey;
    routedModerator = (await createPrincipal(docket, { role: 'moderator', name: 'routed' })).id;
    // Two queued cases: the moderator holds one (decision), the other stays claimable (so a claim that slipped through would show).
    await fileQueued(docket, keys.provider, keys.moderator);
    await fileQueued(docket, keys.provider, keys.moderator);
    const claim = await docket.http().post('/v1/queue/claim').set(bearer(keys.moderator)).send({});
    expect(claim.status).toBe(200);
    heldCase = claim.body.id;
    const template = await docket.http().post('/v1/reason-templates').set(bearer(keys.senior)).send(TEMPLATE);
    expect(template.status).toBe(201);
    templateId = template.body.id;
    // Nothing may change the tables behind the properties' backs: no worker, and no audit event left to chain.
    await docket.stopWorker();
    await docket.sealAudit();

    openapi = (await docket.http().get('/docs-json')).body;
    const current = (await docket.http().get('/v1/admin/deadline-policy').set(bearer(docket.adminKey))).body;
    policy = { rules: current.rules, defaultWindowSeconds: current.defaultWindowSeconds, warnAtFraction: current.warnAtFraction };
    tables = await tableNames(docket.db);
  });
  afterAll(() => docket?.close());

  it('has a plan for every write route the OpenAPI document lists, and for no other', () => {
    const writes = Object.entries(openapi.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
      Object.keys(ops).filter((m) => ['post', 'put', 'patch', 'delete'].includes(m)).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(writes.sort()).toEqual(routes);
    // Each body route's plan follows its documented request body.
    for (const route of routes) {
      const [method, p] = route.split(' ');
      const documented = openapi.paths[p][method.toLowerCase()].requestBody;
      expect([route, Boolean(documented)]).toEqual([route, Boolean(plans[route].body)]);
    }
    expect(tables).toEqual(expect.arrayContaining(['audit_events', 'cases', 'decisions', 'outbox', 'posts', 'principals', 'reports']));
  });

  describe.each(bodyRoutes)('%s', (route) => {
    it('refuses every schema-derived mutation of a valid body with 400 (413 past 1 MiB) naming the field, storing nothing', async () => {
      const plan = plans[route];
      const { schema, document, closedByDefault } = plan.schema!();
      const base = plan.body!();
      const sites = sitesOf(base, schema, schemaResolver(document), closedByDefault);
      const mutations = mutationsOf(sites);
      expect(mutations.length).toBeGreaterThan(5);
      await fc.assert(
        fc.asyncProperty(fc.oneof(...mutations), (planned) => refuses(route, base, planned)),
        runs(route === 'POST /v1/reports' ? 3 * RUNS : RUNS),
      );
    });

    it('refuses a list of 200 000 items or an object of 60 000 fields at once: 400 naming it, without blocking the API', async () => {
      const plan = plans[route];
      const { schema, document, closedByDefault } = plan.schema!();
      const sites = sitesOf(plan.body!(), schema, schemaResolver(document), closedByDefault);
      // One list and two objects (the body and the deepest) per route: each case sends about 1 MiB.
      const lists = sites.filter((s) => Array.isArray(s.value) && s.schema.maxItems !== undefined).slice(0, 1);
      const closed = sites.filter((s) => s.closed).sort((a, b) => a.path.length - b.path.length);
      const objects = closed.length > 1 ? [closed[0], closed[closed.length - 1]] : closed;
      const huge: Planned[] = [
        ...lists.map((s): Planned => ({ mutation: { kind: 'set', path: s.path, value: Array(200_000).fill(0), why: 'huge list' }, expected: { paths: [pathOf(s.path)], prefix: true } })),
        ...objects.map((s): Planned => ({
          mutation: { kind: 'set', path: s.path, value: { ...(s.value as object), ...Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`f${i}`, 0])) }, why: 'huge object' },
          expected: { paths: [pathOf([...s.path, 'f0']), pathOf(s.path) || '(body)'] },
        })),
      ];
      expect(huge.length).toBeGreaterThan(0);
      for (const planned of huge) {
        const started = Date.now();
        await refuses(route, plan.body!(), planned);
        // Before the pipe refused these up front, class-validator spent 10 to 20 s on one of them (the event loop, so every request, waited).
        expect(Date.now() - started).toBeLessThan(3000);
      }
    });

    it('refuses a body that is not a JSON object with 400 naming (body)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string(), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 })), async (value) => {
          await unchanged(async () => {
            const res = await send(route, { body: JSON.stringify(value), type: 'application/json' });
            expectNames(expectContractError(res, [400]), ['(body)']);
          });
        }),
        runs(25),
      );
    });
  });

  describe.each(bodyRoutes.filter((r) => plans[r].semantic))('%s', (route) => {
    it('refuses each invalid value the schema cannot express (URLs, timestamps, conditional fields, lists in lists) with 400 naming the field', async () => {
      const base = plans[route].body!();
      const failures: string[] = [];
      for (const planned of plans[route].semantic!()) {
        await refuses(route, base, planned).catch((err: Error) => failures.push(`${JSON.stringify(planned.mutation).slice(0, 300)}: ${err.message.slice(0, 300)}`));
      }
      expect(failures).toEqual([]);
    });
  });

  describe.each(routes)('%s', (route) => {
    it('answers a body that is not JSON with 415', async () => {
      const contentType = fc.oneof(
        fc.constantFrom(
          'text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/csv',
          'application/octet-stream', 'application/jsonx', 'application/json-patch+json', 'text/json', 'application/x-json', 'image/png',
        ),
        fc.tuple(fc.stringMatching(/^[a-z]{1,12}$/), fc.stringMatching(/^[a-z0-9.+-]{1,16}$/)).map(([t, s]) => `${t}/${s}`).filter((t) => t !== 'application/json'),
      );
      const valid = plans[route].body?.() ?? { note: 'a body this route does not read' };
      const payload = fc.constantFrom(
        JSON.stringify(valid),
        new URLSearchParams({ tier: 'standard', action: 'no_violation', explanation: 'form', name: 'form', role: 'auditor' }).toString(),
        'tier=standard',
        '<xml/>',
      );
      await fc.assert(
        fc.asyncProperty(contentType, payload, async (type, body) => {
          await unchanged(async () => {
            const res = await send(route, { body, type });
            expect(expectContractError(res, [415]).message).toBe('content type must be application/json');
          });
        }),
        runs(25),
      );
    });

    it('answers malformed JSON with 400, whatever the route', async () => {
      const valid = JSON.stringify(plans[route].body?.() ?? { note: 'ignored' });
      const malformed = fc.oneof(
        fc.integer({ min: 1, max: valid.length - 1 }).map((n) => valid.slice(0, n)),
        fc.constantFrom(
          "{'a':1}", '{a:1}', '{"a":1,}', '[1,2,]', '{"a":NaN}', '{"a":Infinity}', '{"a":undefined}', '{"a":01}', '{"a":"\\x41"}', '{"a":"\\uZZZZ"}',
          '{"a":"line\nbreak"}', '{"a":"raw\u0000nul"}', '{"a":1}{"b":2}', '{"a":1} trailing', '/* comment */ {}', '{"a": .5}', '{"a": +1}', '{"a":True}',
          '"unterminated', '{', '}', '[', ',', 'nul', "{\"a\":'; DROP TABLE cases;--}", '=cmd|\' /C calc\'!A0',
        ),
        fc.tuple(fc.nat(valid.length), fc.constantFrom('}', ']', ',', '"', ':', '{{', '\u0000')).map(([i, c]) => valid.slice(0, i) + c + valid.slice(i)).filter((s) => {
          try {
            JSON.parse(s);
            return false;
          } catch {
            return true;
          }
        }),
      );
      await fc.assert(
        fc.asyncProperty(malformed, async (text) => {
          await unchanged(async () => {
            const res = await send(route, { body: text, type: 'application/json' });
            expect(expectContractError(res, [400]).message).toBe('request body is not valid JSON');
          });
        }),
        runs(25),
      );
    });

    it('answers an empty JSON body with 400', async () => {
      await unchanged(async () => {
        const res = await send(route, { body: '', type: 'application/json' });
        expect(expectContractError(res, [400]).message).toBe('request body is empty; a JSON document is required');
      });
    });
  });

  describe.each(idRoutes)('%s', (route) => {
    it('answers 404 to an id that names nothing: garbage, injections, NUL, huge, unknown UUIDs', async () => {
      const plan = plans[route];
      const id = fc.oneof(
        fc.uuid().map((u) => encodeURIComponent(u)),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).map(encodeURIComponent),
        fc.constantFrom(...HOSTILE_STRINGS.filter((s) => !/[\uD800-\uDFFF]/.test(s) || /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(s))).map(encodeURIComponent),
        fc.constantFrom('%00', '%00%00', `${randomUUID()}%00`, '..%2F..%2Fhealth', `${randomUUID()}x`, '00000000-0000-0000-0000-000000000000', 'x'.repeat(100)),
      );
      const body = plan.body ? JSON.stringify(plan.body()) : undefined;
      await fc.assert(
        fc.asyncProperty(id, async (raw) => {
          await unchanged(async () => {
            const res = await send(route, { url: plan.withId!(raw), body, type: body ? 'application/json' : undefined });
            expectContractError(res, [404]);
          });
        }),
        runs(30),
      );
    });

    it.each([
      ['a malformed percent-escape', '%zz', 400],
      ['a percent-escape of no UTF-8', '%E0%A4%A', 400],
      ['a lone %', '%', 400],
      ['an overlong encoding', '%C0%AF', 400],
      ['an id over the router limit of 100', 'x'.repeat(101), 414],
      ['an id of 5 000 characters', encodeURIComponent("'; DROP TABLE cases;--".repeat(230)), 414],
    ])('answers %s in the contract shape', async (_, raw, status) => {
      await unchanged(async () => {
        const plan = plans[route];
        const body = plan.body ? JSON.stringify(plan.body()) : undefined;
        const res = await send(route, { url: plan.withId!(raw), body, type: body ? 'application/json' : undefined });
        const error = expectContractError(res, [status]);
        expect(error.message).not.toContain(raw.slice(0, 20));
        expect(res.headers['x-request-id']).toEqual(expect.any(String));
      });
    });
  });

  describe.each(idleRoutes)('%s', (route) => {
    it(`reads no body: any JSON along with the call gets the route's own answer`, async () => {
      const plan = plans[route];
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(HOSTILE_STRINGS)), async (value) => {
          const text = JSON.stringify(value);
          fc.pre(!/"(__proto__|constructor)"/.test(text));
          await unchanged(async () => {
            const res = await send(route, { body: text, type: 'application/json' });
            expectContractError(res, [plan.idle!]);
          });
        }),
        runs(25),
      );
    });
  });

  // A read route whose input is its query: every bad value is a 400 naming the parameter, before anything is read or logged.
  describe('GET /v1/audit/staffing (query)', () => {
    const staffing = (query: Record<string, string>) => docket.http().get('/v1/audit/staffing').query(query).set(bearer(keys.senior));
    const badTarget = fc.oneof(
      fc.double({ max: 0, noNaN: true }).map(String),
      fc.double({ min: 1, minExcluded: true, noNaN: true }).map(String),
      fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e999', 'abc', '', ' ', '99%', '0,5', '1/2', "0.5'; DROP TABLE cases;--"),
    ).map((v) => ({ field: 'target', query: { target: v } }));
    const badPeriod = fc.tuple(fc.constantFrom('from', 'to'), fc.constantFrom(...TIMESTAMPS_POSTGRESQL_REFUSES_OR_MISREADS, 'yesterday', '2021-02-29', "2021-01-08'; DROP TABLE cases;--"))
      .map(([field, value]) => ({ field, query: { [field]: value } }));
    const badFormat = fc.oneof(fc.stringMatching(/^[a-z]{1,8}$/).filter((f) => f !== 'json' && f !== 'csv'), fc.constantFrom('JSON', 'text/csv', 'jsonl'))
      .map((v) => ({ field: 'format', query: { format: v } }));

    it('refuses every bad target, period or format with 400 naming the parameter, storing nothing', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(badTarget, badPeriod, badFormat), async ({ field, query }) => {
          await unchanged(async () => expectNames(expectContractError(await staffing(query), [400]), [field]));
        }),
        runs(),
      );
    });

    it('refuses an unknown parameter and a period that ends before it starts, naming them', async () => {
      await unchanged(async () => {
        expectNames(expectContractError(await staffing({ groupBy: 'day' }), [400]), ['groupBy']);
        expectNames(expectContractError(await staffing({ from: '2021-01-09', to: '2021-01-08' }), [400]), ['to']);
      });
    });
  });

  describe('Idempotency-Key', () => {
    it.each(['POST /v1/reports', 'POST /v1/reports/batch'])('%s: refuses a key over 128 characters with 400 naming the header', async (route) => {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: fc.constantFrom('k', "'", ';', '=', '-', ' ', '%', '\\'), minLength: 129, maxLength: 2000 }), async (key) => {
          fc.pre(key.trim().length > 128);
          await unchanged(async () => {
            const res = await send(route, { body: JSON.stringify(plans[route].body!()), type: 'application/json', headers: { 'Idempotency-Key': key } });
            expect(expectContractError(res, [400]).errors).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
          });
        }),
        runs(15),
      );
    });
  });

  describe('hostile text that is valid input', () => {
    it('stores a notice with SQL, CSV-formula and odd Unicode text verbatim and leaves every table in place', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({ id: storableText(200), text: storableText(400), authorId: storableText(256), description: storableText(2000), externalRef: storableText(256), key: storableText(80) }),
          async (t) => {
            const before = await rowCounts(docket.db, tables);
            const postId = `${randomUUID()}${t.id}`;
            const body = notice({ description: t.description, externalRef: t.externalRef }, { id: postId, text: t.text, authorId: t.authorId });
            const key = `${randomUUID()}${t.key.replace(/[^\x20-\x7e]/g, '')}`.trim();
            const res = await send('POST /v1/reports', { body: JSON.stringify(body), type: 'application/json', headers: { 'Idempotency-Key': key } });
            expect([res.status, res.body.id && 'receipt']).toEqual([202, 'receipt']);
            const report = (await docket.db.query('SELECT post_id, description, external_ref, idempotency_key FROM reports WHERE id = $1', [res.body.id])).rows[0];
            expect(report).toEqual({ post_id: postId, description: t.description, external_ref: t.externalRef, idempotency_key: key });
            const post = (await docket.db.query('SELECT text, author_id FROM posts WHERE id = $1', [postId])).rows[0];
            expect(post).toEqual({ text: t.text, author_id: t.authorId });
            const read = await docket.http().get(`/v1/reports/${res.body.id}`).set(bearer(keys.provider));
            expect([read.body.postId, read.body.externalRef]).toEqual([postId, t.externalRef]);
            // Every table is still there (the count would fail otherwise), and only the notice was added.
            const after = await rowCounts(docket.db, tables);
            expect(after.reports).toBe(before.reports + 1);
            for (const table of tables) expect(after[table]).toBeGreaterThanOrEqual(before[table]);
          },
        ),
        runs(30),
      );
    });

    it('stores a principal named with hostile text verbatim, then revokes it', async () => {
      await fc.assert(
        fc.asyncProperty(storableText(200).filter((s) => s.length > 0), async (name) => {
          const created = await send('POST /v1/admin/principals', { body: JSON.stringify({ name, role: 'auditor' }), type: 'application/json' });
          expect(created.status).toBe(201);
          expect(created.body.name).toBe(name);
          const row = (await docket.db.query('SELECT name FROM principals WHERE id = $1', [created.body.id])).rows[0];
          expect(row.name).toBe(name);
          const revoked = await send('DELETE /v1/admin/principals/{id}', { url: `/v1/admin/principals/${created.body.id}` });
          expect(revoked.status).toBe(204);
          expect((await docket.http().get('/v1/reports').set(bearer(created.body.apiKey))).status).toBe(401);
        }),
        runs(15),
      );
    });
  });

  describe('the valid bodies the properties start from are accepted', () => {
    // Otherwise every mutation would be refused for the base body's fault, and the properties would prove nothing.
    it.each([
      ['POST /v1/reports', 202],
      ['POST /v1/reports/batch', 202],
      ['POST /v1/reports/xarf', 202],
      ['POST /v1/admin/principals', 201],
      ['PUT /v1/admin/deadline-policy', 200],
      ['POST /v1/posts/scan', 202],
      ['PATCH /v1/admin/principals/{id}', 200],
      ['POST /v1/cases/{id}/notes', 201],
    ])('%s → %i', async (route, status) => {
      const res = await send(route, { body: JSON.stringify(plans[route].body!()), type: 'application/json' });
      expect([res.status, res.body]).toEqual([status, expect.anything()]);
    });

    it.each(['2021-01-08', '2021-01-08T10:00:00Z', '2021-01-08T10:00Z', '2021-01-08 10:00:00Z', '2021-01-08T10:00:00.123456+01:00', '2021-01-08T10:00:00-0530'])(
      'POST /v1/reports takes the calendar timestamp %s as postedAt and reportedAt',
      async (at) => {
        const res = await send('POST /v1/reports', { body: JSON.stringify(notice({ reportedAt: at }, { postedAt: at })), type: 'application/json' });
        expect(res.status).toBe(202);
        const stored = (await docket.db.query('SELECT r.reported_at, p.posted_at FROM reports r JOIN posts p ON p.id = r.post_id WHERE r.id = $1', [res.body.id])).rows[0];
        expect(stored.reported_at.getTime()).toBe(Date.parse(at.includes('T') || at.includes(' ') ? at : `${at}T00:00:00Z`));
        expect(stored.posted_at.getTime()).toBe(stored.reported_at.getTime());
      },
    );

    it('POST /v1/queue/claim → 200, then released', async () => {
      const claim = await send('POST /v1/queue/claim', { body: JSON.stringify(plans['POST /v1/queue/claim'].body!()), type: 'application/json' });
      expect(claim.status).toBe(200);
      expect(claim.body.id).not.toBe(heldCase);
      expect((await docket.http().post(`/v1/cases/${claim.body.id}/release`).set(bearer(keys.moderator2))).status).toBe(204);
    });

    it('POST /v1/cases/{id}/decision → 200, with SQL and a CSV formula in its text stored verbatim', async () => {
      const decision = { ...REMOVE, legalGround: "=cmd|' /C calc'!A0", explanation: "'; DROP TABLE cases;-- and \"; TRUNCATE decisions; --" };
      const res = await docket.http().post(`/v1/cases/${heldCase}/decision`).set(bearer(keys.moderator)).send(decision);
      expect(res.status).toBe(200);
      expect(res.body.decision).toMatchObject({ legalGround: decision.legalGround, explanation: decision.explanation });
      const row = (await docket.db.query('SELECT legal_ground, explanation FROM decisions WHERE case_id = $1', [heldCase])).rows[0];
      expect(row).toEqual({ legal_ground: decision.legalGround, explanation: decision.explanation });
      expect(await tableNames(docket.db)).toEqual(tables);
    });
  });

  it('is still up and well after all of it', async () => {
    const res = await docket.http().get('/health');
    expect(res.status).toBe(200);
  });
});
