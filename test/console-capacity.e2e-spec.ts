/**
 * The console's Capacity page (issue 19, point 5) and GET /v1/capacity: a senior reads the live capacity alarm (and
 * opens the deadlines at risk), the last 7 days per day, and the K curve of the staffing report; with too little
 * history the page says so in the report's words; moderators have no Capacity page. Real API, worker and PostgreSQL;
 * the recorded history is made through the API with the suite's TestClock, and the alarm's passes are run by hand
 * (CAPACITY_INTERVAL_MS=0), as test/staffing.e2e-spec.ts does.
 */
import { AddressInfo } from 'node:net';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { CapacityAlarm } from '@docket/staffing';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { focused, keepingScreenshot, launchChromium, newConsolePage, screenshot, seriousAxeViolations } from './support/browser';
import { fileQueued } from './support/review';

// Chromium, the API and the worker share two cores with the other suites' leftovers; the history takes a while to make.
jest.setTimeout(120_000);

const MINUTE = 60_000;
const DAY = 24 * 3600_000;
const NO_VIOLATION = { action: 'no_violation', explanation: 'Heated, but no call to violence.' };
const SCAM = { category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', specification: [] };

async function signIn(page: Page, apiKey: string): Promise<void> {
  await page.goto('/console');
  await page.getByLabel('API key').fill(apiKey);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();
}

/** Activates a control the way a keyboard user does: focus it, then Enter. */
async function pressEnterOn(locator: Locator): Promise<void> {
  await locator.focus();
  await locator.page().keyboard.press('Enter');
}


/** Tabs (or Shift+Tabs) until the link to `href` has the focus (keyboard only), at most `max` presses. */
async function tabToLink(page: Page, href: string, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if ((await page.evaluate<string>("document.activeElement?.getAttribute('href') ?? ''")) === href) return;
  }
  throw new Error(`${max} Tabs did not reach the link to ${href}`);
}

/**
 * The whole Capacity page in one picture: the console scrolls inside its main area, which a full-page screenshot
 * does not unroll, so the window is made as tall as the content for the shot.
 */
async function wholePage(page: Page, name: string): Promise<void> {
  const height = await page.evaluate<number>("document.querySelector('.app-header').offsetHeight + document.querySelector('.app-main').scrollHeight");
  await page.setViewportSize({ width: 1366, height: Math.max(768, height) });
  await screenshot(page, name);
  await page.setViewportSize({ width: 1366, height: 768 });
}

/** A row's cells as text, its header cell first. */
const rowTexts = async (row: Locator) => [await row.getByRole('rowheader').innerText(), ...(await row.getByRole('cell').allInnerTexts())];

/** UTC midnight `days` days before today's. */
const utcDay = (days: number) => new Date(Math.floor(Date.now() / DAY) * DAY - days * DAY);

