import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import request from 'supertest';
import { newId } from '@docket/common';
import { Transactions } from '@docket/database';
import { PrincipalCache, PrincipalsRepository, SESSION_COOKIE, hashApiKey, newCallbackSecret } from '@docket/principals';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { waitFor } from './support/wait-for';

/** A key of the right shape that no principal has (yet): the test knows its value, unlike a created one's. */
const madeUpKey = () => `dk_${randomBytes(32).toString('base64url')}`;

/** A route any moderator may read, cheaply. */
const MODERATOR_ROUTE = '/v1/reason-templates';

function expectUnauthorized(res: request.Response): void {
  expect({ status: res.status, body: res.body }).toEqual({
    status: 401,
    body: { statusCode: 401, error: 'Unauthorized', message: expect.any(String) },
  });
}

/** The database lookups of one key's hash since the spy was set. */
const lookupsOf = (spy: jest.SpyInstance, key: string) =>
  spy.mock.calls.filter(([, hash]) => Buffer.isBuffer(hash) && hash.equals(hashApiKey(key))).length;

const subscribed = (docket: Docket) => waitFor('the principal cache to subscribe', () => docket.app.get(PrincipalCache).subscribed);

describe('unknown API keys are remembered briefly, and a new key works at once', () => {
  // Long enough that nothing is forgotten by time during the suite: what makes a key work here is its creation.
  const env = { UNKNOWN_KEY_CACHE_SECONDS: '300' };
  let docket: Docket;
  let lookups: jest.SpyInstance;

  beforeAll(async () => {
    docket = await startDocket({ env });
    await subscribed(docket);
  });
  afterAll(() => docket.close());
  beforeEach(() => {
    // Observed only: the real repository still answers every call.
    lookups = jest.spyOn(docket.app.get(PrincipalsRepository), 'findActiveByKeyHash');
  });
  afterEach(() => jest.restoreAllMocks());

  /**
   * Plays `PrincipalsService.create` with a key the test chose: insert the row in a transaction, then, after the
   * commit, the one call `create` makes to forget the key's hash (here and, through Redis, in every API process).
   * A created key is random and shown only once created, so no client can have tried it before; its twin here can.
   */
  async function insertPrincipalWithKey(on: Docket, key: string, forgetOn: Docket = on): Promise<void> {
    await on.app.get(Transactions).run((tx) =>
      on.app.get(PrincipalsRepository).insert(tx, {
        id: newId(), name: 'moderator with a chosen key', role: 'moderator', kind: null, callbackUrl: null,
        callbackSecret: newCallbackSecret(), keyHash: hashApiKey(key),
      }),
    );
    await forgetOn.app.get(PrincipalCache).keyCreated(hashApiKey(key));
  }

  it('answers an unknown key 401 twice with one database lookup', async () => {
    const key = madeUpKey();
    const first = await docket.http().get(MODERATOR_ROUTE).set(bearer(key));
    const second = await docket.http().get(MODERATOR_ROUTE).set(bearer(key));
    expectUnauthorized(first);
    expectUnauthorized(second);
    expect(second.headers['www-authenticate']).toBe('Bearer');
    expect(lookupsOf(lookups, key)).toBe(1);
  });

  it('refuses a revoked key at once, then remembers it as unknown', async () => {
    const moderator = await createPrincipal(docket, { role: 'moderator' });
    expect((await docket.http().get(MODERATOR_ROUTE).set(bearer(moderator.apiKey))).status).toBe(200);
    expect((await docket.http().delete(`/v1/admin/principals/${moderator.id}`).set(bearer(docket.adminKey))).status).toBe(204);

    expectUnauthorized(await docket.http().get(MODERATOR_ROUTE).set(bearer(moderator.apiKey)));
    expectUnauthorized(await docket.http().get(MODERATOR_ROUTE).set(bearer(moderator.apiKey)));
    // One lookup while it was valid, one after the revocation; the last refusal came from memory.
    expect(lookupsOf(lookups, moderator.apiKey)).toBe(2);
  });

  it('serves a key refused as unknown as soon as a principal with it is created', async () => {
    const key = madeUpKey();
    expectUnauthorized(await docket.http().get(MODERATOR_ROUTE).set(bearer(key)));

    await insertPrincipalWithKey(docket, key);
    expect((await docket.http().get(MODERATOR_ROUTE).set(bearer(key))).status).toBe(200);
    expect(lookupsOf(lookups, key)).toBe(2);
  });

  it('without the creation step the row alone is not enough: the refusal is remembered', async () => {
    // The counterpart of the test above: it shows the step `create` takes is what makes the key work at once.
    const key = madeUpKey();
    expectUnauthorized(await docket.http().get(MODERATOR_ROUTE).set(bearer(key)));
    await docket.app.get(Transactions).run((tx) =>
      docket.app.get(PrincipalsRepository).insert(tx, {
        id: newId(), name: 'moderator inserted behind the API', role: 'moderator', kind: null, callbackUrl: null,
        callbackSecret: newCallbackSecret(), keyHash: hashApiKey(key),
      }),
    );
    expectUnauthorized(await docket.http().get(MODERATOR_ROUTE).set(bearer(key)));
    expect(lookupsOf(lookups, key)).toBe(1);

    await docket.app.get(PrincipalCache).keyCreated(hashApiKey(key));
    expect((await docket.http().get(MODERATOR_ROUTE).set(bearer(key))).status).toBe(200);
  });

  it('creating a principal through the API announces its key hash, never the key, to the other API processes', async () => {
    const listener = new Redis(docket.config.REDIS_URL);
    const heard: string[] = [];
    try {
      listener.on('message', (_channel: string, message: string) => heard.push(message));
      await listener.subscribe(`${docket.config.QUEUE_PREFIX}:principals:created`);
      const created = await createPrincipal(docket, { role: 'moderator' });
      const hash = hashApiKey(created.apiKey).toString('hex');
      await waitFor('the creation to be announced', () => heard.includes(hash));
      expect(heard.join('\n')).not.toContain(created.apiKey);
      expect((await docket.http().get(MODERATOR_ROUTE).set(bearer(created.apiKey))).status).toBe(200);
    } finally {
      listener.disconnect();
    }
  });

  describe('with two API processes on the same database and Redis', () => {
    let second: Docket;
    beforeAll(async () => {
      second = await startDocket({ env: { ...env, DATABASE_URL: docket.config.DATABASE_URL, QUEUE_PREFIX: docket.config.QUEUE_PREFIX } });
      await subscribed(second);
    });
    afterAll(() => second.close());

    it('a key created through one is served by the other, which had refused it from memory', async () => {
      const onSecond = jest.spyOn(second.app.get(PrincipalsRepository), 'findActiveByKeyHash');
      const key = madeUpKey();
      expectUnauthorized(await second.http().get(MODERATOR_ROUTE).set(bearer(key)));
      expectUnauthorized(await second.http().get(MODERATOR_ROUTE).set(bearer(key)));
      expect(lookupsOf(onSecond, key)).toBe(1);

      await insertPrincipalWithKey(docket, key);
      // The announcement crosses Redis, so the second process learns of it a moment later, far within the 300 s
      // it would otherwise remember the refusal.
      await waitFor('the second process to serve the new key', async () => (await second.http().get(MODERATOR_ROUTE).set(bearer(key))).status === 200, 5_000);
      expect((await docket.http().get(MODERATOR_ROUTE).set(bearer(key))).status).toBe(200);
    });
  });
});

