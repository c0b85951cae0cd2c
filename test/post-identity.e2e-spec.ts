import { randomUUID } from 'node:crypto';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { notice } from './support/notices';
import { freshXarfSample } from './support/xarf-samples';

/**
 * One post, one identity (issue 20, point 4): X-ARF names content by URL only, the API and the platform by the
 * platform's post id. Once a URL is known to be a post's, an X-ARF notice about it joins that post's case.
 */
describe('one post, one identity across X-ARF and the API', () => {
  let docket: Docket;
  let provider: string;
  let platform: string;
  let moderator: string;

  beforeAll(async () => {
    docket = await startDocket();
    [provider, platform, moderator] = (await Promise.all([
      createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      createPrincipal(docket, { role: 'platform' }),
      createPrincipal(docket, { role: 'moderator' }),
    ])).map((p) => p.apiKey);
  });
  afterAll(() => docket.close());

  const fileXarf = (url: string) => docket.http().post('/v1/reports/xarf').set(bearer(provider)).send({ ...freshXarfSample('content-phishing.json'), url });
  const fileApi = (post: Record<string, unknown>) => docket.http().post('/v1/reports').set(bearer(provider)).send(notice({}, post));
  const caseOf = async (caseId: string) => (await docket.http().get(`/v1/cases/${caseId}`).set(bearer(moderator))).body;
  const fresh = () => ({ id: `p-${randomUUID()}`, url: `https://social.example/p/${randomUUID()}` });

  it('an X-ARF notice about the URL of a post reported through the API joins that post\'s case', async () => {
    const post = fresh();
    const first = await fileApi(post);
    expect(first.status).toBe(202);
    const xarf = await fileXarf(post.url);
    expect(xarf.status).toBe(202);
    expect(xarf.body.caseId).toBe(first.body.caseId);
    const c = await caseOf(first.body.caseId);
    expect(c.reportCount).toBe(2);
    expect(c.post).toMatchObject({ id: post.id, url: post.url });
  });

  it('the platform maps a URL first (POST /v1/posts): X-ARF and API notices about it open one case, under the platform id', async () => {
    const post = fresh();
    const mapped = await docket.http().post('/v1/posts').set(bearer(platform)).send({ ...post, text: 'Storm the depot at dawn.' });
    expect(mapped.status).toBe(200);
    expect(mapped.body).toEqual(post);
    const xarf = await fileXarf(post.url);
    expect(xarf.status).toBe(202);
    const api = await fileApi({ id: post.id });
    expect(api.body.caseId).toBe(xarf.body.caseId);
    expect((await caseOf(xarf.body.caseId)).post).toMatchObject({ id: post.id, url: post.url, text: 'Storm the depot at dawn.' });
    // Mapping it again changes nothing (and is audited again).
    expect((await docket.http().post('/v1/posts').set(bearer(platform)).send(post)).status).toBe(200);
  });

  it('refuses a URL that already names another post, and another URL for a mapped post (409), changing nothing', async () => {
    const post = fresh();
    expect((await docket.http().post('/v1/posts').set(bearer(platform)).send(post)).status).toBe(200);
    const otherId = await docket.http().post('/v1/posts').set(bearer(platform)).send({ id: `p-${randomUUID()}`, url: post.url });
    expect(otherId.status).toBe(409);
    expect(otherId.body.message).toContain(post.id);
    const otherUrl = await docket.http().post('/v1/posts').set(bearer(provider)).send({ id: post.id, url: `https://social.example/p/${randomUUID()}` });
    expect(otherUrl.status).toBe(409);
    const { rows } = await docket.db.query('SELECT url FROM posts WHERE id = $1', [post.id]);
    expect(rows).toEqual([{ url: post.url }]);
  });

  it('an X-ARF notice about a URL nobody mapped keeps the URL as the post\'s id, as before', async () => {
    const url = `https://social.example/p/${randomUUID()}`;
    const xarf = await fileXarf(url);
    expect(xarf.status).toBe(202);
    expect((await caseOf(xarf.body.caseId)).post.id).toBe(url);
  });

  it('needs the URL and names it when missing or not http(s) (400), storing nothing', async () => {
    const id = `p-${randomUUID()}`;
    for (const body of [{ id }, { id, url: 'ftp://files.example/p' }]) {
      const res = await docket.http().post('/v1/posts').set(bearer(platform)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['url']);
    }
    expect((await docket.db.query('SELECT 1 FROM posts WHERE id = $1', [id])).rows).toEqual([]);
  });
});
