import { AddressInfo } from 'node:net';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { focused, keepingScreenshot, launchChromium, newConsolePage, screenshot, seriousAxeViolations, waitForFocus } from './support/browser';
import { Receiver } from './support/receiver';
import { REMOVE, fileQueued } from './support/review';
import { waitFor } from './support/wait-for';

// Chromium, the API and the worker share two cores with the other suites' leftovers.
jest.setTimeout(90_000);

const VIOLENT = {}; // notice()'s default: a call to violence, reported as VIOLENCE
const SCAM = { category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', specification: [] };
const PLATFORM_SECRET = 'platform-secret-for-console-tests';

interface Console {
  docket: Docket;
  platform: Receiver;
  url: string;
  provider: string;
  close(): Promise<void>;
}

/** The real API and worker, listening on a port a browser can reach, with a fake platform behind them. */
async function startConsole(env: Record<string, string> = {}): Promise<Console> {
  const platform = await Receiver.start();
  const docket = await startDocket({
    worker: true,
    env: { PLATFORM_WEBHOOK_URL: platform.url, PLATFORM_WEBHOOK_SECRET: PLATFORM_SECRET, WEBHOOK_ATTEMPTS: '1', WEBHOOK_BACKOFF_MS: '10', ...env },
  });
  await docket.app.listen(0, '127.0.0.1');
  const { port } = docket.app.getHttpServer().address() as AddressInfo;
  const provider = (await createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' })).apiKey;
  return {
    docket, platform, url: `http://127.0.0.1:${port}`, provider,
    async close() {
      await docket.close();
      await platform.close();
    },
  };
}

/** A queued case whose post says `text`. */
const queued = (c: Console, reader: string, text: string, overrides: Record<string, unknown> = VIOLENT) =>
  fileQueued(c.docket, c.provider, reader, overrides, { text });

async function signIn(page: Page, apiKey: string): Promise<void> {
  await page.goto('/console');
  await page.getByLabel('API key').fill(apiKey);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();
}

/** The case screen shows this post's text. */
const showsPost = (page: Page, text: string) => page.getByLabel('Post text').filter({ hasText: text }).waitFor();

const caseState = async (c: Console, key: string, caseId: string) =>
  (await c.docket.http().get(`/v1/cases/${caseId}`).set(bearer(key))).body.state as string;

describe('console: working the queue with the keyboard', () => {
  let c: Console;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let moderator: { id: string; apiKey: string };
  const violations: string[] = [];

  beforeAll(async () => {
    [c, browser] = await Promise.all([startConsole(), launchChromium()]);
    moderator = await createPrincipal(c.docket, { role: 'moderator', name: 'Alex Moderator' });
  });
  beforeEach(async () => {
    ({ context, page } = await newConsolePage(browser, c.url, violations));
  });
  afterEach(async () => {
    await context?.close();
    expect(violations).toEqual([]);
  });
  afterAll(async () => {
    await browser.close();
    await c.close();
  });
  const test = (name: string, body: () => Promise<void>) => it(name, () => keepingScreenshot(() => page, name, body));

  test('a wrong key is refused plainly and opens no session', async () => {
    await page!.goto('/console');
    await page!.getByRole('heading', { name: 'Sign in to docket' }).waitFor();
    await page!.getByLabel('API key').fill('dk_not-a-key');
    await page!.keyboard.press('Enter');
    await page!.getByRole('alert').filter({ hasText: /not valid/ }).waitFor();
    const { rows } = await c.docket.db.query('SELECT count(*)::int AS n FROM console_sessions');
    expect(rows[0].n).toBe(0);
    const cookies = await context!.cookies();
    expect(cookies.filter((k) => k.name === 'docket_session')).toEqual([]);
  });

  test('sign in, claim, read, remove by keyboard alone; Submit & next; the platform confirms', async () => {
    const first = await queued(c, moderator.apiKey, 'Storm the statehouse on Friday and hang them all');
    const second = await queued(c, moderator.apiKey, 'Cheap watches, wire the money first', SCAM);
    await signIn(page!, moderator.apiKey);
    const cookie = (await context!.cookies()).find((k) => k.name === 'docket_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // The page's code runs in the browser: given as text, as the test's TypeScript has no DOM types.
    expect(await page!.evaluate<string>('JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie')).not.toContain(moderator.apiKey);

    await page!.keyboard.press('c');
    await showsPost(page!, 'Storm the statehouse');
    await page!.getByRole('timer', { name: 'Deadline' }).waitFor();
    await page!.getByRole('timer', { name: 'Lease' }).waitFor();
    await page!.getByRole('heading', { name: 'Signals' }).waitFor();
    await page!.getByText('Call to violence ahead of the inauguration').waitFor();
    // Reporter identities never reach a moderator, only their kind.
    expect(await page!.content()).not.toContain(c.provider);
    await screenshot(page!, 'console-case');

    await page!.keyboard.press('r');
    const form = page!.getByRole('form', { name: 'Decision' });
    await form.waitFor();
    await page!.getByLabel('Ground').selectOption('illegal_content');
    await page!.getByLabel('Law').fill('StGB §111 (public incitement to crime)');
    await page!.getByLabel('Reason').fill('Calls for violence against named officials.');
    await page!.keyboard.press('Enter');

    // Submit & next: the next most urgent case is on screen without another key.
    await showsPost(page!, 'Cheap watches');
    await page!.getByRole('status').filter({ hasText: /Removed/ }).waitFor();
    await waitFor('the platform to confirm the removal', async () => (await caseState(c, moderator.apiKey, first.caseId)) === 'removed');
    const order = c.platform.received.find((r) => r.body.caseId === first.caseId)!;
    expect(order.body).toMatchObject({ type: 'content.remove', caseId: first.caseId });
    expect(await caseState(c, moderator.apiKey, second.caseId)).toBe('in_review');
  });

  test('a post that repeats a removed one links to the removed case, opened read-only', async () => {
    const text = `Torch the depot on Main Street tonight ${Date.now()}`;
    const other = await createPrincipal(c.docket, { role: 'moderator' });
    await drainQueue(c, other.apiKey);
    const original = await queued(c, moderator.apiKey, text, SCAM);
    const held = await c.docket.http().post('/v1/queue/claim').set(bearer(other.apiKey)).send({});
    expect(held.body.id).toBe(original.caseId);
    const decided = await c.docket.http().post(`/v1/cases/${original.caseId}/decision`).set(bearer(other.apiKey))
      .send({ action: 'remove', ground: 'incompatible_content', policy: 'Community rules §3 (violence)', explanation: 'Calls for arson.' });
    expect(decided.status).toBe(200);
    await waitFor('the original to be removed', async () => (await caseState(c, moderator.apiKey, original.caseId)) === 'removed');

    const copy = await queued(c, moderator.apiKey, text, SCAM);
    await signIn(page!, moderator.apiKey);
    await page!.keyboard.press('c');
    await showsPost(page!, 'Torch the depot');
    expect(page!.url()).toContain(copy.caseId);
    const link = page!.getByRole('link', { name: /^Removed post / });
    await link.focus();
    await page!.keyboard.press('Enter');
    await page!.waitForURL(`**/console/cases/${original.caseId}`);
    await page!.getByText('You do not hold this case').waitFor();
    await showsPost(page!, 'Torch the depot');
  });
});

describe('console: accessibility', () => {
  let c: Console;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    [c, browser] = await Promise.all([startConsole(), launchChromium()]);
    // axe is injected as a script; the console's CSP rightly refuses that, so this profile bypasses it.
    context = await browser.newContext({ baseURL: c.url, viewport: { width: 1366, height: 768 }, bypassCSP: true });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser.close();
    await c.close();
  });

  const seriousViolations = () => seriousAxeViolations(page!);

  it('no serious or critical violation on the sign-in, queue and case screens', () => keepingScreenshot(() => page, 'axe', async () => {
    const moderator = await createPrincipal(c.docket, { role: 'moderator' });
    await queued(c, moderator.apiKey, 'Bring rifles to the count and end them');
    await page!.goto('/console');
    await page!.getByRole('heading', { name: 'Sign in to docket' }).waitFor();
    expect(await seriousViolations()).toEqual([]);
    await signIn(page!, moderator.apiKey);
    expect(await seriousViolations()).toEqual([]);
    await page!.keyboard.press('c');
    await showsPost(page!, 'Bring rifles');
    expect(await seriousViolations()).toEqual([]);
  }));
});

// ---------------------------------------------------------------------------------------------------------------
// Helpers for the suites below: each starts its own console (its own database), so settings and clocks never leak.

const api = (c: Console) => c.docket.http();

const caseDetail = async (c: Console, key: string, caseId: string) => {
  const res = await api(c).get(`/v1/cases/${caseId}`).set(bearer(key));
  if (res.status !== 200) throw new Error(`reading case ${caseId} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

const newModerator = (c: Console, name: string) => createPrincipal(c.docket, { role: 'moderator', name });

/** Activates a control the way a keyboard user does: focus it, then Enter. */
async function pressEnterOn(locator: Locator): Promise<void> {
  await locator.focus();
  await locator.page().keyboard.press('Enter');
}


/** Signs in on the sign-in screen already shown (e.g. after the session ended), wherever the console then goes. */
async function signInAgain(page: Page, apiKey: string): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in to docket' }).waitFor();
  await page.getByLabel('API key').fill(apiKey);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Sign in to docket' }).waitFor({ state: 'detached' });
}

/** Claims and closes every claimable case with a moderator of its own, so each test starts from an empty queue. */
async function drainQueue(c: Console, key: string): Promise<void> {
  for (;;) {
    const claim = await api(c).post('/v1/queue/claim').set(bearer(key)).send({});
    if (claim.status === 204) return;
    if (claim.status !== 200) throw new Error(`draining the queue: claim answered ${claim.status} ${JSON.stringify(claim.body)}`);
    const decided = await api(c).post(`/v1/cases/${claim.body.id}/decision`).set(bearer(key)).send({ action: 'no_violation', explanation: 'Cleared between tests.' });
    if (decided.status !== 200) throw new Error(`draining the queue: decision answered ${decided.status} ${JSON.stringify(decided.body)}`);
  }
}

/** The POST of a decision the page is about to send, with the API's answer. */
const decisionResponse = (page: Page) => page.waitForResponse((r) => r.request().method() === 'POST' && /\/v1\/cases\/[^/]+\/decision$/.test(r.url()));

interface Suite {
  c: Console;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** A moderator used only to empty the queue before each test. */
  janitor: string;
}

/**
 * A console with these settings and a browser for the describe it is called in; a fresh profile (no cookies) and an
 * empty queue for each test, and a screenshot kept when a test fails.
 */
function consoleSuite(env: Record<string, string> = {}) {
  const s = {} as Suite;
  const violations: string[] = [];
  beforeAll(async () => {
    [s.c, s.browser] = await Promise.all([startConsole(env), launchChromium()]);
    s.janitor = (await newModerator(s.c, 'Queue janitor')).apiKey;
  });
  beforeEach(async () => {
    violations.length = 0;
    await drainQueue(s.c, s.janitor);
    ({ context: s.context, page: s.page } = await newConsolePage(s.browser, s.c.url, violations));
  });
  afterEach(async () => {
    await s.context?.close();
    expect(violations).toEqual([]);
  });
  afterAll(async () => {
    await s.browser?.close();
    await s.c?.close();
  });
  const test = (name: string, body: () => Promise<void>) => it(name, () => keepingScreenshot(() => s.page, name, body));
  return { s, test };
}

describe('console: blur, skip, help, templates and field errors', () => {
  const { s, test } = consoleSuite();

  test('violent content is blurred until b reveals it and b blurs it again; a non-violent case is not blurred', async () => {
    const { c, page } = s;
    const moderator = await newModerator(c, 'Blair Moderator');
    const violent = await queued(c, moderator.apiKey, 'Gather at the square and burn the traitors alive');
    const scam = await queued(c, moderator.apiKey, 'Limited offer: wire 200 euros for a free phone', SCAM);
    expect((await caseDetail(c, moderator.apiKey, violent.caseId)).violent).toBe(true);
    expect((await caseDetail(c, moderator.apiKey, scam.caseId)).violent).toBe(false);
    await signIn(page, moderator.apiKey);

    await page.keyboard.press('c');
    await showsPost(page, 'Gather at the square');
    const content = page.locator('.post-content');
    const reveal = page.getByRole('button', { name: 'Reveal content' });
    const textFilter = () => page.evaluate<string>("getComputedStyle(document.querySelector('.post-text')).filter");
    expect(await content.getAttribute('data-blurred')).toBe('true');
    expect(await reveal.getAttribute('aria-pressed')).toBe('false');
    await page.getByText('Blurred: flagged as violent').waitFor();
    expect(await textFilter()).toContain('blur');

    await page.keyboard.press('b');
    await page.locator('.post-content[data-blurred="false"]').waitFor();
    expect(await reveal.getAttribute('aria-pressed')).toBe('true');
    await page.getByText('Revealed: flagged as violent').waitFor();
    expect(await textFilter()).toBe('none');

    await page.keyboard.press('b');
    await page.locator('.post-content[data-blurred="true"]').waitFor();
    expect(await reveal.getAttribute('aria-pressed')).toBe('false');
    expect(await textFilter()).toContain('blur');

    // Decided by keyboard; Submit & next brings the scam, which nothing blurs.
    await page.keyboard.press('n');
    await page.getByLabel('Reason').fill('Hyperbole about a football match.');
    await page.keyboard.press('Enter');
    await showsPost(page, 'Limited offer');
    expect(await content.getAttribute('data-blurred')).toBe('false');
    expect(await reveal.count()).toBe(0);
    expect(await textFilter()).toBe('none');
    expect(await caseState(c, moderator.apiKey, violent.caseId)).toBe('no_violation');

    await page.keyboard.press('n');
    await page.getByLabel('Reason').fill('An ordinary advert.');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'No case to claim' }).waitFor();
    expect(await caseState(c, moderator.apiKey, scam.caseId)).toBe('no_violation');
  });

  test('a moderator who turned blurring off sees violent text unblurred', async () => {
    const { c, page } = s;
    const moderator = await newModerator(c, 'Robin Moderator');
    const saved = await api(c).put('/v1/me/preferences').set(bearer(moderator.apiKey)).send({ blurViolent: false, grayscaleMedia: true });
    expect(saved.status).toBe(200);
    const violent = await queued(c, moderator.apiKey, 'Torch their houses tonight, all of them');
    expect((await caseDetail(c, moderator.apiKey, violent.caseId)).violent).toBe(true);
    await signIn(page, moderator.apiKey);

    await page.keyboard.press('c');
    await showsPost(page, 'Torch their houses');
    // The preferences arrive on their own request: wait for them rather than for time.
    await page.locator('.post-content[data-blurred="false"]').waitFor();
    expect(await page.getByRole('button', { name: 'Reveal content' }).count()).toBe(0);
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('.post-text')).filter")).toBe('none');
    await api(c).post(`/v1/cases/${violent.caseId}/release`).set(bearer(moderator.apiKey));
  });

  test('a rule the model did not confirm is named beside "No flags", so the moderator still sees it', async () => {
    const { c, page } = s;
    const moderator = await newModerator(c, 'Ola Overruled');
    const text = `My four-year-old just announced she is going to "bomb" the bath with all her toys. Splash zone is real, send help. ${Date.now()}`;
    const filed = await queued(c, moderator.apiKey, text);
    expect((await caseDetail(c, moderator.apiKey, filed.caseId)).signals).toMatchObject({ flags: [], overruled: expect.arrayContaining([expect.objectContaining({ rule: 'en.we-will.bomb' })]) });
    // The audit trail names it too.
    const { rows: [queuedEvent] } = await c.docket.db.query(`SELECT data FROM audit_trail WHERE subject_id = $1 AND action = 'case.queued'`, [filed.caseId]);
    expect(queuedEvent.data.overruled).toContain('en.we-will.bomb');
    await signIn(page, moderator.apiKey);
    await page.goto(`/console/cases/${filed.caseId}`);
    await showsPost(page, 'the bath with all her toys');
    const signals = page.getByRole('region', { name: 'Signals' });
    await signals.getByText('No flags').waitFor();
    await signals.locator('.overruled').filter({ hasText: '(en.we-will.bomb)' }).filter({ hasText: 'did not confirm it' }).waitFor();
    await screenshot(page, 'console-signals-overruled');
  });

  test('a skipped case does not come back to the moderator who skipped it, but others can claim it', async () => {
    const { c, page } = s;
    const moderator = await newModerator(c, 'Sky Moderator');
    const other = await newModerator(c, 'Other Moderator');
    const a = await queued(c, moderator.apiKey, 'Shoot the organisers when they arrive');
    const b = await queued(c, moderator.apiKey, 'Send crypto now and double it by Friday', SCAM);
    expect(Date.parse(a.dueAt)).toBeLessThan(Date.parse(b.dueAt));
    await signIn(page, moderator.apiKey);

    // The overview's figures: both cases queued in the standard tier (the console reads them every 5 s).
    const standard = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Standard' }) });
    await standard.getByRole('cell', { name: '2', exact: true }).first().waitFor();
    expect(await standard.getByRole('cell').allTextContents()).toEqual(['2', expect.any(String), '0', '1']);
    await screenshot(page, 'console-queue');

    await page.keyboard.press('c');
    await showsPost(page, 'Shoot the organisers');
    await page.keyboard.press('s');
    await showsPost(page, 'Send crypto now');
    await page.getByRole('status').filter({ hasText: 'Case skipped' }).waitFor();
    expect(await caseState(c, moderator.apiKey, a.caseId)).toBe('queued');

    await page.keyboard.press('n');
    await page.getByLabel('Reason').fill('Spam, but not fraud under our rules.');
    await page.keyboard.press('Enter');
    // Only the words every wording would keep: A is still queued, so "the queue is empty" is not the point here.
    await page.getByRole('status').filter({ hasText: 'No case to claim' }).waitFor();
    await page.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();
    expect(await caseState(c, moderator.apiKey, b.caseId)).toBe('no_violation');

    // A is still queued: not for the moderator who skipped it, but for anyone else.
    expect(await caseState(c, moderator.apiKey, a.caseId)).toBe('queued');
    expect((await api(c).post('/v1/queue/claim').set(bearer(moderator.apiKey)).send({})).status).toBe(204);
    const claimed = await api(c).post('/v1/queue/claim').set(bearer(other.apiKey)).send({});
    expect(claimed.status).toBe(200);
    expect(claimed.body.id).toBe(a.caseId);
  });

  test('? shows the keyboard shortcuts, Escape gives the focus back; j and k move between the reports', async () => {
    const { c, page } = s;
    const moderator = await newModerator(c, 'Jay Moderator');
    const user = (await createPrincipal(c.docket, { role: 'reporter', kind: 'user' })).apiKey;
    const post = { id: `p-shortcuts-${Date.now()}`, text: 'Arm yourselves and march on the town hall' };
    const first = await fileQueued(c.docket, c.provider, moderator.apiKey, VIOLENT, post);
    const second = await fileQueued(c.docket, user, moderator.apiKey, { description: 'A neighbour is threatening to attack the town hall' }, post);
    expect(second.caseId).toBe(first.caseId);
    await waitFor('both reports on the case', async () => (await caseDetail(c, moderator.apiKey, first.caseId)).reportCount === 2);
    await signIn(page, moderator.apiKey);
    await page.keyboard.press('c');
    await showsPost(page, 'Arm yourselves');
    await page.getByText('2 reports').waitFor();

    const before = await focused(page);
    expect(before).toMatch(/^H1/);
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    for (const what of ['Claim the next case', 'Remove', 'No violation', 'Skip the case', 'Next / previous report', 'Reveal or blur violent content', 'Show these shortcuts']) {
      await sheet.getByText(what, { exact: true }).waitFor();
    }
    expect(await sheet.locator('kbd').allTextContents()).toEqual(expect.arrayContaining(['c', 'r', 'n', 'e', 's', 'j', 'k', 'b', '?', 'Enter', 'Esc']));
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe(before);

    const reports = page.locator('article.report');
    expect(await reports.count()).toBe(2);
    await page.keyboard.press('j');
    await page.locator('#report-0[aria-current="true"]').waitFor();
    expect(await reports.nth(1).getAttribute('aria-current')).toBeNull();
    expect(await focused(page)).toBe('ARTICLE#report-0');
    await page.keyboard.press('j');
    await page.locator('#report-1[aria-current="true"]').waitFor();
    expect(await reports.nth(0).getAttribute('aria-current')).toBeNull();
    expect(await focused(page)).toBe('ARTICLE#report-1');
    await page.keyboard.press('k');
    await page.locator('#report-0[aria-current="true"]').waitFor();
    expect(await reports.nth(1).getAttribute('aria-current')).toBeNull();
    // Who reported stays hidden; their kinds are shown.
    await reports.nth(0).getByText(/Hosting provider|User/).waitFor();
    expect((await reports.allTextContents()).join(' ')).toMatch(/Hosting provider[\s\S]*User|User[\s\S]*Hosting provider/);
    await api(c).post(`/v1/cases/${first.caseId}/release`).set(bearer(moderator.apiKey));
  });

  test('a reason template is filled in by its number key, placeholders and all, and becomes the explanation', async () => {
    const { c, page } = s;
    const senior = await createPrincipal(c.docket, { role: 'senior', name: 'Sam Senior' });
    const moderator = await newModerator(c, 'Tem Moderator');
    const template = await api(c).post('/v1/reason-templates').set(bearer(senior.apiKey))
      .send({ position: 1, title: 'Satire', action: 'no_violation', text: 'Satire of {postId}, no call to violence.' });
    expect(template.status).toBe(201);
    try {
      const filed = await queued(c, moderator.apiKey, 'Hang the referee, says the satirical sports page');
      const postId = (await caseDetail(c, moderator.apiKey, filed.caseId)).post.id as string;
      const expected = `Satire of ${postId}, no call to violence.`;
      await signIn(page, moderator.apiKey);
      await page.keyboard.press('c');
      await showsPost(page, 'Hang the referee');

      await page.keyboard.press('n');
      const form = page.getByRole('form', { name: 'Decision' });
      await form.waitFor();
      await form.getByRole('button', { name: /Satire/ }).waitFor();
      const reason = page.getByLabel('Reason');
      await waitForFocus(page, 'decision-reason');
      // In the text field: Alt+1.
      await page.keyboard.press('Alt+1');
      await waitFor('the template in the Reason field', async () => (await reason.inputValue()) === expected);
      // Outside a text field: 1 alone.
      await reason.fill('scratch');
      await form.getByRole('button', { name: 'Submit' }).focus();
      await page.keyboard.press('1');
      await waitFor('the template in the Reason field again', async () => (await reason.inputValue()) === expected);
      await screenshot(page, 'console-decision');

      await reason.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'No violation recorded' }).waitFor();
      const decided = await caseDetail(c, moderator.apiKey, filed.caseId);
      expect(decided.state).toBe('no_violation');
      expect(decided.decision).toMatchObject({ action: 'no_violation', explanation: expected });
    } finally {
      await api(c).delete(`/v1/reason-templates/${template.body.id}`).set(bearer(senior.apiKey));
    }
  });

  test('a removal without its law is refused beside the Law field, nothing is decided and the typed text stays', async () => {
    const { c, page } = s;
    const moderator = await newModerator(c, 'Lex Moderator');
    const filed = await queued(c, moderator.apiKey, 'Bring knives to the rally and finish them');
    await signIn(page, moderator.apiKey);
    await page.keyboard.press('c');
    await showsPost(page, 'Bring knives');

    await page.keyboard.press('r');
    await page.getByRole('form', { name: 'Decision' }).waitFor();
    await page.getByLabel('Ground').selectOption('illegal_content');
    const law = page.getByLabel('Law');
    const reason = page.getByLabel('Reason');
    const typed = 'Calls for stabbing people at a named rally.';
    await reason.fill(typed);
    const answer = decisionResponse(page);
    await page.keyboard.press('Enter');
    const response = await answer;
    expect(response.status()).toBe(400);
    const { errors } = (await response.json()) as { errors: { path: string; message: string }[] };
    const lawError = errors.find((e) => e.path === 'legalGround');
    expect(lawError).toBeDefined();

    await page.locator('#decision-law[aria-invalid="true"]').waitFor();
    const message = page.locator('#decision-law-error');
    await message.waitFor();
    expect(await message.textContent()).toBe(lawError!.message);
    expect(await message.isVisible()).toBe(true);
    expect(await law.getAttribute('aria-describedby')).toBe('decision-law-error');
    expect(await reason.getAttribute('aria-invalid')).toBeNull();
    await waitForFocus(page, 'decision-law');
    expect(await reason.inputValue()).toBe(typed);
    expect(await page.getByLabel('Ground').inputValue()).toBe('illegal_content');
    const still = await caseDetail(c, moderator.apiKey, filed.caseId);
    expect(still).toMatchObject({ state: 'in_review', claimedBy: moderator.id, decision: null });

    // Corrected in place, the same form goes through.
    await law.fill('StGB §111 (public incitement to crime)');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: /Removed/ }).waitFor();
    expect((await caseDetail(c, moderator.apiKey, filed.caseId)).decision).toMatchObject({ action: 'remove', legalGround: 'StGB §111 (public incitement to crime)', explanation: typed });
  });
});

describe('console: seniors and signing out', () => {
  const { s, test } = consoleSuite();

  test('a senior sees the senior queue, breached escalations first, and claims the first of them', async () => {
    const { c, page } = s;
    const moderator = await newModerator(c, 'Esc Moderator');
    const senior = await createPrincipal(c.docket, { role: 'senior', name: 'Sue Senior' });
    const escalate = async (text: string) => {
      const filed = await queued(c, moderator.apiKey, text);
      const claim = await api(c).post('/v1/queue/claim').set(bearer(moderator.apiKey)).send({});
      expect(claim.body.id).toBe(filed.caseId);
      const res = await api(c).post(`/v1/cases/${filed.caseId}/decision`).set(bearer(moderator.apiKey))
        .send({ action: 'escalate', explanation: 'Needs a senior: a named target.' });
      expect(res.status).toBe(200);
      return filed;
    };
    const first = await escalate('Hunt down the councillor after the vote');
    const second = await escalate('Shoot the referee if they lose again');
    // The first escalation's deadline passes: it is breached, and stays first.
    c.docket.clock.advance(2 * 3600_000);

    await signIn(page, senior.apiKey);
    const section = page.getByRole('region', { name: 'Senior queue' });
    const rows = section.getByRole('row');
    await rows.filter({ hasText: `Case ${second.caseId.slice(0, 8)}` }).waitFor();
    const texts = await rows.allTextContents();
    expect(texts.slice(1).map((t) => t.slice(0, 13))).toEqual([`Case ${first.caseId.slice(0, 8)}`, `Case ${second.caseId.slice(0, 8)}`]);
    expect(texts[1]).toContain('Breached');
    await page.keyboard.press('c');
    await showsPost(page, 'Hunt down the councillor');
  });

  test('a senior sees a failed removal with the platform\'s answer and retries it by keyboard', async () => {
    const { c, page } = s;
    const moderator = await newModerator(c, 'Rem Moderator');
    const senior = await createPrincipal(c.docket, { role: 'senior', name: 'Sid Senior' });
    c.platform.respond = () => 500;
    try {
      const filed = await queued(c, moderator.apiKey, 'Kill the mayor at the parade');
      const claim = await api(c).post('/v1/queue/claim').set(bearer(moderator.apiKey)).send({});
      expect(claim.body.id).toBe(filed.caseId);
      expect((await api(c).post(`/v1/cases/${filed.caseId}/decision`).set(bearer(moderator.apiKey)).send(REMOVE)).status).toBe(200);
      await waitFor('the removal to fail', async () => (await caseState(c, senior.apiKey, filed.caseId)) === 'removal_failed');
      const failures = await api(c).get('/v1/enforcement/failures').set(bearer(senior.apiKey));
      const failure = failures.body.items.find((f: { caseId: string }) => f.caseId === filed.caseId);
      expect(failure.lastError).toEqual(expect.any(String));
      const postId = (await caseDetail(c, senior.apiKey, filed.caseId)).post.id as string;
      c.platform.respond = () => 200;

      await signIn(page, senior.apiKey);
      const section = page.getByRole('region', { name: 'Removal failures' });
      const row = section.getByRole('row').filter({ hasText: postId });
      await row.waitFor();
      // The platform's answer, without the webhook address the API names it by.
      expect(failure.lastError).toMatch(/^POST \S+ answered 500$/);
      await row.getByText('answered 500', { exact: true }).waitFor();
      expect(await row.getByRole('cell').allTextContents()).toEqual([postId, 'Violence', expect.any(String), '1', 'answered 500', 'Retry removal']);
      await screenshot(page, 'console-senior');

      await pressEnterOn(row.getByRole('button', { name: 'Retry removal' }));
      await page.getByRole('status').filter({ hasText: 'Removal order sent again' }).waitFor();
      await row.waitFor({ state: 'detached' });
      expect(await focused(page)).toBe('H2#failures-title');
      await waitFor('the platform to confirm the retried removal', async () => (await caseState(c, senior.apiKey, filed.caseId)) === 'removed');
      expect(c.platform.received.filter((r) => r.body.caseId === filed.caseId)).toHaveLength(2);
      await section.getByText('None', { exact: true }).waitFor();
    } finally {
      c.platform.respond = () => 200;
    }
  });

  test('Sign out ends the session for good; revoking the key sends the console back to sign-in by itself', async () => {
    const { c, page, context } = s;
    const moderator = await newModerator(c, 'Out Moderator');
    await signIn(page, moderator.apiKey);
    const cookie = (await context.cookies()).find((k) => k.name === 'docket_session')!;
    expect(cookie).toBeDefined();

    await pressEnterOn(page.getByRole('button', { name: 'Sign out' }));
    await page.getByRole('heading', { name: 'Sign in to docket' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    expect((await page.request.get('/v1/session')).status()).toBe(401);
    // Not merely forgotten by the browser: the old cookie itself is refused.
    expect((await page.request.get('/v1/session', { headers: { Cookie: `docket_session=${cookie.value}` } })).status()).toBe(401);
    expect((await page.request.get('/v1/queue/overview', { headers: { Cookie: `docket_session=${cookie.value}` } })).status()).toBe(401);

    await page.getByLabel('API key').fill(moderator.apiKey);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();
    expect((await page.request.get('/v1/session')).status()).toBe(200);
    const revoked = await api(c).delete(`/v1/admin/principals/${moderator.id}`).set(bearer(c.docket.adminKey));
    expect(revoked.status).toBe(204);
    // The overview polls every 5 s; its next poll finds the session gone.
    await page.getByRole('heading', { name: 'Sign in to docket' }).waitFor({ timeout: 15_000 });
    await page.getByRole('alert').filter({ hasText: 'Your session has ended; sign in again.' }).waitFor();
    expect((await page.request.get('/v1/session')).status()).toBe(401);

    await page.getByLabel('API key').fill(moderator.apiKey);
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: /revoked/ }).waitFor();
  });
});

describe('console: a session that ends mid-decision', () => {
  const { s, test } = consoleSuite({ SESSION_IDLE_SECONDS: '60' });

  test('the reason typed before the session expired is still there after signing in again, and goes through', async () => {
    const { c, page } = s;
    const moderator = await newModerator(c, 'Idle Moderator');
    const filed = await queued(c, moderator.apiKey, 'We will shoot every poll worker we find');
    await signIn(page, moderator.apiKey);
    await page.keyboard.press('c');
    await showsPost(page, 'shoot every poll worker');
    await page.keyboard.press('n');
    const reason = page.getByLabel('Reason');
    const typed = 'Quoted in a news report condemning the threat.';
    await reason.fill(typed);

    c.docket.clock.advance(61_000);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sign in to docket' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Your session has ended; sign in again.' }).waitFor();
    expect(await caseState(c, moderator.apiKey, filed.caseId)).toBe('in_review');

    await signInAgain(page, moderator.apiKey);
    await showsPost(page, 'shoot every poll worker');
    await page.getByRole('form', { name: 'Decision' }).waitFor();
    expect(await reason.inputValue()).toBe(typed);
    await reason.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'No violation recorded' }).waitFor();
    const decided = await caseDetail(c, moderator.apiKey, filed.caseId);
    expect(decided.state).toBe('no_violation');
    expect(decided.decision).toMatchObject({ action: 'no_violation', explanation: typed, decidedBy: moderator.id });
  });
});

describe('console: a lease lost while deciding', () => {
  const { s, test } = consoleSuite();

  test('a decision on a lease another moderator has taken is refused plainly and the console moves on', async () => {
    const { c, page } = s;
    const moderator = await newModerator(c, 'Slow Moderator');
    const other = await newModerator(c, 'Quick Moderator');
    const filed = await queued(c, moderator.apiKey, 'Lynch the judge outside the court');
    await signIn(page, moderator.apiKey);
    await page.keyboard.press('c');
    await showsPost(page, 'Lynch the judge');
    await page.keyboard.press('n');
    await page.getByLabel('Reason').fill('Lyrics from a well-known song.');

    c.docket.clock.advance(301_000);
    const claimed = await api(c).post('/v1/queue/claim').set(bearer(other.apiKey)).send({});
    expect(claimed.status).toBe(200);
    expect(claimed.body.id).toBe(filed.caseId);

    const answer = decisionResponse(page);
    await page.keyboard.press('Enter');
    const response = await answer;
    expect(response.status()).toBe(409);
    const { message } = (await response.json()) as { message: string };
    await page.getByRole('alert').filter({ hasText: `The decision was not recorded: ${message}.` }).waitFor();
    await page.getByRole('status').filter({ hasText: 'No case to claim for you right now.' }).waitFor();
    await page.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();
    const after = await caseDetail(c, other.apiKey, filed.caseId);
    expect(after).toMatchObject({ state: 'in_review', claimedBy: other.id, decision: null });
  });
});

describe('console: break prompt', () => {
  const { s, test } = consoleSuite({ WELLNESS_BREAK_VIOLENT_CASES: '1' });

  async function claimViolentUntilPrompted(key: string, text: string) {
    const { c, page } = s;
    const filed = await queued(c, key, text);
    await signIn(page, key);
    await page.keyboard.press('c');
    await showsPost(page, text.slice(0, 12));
    const prompt = page.getByRole('alertdialog', { name: 'Time for a break' });
    // The console reads the exposure after each claim: the prompt comes with that reading.
    await prompt.waitFor();
    return { filed, prompt };
  }

  test('after the violent case that reaches the limit, the break prompt says why; Continue keeps working', async () => {
    const { c, page } = s;
    const moderator = await newModerator(c, 'Cont Moderator');
    const { filed, prompt } = await claimViolentUntilPrompted(moderator.apiKey, 'Stone the councillors until they stop breathing');
    await prompt.getByText('You have opened 1 violent case since your last pause.').waitFor();
    await prompt.getByText(/gives any case you hold back to the queue/).waitFor();
    const exposure = (await api(c).get('/v1/me/exposure').set(bearer(moderator.apiKey))).body;
    expect(exposure).toMatchObject({ breakDue: true, sincePause: { violentCases: 1 }, limits: { breakAfterViolentCases: 1 } });
    await screenshot(page, 'console-break');

    await pressEnterOn(prompt.getByRole('button', { name: 'Continue' }));
    await prompt.waitFor({ state: 'detached' });
    expect(await focused(page)).not.toMatch(/^BODY/);
    await showsPost(page, 'Stone the councillors');
    expect(await caseDetail(c, moderator.apiKey, filed.caseId)).toMatchObject({ state: 'in_review', claimedBy: moderator.id });
    await api(c).post(`/v1/cases/${filed.caseId}/release`).set(bearer(moderator.apiKey));
  });

  test('Take a break gives the held case back and shows the pause screen until I\'m back', async () => {
    const { c, page } = s;
    const moderator = await newModerator(c, 'Pause Moderator');
    const other = await newModerator(c, 'Next Moderator');
    const { filed, prompt } = await claimViolentUntilPrompted(moderator.apiKey, 'Behead the journalists at the station');
    expect((await caseDetail(c, moderator.apiKey, filed.caseId)).claimedBy).toBe(moderator.id);

    await pressEnterOn(prompt.getByRole('button', { name: 'Take a break' }));
    await page.getByRole('heading', { name: 'On a break', level: 1 }).waitFor();
    await prompt.waitFor({ state: 'detached' });
    await waitFor('the lease to be given back', async () => (await caseDetail(c, other.apiKey, filed.caseId)).claimedBy === null);
    expect(await caseDetail(c, other.apiKey, filed.caseId)).toMatchObject({ state: 'queued', leaseExpiresAt: null });
    const claimed = await api(c).post('/v1/queue/claim').set(bearer(other.apiKey)).send({});
    expect(claimed.body.id).toBe(filed.caseId);

    await pressEnterOn(page.getByRole('button', { name: "I'm back" }));
    await page.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(await focused(page)).toMatch(/^H1/);
  });
});
