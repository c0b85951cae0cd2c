import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import request, { type Response } from 'supertest';
import { MetricsListener } from '@docket/metrics';
import { verifySignature } from '@docket/webhooks';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { CapturedOutput } from './support/logs';
import { freePort } from './support/redis-server';
import { notice } from './support/notices';
import { Received, Receiver } from './support/receiver';
import { REMOVE } from './support/review';
import { freshXarfSample } from './support/xarf-samples';
import { waitFor } from './support/wait-for';

// Jest's testTimeout is a global option (a project's own is ignored); these suites wait on workers on a shared machine.
jest.setTimeout(30_000);

const PLATFORM_SECRET = `platform-${randomBytes(24).toString('hex')}`;
const ALERT_SECRET = `alert-${randomBytes(24).toString('hex')}`;
const CALLBACK_TOKEN = `cbtoken${randomBytes(12).toString('hex')}`;
const MIB = 1024 * 1024;

const headersOf = (r: Received) => ({ timestamp: r.headers['x-docket-timestamp'] as string, signature: r.headers['x-docket-signature'] as string });

/**
 * API keys, callback secrets and webhook secrets go to their owner once and nowhere
 * else: not to the logs (everything the process writes, at LOG_LEVEL=trace, while
 * a realistic flow runs), not to error bodies, not to the audit log or any export.
 */
