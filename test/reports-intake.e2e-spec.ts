import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { notice, providerBatch } from './support/notices';

const HOUR_MS = 3600_000;

describe('notice intake: POST /v1/reports and /v1/reports/batch', () => {
  let docket: Docket;
  let provider: { id: string; apiKey: string };
  let otherReporter: { apiKey: string };
  let user: { apiKey: string };
  const count = async (table: string) => (await docket.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
  const counts = async () => ({ reports: await count('reports'), cases: await count('cases'), posts: await count('posts'), outbox: await count('outbox') });

  beforeAll(async () => {
    docket = await startDocket();
    provider = await createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider', name: 'Hosting provider T&S' });
    otherReporter = await createPrincipal(docket, { role: 'reporter', kind: 'trusted_flagger', name: 'Another flagger' });
    user = await createPrincipal(docket, { role: 'reporter', kind: 'user', name: 'A user' });
  });
  afterAll(() => docket.close());

  it('acknowledges one notice with a receipt whose deadline follows the policy, and stores it with a triage job', async () => {
    const body = notice();
    const res = await docket.http().post('/v1/reports').set(bearer(provider.apiKey)).send(body);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), caseId: expect.any(String), status: 'received', receivedAt: expect.any(String), dueAt: expect.any(String) });
    // Violence from a hosting provider: one hour (deadlines.md).
    expect(Date.parse(res.body.dueAt) - Date.parse(res.body.receivedAt)).toBe(HOUR_MS);

    const stored = await docket.db.query('SELECT * FROM reports WHERE id = $1', [res.body.id]);
    expect(stored.rows[0]).toMatchObject({ case_id: res.body.caseId, post_id: body.post.id, category: body.category, reporter_kind: 'hosting_provider', external_ref: body.externalRef });
    const post = await docket.db.query('SELECT * FROM posts WHERE id = $1', [body.post.id]);
    expect(post.rows[0]).toMatchObject({ url: body.post.url, author_id: 'u-9', text: body.post.text, language: 'en' });
    const outbox = await docket.db.query(`SELECT job_id, data FROM outbox WHERE data->'caseIds' ? $1`, [res.body.caseId]);
    expect(outbox.rows).toEqual([{ job_id: `triage-${res.body.id}`, data: { caseIds: [res.body.caseId] } }]);

    const read = await docket.http().get(`/v1/reports/${res.body.id}`).set(bearer(provider.apiKey));
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      id: res.body.id, caseId: res.body.caseId, postId: body.post.id, category: body.category, status: 'received',
      receivedAt: res.body.receivedAt, dueAt: res.body.dueAt, decidedAt: null, removedAt: null, outcome: null,
      timeToRemovalSeconds: null, externalRef: body.externalRef,
    });
  });

  it('gives a user the 24-hour window and anything else 7 days', async () => {
    const violence = await docket.http().post('/v1/reports').set(bearer(user.apiKey)).send(notice());
    expect(Date.parse(violence.body.dueAt) - Date.parse(violence.body.receivedAt)).toBe(24 * HOUR_MS);
    const spam = await docket.http().post('/v1/reports').set(bearer(user.apiKey)).send(notice({ category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', specification: [] }));
    expect(Date.parse(spam.body.dueAt) - Date.parse(spam.body.receivedAt)).toBe(7 * 24 * HOUR_MS);
  });

  it('accepts a notice with only post.id and category', async () => {
    const res = await docket.http().post('/v1/reports').set(bearer(provider.apiKey)).send({ post: { id: 'bare-1' }, category: 'STATEMENT_CATEGORY_SELF_HARM' });
    expect(res.status).toBe(202);
  });

  describe('refuses bad notices with 400 naming the field, storing nothing', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['missing post', { post: undefined }, 'post'],
      ['post not an object', { post: 'p-1' }, 'post'],
      ['empty post id', { post: { id: '' } }, 'post.id'],
      ['post id over 256', { post: { id: 'x'.repeat(257) } }, 'post.id'],
      ['post text over 10 000', { post: { id: 'p', text: 'a'.repeat(10_001) } }, 'post.text'],
      ['language not ISO 639-1', { post: { id: 'p', language: 'english' } }, 'post.language'],
      ['media URL not http(s)', { post: { id: 'p', mediaUrls: ['ftp://x.example/a'] } }, 'post.mediaUrls'],
      ['21 media URLs', { post: { id: 'p', mediaUrls: Array.from({ length: 21 }, (_, i) => `https://m.example/${i}`) } }, 'post.mediaUrls'],
      ['unknown category', { category: 'STATEMENT_CATEGORY_RUDENESS' }, 'category'],
      ['missing category', { category: undefined }, 'category'],
      ['unknown keyword', { specification: ['KEYWORD_NOPE'] }, 'specification'],
      ['description over 2 000', { description: 'd'.repeat(2001) }, 'description'],
      ['evidence URL over 2 048', { evidenceUrls: [`https://e.example/${'a'.repeat(2048)}`] }, 'evidenceUrls'],
      ['externalRef over 256', { externalRef: 'r'.repeat(257) }, 'externalRef'],
      ['reportedAt in the future', { reportedAt: new Date(Date.now() + HOUR_MS).toISOString() }, 'reportedAt'],
      ['reportedAt not a date', { reportedAt: 'yesterday' }, 'reportedAt'],
      ['unknown field', { severity: 'high' }, 'severity'],
      ['unknown post field', { post: { id: 'p', likes: 3 } }, 'post.likes'],
      ['NUL in the post text', { post: { id: 'p', text: 'a\u0000b' } }, 'post.text'],
      ['lone surrogate in the description', { description: 'broken \ud800 text' }, 'description'],
    ];
    it.each(cases)('%s → %s', async (_, override, path) => {
      const before = await counts();
      const body = { ...notice(), ...override };
      const res = await docket.http().post('/v1/reports').set(bearer(provider.apiKey)).send(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining(path) });
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      expect(await counts()).toEqual(before);
    });
  });

  it('keeps every Unicode character of the post text exactly', async () => {
    const text = 'Emoji 🔥🪢 ZWJ 👩‍👩‍👧, RTL مرحبا بالعالم שלום, combining é (e\u0301), CJK 漢字, astral 𝕏 and a\u200Bzero-width';
    const body = notice({}, { text });
    const res = await docket.http().post('/v1/reports').set(bearer(provider.apiKey)).send(body);
    expect(res.status).toBe(202);
    const stored = await docket.db.query('SELECT text FROM posts WHERE id = $1', [body.post.id]);
    expect(stored.rows[0].text).toBe(text);
  });

  it('accepts the 98-report batch of a hosting provider with a receipt per notice, in order, and hides them from another reporter', async () => {
    const reports = providerBatch(98);
    const res = await docket.http().post('/v1/reports/batch').set(bearer(provider.apiKey)).send({ reports });
    expect(res.status).toBe(202);
    expect(res.body.items).toHaveLength(98);
    const stored = await docket.db.query('SELECT id, external_ref, post_id FROM reports WHERE id = ANY($1)', [res.body.items.map((r: { id: string }) => r.id)]);
    expect(stored.rows).toHaveLength(98);
    const byId = new Map(stored.rows.map((r) => [r.id, r]));
    res.body.items.forEach((receipt: { id: string; status: string }, i: number) => {
      expect(byId.get(receipt.id)).toMatchObject({ external_ref: reports[i].externalRef, post_id: reports[i].post.id });
      expect(receipt.status).toBe('received');
    });

    // The other reporter cannot see them, one by one or in its list.
    const peek = await docket.http().get(`/v1/reports/${res.body.items[0].id}`).set(bearer(otherReporter.apiKey));
    expect(peek.status).toBe(404);
    expect(peek.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'report not found' });
    const theirList = await docket.http().get('/v1/reports?limit=500').set(bearer(otherReporter.apiKey));
    expect(theirList.status).toBe(200);
    expect(theirList.body.items.filter((r: { id: string }) => byId.has(r.id))).toEqual([]);

    // The provider pages through all of its own, newest first.
    const mine = new Set<string>();
    let cursor: string | null = null;
    let last = Infinity;
    do {
      const page: any = await docket.http().get('/v1/reports').query(cursor ? { limit: 40, cursor } : { limit: 40 }).set(bearer(provider.apiKey));
      expect(page.status).toBe(200);
      for (const item of page.body.items) {
        expect(Date.parse(item.receivedAt)).toBeLessThanOrEqual(last);
        last = Date.parse(item.receivedAt);
        mine.add(item.id);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    for (const receipt of res.body.items) expect(mine.has(receipt.id)).toBe(true);
  });

  it('refuses a batch with bad items whole, listing every bad path', async () => {
    const before = await counts();
    const reports = providerBatch(10);
    (reports[3] as Record<string, unknown>).category = 'NOT_A_CATEGORY';
    (reports[7].post as Record<string, unknown>).id = '';
    (reports[9].post as Record<string, unknown>).text = 'x\u0000';
    const res = await docket.http().post('/v1/reports/batch').set(bearer(provider.apiKey)).send({ reports });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['reports[3].category', 'reports[7].post.id', 'reports[9].post.text'].sort());
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['empty', { reports: [] }],
    ['501 notices', { reports: providerBatch(501) }],
    ['not an array', { reports: 'all of them' }],
  ])('refuses a batch that is %s', async (_, body) => {
    const res = await docket.http().post('/v1/reports/batch').set(bearer(provider.apiKey)).send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('reports');
  });

  describe('idempotency', () => {
    it('answers a retry with the same receipt (200), storing one report; another body under the key is 422', async () => {
      const body = notice();
      const first = await docket.http().post('/v1/reports').set(bearer(provider.apiKey)).set('Idempotency-Key', 'retry-1').send(body);
      expect(first.status).toBe(202);
      const again = await docket.http().post('/v1/reports').set(bearer(provider.apiKey)).set('Idempotency-Key', 'retry-1').send(body);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const other = await docket.http().post('/v1/reports').set(bearer(provider.apiKey)).set('Idempotency-Key', 'retry-1').send({ ...body, description: 'changed' });
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
      const rows = await docket.db.query(`SELECT count(*)::int AS n FROM reports WHERE idempotency_key = 'retry-1'`);
      expect(rows.rows[0].n).toBe(1);
    });

    it('keys are per reporter: another reporter may use the same key', async () => {
      const a = await docket.http().post('/v1/reports').set(bearer(provider.apiKey)).set('Idempotency-Key', 'shared-key').send(notice());
      const b = await docket.http().post('/v1/reports').set(bearer(otherReporter.apiKey)).set('Idempotency-Key', 'shared-key').send(notice());
      expect([a.status, b.status]).toEqual([202, 202]);
      expect(a.body.id).not.toBe(b.body.id);
    });

    it('twenty identical requests at the same instant store one report', async () => {
      const body = notice();
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => docket.http().post('/v1/reports').set(bearer(provider.apiKey)).set('Idempotency-Key', 'burst-1').send(body)),
      );
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      expect(responses.filter((r) => r.status === 202)).toHaveLength(1);
      expect(responses.filter((r) => r.status === 200)).toHaveLength(19);
      const rows = await docket.db.query(`SELECT count(*)::int AS n FROM reports WHERE idempotency_key = 'burst-1'`);
      expect(rows.rows[0].n).toBe(1);
    });

    it('a batch retried with its key replays every receipt', async () => {
      const reports = providerBatch(5);
      const first = await docket.http().post('/v1/reports/batch').set(bearer(provider.apiKey)).set('Idempotency-Key', 'batch-1').send({ reports });
      const again = await docket.http().post('/v1/reports/batch').set(bearer(provider.apiKey)).set('Idempotency-Key', 'batch-1').send({ reports });
      expect(first.status).toBe(202);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
    });

    it('refuses an empty or overlong key', async () => {
      const res = await docket.http().post('/v1/reports').set(bearer(provider.apiKey)).set('Idempotency-Key', 'k'.repeat(129)).send(notice());
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
    });
  });

  describe('deduplication into cases', () => {
    it('joins every report of a post to its open case, keeping the earliest deadline', async () => {
      const postId = `dup-${Date.now()}`;
      const fromUser = await docket.http().post('/v1/reports').set(bearer(user.apiKey)).send(notice({}, { id: postId }));
      const fromProvider = await docket.http().post('/v1/reports').set(bearer(provider.apiKey)).send(notice({}, { id: postId }));
      expect(fromProvider.body.caseId).toBe(fromUser.body.caseId);
      // The provider's 1-hour deadline now governs the case, and so the user's notice too.
      const c = await docket.db.query('SELECT report_count, due_at FROM cases WHERE id = $1', [fromUser.body.caseId]);
      expect(c.rows[0].report_count).toBe(2);
      expect(c.rows[0].due_at.toISOString()).toBe(fromProvider.body.dueAt);
      const userView = await docket.http().get(`/v1/reports/${fromUser.body.id}`).set(bearer(user.apiKey));
      expect(userView.body.dueAt).toBe(fromProvider.body.dueAt);
    });

    it('fifty concurrent first reports of one post open exactly one case', async () => {
      const postId = `race-${Date.now()}`;
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          docket.http().post('/v1/reports').set(bearer(i % 2 ? provider.apiKey : user.apiKey)).send(notice({}, { id: postId })),
        ),
      );
      expect(responses.every((r) => r.status === 202)).toBe(true);
      expect(new Set(responses.map((r) => r.body.caseId)).size).toBe(1);
      const c = await docket.db.query('SELECT count(*)::int AS cases, sum(report_count)::int AS reports FROM cases WHERE post_id = $1', [postId]);
      expect(c.rows[0]).toEqual({ cases: 1, reports: 50 });
    });

    it('answers a report of a closed case with its outcome unless it brings a new category or the post was restored', async () => {
      const postId = `closed-${Date.now()}`;
      const first = await docket.http().post('/v1/reports').set(bearer(provider.apiKey)).send(notice({}, { id: postId }));
      await docket.db.query(
        `UPDATE cases SET state = 'removed', decided_at = now(), removed_at = now(), closed_at = now() WHERE id = $1`,
        [first.body.caseId],
      );
      const same = await docket.http().post('/v1/reports').set(bearer(otherReporter.apiKey)).send(notice({}, { id: postId }));
      expect(same.status).toBe(202);
      expect(same.body).toMatchObject({ caseId: first.body.caseId, status: 'removed' });
      const sameView = await docket.http().get(`/v1/reports/${same.body.id}`).set(bearer(otherReporter.apiKey));
      expect(sameView.body).toMatchObject({ outcome: 'removed', timeToRemovalSeconds: 0 });

      const newCategory = await docket.http().post('/v1/reports').set(bearer(otherReporter.apiKey))
        .send(notice({ category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH' }, { id: postId }));
      expect(newCategory.body.caseId).not.toBe(first.body.caseId);
      expect(newCategory.body.status).toBe('received');

      const noViolation = await docket.http().post('/v1/reports').set(bearer(provider.apiKey)).send(notice({}, { id: `${postId}-b` }));
      await docket.db.query(`UPDATE cases SET state = 'no_violation', decided_at = now(), closed_at = now() WHERE id = $1`, [noViolation.body.caseId]);
      await docket.db.query(`UPDATE posts SET restored_at = now() + interval '1 second' WHERE id = $1`, [`${postId}-b`]);
      const afterRestore = await docket.http().post('/v1/reports').set(bearer(provider.apiKey)).send(notice({}, { id: `${postId}-b` }));
      expect(afterRestore.body.caseId).not.toBe(noViolation.body.caseId);
    });
  });

  it('reads all reports for moderators and auditors, and refuses roles that do not read reports', async () => {
    const filed = await docket.http().post('/v1/reports').set(bearer(provider.apiKey)).send(notice());
    for (const role of ['moderator', 'senior', 'auditor']) {
      const reader = await createPrincipal(docket, { role });
      const res = await docket.http().get(`/v1/reports/${filed.body.id}`).set(bearer(reader.apiKey));
      expect({ role, status: res.status }).toEqual({ role, status: 200 });
    }
    const platform = await createPrincipal(docket, { role: 'platform' });
    expect((await docket.http().get(`/v1/reports/${filed.body.id}`).set(bearer(platform.apiKey))).status).toBe(403);
    expect((await docket.http().post('/v1/reports').set(bearer(platform.apiKey)).send(notice())).status).toBe(403);
    const moderator = await createPrincipal(docket, { role: 'moderator' });
    expect((await docket.http().post('/v1/reports').set(bearer(moderator.apiKey)).send(notice())).status).toBe(403);
  });

  it('filters the list by status and received time', async () => {
    const filed = await docket.http().post('/v1/reports').set(bearer(otherReporter.apiKey)).send(notice());
    const from = new Date(Date.parse(filed.body.receivedAt) - 1).toISOString();
    const res = await docket.http().get('/v1/reports').query({ status: 'received', from }).set(bearer(otherReporter.apiKey));
    expect(res.body.items.map((r: { id: string }) => r.id)).toContain(filed.body.id);
    const none = await docket.http().get('/v1/reports').query({ status: 'removed', from }).set(bearer(otherReporter.apiKey));
    expect(none.body.items).toEqual([]);
    const bad = await docket.http().get('/v1/reports').query({ status: 'lost' }).set(bearer(otherReporter.apiKey));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('status');
  });
});