describe('console: capacity', () => {
  let docket: Docket;
  let url: string;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const violations: string[] = [];
  let keys: { provider: string; user: string; lead: { id: string; apiKey: string }; auditor: string; volunteers: string[]; moderator: { apiKey: string } };
  let alarm: CapacityAlarm;

  beforeAll(async () => {
    const starting = launchChromium().then((b) => (browser = b));
    docket = await startDocket({ worker: true, env: { RECONCILE_INTERVAL_MS: '0', CAPACITY_INTERVAL_MS: '0', LEASE_SECONDS: '3600' } });
    await starting;
    await docket.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(docket.app.getHttpServer().address() as AddressInfo).port}`;
    const [provider, user, lead, auditor, moderator, ...volunteers] = await Promise.all([
      createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      createPrincipal(docket, { role: 'reporter', kind: 'user' }),
      createPrincipal(docket, { role: 'senior', name: 'Lee Lead' }),
      createPrincipal(docket, { role: 'auditor' }),
      createPrincipal(docket, { role: 'moderator', name: 'Mo Moderator' }),
      ...[1, 2].map((i) => createPrincipal(docket, { role: 'moderator', name: `volunteer ${i}` })),
    ]);
    keys = { provider: provider.apiKey, user: user.apiKey, lead, auditor: auditor.apiKey, volunteers: volunteers.map((v) => v.apiKey), moderator };
    alarm = docket.fromWorker(CapacityAlarm);
  });
  beforeEach(async () => {
    violations.length = 0;
    // The browser and the server's Date header run on real time: the history is made in the past, then time runs again.
    docket.clock.real();
    ({ context, page } = await newConsolePage(browser, url, violations));
  });
  afterEach(async () => {
    await context?.close();
    expect(violations).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await docket?.close();
  });
  const test = (name: string, body: () => Promise<void>) => it(name, () => keepingScreenshot(() => page, name, body));
  const api = () => docket.http();

  /**
   * Recorded history, made as it would have happened: the notices filed at their times, and `moderators` each
   * claiming the most urgent case as soon as they are free and deciding it `handlingMs` later (docket's claim order),
   * the clock set to each moment in turn.
   */
  async function work(arrivals: { at: number; file: () => Promise<unknown> }[], moderators: string[], handlingMs: number): Promise<void> {
    const free = moderators.map(() => -Infinity);
    const held: ({ caseId: string; decideAt: number } | null)[] = moderators.map(() => null);
    let next = 0;
    let waiting = 0;
    let open = arrivals.length;
    let now = -Infinity;
    const order = { decide: 0, arrive: 1, claim: 2 } as const;
    while (open > 0) {
      let best: { t: number; kind: keyof typeof order; m: number } | null = null;
      const consider = (t: number, kind: keyof typeof order, m = -1) => {
        if (!best || t < best.t || (t === best.t && order[kind] < order[best.kind])) best = { t, kind, m };
      };
      held.forEach((h, m) => h && consider(h.decideAt, 'decide', m));
      if (next < arrivals.length) consider(arrivals[next].at, 'arrive');
      if (waiting > 0) held.forEach((h, m) => !h && consider(Math.max(free[m], now), 'claim', m));
      const event = best!;
      now = event.t;
      docket.clock.set(new Date(now));
      if (event.kind === 'arrive') {
        await arrivals[next++].file();
        waiting++;
      } else if (event.kind === 'claim') {
        const claim = await api().post('/v1/queue/claim').set(bearer(moderators[event.m])).send({});
        expect(claim.status).toBe(200);
        held[event.m] = { caseId: claim.body.id, decideAt: now + handlingMs };
        waiting--;
      } else {
        const decided = await api().post(`/v1/cases/${held[event.m]!.caseId}/decision`).set(bearer(moderators[event.m])).send(NO_VIOLATION);
        expect(decided.status).toBe(200);
        held[event.m] = null;
        free[event.m] = now;
        open--;
      }
    }
    docket.clock.real();
  }

  const urgent = (i: number) => () => fileQueued(docket, keys.provider, keys.lead.apiKey, {}, { text: `Burn the depot down tonight, bring petrol (${i}).` });
  const scam = (i: number) => () => fileQueued(docket, keys.user, keys.lead.apiKey, SCAM, { text: `Cheap watches, wire the money first (${i}).` });

  /** The staffing report the page asks for: the same 7 UTC days, to now. */
  const staffingNow = () => api().get('/v1/audit/staffing').query({ from: utcDay(6).toISOString(), to: new Date().toISOString(), target: '0.99' }).set(bearer(keys.lead.apiKey));
  const capacity = (key = keys.lead.apiKey) => api().get('/v1/capacity').set(bearer(key));

  async function openCapacity(p: Page): Promise<void> {
    await signIn(p, keys.lead.apiKey);
    await p.keyboard.press('p');
    await p.getByRole('heading', { name: 'Capacity', level: 1 }).waitFor();
  }

  test('with no history, then too little, the page says so in the report\'s words; no projection yet', async () => {
    // Nothing at all yet: the report has nothing to replay (its 400), and says so.
    await signIn(page!, keys.lead.apiKey);
    await page!.getByRole('link', { name: 'Capacity' }).waitFor();
    await page!.keyboard.press('p');
    await page!.locator('.staffing-refusal').getByText('Nothing to replay.', { exact: true }).waitFor();
    await page!.getByText('No case was first reported in the last 7 days: there is nothing to replay.').waitFor();
    await page!.keyboard.press('Escape');
    await page!.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();

    // Three days ago: ten one-hour notices, five minutes apart, each decided in two minutes by one volunteer.
    const start = utcDay(3).getTime() + 9 * 3600_000;
    await work(Array.from({ length: 10 }, (_, i) => ({ at: start + i * 5 * MINUTE, file: urgent(i) })), keys.volunteers.slice(0, 1), 2 * MINUTE);

    const unknown = await capacity();
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({
      at: expect.any(String), state: 'unknown', since: null, projectedAt: null, stale: false, horizonMinutes: null, moderatorsActive: null, seniorsActive: null,
      moderatorsNeeded: null, atRisk: [], atRiskCount: 0, projectedBreaches: null, backlog: null, inflowPerHour: null, handlingSecondsMedian: null,
    });
    const few = await staffingNow();
    expect(few.status).toBe(422);
    expect(few.body.message).toContain('this period has 10');

    await page!.keyboard.press('p');
    await page!.getByRole('heading', { name: 'Capacity', level: 1 }).waitFor();
    expect(page!.url()).toMatch(/\/console\/capacity$/);
    expect(await focused(page!)).toMatch(/^H1/);
    await page!.getByText(/^No projection yet/).waitFor();
    const refusal = page!.locator('.staffing-refusal');
    await refusal.getByText('Not enough history for a staffing report yet.').waitFor();
    // The API's message, as it is (its first letter capitalised).
    expect(await refusal.innerText()).toContain(few.body.message.slice(1));
    // The days are there all the same: ten in, ten closed, all within their deadline, three days ago.
    const day = page!.getByRole('row').filter({ has: page!.getByRole('rowheader', { name: new RegExp(`^${dayLabel(utcDay(3))}`) }) });
    expect(await rowTexts(day)).toEqual([dayLabel(utcDay(3)), '10', '10', '0', '100% (10 of 10)', '0']);
    expect(await page!.getByRole('table').filter({ has: page!.getByRole('columnheader', { name: 'Day (UTC)' }) }).getByRole('row').count()).toBe(8);
    await wholePage(page!, 'console-capacity-too-little-history');

    await page!.keyboard.press('Escape');
    await page!.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();
  });

  test('with enough history the page shows the K curve, the moderators needed and FIFO\'s; the alarm is clear', async () => {
    // Two days ago: 8 user notices of scams (7-day deadlines) 30 s apart, then 22 one-hour notices from a hosting
    // provider 30 s apart; two volunteers take 5 minutes a case. Replayed: one moderator keeps 77.5% of the 40
    // deadlines, two keep them all in docket's order; oldest first, two keep 95% and three are needed.
    const start = utcDay(2).getTime() + 9 * 3600_000;
    await work([
      ...Array.from({ length: 8 }, (_, i) => ({ at: start + i * 30_000, file: scam(i) })),
      ...Array.from({ length: 22 }, (_, i) => ({ at: start + 4 * MINUTE + i * 30_000, file: urgent(100 + i) })),
    ], keys.volunteers, 5 * MINUTE);
    const report = await staffingNow();
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ cases: 40, decisions: 40, seniors: 0, moderatorsNeeded: 2 });
    expect(report.body.rows.map((r: { moderators: number }) => r.moderators)).toEqual([1, 2, 3, 4]);
    expect(report.body.rows[0].withinDeadline).toBe(0.775);
    expect(report.body.rows.map((r: { fifo: { withinDeadline: number } }) => r.fifo.withinDeadline)).toEqual([0.575, 0.95, 1, 1]);

    // A pass of the alarm now: nothing open, nobody active.
    expect(await alarm.projectOnce()).toMatchObject({ ran: true, raised: null, projection: { atRiskCount: 0, backlog: 0, moderatorsActive: 0 } });
    expect((await capacity()).body).toMatchObject({ state: 'ok', since: null, stale: false, moderatorsNeeded: 0, moderatorsActive: 0, atRisk: [], backlog: 0 });

    await openCapacity(page!);
    await page!.getByText('Enough moderators: no deadline at risk over the next 4 h').waitFor();
    const summary = page!.locator('.k-summary');
    await summary.getByText('2 moderators').waitFor();
    expect(await summary.innerText()).toMatch(/^2 moderators would have kept 99% of the deadlines in docket's claim order; oldest first would have needed 3\. 40 cases, 40 measured decisions\.$/);
    await page!.getByRole('img', { name: /^Deadlines met by number of moderators/ }).waitFor();
    const kTable = page!.getByRole('table', { name: 'Deadlines kept and time to decision by number of moderators' });
    const rows = kTable.getByRole('row');
    expect(await rows.count()).toBe(5);
    expect((await rowTexts(rows.nth(1))).slice(0, 2)).toEqual(['1', '77.5%']);
    expect((await rowTexts(rows.nth(2))).slice(0, 2)).toEqual(['2fewest meeting the target', '100%']);
    expect((await rowTexts(rows.nth(2)))[6]).toBe('95%');
    // The day of the history: 30 in, 30 closed, every deadline kept.
    const day = page!.getByRole('row').filter({ has: page!.getByRole('rowheader', { name: new RegExp(`^${dayLabel(utcDay(2))}`) }) });
    expect(await rowTexts(day)).toEqual([dayLabel(utcDay(2)), '30', '30', '0', '100% (30 of 30)', '0']);
    await wholePage(page!, 'console-capacity');
  });

  test('a raised alarm is shown with the deadlines at risk, each a link to its case; GET /v1/capacity says the same', async () => {
    // One volunteer keeps up with a quiet start, then 40 one-hour notices arrive in ten minutes (test/staffing.e2e-spec.ts).
    const start = Date.now() - 17 * MINUTE;
    for (let i = 0; i < 3; i++) {
      docket.clock.set(new Date(start + i * 2 * MINUTE));
      await urgent(200 + i)();
      const claim = await api().post('/v1/queue/claim').set(bearer(keys.volunteers[0])).send({});
      expect(claim.status).toBe(200);
      docket.clock.set(new Date(start + (i * 2 + 2) * MINUTE));
      expect((await api().post(`/v1/cases/${claim.body.id}/decision`).set(bearer(keys.volunteers[0])).send(NO_VIOLATION)).status).toBe(200);
    }
    for (let i = 0; i < 40; i++) {
      docket.clock.set(new Date(start + 7 * MINUTE + i * 15_000));
      await urgent(300 + i)();
    }
    docket.clock.set(new Date(start + 17 * MINUTE));
    const pass = await alarm.projectOnce();
    expect(pass).toMatchObject({ ran: true, raised: 'capacity.insufficient' });
    if (!pass.ran) throw new Error('no pass');
    const p = pass.projection;
    expect(p.moderatorsActive).toBe(1);
    expect(p.moderatorsNeeded).toBeGreaterThanOrEqual(2);
    expect(p.atRiskCount).toBeGreaterThan(0);

    const raised = await capacity();
    expect(raised.status).toBe(200);
    expect(raised.body).toEqual({
      at: new Date(start + 17 * MINUTE).toISOString(), state: 'insufficient', since: new Date(start + 17 * MINUTE).toISOString(),
      projectedAt: new Date(start + 17 * MINUTE).toISOString(), stale: false, horizonMinutes: 240, moderatorsActive: 1, seniorsActive: 0,
      moderatorsNeeded: p.moderatorsNeeded, atRisk: p.atRisk, atRiskCount: p.atRiskCount, projectedBreaches: p.projectedBreaches, backlog: 40,
      inflowPerHour: p.inflowPerHour, handlingSecondsMedian: p.handlingSecondsMedian,
    });
    // A projection no worker has renewed for a while says so.
    docket.clock.set(new Date(start + 30 * MINUTE));
    expect((await capacity()).body).toMatchObject({ state: 'insufficient', stale: true });
    docket.clock.real();

    await signIn(page!, keys.lead.apiKey);
    const link = page!.getByRole('link', { name: `Capacity · ${p.atRiskCount} ${p.atRiskCount === 1 ? 'deadline' : 'deadlines'} at risk` });
    await link.waitFor();
    await screenshot(page!, 'console-queue-capacity-link');
    await page!.keyboard.press('p');
    await page!.getByRole('heading', { name: 'Capacity', level: 1 }).waitFor();
    const banner = page!.locator('.alarm-banner[data-state="insufficient"]');
    await banner.getByText(`Not enough moderators: ${p.atRiskCount} ${p.atRiskCount === 1 ? 'deadline' : 'deadlines'} at risk`).waitFor();
    const figures = await banner.locator('dd').allInnerTexts();
    expect(figures).toEqual([String(p.moderatorsNeeded), '1', String(p.moderatorsNeeded! - 1)]);
    const atRisk = page!.getByRole('table', { name: 'Deadlines at risk, earliest first' });
    const caseLinks = atRisk.getByRole('link');
    // The first ten, then all of them on request.
    expect(await caseLinks.count()).toBe(Math.min(10, p.atRisk.length));
    await expect(atRisk.getByRole('row').nth(1).getByRole('cell').nth(2).innerText()).resolves.toMatch(/^due in \d+ min$/);
    await wholePage(page!, 'console-capacity-alarm');
    if (p.atRisk.length > 10) {
      const showAll = page!.getByRole('button', { name: `Show all ${p.atRisk.length}` });
      await pressEnterOn(showAll);
      await page!.getByRole('button', { name: 'Show the first 10', expanded: true }).waitFor();
      expect(await caseLinks.count()).toBe(p.atRisk.length);
    }
    expect(await caseLinks.first().getAttribute('href')).toBe(`/console/cases/${p.atRisk[0].caseId}`);

    // Keyboard only: Tab to the first case at risk and open it.
    await tabToLink(page!, `/console/cases/${p.atRisk[0].caseId}`, 'Shift+Tab');
    await page!.keyboard.press('Enter');
    await page!.waitForURL(`**/console/cases/${p.atRisk[0].caseId}`);
    await page!.getByText('You do not hold this case').waitFor();
  });

  test('a moderator has no Capacity link or key, the page refuses them, and so does the API', async () => {
    await signIn(page!, keys.moderator.apiKey);
    await page!.getByRole('link', { name: /^Appeals/ }).waitFor();
    expect(await page!.getByRole('link', { name: /^Capacity/ }).count()).toBe(0);
    await page!.keyboard.press('p');
    await page!.waitForTimeout(300);
    expect(page!.url()).toMatch(/\/console$/);
    await page!.goto('/console/capacity');
    await page!.getByRole('heading', { name: 'Capacity', level: 1 }).waitFor();
    await page!.getByText('The Capacity page is for seniors and admins.').waitFor();
    expect(await page!.locator('.alarm-panel').count()).toBe(0);
    await screenshot(page!, 'console-capacity-moderator');

    // The routes the page reads: seniors, admins (and auditors for the reports) only.
    expect((await capacity(keys.moderator.apiKey)).status).toBe(403);
    expect((await capacity(keys.auditor)).status).toBe(403);
    expect((await capacity(docket.adminKey)).status).toBe(200);
    expect((await api().get('/v1/capacity')).status).toBe(401);
    const days = { groupBy: 'day', from: utcDay(6).toISOString() };
    expect((await api().get('/v1/audit/response-times').query(days).set(bearer(keys.moderator.apiKey))).status).toBe(403);
    expect((await api().get('/v1/audit/response-times').query(days).set(bearer(keys.lead.apiKey))).status).toBe(200);
    expect((await api().get('/v1/audit/staffing').set(bearer(keys.moderator.apiKey))).status).toBe(403);
  });

  test('no serious or critical accessibility violation on the Capacity page; ? lists its key', async () => {
    // axe is injected as a script; the console's CSP rightly refuses that, so this profile bypasses it.
    const axeContext = await browser.newContext({ baseURL: url, viewport: { width: 1366, height: 768 }, bypassCSP: true });
    try {
      const axePage = await axeContext.newPage();
      axePage.setDefaultTimeout(10_000);
      const seriousViolations = () => seriousAxeViolations(axePage);
      await openCapacity(axePage);
      await axePage.locator('.alarm-banner').waitFor();
      await axePage.locator('.k-summary').waitFor();
      await axePage.getByRole('columnheader', { name: 'Day (UTC)' }).waitFor();
      expect(await seriousViolations()).toEqual([]);

      await axePage.keyboard.press('?');
      const sheet = axePage.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await sheet.getByText(/^Capacity/).waitFor();
      expect(await sheet.locator('kbd').allTextContents()).toEqual(expect.arrayContaining(['p']));
      await axePage.keyboard.press('Escape');
      await sheet.waitFor({ state: 'detached' });
    } finally {
      await axeContext.close();
    }
  });
});

/** The page's label of a UTC day: "Tue 1 Dec". */
function dayLabel(d: Date): string {
  return `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]} ${d.getUTCDate()} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]}`;
}