describe('secrets stay secret', () => {
  let out: CapturedOutput;
  let docket: Docket;
  let platform: Receiver;
  let alerts: Receiver;
  let callbacks: Receiver;
  /** Every secret of the flow, by a name that says whose it is. */
  const secrets: Record<string, string> = { PLATFORM_WEBHOOK_SECRET: PLATFORM_SECRET, ALERT_WEBHOOK_SECRET: ALERT_SECRET, 'callback URL token': CALLBACK_TOKEN };
  /** Every response of the flow except the one place keys are shown: the 201 of creating a principal. */
  const responses: { what: string; status: number; text: string }[] = [];
  const keep = (what: string, res: Response) => {
    responses.push({ what, status: res.status, text: `${JSON.stringify(res.headers)}\n${res.text ?? ''}` });
    return res;
  };
  let p: Record<'admin' | 'a' | 'b' | 'moderator' | 'senior' | 'auditor' | 'platform' | 'revoked', Awaited<ReturnType<typeof createPrincipal>>>;
  let flaky: { id: string; caseId: string };
  let failing: { id: string; caseId: string };
  let sharedOfB: { id: string; caseId: string };

  const http = () => docket.http();
  const caseOf = async (caseId: string) => (await http().get(`/v1/cases/${caseId}`).set(bearer(p.moderator.apiKey))).body;

  /** Claims until `caseId` comes up, then decides it. */
  async function decide(caseId: string, body: object) {
    await waitFor(`case ${caseId} to be queued`, async () => (await caseOf(caseId)).queuedAt);
    await waitFor(`case ${caseId} to be claimed`, async () => {
      const claim = keep('claim', await http().post('/v1/queue/claim').set(bearer(p.moderator.apiKey)).send({}));
      if (claim.status !== 200) return undefined;
      if (claim.body.id === caseId) return true;
      // Another case came first: closed as no violation, so it does not come up again.
      keep('other decision', await http().post(`/v1/cases/${claim.body.id}/decision`).set(bearer(p.moderator.apiKey)).send({ action: 'no_violation', explanation: 'Not this one.' }));
      return undefined;
    });
    const decided = keep('decision', await http().post(`/v1/cases/${caseId}/decision`).set(bearer(p.moderator.apiKey)).send(body));
    expect(decided.status).toBe(200);
    return decided.body;
  }

  beforeAll(async () => {
    out = CapturedOutput.start();
    [platform, alerts, callbacks] = await Promise.all([Receiver.start(), Receiver.start(), Receiver.start()]);
    docket = await startDocket({
      worker: true,
      env: {
        LOG_LEVEL: 'trace', PLATFORM_WEBHOOK_URL: platform.url, PLATFORM_WEBHOOK_SECRET: PLATFORM_SECRET,
        ALERT_WEBHOOK_URL: alerts.url, ALERT_WEBHOOK_SECRET: ALERT_SECRET, WEBHOOK_ATTEMPTS: '2', WEBHOOK_BACKOFF_MS: '10', WEBHOOK_TIMEOUT_MS: '2000',
        // Its metrics listener too, scraped below with everything else.
        METRICS_PORT: String(await freePort()),
      },
    });
    secrets.ADMIN_API_KEY = docket.adminKey;

    // Principals: an admin principal made with the bootstrap key, then everyone else made by it.
    const admin = await createPrincipal(docket, { role: 'admin', name: 'ops admin' });
    const make = async (body: { name?: string; role: string; kind?: string; callbackUrl?: string }) => {
      const res = await http().post('/v1/admin/principals').set(bearer(admin.apiKey)).send({ name: `${body.role} ${body.kind ?? ''}`.trim(), ...body });
      expect(res.status).toBe(201);
      return res.body;
    };
    p = {
      admin,
      a: await make({ role: 'reporter', kind: 'hosting_provider', name: 'Provider A', callbackUrl: `${callbacks.url}?token=${CALLBACK_TOKEN}` }),
      b: await make({ role: 'reporter', kind: 'trusted_flagger', name: 'Flagger B', callbackUrl: callbacks.url }),
      moderator: await make({ role: 'moderator' }),
      senior: await make({ role: 'senior' }),
      auditor: await make({ role: 'auditor' }),
      platform: await make({ role: 'platform' }),
      revoked: await make({ role: 'reporter', kind: 'user', callbackUrl: callbacks.url }),
    };
    for (const [who, principal] of Object.entries(p)) {
      secrets[`apiKey of ${who}`] = principal.apiKey;
      secrets[`apiKey of ${who}, without its prefix`] = principal.apiKey.replace(/^dk_/, '');
      secrets[`callbackSecret of ${who}`] = principal.callbackSecret;
      secrets[`callbackSecret of ${who}, without its prefix`] = principal.callbackSecret.replace(/^whsec_/, '');
    }
    keep('revoke', await http().delete(`/v1/admin/principals/${p.revoked.id}`).set(bearer(p.admin.apiKey)));

    // Callers getting it wrong: unknown, revoked and misplaced keys, secrets pasted into fields.
    keep('unknown key', await http().get('/v1/reports').set(bearer(`dk_${randomBytes(32).toString('base64url')}`)));
    keep('revoked key', await http().get('/v1/reports').set(bearer(p.revoked.apiKey)));
    keep('key as Basic', await http().get('/v1/reports').set('Authorization', `Basic ${Buffer.from(`a:${p.a.apiKey}`).toString('base64')}`));
    keep('key without Bearer', await http().get('/v1/reports').set('Authorization', p.a.apiKey));
    keep('key in X-Api-Key', await http().get('/v1/reports').set('X-Api-Key', p.a.apiKey));
    keep('key in a cookie', await http().get('/v1/reports').set('Cookie', `apiKey=${p.a.apiKey}`));
    keep('key of the wrong role', await http().get('/v1/audit/verify').set(bearer(p.a.apiKey)));
    keep('secret as a role', await http().post('/v1/admin/principals').set(bearer(p.admin.apiKey)).send({ name: 'x', role: p.b.callbackSecret }));
    keep('secret as a kind', await http().post('/v1/admin/principals').set(bearer(p.admin.apiKey)).send({ name: 'x', role: 'reporter', kind: p.b.apiKey }));
    keep('secret as a category', await http().post('/v1/reports').set(bearer(p.a.apiKey)).send(notice({ category: p.a.callbackSecret })));
    keep('secret in an over-long field', await http().post('/v1/reports').set(bearer(p.a.apiKey)).send(notice({ externalRef: p.a.apiKey.repeat(10) })));
    keep('secret as a language', await http().post('/v1/reports').set(bearer(p.a.apiKey)).send(notice({}, { language: p.a.apiKey })));
    keep('secret as a bad date', await http().post('/v1/reports').set(bearer(p.a.apiKey)).send(notice({ reportedAt: p.b.apiKey })));
    keep('key in ?apiKey=', await http().get('/v1/reports').query({ apiKey: p.b.apiKey }));
    keep('key in ?access_token= beside a Bearer', await http().get('/v1/reports').query({ limit: 5, access_token: p.b.apiKey }).set(bearer(p.b.apiKey)));
    keep('key in Proxy-Authorization', await http().get('/v1/reports').set('Proxy-Authorization', `Bearer ${p.b.apiKey}`));
    keep('secret as a tier', await http().post('/v1/queue/claim').set(bearer(p.moderator.apiKey)).send({ tier: PLATFORM_SECRET }));

    // Reports from both reporters, one post reported by both; then the platform's own scan.
    const shared = `p-shared-${randomUUID()}`;
    flaky = keep('file', await http().post('/v1/reports').set(bearer(p.a.apiKey)).set('Idempotency-Key', 'flow-1').send(notice({}, { id: shared }))).body;
    sharedOfB = keep('file', await http().post('/v1/reports').set(bearer(p.b.apiKey)).send(notice({}, { id: shared }))).body;
    keep('replay', await http().post('/v1/reports').set(bearer(p.a.apiKey)).set('Idempotency-Key', 'flow-1').send(notice({}, { id: shared })));
    keep('batch', await http().post('/v1/reports/batch').set(bearer(p.b.apiKey)).send({ reports: [notice(), notice()] }));
    keep('xarf', await http().post('/v1/reports/xarf').set(bearer(p.a.apiKey)).send(freshXarfSample('content-phishing.json')));
    failing = keep('file', await http().post('/v1/reports').set(bearer(p.a.apiKey)).send(notice({}, { text: 'They must hang, all of them.' }))).body;
    keep('scan', await http().post('/v1/posts/scan').set(bearer(p.platform.apiKey)).send({ posts: [{ id: `scan-${randomUUID()}`, text: 'Kill them all.' }] }));

    // The platform fails the first order once and the second for good; callbacks fail once each.
    let failingMayPass = false;
    const firstAttempt = new Set<string>();
    platform.respond = (r) => {
      if (r.body?.caseId === failing.caseId) return failingMayPass ? 200 : 503;
      if (!firstAttempt.has(r.body?.caseId)) {
        firstAttempt.add(r.body?.caseId);
        return 503;
      }
      return 200;
    };
    const failedOnce = new Set<string>();
    callbacks.respond = (r) => {
      if (failedOnce.has(r.body?.reportId)) return 200;
      failedOnce.add(r.body?.reportId);
      return 500;
    };

    await decide(flaky.caseId, REMOVE);
    await waitFor('the flaky removal', async () => (await caseOf(flaky.caseId)).state === 'removed', 15_000);
    await decide(failing.caseId, REMOVE);
    await waitFor('removal_failed', async () => (await caseOf(failing.caseId)).state === 'removal_failed', 15_000);
    await waitFor('the failure alert', () => alerts.received.find((r) => r.body?.type === 'enforcement.failed'));
    failingMayPass = true;
    expect(keep('retry', await http().post(`/v1/cases/${failing.caseId}/retry-enforcement`).set(bearer(p.senior.apiKey))).status).toBe(202);
    await waitFor('the retried removal', async () => (await caseOf(failing.caseId)).state === 'removed', 15_000);
    // Each resolved report of a reporter with a callback URL: refused once, then delivered.
    const resolved = [flaky.id, sharedOfB.id, failing.id];
    await waitFor('every callback delivered twice', () => resolved.every((id) => callbacks.received.filter((r) => r.body?.reportId === id).length === 2), 15_000);

    // Everything an auditor and an admin can read back.
    for (const path of [
      '/v1/audit/cases', '/v1/audit/cases?format=csv', '/v1/audit/statements', '/v1/audit/transparency', '/v1/audit/transparency?format=csv',
      '/v1/audit/response-times?groupBy=category', '/v1/audit/response-times?groupBy=reporterKind&format=csv', '/v1/audit/verify', '/v1/reports?limit=500',
    ]) {
      const res = keep(`export ${path}`, await http().get(path).set(bearer(p.auditor.apiKey)));
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    let after: string | null = null;
    do {
      const res: Response = keep('audit events', await http().get('/v1/audit/events').query({ limit: 500, ...(after ? { after } : {}) }).set(bearer(p.auditor.apiKey)));
      expect(res.status).toBe(200);
      after = res.body.nextCursor;
    } while (after);
    keep('principals', await http().get('/v1/admin/principals').set(bearer(p.admin.apiKey)));
    keep('policy', await http().get('/v1/admin/deadline-policy').set(bearer(p.admin.apiKey)));
    keep('case', await http().get(`/v1/cases/${flaky.caseId}`).set(bearer(p.moderator.apiKey)));
    keep('queue', await http().get('/v1/queue').set(bearer(p.moderator.apiKey)));
    keep('metrics', await request(docket.app.get(MetricsListener).url!).get('/metrics'));
    keep('docs', await http().get('/docs-json'));
    // Let the last log lines out.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }, 90_000);

  afterAll(async () => {
    try {
      await docket?.close();
      await Promise.all([platform?.close(), alerts?.close(), callbacks?.close()]);
    } finally {
      out.stop();
    }
  });

  const leaksIn = (text: string, except: string[] = []) =>
    Object.entries(secrets).filter(([name, value]) => !except.includes(name) && text.includes(value)).map(([name]) => name);

  it('the logs were captured: request lines with their ids, the worker, the failures', () => {
    const lines = out.jsonLines();
    const requests = lines.filter((l) => l.req && l.res);
    expect(requests.length).toBeGreaterThan(responses.length);
    const unknownKey = requests.find((l) => l.req.url === '/v1/reports' && l.res.statusCode === 401 && l.req.headers.authorization);
    expect(unknownKey?.req.headers.authorization).toBe('[redacted]');
    const text = out.text();
    expect(text).toContain(flaky.caseId);
    expect(text).toMatch(/failed for good: POST http:\/\/127\.0\.0\.1:\d+\/hook answered 503/);
  });

  it('no secret appears anywhere in the logs', () => {
    // On failure, the lines that carry each leaked secret, to see where it came from.
    const leaks = leaksIn(out.text()).map((name) => ({ name, lines: out.text().split('\n').filter((l) => l.includes(secrets[name])).map((l) => l.slice(0, 600)) }));
    expect(leaks).toEqual([]);
  });

  it('no secret appears in any response but the creation of its principal (errors included)', () => {
    expect(responses.filter((r) => r.status >= 400).length).toBeGreaterThanOrEqual(15);
    // The callback URL (token and all) is the admin's own setting, listed back to admins by contract.
    const leaks = responses.flatMap((r) => leaksIn(r.text, r.what === 'principals' ? ['callback URL token'] : []).map((name) => `${r.what} (${r.status}): ${name}`));
    expect(leaks).toEqual([]);
    expect(responses.find((r) => r.what === 'principals')!.text).toContain(CALLBACK_TOKEN);
  });

  it('no secret is stored in the audit log or the outbox', async () => {
    const events = await docket.db.query('SELECT * FROM audit_trail');
    expect(events.rows.length).toBeGreaterThan(20);
    expect(leaksIn(JSON.stringify(events.rows))).toEqual([]);
    const outbox = await docket.db.query('SELECT * FROM outbox');
    expect(leaksIn(JSON.stringify(outbox.rows))).toEqual([]);
  });

  it('webhook deliveries carry no secret but their signature', () => {
    const delivered = [...platform.received, ...alerts.received, ...callbacks.received];
    expect(delivered.length).toBeGreaterThanOrEqual(8);
    const all = delivered.map((r) => JSON.stringify({ ...r.headers, 'x-docket-signature': undefined }) + r.rawBody).join('\n');
    expect(leaksIn(all)).toEqual([]);
  });

  describe('webhook signatures: real deliveries against the shipped verifySignature', () => {
    it('a removal order verifies with PLATFORM_WEBHOOK_SECRET, and fails once altered, stale, early, unsigned or checked with another secret', () => {
      const order = platform.received.find((r) => r.body?.caseId === flaky.caseId)!;
      const h = headersOf(order);
      const ts = Number(h.timestamp);
      expect(Math.abs(ts - order.at / 1000)).toBeLessThanOrEqual(5);
      expect(h.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(verifySignature(PLATFORM_SECRET, h, order.rawBody)).toEqual({ ok: true });

      const altered = order.rawBody.replace(flaky.caseId, randomUUID());
      expect(altered).not.toBe(order.rawBody);
      expect(verifySignature(PLATFORM_SECRET, h, altered)).toEqual({ ok: false, reason: 'mismatch' });
      expect(verifySignature(PLATFORM_SECRET, h, `${order.rawBody} `)).toEqual({ ok: false, reason: 'mismatch' });
      expect(verifySignature(PLATFORM_SECRET, { ...h, timestamp: String(ts - 1) }, order.rawBody)).toEqual({ ok: false, reason: 'mismatch' });
      expect(verifySignature(PLATFORM_SECRET, { ...h, signature: h.signature.replace(/.$/, (c) => (c === '0' ? '1' : '0')) }, order.rawBody)).toEqual({ ok: false, reason: 'mismatch' });
      expect(verifySignature(PLATFORM_SECRET, h, order.rawBody, { now: (ts + 301) * 1000 })).toEqual({ ok: false, reason: 'stale' });
      expect(verifySignature(PLATFORM_SECRET, h, order.rawBody, { now: (ts - 301) * 1000 })).toEqual({ ok: false, reason: 'stale' });
      expect(verifySignature(PLATFORM_SECRET, h, order.rawBody, { now: (ts + 300) * 1000 })).toEqual({ ok: true });
      expect(verifySignature(PLATFORM_SECRET, { signature: h.signature }, order.rawBody)).toEqual({ ok: false, reason: 'missing' });
      expect(verifySignature(PLATFORM_SECRET, { timestamp: h.timestamp }, order.rawBody)).toEqual({ ok: false, reason: 'missing' });
      expect(verifySignature(ALERT_SECRET, h, order.rawBody)).toEqual({ ok: false, reason: 'mismatch' });
      expect(verifySignature(p.a.callbackSecret, h, order.rawBody)).toEqual({ ok: false, reason: 'mismatch' });
    });

    it('every attempt is signed afresh; callbacks verify with their reporter’s secret only, alerts with ALERT_WEBHOOK_SECRET', () => {
      for (const r of platform.received) expect(verifySignature(PLATFORM_SECRET, headersOf(r), r.rawBody)).toEqual({ ok: true });
      for (const r of alerts.received) expect(verifySignature(ALERT_SECRET, headersOf(r), r.rawBody)).toEqual({ ok: true });
      const toA = callbacks.received.filter((r) => r.body?.reportId === flaky.id || r.body?.reportId === failing.id);
      expect(toA).toHaveLength(4);
      for (const r of toA) {
        expect(verifySignature(p.a.callbackSecret, headersOf(r), r.rawBody)).toEqual({ ok: true });
        expect(verifySignature(p.b.callbackSecret, headersOf(r), r.rawBody)).toEqual({ ok: false, reason: 'mismatch' });
      }
      const toB = callbacks.received.filter((r) => r.body?.reportId === sharedOfB.id);
      expect(toB).toHaveLength(2);
      for (const r of toB) expect(verifySignature(p.b.callbackSecret, headersOf(r), r.rawBody)).toEqual({ ok: true });
    });
  });

  describe('security headers', () => {
    const HELMET = {
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    };

    it.each([
      ['a 2xx', () => http().get('/v1/reports').set(bearer(p.auditor.apiKey)), 200],
      ['a streamed export', () => http().get('/v1/audit/cases?format=csv').set(bearer(p.auditor.apiKey)), 200],
      ['a 202', () => http().post('/v1/reports').set(bearer(p.a.apiKey)).send(notice()), 202],
      ['a 401', () => http().get('/v1/reports'), 401],
      ['a 403', () => http().get('/v1/audit/verify').set(bearer(p.a.apiKey)), 403],
      ['a 400', () => http().post('/v1/reports').set(bearer(p.a.apiKey)).send({}), 400],
      ['a 404 of an unknown route', () => http().get('/v1/no-such-route').set(bearer(p.a.apiKey)), 404],
      ['a 404 of a route without a key', () => http().get('/nothing'), 404],
      ['public operations', () => http().get('/health'), 200],
      ['the OpenAPI document', () => http().get('/docs-json'), 200],
    ] as const)('on %s', async (_, send, status) => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers).toMatchObject(HELMET);
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers.server).toBeUndefined();
    });
  });

  describe('request body limit: 1 MiB', () => {
    /** A JSON body of exactly `bytes` bytes: a principal whose name pads it out. */
    const bodyOf = (bytes: number) => {
      const shell = JSON.stringify({ name: '', role: 'auditor' });
      const body = JSON.stringify({ name: 'x'.repeat(bytes - Buffer.byteLength(shell)), role: 'auditor' });
      expect(Buffer.byteLength(body)).toBe(bytes);
      return body;
    };
    const post = (body: string) => http().post('/v1/admin/principals').set(bearer(p.admin.apiKey)).set('Content-Type', 'application/json').send(body);

    it('1 MiB is read (and refused for what it says); 1 MiB + 1 byte is 413 with the error shape', async () => {
      const atLimit = await post(bodyOf(MIB));
      expect(atLimit.status).toBe(400);
      expect(atLimit.body.errors).toEqual([{ path: 'name', message: expect.any(String) }]);
      const over = await post(bodyOf(MIB + 1));
      expect(over.status).toBe(413);
      expect(over.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'request body is larger than 1 MiB' });
      expect(over.headers).toMatchObject({ 'x-content-type-options': 'nosniff' });
    });

    it('a chunked body with no Content-Length is cut off at 1 MiB too', async () => {
      const server = docket.app.getHttpServer();
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const body = bodyOf(MIB + 1);
      const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/admin/principals', headers: { ...bearer(p.admin.apiKey), 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (r) => {
          let text = '';
          r.on('data', (c) => (text += c));
          r.on('end', () => resolve({ status: r.statusCode!, text }));
        });
        req.on('error', reject);
        for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.slice(i, i + 64 * 1024));
        req.end();
      });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.text)).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'request body is larger than 1 MiB' });
    });
  });
});
