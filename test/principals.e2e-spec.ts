import { Docket, bearer, createPrincipal, startDocket } from './support/docket';

describe('principals and API keys', () => {
  let docket: Docket;
  beforeAll(async () => {
    docket = await startDocket();
  });
  afterAll(() => docket.close());

  it('creates a reporter whose key and callback secret are shown once and stored only as a hash', async () => {
    const res = await docket
      .http()
      .post('/v1/admin/principals')
      .set(bearer(docket.adminKey))
      .send({ name: 'Hosting provider abuse desk', role: 'reporter', kind: 'hosting_provider', callbackUrl: 'https://abuse.example/callback' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String), name: 'Hosting provider abuse desk', role: 'reporter', kind: 'hosting_provider',
      callbackUrl: 'https://abuse.example/callback', apiKey: expect.stringMatching(/^dk_[A-Za-z0-9_-]{43}$/),
      callbackSecret: expect.stringMatching(/^whsec_/), languages: [], skills: [], warnedAt: null, suspendedUntil: null, createdAt: expect.any(String),
    });
    const stored = await docket.db.query('SELECT * FROM principals WHERE id = $1', [res.body.id]);
    expect(JSON.stringify(stored.rows[0])).not.toContain(res.body.apiKey);

    const list = await docket.http().get('/v1/admin/principals').set(bearer(docket.adminKey));
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain(res.body.id);
    expect(JSON.stringify(list.body)).not.toContain(res.body.apiKey);
    expect(JSON.stringify(list.body)).not.toContain(res.body.callbackSecret);
  });

  it('requires a kind for reporters and names the field', async () => {
    const res = await docket.http().post('/v1/admin/principals').set(bearer(docket.adminKey)).send({ name: 'x', role: 'reporter' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining('kind'), errors: [{ path: 'kind', message: expect.any(String) }] });
  });

  it('refuses unknown fields, bad roles and NUL text with the contract error shape, storing nothing', async () => {
    const before = await docket.db.query('SELECT count(*)::int AS n FROM principals');
    const res = await docket
      .http()
      .post('/v1/admin/principals')
      .set(bearer(docket.adminKey))
      .send({ name: 'x', role: 'overlord', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['extra', 'role']);
    const nul = await docket.http().post('/v1/admin/principals').set(bearer(docket.adminKey)).send({ name: 'a\u0000b', role: 'auditor' });
    expect(nul.status).toBe(400);
    expect(nul.body.errors).toEqual([{ path: 'name', message: 'must not contain NUL characters' }]);
    const after = await docket.db.query('SELECT count(*)::int AS n FROM principals');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  describe('access to the principals routes, per role', () => {
    const roles = [
      { role: 'moderator' }, { role: 'senior' }, { role: 'auditor' }, { role: 'platform' },
      { role: 'reporter', kind: 'hosting_provider' }, { role: 'reporter', kind: 'user' },
    ];
    const routes = [
      { method: 'get', path: () => '/v1/admin/principals' },
      { method: 'post', path: () => '/v1/admin/principals', body: { name: 'n', role: 'auditor' } },
      { method: 'delete', path: () => '/v1/admin/principals/00000000-0000-4000-8000-000000000000' },
    ] as const;

    it.each(routes)('$method $path: 401 without a key, 401 with an unknown key', async (route) => {
      const anonymous = await (docket.http() as any)[route.method](route.path()).send((route as any).body);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
      const unknown = await (docket.http() as any)[route.method](route.path()).set(bearer('dk_not-a-key')).send((route as any).body);
      expect(unknown.status).toBe(401);
    });

    it.each(roles)('role $role $kind gets 403 on every principals route; admin gets through', async (who) => {
      const principal = await createPrincipal(docket, who);
      for (const route of routes) {
        const res = await (docket.http() as any)[route.method](route.path()).set(bearer(principal.apiKey)).send((route as any).body);
        expect({ route: route.path(), status: res.status }).toEqual({ route: route.path(), status: 403 });
        expect(res.body.error).toBe('Forbidden');
      }
    });

    it('an admin principal created through the API may call them', async () => {
      const admin = await createPrincipal(docket, { role: 'admin' });
      const list = await docket.http().get('/v1/admin/principals').set(bearer(admin.apiKey));
      expect(list.status).toBe(200);
    });
  });

  it('revoking a principal stops its key at once, and revoking again is 404', async () => {
    const auditor = await createPrincipal(docket, { role: 'admin', name: 'soon revoked' });
    expect((await docket.http().get('/v1/admin/principals').set(bearer(auditor.apiKey))).status).toBe(200);
    const del = await docket.http().delete(`/v1/admin/principals/${auditor.id}`).set(bearer(docket.adminKey));
    expect(del.status).toBe(204);
    const after = await docket.http().get('/v1/admin/principals').set(bearer(auditor.apiKey));
    expect(after.status).toBe(401);
    const again = await docket.http().delete(`/v1/admin/principals/${auditor.id}`).set(bearer(docket.adminKey));
    expect(again.status).toBe(404);
    await docket.sealAudit();
    const events = await docket.db.query(`SELECT action FROM audit_events WHERE subject_id = $1 ORDER BY id`, [auditor.id]);
    expect(events.rows.map((r) => r.action)).toEqual(['principal.created', 'principal.revoked']);
  });

  it('pages the principal list with an opaque cursor', async () => {
    for (let i = 0; i < 3; i++) await createPrincipal(docket, { role: 'auditor', name: `page ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await docket.http().get('/v1/admin/principals').query(cursor ? { limit: 2, cursor } : { limit: 2 }).set(bearer(docket.adminKey));
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((p: { id: string }) => p.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const total = await docket.db.query('SELECT count(*)::int AS n FROM principals WHERE revoked_at IS NULL');
    expect(new Set(seen).size).toBe(total.rows[0].n);
    const bad = await docket.http().get('/v1/admin/principals').query({ cursor: 'garbage' }).set(bearer(docket.adminKey));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('cursor');
  });
});
