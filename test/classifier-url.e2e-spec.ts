import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Docket, bearer, startDocket } from './support/docket';
import { Keys, fileQueued, reviewKeys } from './support/review';

/**
 * CLASSIFIER_URL: an operator's scorer. When it times out or answers nonsense, intake and triage go on and the
 * built-in detector decides; when it answers, it decides; either way the case says which one did.
 */

type Behaviour = 'hang' | 'garbage' | 'perspective' | 'plain-score';

interface Scorer {
  url: string;
  requests: { text: string; attributes: string[] }[];
  close(): Promise<void>;
}

async function startScorer(behaviour: Behaviour): Promise<Scorer> {
  const requests: Scorer['requests'] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const parsed = JSON.parse(body) as { comment: { text: string }; requestedAttributes: Record<string, unknown> };
      requests.push({ text: parsed.comment.text, attributes: Object.keys(parsed.requestedAttributes) });
      const violent = /kill|hang/i.test(parsed.comment.text);
      switch (behaviour) {
        case 'hang':
          hanging.add(res); // never answers: the caller's timeout must end the wait
          return;
        case 'garbage':
          res.writeHead(200, { 'content-type': 'application/json' }).end(requests.length % 2 ? '<html>surprise</html>' : JSON.stringify({ score: 'very high', attributeScores: {} }));
          return;
        case 'perspective':
          res.writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ attributeScores: { THREAT: { summaryScore: { value: violent ? 0.97 : 0.02, type: 'PROBABILITY' } } }, languages: ['en'] }));
          return;
        case 'plain-score':
          // Says the opposite of the built-in detector, to show whose verdict the case carries.
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ score: violent ? 0.1 : 0.9 }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1alpha1/comments:analyze`,
    requests,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function caseOf(docket: Docket, keys: Keys, caseId: string) {
  return (await docket.http().get(`/v1/cases/${caseId}`).set(bearer(keys.moderator))).body;
}

async function queuedEvent(docket: Docket, caseId: string) {
  const { rows } = await docket.db.query(`SELECT data FROM audit_trail WHERE subject_id = $1 AND action = 'case.queued'`, [caseId]);
  expect(rows).toHaveLength(1);
  return rows[0].data;
}

const VIOLENT = 'Hang Mike Pence';
const PLAIN = 'Lemon cake recipe, with extra zest';

describe('CLASSIFIER_URL that never answers', () => {
  let scorer: Scorer;
  let docket: Docket;
  let keys: Keys;
  beforeAll(async () => {
    scorer = await startScorer('hang');
    docket = await startDocket({
      worker: true,
      env: { CLASSIFIER_URL: scorer.url, CLASSIFIER_TIMEOUT_MS: '150', CLASSIFIER_BREAKER_FAILURES: '3', CLASSIFIER_BREAKER_RESET_MS: '600000' },
    });
    keys = await reviewKeys(docket);
  });
  afterAll(async () => {
    await docket.close();
    await scorer.close();
  });

  it('times out; intake answers and triage queues each case with the built-in verdict, saying so', async () => {
    const violent = await fileQueued(docket, keys.user, keys.moderator, { specification: [] }, { text: VIOLENT });
    const plain = await fileQueued(docket, keys.user, keys.moderator, { specification: [] }, { text: PLAIN });
    expect(scorer.requests.map((r) => r.text).sort()).toEqual([PLAIN, VIOLENT].sort());
    expect(scorer.requests[0].attributes).toEqual(['THREAT']);

    const v = await caseOf(docket, keys, violent.caseId);
    expect(v.signals).toMatchObject({
      flags: ['incitement'], classifier: 'incitement-v1', model: { version: 'incitement-v1', decidedBy: 'rules' },
      scorer: { decidedBy: 'builtin', external: { status: 'timeout' } },
    });
    expect(v.signals.matches[0]).toMatchObject({ flag: 'incitement', language: 'en', rule: 'en.imperative.hang' });
    // The built-in flag still tightens the user notice's deadline to one hour.
    expect(new Date(v.dueAt).getTime() - new Date(violent.receivedAt).getTime()).toBe(3600_000);
    const p = await caseOf(docket, keys, plain.caseId);
    expect(p.signals).toMatchObject({ flags: [], classifier: 'incitement-v1', scorer: { decidedBy: 'builtin', external: { status: 'timeout' } } });

    expect(await queuedEvent(docket, violent.caseId)).toMatchObject({
      flags: ['incitement'], classifier: 'incitement-v1', model: { version: 'incitement-v1', decidedBy: 'rules' }, scorer: 'builtin',
    });
  });

  it('stops calling it once the circuit opens, and triage goes on without waiting', async () => {
    const before = scorer.requests.length;
    // Two failures so far; the third opens the circuit, after which no request is made.
    const third = await fileQueued(docket, keys.user, keys.moderator, { specification: [] }, { text: 'Kill them all' });
    expect(scorer.requests.length).toBe(before + 1);
    const fourth = await fileQueued(docket, keys.user, keys.moderator, { specification: [] }, { text: 'Weather is fine in the park today' });
    expect(scorer.requests.length).toBe(before + 1);
    expect((await caseOf(docket, keys, third.caseId)).signals).toMatchObject({ flags: ['incitement'], scorer: { decidedBy: 'builtin', external: { status: 'timeout' } } });
    expect((await caseOf(docket, keys, fourth.caseId)).signals).toMatchObject({ flags: [], scorer: { decidedBy: 'builtin', external: { status: 'circuit-open' } } });
  });
});

describe('CLASSIFIER_URL that answers garbage', () => {
  let scorer: Scorer;
  let docket: Docket;
  let keys: Keys;
  beforeAll(async () => {
    scorer = await startScorer('garbage');
    docket = await startDocket({ worker: true, env: { CLASSIFIER_URL: scorer.url, CLASSIFIER_BREAKER_FAILURES: '100' } });
    keys = await reviewKeys(docket);
  });
  afterAll(async () => {
    await docket.close();
    await scorer.close();
  });

  it('ignores a malformed answer (not JSON, or no score from 0 to 1): the built-in detector decides', async () => {
    const violent = await fileQueued(docket, keys.user, keys.moderator, { specification: [] }, { text: VIOLENT });
    const plain = await fileQueued(docket, keys.user, keys.moderator, { specification: [] }, { text: PLAIN });
    expect(scorer.requests).toHaveLength(2);
    expect((await caseOf(docket, keys, violent.caseId)).signals).toMatchObject({
      flags: ['incitement'], classifier: 'incitement-v1', scorer: { decidedBy: 'builtin', external: { status: 'malformed' } },
    });
    expect((await caseOf(docket, keys, plain.caseId)).signals).toMatchObject({
      flags: [], classifier: 'incitement-v1', scorer: { decidedBy: 'builtin', external: { status: 'malformed' } },
    });
  });
});

describe('CLASSIFIER_URL that answers', () => {
  it.each([
    ['a Perspective answer', 'perspective' as const, { violent: ['incitement'], plain: [] as string[] }],
    ['{ "score" }, against the built-in verdict', 'plain-score' as const, { violent: [] as string[], plain: ['incitement'] }],
  ])('%s decides, and the case and its audit event say the external scorer did', async (_, behaviour, expected) => {
    const scorer = await startScorer(behaviour);
    const docket = await startDocket({ worker: true, env: { CLASSIFIER_URL: scorer.url } });
    try {
      const keys = await reviewKeys(docket);
      const violent = await fileQueued(docket, keys.user, keys.moderator, { specification: [] }, { text: VIOLENT });
      const plain = await fileQueued(docket, keys.user, keys.moderator, { specification: [] }, { text: PLAIN });
      const v = (await caseOf(docket, keys, violent.caseId)).signals;
      const p = (await caseOf(docket, keys, plain.caseId)).signals;
      expect(v.flags).toEqual(expected.violent);
      expect(p.flags).toEqual(expected.plain);
      for (const s of [v, p]) {
        expect(s).toMatchObject({ classifier: 'external', scorer: { decidedBy: 'external', external: { status: 'ok', score: expect.any(Number) } } });
        // The built-in model's verdict is kept beside it.
        expect(s.model).toMatchObject({ version: 'incitement-v1' });
      }
      if (expected.plain.length) expect(p.matches).toEqual([{ flag: 'incitement', language: 'any', rule: 'external', term: 'score 0.9 ≥ 0.8' }]);
      expect(await queuedEvent(docket, violent.caseId)).toMatchObject({ flags: expected.violent, classifier: 'external', scorer: 'external', model: { version: 'incitement-v1' } });
    } finally {
      await docket.close();
      await scorer.close();
    }
  });
});
