import { Docket, bearer, startDocket } from './support/docket';

describe('operations routes', () => {
  let docket: Docket;
  beforeAll(async () => {
    docket = await startDocket();
  });
  afterAll(() => docket.close());

  it('GET /health reports database and redis up, without a key', async () => {
    const res = await docket.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
  });

  it('serves the OpenAPI document describing the principals routes', async () => {
    const res = await docket.http().get('/docs-json');
    expect(res.status).toBe(200);
    // Every route docket serves, and nothing else: the document must describe exactly what runs.
    const documented = Object.entries(res.body.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual([
      'DELETE /v1/admin/principals/{id}', 'DELETE /v1/admin/principals/{id}/suspension', 'DELETE /v1/reason-templates/{id}', 'DELETE /v1/session', 'GET /health',
      'GET /v1/admin/deadline-policy', 'GET /v1/admin/principals', 'GET /v1/appeals', 'GET /v1/appeals/overview', 'GET /v1/appeals/{id}', 'GET /v1/appeals/{id}/detail',
      'GET /v1/audit/agreement', 'GET /v1/audit/appeals', 'GET /v1/audit/cases', 'GET /v1/audit/events', 'GET /v1/audit/exposure', 'GET /v1/audit/reporters', 'GET /v1/audit/response-times', 'GET /v1/audit/staffing', 'GET /v1/audit/statements',
      'GET /v1/audit/transparency', 'GET /v1/audit/verify', 'GET /v1/bulk-decisions/{id}', 'GET /v1/capacity', 'GET /v1/cases/{id}', 'GET /v1/cases/{id}/claims', 'GET /v1/cases/{id}/history', 'GET /v1/cases/{id}/removed-matches', 'GET /v1/enforcement/failures',
      'GET /v1/me/exposure', 'GET /v1/me/preferences', 'GET /v1/posts/scans/{id}', 'GET /v1/quality/agreement', 'GET /v1/queue', 'GET /v1/queue/overview', 'GET /v1/reason-templates',
      'GET /v1/reports', 'GET /v1/reports/{id}', 'GET /v1/second-reviews', 'GET /v1/session', 'PATCH /v1/admin/principals/{id}', 'POST /v1/admin/principals',
      'POST /v1/admin/principals/{id}/suspension', 'POST /v1/admin/principals/{id}/warning',
      'POST /v1/appeals', 'POST /v1/appeals/claim', 'POST /v1/appeals/{id}/decision', 'POST /v1/appeals/{id}/heartbeat', 'POST /v1/appeals/{id}/release',
      'POST /v1/appeals/{id}/retry-restore', 'POST /v1/bulk-decisions', 'POST /v1/bulk-decisions/preview', 'POST /v1/bulk-decisions/{id}/cancel',
      'POST /v1/cases/{id}/decision', 'POST /v1/cases/{id}/heartbeat', 'POST /v1/cases/{id}/notes', 'POST /v1/cases/{id}/release', 'POST /v1/cases/{id}/retry-enforcement',
      'POST /v1/cases/{id}/skip', 'POST /v1/posts', 'POST /v1/posts/scan', 'POST /v1/queue/claim', 'POST /v1/reason-templates', 'POST /v1/reports',
      'POST /v1/reports/batch', 'POST /v1/reports/xarf', 'POST /v1/second-reviews/claim', 'POST /v1/second-reviews/disagreements/claim', 'POST /v1/second-reviews/{id}/decision',
      'POST /v1/second-reviews/{id}/heartbeat', 'POST /v1/second-reviews/{id}/release', 'POST /v1/second-reviews/{id}/resolution', 'POST /v1/session',
      'PUT /v1/admin/deadline-policy', 'PUT /v1/me/preferences', 'PUT /v1/reason-templates/{id}',
    ]);
  });

  it('answers unknown routes, bad JSON and oversized bodies with the contract error shape', async () => {
    const missing = await docket.http().get('/v1/nothing-here').set(bearer(docket.adminKey));
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });

    const badJson = await docket.http().post('/v1/admin/principals').set(bearer(docket.adminKey)).set('Content-Type', 'application/json').send('{"name":');
    expect(badJson.status).toBe(400);
    expect(badJson.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'request body is not valid JSON' });

    const huge = await docket
      .http()
      .post('/v1/admin/principals')
      .set(bearer(docket.adminKey))
      .send({ name: 'x'.repeat(1024 * 1024 + 10), role: 'auditor' });
    expect(huge.status).toBe(413);
    expect(huge.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'request body is larger than 1 MiB' });

    const proto = await docket.http().post('/v1/admin/principals').set(bearer(docket.adminKey)).set('Content-Type', 'application/json')
      .send('{"name":"x","role":"auditor","__proto__":{"admin":true}}');
    expect(proto.status).toBe(400);
    expect(proto.body).toMatchObject({ statusCode: 400, errors: [{ path: '__proto__', message: 'is not a known field' }] });
    const ctor = await docket.http().post('/v1/reports').set(bearer(docket.adminKey)).set('Content-Type', 'application/json')
      .send('{"post":{"id":"p-1","constructor":{"prototype":{"x":1}}},"category":"STATEMENT_CATEGORY_VIOLENCE"}');
    expect(ctor.status).toBe(400);
    expect(ctor.body.errors).toEqual([{ path: 'post.constructor', message: 'is not a known field' }]);
    // Nested past any body docket reads, the field is refused all the same, unnamed, and the API stays up.
    const depth = 100_000;
    const deep = await docket.http().post('/v1/reports').set(bearer(docket.adminKey)).set('Content-Type', 'application/json')
      .send(`${'{"a":'.repeat(depth)}{"__proto__":{}}${'}'.repeat(depth)}`);
    expect(deep.status).toBe(400);
    expect((await docket.http().get('/health')).status).toBe(200);
  });

  it('sends security headers and a request id on every response', async () => {
    const res = await docket.http().get('/health').set('X-Request-Id', 'abc-123');
    expect(res.headers).toMatchObject({
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
      'x-request-id': 'abc-123',
    });
    // ...on errors too: a 401 and a 404.
    for (const path of ['/v1/queue', '/no-such-route']) {
      const refused = await docket.http().get(path);
      expect({ status: refused.status, nosniff: refused.headers['x-content-type-options'], frame: refused.headers['x-frame-options'] })
        .toEqual({ status: path === '/v1/queue' ? 401 : 404, nosniff: 'nosniff', frame: 'SAMEORIGIN' });
    }
  });
});
