import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { FLAG_INCITEMENT, Signals } from './classifier';
import { ExternalScorer, ExternalScorerOptions, combineSignals, readScore } from './external-scorer';

const BUILTIN: Signals = {
  flags: [FLAG_INCITEMENT],
  matches: [{ flag: FLAG_INCITEMENT, language: 'en', term: 'hang the traitors', rule: 'en.imperative.hang' }],
  classifier: 'incitement-v1',
  model: { version: 'incitement-v1', score: 0.91, threshold: 0.99, decidedBy: 'rules' },
};

describe('readScore', () => {
  it.each([
    [{ score: 0.4 }, 0.4],
    [{ attributeScores: { THREAT: { summaryScore: { value: 0.93, type: 'PROBABILITY' } } } }, 0.93],
    [{ score: 0 }, 0],
    [{ score: 1 }, 1],
  ])('reads %j', (answer, expected) => {
    expect(readScore(answer, 'THREAT')).toBe(expected);
  });

  it.each([
    null, 'high', 42, [], {}, { score: '0.4' }, { score: 1.5 }, { score: -0.1 }, { score: Number.NaN },
    { attributeScores: { TOXICITY: { summaryScore: { value: 0.9 } } } }, { attributeScores: { THREAT: { summaryScore: { value: 'x' } } } },
  ])('refuses %j', (answer) => {
    expect(readScore(answer, 'THREAT')).toBeNull();
  });
});

describe('combineSignals', () => {
  it('keeps the built-in verdict when the external scorer failed, and says so', () => {
    expect(combineSignals(BUILTIN, { status: 'timeout' }, { threshold: 0.8 })).toEqual({ ...BUILTIN, scorer: { decidedBy: 'builtin', external: { status: 'timeout' } } });
  });

  it('takes the external verdict when it answered, keeping the built-in model beside it', () => {
    expect(combineSignals(BUILTIN, { status: 'ok', score: 0.12345 }, { threshold: 0.8 }, 'en')).toEqual({
      flags: [], matches: [], classifier: 'external', model: BUILTIN.model, scorer: { decidedBy: 'external', external: { status: 'ok', score: 0.1235 } },
    });
    expect(combineSignals({ ...BUILTIN, flags: [], matches: [] }, { status: 'ok', score: 0.8 }, { threshold: 0.8 }, 'de')).toMatchObject({
      flags: [FLAG_INCITEMENT], matches: [{ flag: FLAG_INCITEMENT, language: 'de', rule: 'external', term: 'score 0.8 ≥ 0.8' }],
    });
  });
});

describe('ExternalScorer', () => {
  let server: Server;
  let url: string;
  let answer: (res: import('node:http').ServerResponse) => void;
  let calls = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        calls++;
        answer(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const options = (o: Partial<ExternalScorerOptions> = {}): ExternalScorerOptions => ({
    url, timeoutMs: 200, threshold: 0.8, attribute: 'THREAT', breakerFailures: 2, breakerResetMs: 1000, concurrency: 4, ...o,
  });
  const quiet = { warn: jest.fn() };

  it('reads a score, and names every kind of failure without throwing', async () => {
    const scorer = new ExternalScorer(options({ breakerFailures: 100 }), quiet);
    answer = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"score":0.7}');
    expect(await scorer.score('text')).toEqual({ status: 'ok', score: 0.7 });
    answer = (res) => res.writeHead(200).end('not json');
    expect(await scorer.score('text')).toMatchObject({ status: 'malformed' });
    answer = (res) => res.writeHead(503).end('{"score":0.7}');
    expect(await scorer.score('text')).toMatchObject({ status: 'error', detail: 'HTTP 503' });
    answer = (res) => res.writeHead(200).end(JSON.stringify({ score: 0.5, padding: 'x'.repeat(100_000) }));
    expect(await scorer.score('text')).toMatchObject({ status: 'error', detail: expect.stringMatching(/larger than/) });
    answer = () => undefined; // never answers
    expect(await scorer.score('text')).toMatchObject({ status: 'timeout' });
    const refused = new ExternalScorer(options({ url: 'http://127.0.0.1:1/' }), quiet);
    expect(await refused.score('text')).toMatchObject({ status: 'error' });
  });

  it('opens the circuit after failures in a row, skips calls while open, and closes again after one success', async () => {
    let now = 0;
    const log = { warn: jest.fn() };
    const scorer = new ExternalScorer(options(), log, () => now);
    answer = (res) => res.writeHead(500).end();
    calls = 0;
    expect((await scorer.score('a')).status).toBe('error');
    expect((await scorer.score('b')).status).toBe('error');
    expect(scorer.circuitOpen).toBe(true);
    expect(await scorer.score('c')).toEqual({ status: 'circuit-open' });
    expect(calls).toBe(2);
    expect(log.warn).toHaveBeenCalledWith(expect.stringMatching(/circuit open for 1000 ms/));

    now += 1000; // half-open: one trial; it fails, so the circuit opens again at once
    expect((await scorer.score('d')).status).toBe('error');
    expect(scorer.circuitOpen).toBe(true);
    expect(calls).toBe(3);

    now += 1000;
    answer = (res) => res.writeHead(200).end('{"score":0.1}');
    expect(await scorer.score('e')).toEqual({ status: 'ok', score: 0.1 });
    expect(scorer.circuitOpen).toBe(false);
    expect((await scorer.score('f')).status).toBe('ok');
  });
});