describe('401s are limited per client address (AUTH_FAILURES_PER_MINUTE)', () => {
  const BUDGET = 3;
  let docket: Docket;
  let moderator: Awaited<ReturnType<typeof createPrincipal>>;
  let revoked: Awaited<ReturnType<typeof createPrincipal>>;
  let reporter: Awaited<ReturnType<typeof createPrincipal>>;

  // Behind a trusted proxy each simulated client is its own X-Forwarded-For: supertest always connects from 127.0.0.1.
  const from = (address: string) => ({ 'X-Forwarded-For': address });
  const noKey = (address: string) => docket.http().get(MODERATOR_ROUTE).set(from(address));
  const unknownKey = (address: string, key = madeUpKey()) => docket.http().get(MODERATOR_ROUTE).set({ ...from(address), ...bearer(key) });
  const deadCookie = (address: string) =>
    docket.http().get(MODERATOR_ROUTE).set({ ...from(address), Cookie: `${SESSION_COOKIE}=${randomBytes(32).toString('base64url')}` });
  const signIn = (address: string, apiKey: string) => docket.http().post('/v1/session').set(from(address)).send({ apiKey });

  function expectHeldBack(res: request.Response): void {
    expect({ status: res.status, body: res.body }).toEqual({
      status: 429,
      body: { statusCode: 429, error: 'Too Many Requests', message: expect.any(String) },
    });
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  }

  async function spendBudget(address: string): Promise<void> {
    for (let i = 0; i < BUDGET; i++) expectUnauthorized(await unknownKey(address));
  }

  beforeAll(async () => {
    docket = await startDocket({ env: { AUTH_FAILURES_PER_MINUTE: String(BUDGET), TRUST_PROXY: 'true' } });
    [moderator, revoked, reporter] = await Promise.all([
      createPrincipal(docket, { role: 'moderator' }),
      createPrincipal(docket, { role: 'moderator', name: 'to be revoked' }),
      createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' }),
    ]);
    expect((await docket.http().delete(`/v1/admin/principals/${revoked.id}`).set(bearer(docket.adminKey))).status).toBe(204);
  });
  afterAll(() => docket.close());

  it(`answers ${BUDGET} refusals from one address 401, then 429 with Retry-After for every would-be 401`, async () => {
    const address = '198.51.100.1';
    expectUnauthorized(await noKey(address));
    expectUnauthorized(await unknownKey(address));
    expectUnauthorized(await deadCookie(address));

    const revokedKey = await docket.http().get(MODERATOR_ROUTE).set({ ...from(address), ...bearer(revoked.apiKey) });
    expectHeldBack(revokedKey);
    expect(JSON.stringify(revokedKey.headers) + JSON.stringify(revokedKey.body)).not.toContain(revoked.apiKey);
    expectHeldBack(await noKey(address));
    expectHeldBack(await deadCookie(address));
  });

  it('still serves a valid key from an address past its budget, and does not count a 403', async () => {
    const address = '198.51.100.2';
    await spendBudget(address);
    expectHeldBack(await unknownKey(address));

    expect((await docket.http().get(MODERATOR_ROUTE).set({ ...from(address), ...bearer(moderator.apiKey) })).status).toBe(200);
    // A known key on a route its role may not call is a 403, not a failed authentication, wherever it comes from.
    for (let i = 0; i <= BUDGET; i++) {
      expect((await docket.http().get('/v1/queue').set({ ...from('198.51.100.3'), ...bearer(reporter.apiKey) })).status).toBe(403);
    }
    expectUnauthorized(await noKey('198.51.100.3'));
  });

  it("keeps each address's budget apart", async () => {
    await spendBudget('198.51.100.4');
    expectHeldBack(await noKey('198.51.100.4'));

    await spendBudget('2001:db8::5');
    expectHeldBack(await unknownKey('2001:db8::5'));
    expectHeldBack(await noKey('198.51.100.4'));
  });

  it('does not count public routes, but counts a refused console sign-in with the rest', async () => {
    const address = '198.51.100.6';
    for (let i = 0; i <= BUDGET; i++) {
      expect((await docket.http().get('/health').set({ ...from(address), ...bearer(madeUpKey()) })).status).toBe(200);
    }
    for (let i = 0; i < BUDGET; i++) expectUnauthorized(await signIn(address, madeUpKey()));
    const refused = await signIn(address, madeUpKey());
    expectHeldBack(refused);
    expect(refused.headers['set-cookie']).toBeUndefined();
    expectHeldBack(await noKey(address));

    const signedIn = await signIn(address, moderator.apiKey);
    expect(signedIn.status).toBe(201);
    expect(signedIn.headers['set-cookie']).toEqual([expect.stringContaining(`${SESSION_COOKIE}=`)]);
  });

  it('keeps the budget in Redis by address alone: no key, hash or token of a refused request is written', async () => {
    const address = '198.51.100.7';
    const key = madeUpKey();
    expectUnauthorized(await unknownKey(address, key));
    const redis = new Redis(docket.config.REDIS_URL);
    try {
      const names = await redis.keys(`${docket.config.QUEUE_PREFIX}*`);
      expect(names.filter((n) => n.endsWith(`:${address}`))).toEqual([`${docket.config.QUEUE_PREFIX}:authfail:${address}`]);
      expect(Number(await redis.get(`${docket.config.QUEUE_PREFIX}:authfail:${address}`))).toBe(1);
      const written = names.join('\n');
      expect(written).not.toContain(key);
      expect(written).not.toContain(hashApiKey(key).toString('hex'));
    } finally {
      redis.disconnect();
    }
  });
});
