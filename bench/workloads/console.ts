import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { median, percentile } from '../stats';

/** Debian's chromium; Playwright's own download cannot reach the network here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const REASON = 'No call to violence: quoted to condemn it. (bench)';

export interface Timings {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/**
 * Where one step's time went, in the page: until the key reached it (the CDP round trip of the load generator), from
 * the key to the new case in the DOM (API calls and rendering), and from there to the next painted frame.
 */
interface Phases {
  totalMs: number;
  keyMs: number;
  shownMs: number;
  paintedMs: number;
}

export interface ConsoleTimings extends Timings {
  /** Medians of the phases. */
  medianKeyMs: number;
  medianShownMs: number;
  medianPaintedMs: number;
}

export interface ConsoleFigures {
  /** `c` on the queue screen → the claimed case's screen painted. */
  claim: ConsoleTimings;
  /** Enter in the decision form → the next case's screen painted. */
  submitAndNext: ConsoleTimings;
}

export interface ApiFigures {
  /** POST /v1/queue/claim alone. */
  claim: Timings;
  /** POST …/decision then POST /v1/queue/claim, one after the other. */
  submitAndNext: Timings;
}

const timings = (samples: number[]): Timings => ({
  samples: samples.length, p50Ms: median(samples), p95Ms: percentile(samples, 95), maxMs: Math.max(...samples),
});

const consoleTimings = (steps: Phases[]): ConsoleTimings => ({
  ...timings(steps.map((s) => s.totalMs)),
  medianKeyMs: median(steps.map((s) => s.keyMs)), medianShownMs: median(steps.map((s) => s.shownMs)), medianPaintedMs: median(steps.map((s) => s.paintedMs)),
});

/**
 * Set up in the page before a key is pressed: resolves with the Phases from now until a case screen other than the
 * current one (its heading changed, its post shown) has been painted (the frame after the change). Page code is
 * text: the bench's TypeScript has no DOM types; `void`, or evaluate() would wait for the promise itself.
 */
const ARM = `void (window.__rendered = new Promise((resolve, reject) => {
  const start = performance.now();
  const timeout = setTimeout(() => reject(new Error('no new case screen within 30 s at ' + location.pathname + ': ' + document.body.innerText.slice(0, 500))), 30000);
  const before = document.querySelector('h1')?.textContent ?? '';
  const shown = () => {
    const h1 = document.querySelector('h1')?.textContent ?? '';
    return h1 !== before && h1.startsWith('Case ') && document.querySelector('[aria-label="Post text"]') !== null;
  };
  let keyAt = NaN;
  addEventListener('keydown', () => { keyAt = performance.now(); }, { capture: true, once: true });
  const observer = new MutationObserver(() => {
    if (!shown()) return;
    observer.disconnect();
    clearTimeout(timeout);
    const shownAt = performance.now();
    requestAnimationFrame(() => {
      const paintedAt = performance.now();
      resolve({ totalMs: paintedAt - start, keyMs: keyAt - start, shownMs: shownAt - keyAt, paintedMs: paintedAt - shownAt });
    });
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
}))`;

/**
 * P9 in Chromium: a moderator signs in, then `rounds` times claims from the queue screen (`c`), opens No violation
 * (`n`), types a reason and submits (Enter: Submit & next loads the next case), and goes back to the queue through
 * the header link (which releases that next case, claimed again in the next round).
 */
export async function consoleRounds(url: string, apiKey: string, rounds: number): Promise<ConsoleFigures> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await (await browser.newContext({ baseURL: url, viewport: { width: 1366, height: 768 } })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto('/console');
    await page.getByLabel('API key').fill(apiKey);
    await page.keyboard.press('Enter');
    const queue = page.getByRole('heading', { name: 'Queue', level: 1 });
    await queue.waitFor();
    const claims: Phases[] = [];
    const nexts: Phases[] = [];
    const rendered = async (key: string) => {
      await page.evaluate(ARM);
      await page.keyboard.press(key);
      return page.evaluate<Phases>('window.__rendered');
    };
    for (let i = 0; i < rounds; i++) {
      claims.push(await rendered('c'));
      await page.keyboard.press('n');
      await page.getByLabel('Reason', { exact: true }).fill(REASON);
      nexts.push(await rendered('Enter'));
      await page.getByRole('link', { name: 'docket' }).focus();
      await page.keyboard.press('Enter');
      await queue.waitFor();
    }
    return { claim: consoleTimings(claims), submitAndNext: consoleTimings(nexts) };
  } finally {
    await browser.close();
  }
}

/** The same calls from Node, without a browser: what the API alone takes for each step. */
export async function apiRounds(url: string, apiKey: string, rounds: number): Promise<ApiFigures> {
  const headers = { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`POST ${path} answered ${res.status}`);
    return res.json() as Promise<{ id: string }>;
  };
  const claims: number[] = [];
  const nexts: number[] = [];
  // As in the browser: claim, decide and claim the next, give that one back.
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    const claimed = await post('/v1/queue/claim', {});
    claims.push(performance.now() - t);
    t = performance.now();
    await post(`/v1/cases/${claimed.id}/decision`, { action: 'no_violation', explanation: REASON });
    const next = await post('/v1/queue/claim', {});
    nexts.push(performance.now() - t);
    const released = await fetch(`${url}/v1/cases/${next.id}/release`, { method: 'POST', headers: { Authorization: headers.Authorization } });
    if (released.status !== 204) throw new Error(`POST /v1/cases/${next.id}/release answered ${released.status}`);
  }
  return { claim: timings(claims), submitAndNext: timings(nexts) };
}

/** What a moderator's browser downloads: each built file of the console and its gzipped size (maps excluded). */
export function consoleBundle(dir: string): { files: Record<string, { bytes: number; gzipBytes: number }>; gzipBytes: number } | null {
  if (!existsSync(join(dir, 'index.html'))) return null;
  const files: Record<string, { bytes: number; gzipBytes: number }> = {};
  for (const name of readdirSync(dir).filter((n) => !n.endsWith('.map'))) {
    const body = readFileSync(join(dir, name));
    files[name] = { bytes: body.length, gzipBytes: gzipSync(body).length };
  }
  return { files, gzipBytes: Object.values(files).reduce((sum, f) => sum + f.gzipBytes, 0) };
}
