import { FLAG_INCITEMENT } from './classifier';
import type { Signals } from './classifier';

/** Settings of an operator's own scorer (CLASSIFIER_* variables). */
export interface ExternalScorerOptions {
  url: string;
  /** Each call is given up after this long. */
  timeoutMs: number;
  /** Score (0–1) at or above which the external scorer flags incitement. */
  threshold: number;
  /** Perspective attribute asked for and read back (THREAT by default). */
  attribute: string;
  /** Consecutive failures that open the circuit: no call is made while it is open. */
  breakerFailures: number;
  /** How long the circuit stays open before one call is let through to try again. */
  breakerResetMs: number;
  /** Calls in flight at once for one batch of posts. */
  concurrency: number;
}

/** Injection token of the ExternalScorer, or null when CLASSIFIER_URL is not set. */
export const EXTERNAL_SCORER = Symbol('EXTERNAL_SCORER');

export type ExternalStatus = 'ok' | 'timeout' | 'error' | 'malformed' | 'circuit-open';

export interface ExternalScore {
  status: ExternalStatus;
  /** Only when status is ok. */
  score?: number;
  /** Why it failed, for the log (never stored with the case). */
  detail?: string;
}

/** Which scorer's verdict a case's flags carry, stored in its signals and in the triage audit event. */
export interface ScorerRecord {
  decidedBy: 'external' | 'builtin';
  external?: { status: ExternalStatus; score?: number };
}

export interface Logger {
  warn(message: string): void;
}

const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * An operator's HTTP scorer. It is sent a Perspective-style request
 * `{ comment: { text }, languages?, requestedAttributes: { <attribute>: {} }, doNotStore: true }` and may answer
 * either like Perspective (`attributeScores.<attribute>.summaryScore.value`) or with `{ "score": <0..1> }`.
 * Every call has a timeout; after `breakerFailures` failures in a row the circuit opens and calls are skipped for
 * `breakerResetMs`, then one is tried again. A failure of any kind (timeout, refused connection, non-2xx,
 * malformed answer) is logged and reported, never thrown: the caller falls back to the built-in detector.
 */
export class ExternalScorer {
  private failures = 0;
  private openUntil = 0;
  private trial = false;

  constructor(
    readonly options: ExternalScorerOptions,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  get circuitOpen(): boolean {
    return this.now() < this.openUntil;
  }

  async score(text: string, language?: string | null): Promise<ExternalScore> {
    if (this.circuitOpen || this.trial) return { status: 'circuit-open' };
    // After the circuit was open: one call at a time until one succeeds.
    if (this.openUntil !== 0) this.trial = true;
    let result: ExternalScore;
    try {
      result = await this.call(text, language);
    } catch (error) {
      const timeout = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
      result = { status: timeout ? 'timeout' : 'error', detail: (error as Error).message };
    } finally {
      this.trial = false;
    }
    if (result.status === 'ok') {
      this.failures = 0;
      this.openUntil = 0;
    } else {
      this.failures++;
      this.log.warn(`external classifier ${result.status}${result.detail ? `: ${result.detail}` : ''}; the built-in detector decides`);
      if (this.failures >= this.options.breakerFailures || this.openUntil !== 0) {
        this.openUntil = this.now() + this.options.breakerResetMs;
        this.log.warn(`external classifier: circuit open for ${this.options.breakerResetMs} ms after ${this.failures} failure(s) in a row`);
      }
    }
    return result;
  }

  private async call(text: string, language?: string | null): Promise<ExternalScore> {
    const body = {
      comment: { text },
      ...(language ? { languages: [language] } : {}),
      requestedAttributes: { [this.options.attribute]: {} },
      doNotStore: true,
    };
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs),
      redirect: 'error',
    });
    const raw = await readLimited(response, MAX_ANSWER_BYTES);
    if (!response.ok) return { status: 'error', detail: `HTTP ${response.status}` };
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { status: 'malformed', detail: 'the answer is not JSON' };
    }
    const score = readScore(parsed, this.options.attribute);
    return score === null ? { status: 'malformed', detail: `no score between 0 and 1 (score, or attributeScores.${this.options.attribute}.summaryScore.value)` } : { status: 'ok', score };
  }
}

/** The score of a Perspective answer or of `{ score }`; null unless it is a finite number from 0 to 1. */
export function readScore(answer: unknown, attribute: string): number | null {
  if (typeof answer !== 'object' || answer === null) return null;
  const a = answer as Record<string, unknown>;
  const perspective = (a.attributeScores as Record<string, { summaryScore?: { value?: unknown } }> | undefined)?.[attribute]?.summaryScore?.value;
  const value = typeof perspective === 'number' ? perspective : a.score;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1 ? value : null;
}

/**
 * The signals a case gets when an external scorer is configured: its verdict when it answered, the built-in
 * detector's otherwise. Either way the built-in model's version and score stay in `model`, and `scorer` says
 * which one decided.
 */
export function combineSignals(builtin: Signals, external: ExternalScore, options: Pick<ExternalScorerOptions, 'threshold'>, language?: string | null): Signals & { scorer: ScorerRecord } {
  if (external.status !== 'ok' || external.score === undefined) {
    return { ...builtin, scorer: { decidedBy: 'builtin', external: { status: external.status } } };
  }
  const score = Math.round(external.score * 10000) / 10000;
  const flagged = external.score >= options.threshold;
  return {
    flags: flagged ? [FLAG_INCITEMENT] : [],
    matches: flagged ? [{ flag: FLAG_INCITEMENT, language: language ?? 'any', term: `score ${score} ≥ ${options.threshold}`, rule: 'external' }] : [],
    classifier: 'external',
    ...(builtin.model ? { model: builtin.model } : {}),
    scorer: { decidedBy: 'external', external: { status: 'ok', score } },
  };
}

async function readLimited(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`answer larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Asks the external scorer about each post (CLASSIFIER_CONCURRENCY at a time) and replaces each post's signals with
 * the combined ones. Never throws: a post the scorer could not score keeps the built-in verdict.
 */
export async function scoreExternally(scorer: ExternalScorer, posts: { text: string; language?: string | null; inspected: { classified: Signals } }[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < posts.length) {
      const post = posts[next++];
      if (post.text.trim() === '') {
        post.inspected.classified = { ...post.inspected.classified, scorer: { decidedBy: 'builtin' } } as Signals;
        continue;
      }
      const answer = await scorer.score(post.text, post.language);
      post.inspected.classified = combineSignals(post.inspected.classified, answer, scorer.options, post.language);
    }
  };
  await Promise.all(Array.from({ length: Math.min(scorer.options.concurrency, posts.length) }, worker));
}
