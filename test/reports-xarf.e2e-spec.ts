import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { XarfSample, freshXarfSample, xarfSample, xarfSampleFiles } from './support/xarf-samples';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** The mapping of deadlines.md, written from its rules (not from file names). */
function expectedCategory(report: XarfSample): string {
  if (report.category === 'copyright') return 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS';
  if (report.category === 'content') {
    if (report.type === 'csam' || report.type === 'csem') return 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS';
    if (report.type === 'phishing' || report.type === 'fraud') return 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD';
    if (report.type === 'malware') return 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY';
  }
  return 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC';
}

/** Default policy for a hosting provider: minors and public security within the hour, the rest within 7 days. */
function expectedWindowMs(category: string): number {
  return ['STATEMENT_CATEGORY_PROTECTION_OF_MINORS', 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY'].includes(category) ? HOUR_MS : 7 * DAY_MS;
}

/** api.md: the post is the report's `url` (content types) or `infringing_url` (copyright types). */
function platformUrl(report: XarfSample): string | undefined {
  const url = report.category === 'content' ? report.url : report.category === 'copyright' ? report.infringing_url : undefined;
  return typeof url === 'string' && url !== '' ? url : undefined;
}

const files = xarfSampleFiles();
const onPlatform = files.filter((f) => platformUrl(xarfSample(f)) !== undefined);
const offPlatform = files.filter((f) => platformUrl(xarfSample(f)) === undefined);
const label = (file: string) => {
  const s = xarfSample(file);
  return `${file} (${s.category}/${s.type})`;
};

describe('X-ARF v4 intake: POST /v1/reports/xarf', () => {
  let docket: Docket;
  let provider: { id: string; apiKey: string };
  const count = async (table: string) => (await docket.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
  const counts = async () => ({ reports: await count('reports'), cases: await count('cases'), posts: await count('posts'), outbox: await count('outbox') });
  const postXarf = (apiKey: string | undefined, body: unknown) => {
    const req = docket.http().post('/v1/reports/xarf');
    return (apiKey ? req.set(bearer(apiKey)) : req).send(body as object);
  };

  beforeAll(async () => {
    docket = await startDocket();
    provider = await createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider', name: 'Abuse desk (X-ARF)' });
  });
  afterAll(() => docket.close());

  it('sorts the official samples into content on the platform and everything else', () => {
    // Guards the it.each tables below against an empty or misread sample directory.
    expect(files).toHaveLength(32);
    const kinds = (list: string[]) => list.map((f) => `${xarfSample(f).category}/${xarfSample(f).type}`).sort();
    expect(kinds(onPlatform).filter((k) => k.startsWith('content/'))).toHaveLength(files.filter((f) => f.startsWith('content-')).length);
    expect(kinds(onPlatform)).toEqual(expect.arrayContaining(['copyright/copyright', 'copyright/cyberlocker', 'copyright/link_site', 'copyright/ugc_platform']));
    expect(kinds(offPlatform)).toEqual(expect.arrayContaining(['copyright/p2p', 'copyright/usenet']));
    expect(kinds(offPlatform).every((k) => !k.startsWith('content/'))).toBe(true);
    expect(onPlatform.length + offPlatform.length).toBe(32);
  });

  describe('samples that report content on the platform are accepted and mapped', () => {
    it.each(onPlatform.map((f) => [label(f), f]))('%s → 202 receipt, DSA category, report_id as externalRef', async (_, file) => {
      const sample = xarfSample(file);
      const url = platformUrl(sample)!;
      const category = expectedCategory(sample);

      const res = await postXarf(provider.apiKey, sample);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID), caseId: expect.stringMatching(UUID), status: 'received',
        receivedAt: expect.stringMatching(ISO), dueAt: expect.stringMatching(ISO),
      });
      // The deadline follows the mapped category (a sample may join an earlier sample's case on the same URL,
      // whose deadline can only be earlier).
      const window = Date.parse(res.body.dueAt) - Date.parse(res.body.receivedAt);
      expect(window).toBeLessThanOrEqual(expectedWindowMs(category));
      expect(window).toBeGreaterThan(expectedWindowMs(category) - 60_000);

      const read = await docket.http().get(`/v1/reports/${res.body.id}`).set(bearer(provider.apiKey));
      expect(read.status).toBe(200);
      expect(read.body).toEqual({
        id: res.body.id, caseId: res.body.caseId, postId: url, category, status: 'received',
        receivedAt: res.body.receivedAt, dueAt: res.body.dueAt, decidedAt: null, removedAt: null, outcome: null,
        timeToRemovalSeconds: null, externalRef: sample.report_id,
      });

      const stored = await docket.db.query('SELECT post_id, category, external_ref, reporter_id, source_details FROM reports WHERE id = $1', [res.body.id]);
      expect(stored.rows).toHaveLength(1);
      expect(stored.rows[0]).toMatchObject({ post_id: url, category, external_ref: sample.report_id, reporter_id: provider.id });
      // The original X-ARF classification is kept on the report (deadlines.md).
      expect(stored.rows[0].source_details).toMatchObject({ xarfCategory: sample.category, xarfType: sample.type });
      const post = await docket.db.query('SELECT url FROM posts WHERE id = $1', [url]);
      expect(post.rows).toEqual([{ url }]);
    });
  });

  describe('samples that name no content URL on the platform are refused with 422, storing nothing', () => {
    it.each(offPlatform.map((f) => [label(f), f]))('%s → 422', async (_, file) => {
      const before = await counts();
      const res = await postXarf(provider.apiKey, freshXarfSample(file));
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ statusCode: 422, error: 'Unprocessable Entity', message: expect.stringContaining('content on the platform') });
      expect(await counts()).toEqual(before);
    });

    it('takes a p2p report once it does name an infringing_url', async () => {
      const body: XarfSample = { ...freshXarfSample('copyright-p2p.json'), infringing_url: `https://tracker.example.com/t/${Date.now()}` };
      const res = await postXarf(provider.apiKey, body);
      expect(res.status).toBe(202);
      const read = await docket.http().get(`/v1/reports/${res.body.id}`).set(bearer(provider.apiKey));
      expect(read.body).toMatchObject({ postId: body.infringing_url, category: 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS', externalRef: body.report_id });
    });
  });

  describe('broken samples are refused with 400 naming the failing path, storing nothing', () => {
    type Breakage = [string, string, string, (r: XarfSample) => void];
    const missing: Breakage[] = [
      ['report_id missing', 'content-phishing.json', 'report_id', (r) => delete r.report_id],
      ['report_id missing', 'connection-ddos.json', 'report_id', (r) => delete r.report_id],
      ['reporter missing', 'copyright-copyright.json', 'reporter', (r) => delete r.reporter],
      ['reporter missing', 'vulnerability-cve.json', 'reporter', (r) => delete r.reporter],
      ['reporter.org missing', 'messaging-spam.json', 'reporter.org', (r) => delete r.reporter.org],
      ['url missing from a content report', 'content-malware.json', 'url', (r) => delete r.url],
      ['infringing_url missing from a copyright report', 'copyright-cyberlocker.json', 'infringing_url', (r) => delete r.infringing_url],
    ];
    const wrongEnum: Breakage[] = [
      ['unknown category', 'content-csam.json', 'category', (r) => (r.category = 'nonsense')],
      ['unknown category', 'reputation-blocklist.json', 'category', (r) => (r.category = 'nonsense')],
      ['unknown category', 'copyright-ugc-platform.json', 'category', (r) => (r.category = 'nonsense')],
      ['type of another category', 'content-fraud.json', 'type', (r) => (r.type = 'spam')],
      ['type of another category', 'copyright-link-site.json', 'type', (r) => (r.type = 'phishing')],
      ['type of another category', 'messaging-bulk-messaging.json', 'type', (r) => (r.type = 'ddos')],
    ];
    const badUuid: Breakage[] = [
      ['report_id not a uuid', 'content-csem.json', 'report_id', (r) => (r.report_id = 'not-a-uuid')],
      ['report_id not a uuid', 'copyright-copyright.json', 'report_id', (r) => (r.report_id = '1234')],
      ['report_id not a uuid', 'connection-port-scan.json', 'report_id', (r) => (r.report_id = 'g0000000-0000-4000-8000-000000000000')],
      ['report_id not a uuid', 'infrastructure-botnet.json', 'report_id', (r) => (r.report_id = '')],
    ];

    it.each([...missing, ...wrongEnum, ...badUuid])('%s in %s → 400 naming %s', async (_, file, path, breakIt) => {
      const body = freshXarfSample(file);
      breakIt(body);
      const before = await counts();
      const res = await postXarf(provider.apiKey, body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining(path), errors: expect.any(Array) });
      for (const e of res.body.errors) expect(e).toEqual({ path: expect.any(String), message: expect.any(String) });
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      expect(await counts()).toEqual(before);
    });

    it('names every broken field of one report at once', async () => {
      const body = freshXarfSample('content-phishing.json');
      body.report_id = 'x';
      delete body.reporter.domain;
      delete body.url;
      const res = await postXarf(provider.apiKey, body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['report_id', 'reporter.domain', 'url']));
    });

    it.each([
      ['an array of reports', [xarfSample('content-phishing.json')]],
      ['an empty object', {}],
    ])('refuses %s', async (_, body) => {
      const before = await counts();
      const res = await postXarf(provider.apiKey, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.errors.length).toBeGreaterThan(0);
      expect(await counts()).toEqual(before);
    });
  });

  describe('report_id is the idempotency key', () => {
    it('answers the same report again with 200 and the identical receipt, storing one report', async () => {
      const reporter = await createPrincipal(docket, { role: 'reporter', kind: 'trusted_flagger' });
      const body = freshXarfSample('content-phishing.json');
      const first = await postXarf(reporter.apiKey, body);
      expect(first.status).toBe(202);
      const again = await postXarf(reporter.apiKey, body);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      // Key order is not part of the report: the same report serialised differently is still a replay.
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const third = await postXarf(reporter.apiKey, reordered);
      expect(third.status).toBe(200);
      expect(third.body).toEqual(first.body);
      const rows = await docket.db.query('SELECT id FROM reports WHERE reporter_id = $1 AND external_ref = $2', [reporter.id, body.report_id]);
      expect(rows.rows).toEqual([{ id: first.body.id }]);
    });

    // Each row: the first report, and a different report under the same report_id.
    it.each<[string, string, (first: XarfSample) => XarfSample]>([
      ['the reported url', 'content-fraud.json', (r) => ({ ...r, url: 'https://another-scam.example.com/' })],
      ['the timestamp', 'content-malware.json', (r) => ({ ...r, timestamp: '2025-01-12T10:00:00Z' })],
      ['the description', 'content-phishing.json', (r) => ({ ...r, description: 'A second, different phishing page' })],
      ['the type (csam → csem, the same DSA category)', 'content-csam.json', (r) => ({ ...xarfSample('content-csem.json'), report_id: r.report_id })],
      ['the infringing_url', 'copyright-cyberlocker.json', (r) => ({ ...r, infringing_url: 'https://file-sharing.example.com/download/other.mp4' })],
      ['the source_identifier', 'content-fraud.json', (r) => ({ ...r, source_identifier: '203.0.113.9' })],
      ['the classification', 'content-csam.json', (r) => ({ ...r, classification: 'A2' })],
      ['an evidence payload', 'content-phishing.json', (r) => ({ ...r, evidence: [{ ...r.evidence[0], payload: 'b3RoZXI=' }, ...r.evidence.slice(1)] })],
      ['the tags', 'copyright-copyright.json', (r) => ({ ...r, tags: ['other:tag'] })],
    ])('refuses the same report_id with %s changed (422), keeping the first report', async (_, file, differentReport) => {
      const reporter = await createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' });
      const body = freshXarfSample(file);
      const first = await postXarf(reporter.apiKey, body);
      expect(first.status).toBe(202);
      const res = await postXarf(reporter.apiKey, differentReport(body));
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ statusCode: 422, error: 'Unprocessable Entity', message: expect.any(String) });
      const rows = await docket.db.query('SELECT id FROM reports WHERE reporter_id = $1', [reporter.id]);
      expect(rows.rows).toEqual([{ id: first.body.id }]);
      // The first report stands as it was filed.
      const again = await postXarf(reporter.apiKey, body);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
    });

    it('keys are per reporter: another reporter filing the same report gets a receipt of its own', async () => {
      const a = await createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' });
      const b = await createPrincipal(docket, { role: 'reporter', kind: 'user' });
      const body = freshXarfSample('content-exposed-data.json');
      const fromA = await postXarf(a.apiKey, body);
      const fromB = await postXarf(b.apiKey, body);
      expect([fromA.status, fromB.status]).toEqual([202, 202]);
      expect(fromB.body.id).not.toBe(fromA.body.id);
      expect(fromB.body.caseId).toBe(fromA.body.caseId);
    });
  });

  describe("docket's own limits apply to what a valid X-ARF report carries", () => {
    it('refuses a content URL longer than 2048 characters with 400 naming it, without failing notices filed at the same moment', async () => {
      const user = await createPrincipal(docket, { role: 'reporter', kind: 'user' });
      const before = await counts();
      const long = freshXarfSample('content-fraud.json');
      long.url = `https://x.example.com/${'a'.repeat(4000)}`;
      const [bad, innocent] = await Promise.all([
        postXarf(provider.apiKey, long),
        docket.http().post('/v1/reports').set(bearer(user.apiKey)).send({ post: { id: `innocent-${long.report_id}` }, category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD' }),
      ]);
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ path: 'url', message: 'must be at most 2048 characters' }]);
      expect(innocent.status).toBe(202);
      expect((await counts()).reports).toBe(before.reports + 1);
    });

    it('refuses a timestamp in the future with 400 naming it', async () => {
      const future = { ...freshXarfSample('content-phishing.json'), timestamp: '2099-01-01T00:00:00Z' };
      const before = await counts();
      const res = await postXarf(provider.apiKey, future);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'timestamp', message: 'must not be in the future' }]);
      expect(await counts()).toEqual(before);
    });
  });

  describe('authentication and roles', () => {
    it.each(['moderator', 'senior', 'auditor', 'platform'])('refuses role %s with 403, storing nothing', async (role) => {
      const principal = await createPrincipal(docket, { role });
      const before = await counts();
      const res = await postXarf(principal.apiKey, freshXarfSample('content-phishing.json'));
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ statusCode: 403, error: 'Forbidden', message: expect.any(String) });
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['no key', undefined],
      ['an unknown key', 'not-a-real-key-0123456789abcdef'],
    ])('refuses %s with 401, storing nothing', async (_, key) => {
      const before = await counts();
      const res = await postXarf(key, freshXarfSample('content-phishing.json'));
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
      expect(await counts()).toEqual(before);
    });
  });
});
