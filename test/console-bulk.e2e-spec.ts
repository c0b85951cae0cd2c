/**
 * Bulk decisions in the moderator console (issue 21): a senior selects cases (by a case's text, from that case's
 * screen, or by pasted ids), previews what would be decided and what is left out, confirms in a dialog naming the
 * count, and follows the progress: a countdown to the end of the grace period, Cancel within it, the removal orders
 * after it. Real API, worker and PostgreSQL, a fake platform.
 */
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { keepingScreenshot, launchChromium, newConsolePage, screenshot, seriousAxeViolations } from './support/browser';
import { Receiver } from './support/receiver';
import { REMOVE, fileQueued } from './support/review';
import { waitFor } from './support/wait-for';

// Chromium, the API and the worker share two cores with the other suites' leftovers.
jest.setTimeout(90_000);

const PLATFORM_SECRET = 'platform-secret-for-console-bulk-tests';
// Long enough to cancel by hand in the first test, short enough to watch it end in the second.
const GRACE_SECONDS = 15;

async function signIn(page: Page, apiKey: string): Promise<void> {
  await page.goto('/console');
  await page.getByLabel('API key').fill(apiKey);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();
}

const focused = (page: Page) =>
  page.evaluate<string>("document.activeElement ? document.activeElement.tagName + '#' + document.activeElement.id + ':' + (document.activeElement.textContent || '').trim() : 'none'");
/** Waits (bounded) until the focused element is `what` (as `focused` reads it): the screens move the focus in effects. */
const focusedOn = (page: Page, what: string) => waitFor(`the focus on ${what}`, async () => (await focused(page)) === what, 5_000, 20);
const status = (page: Page, text: string | RegExp, timeout?: number) => page.getByRole('status').filter({ hasText: text }).waitFor({ timeout });

describe('console: bulk decisions', () => {
  let docket: Docket;
  let platform: Receiver;
  let url: string;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let provider: string;
  let senior: { id: string; apiKey: string };
  let moderator: { id: string; apiKey: string };
  const violations: string[] = [];

  beforeAll(async () => {
    platform = await Receiver.start();
    const starting = launchChromium().then((b) => (browser = b));
    docket = await startDocket({
      worker: true,
      env: {
        PLATFORM_WEBHOOK_URL: platform.url, PLATFORM_WEBHOOK_SECRET: PLATFORM_SECRET, WEBHOOK_ATTEMPTS: '1', WEBHOOK_BACKOFF_MS: '10',
        BULK_GRACE_SECONDS: String(GRACE_SECONDS),
      },
    });
    await starting;
    await docket.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(docket.app.getHttpServer().address() as AddressInfo).port}`;
    const [p, s, m] = await Promise.all([
      createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      createPrincipal(docket, { role: 'senior', name: 'Bea Bulk' }),
      createPrincipal(docket, { role: 'moderator', name: 'Mo Moderator' }),
    ]);
    provider = p.apiKey;
    senior = s;
    moderator = m;
  });
  beforeEach(async () => {
    violations.length = 0;
    ({ context, page } = await newConsolePage(browser, url, violations));
  });
  afterEach(async () => {
    await context?.close();
    expect(violations).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await docket?.close();
    await platform?.close();
  });
  const test = (name: string, body: () => Promise<void>) => it(name, () => keepingScreenshot(() => page, name, body));
  const api = () => docket.http();
  const stateOf = async (caseId: string) => (await api().get(`/v1/cases/${caseId}`).set(bearer(moderator.apiKey))).body.state as string;
  const ordersFor = (caseIds: string[]) => platform.received.filter((r) => caseIds.includes(r.body?.caseId));

  test('from a case, x previews a removal of every case with its text; the dialog names the count; z cancels in the grace period', async () => {
    const spam = `Cheap watches, best prices, DM me ${randomUUID().slice(0, 6)}`;
    const cases = [];
    for (let i = 0; i < 3; i++) cases.push((await fileQueued(docket, provider, moderator.apiKey, {}, { text: spam })).caseId);
    const other = (await fileQueued(docket, provider, moderator.apiKey, {}, { text: 'A photo of my cat on the sofa' })).caseId;
    await signIn(page!, senior.apiKey);

    await page!.goto(`/console/cases/${cases[0]}`);
    await page!.getByRole('heading', { name: `Case ${cases[0].slice(0, 8)}`, level: 1 }).waitFor();
    await page!.getByRole('button', { name: 'Bulk decision by this text' }).waitFor();
    await page!.keyboard.press('x');
    await page!.getByRole('heading', { name: 'Bulk decision', level: 1 }).waitFor();
    expect(page!.url()).toContain(`/console/bulk?case=${cases[0]}`);
    expect(await page!.getByRole('radio', { name: 'Every open case with the same text as a case' }).isChecked()).toBe(true);
    expect(await page!.getByRole('textbox', { name: 'Case id', exact: true }).inputValue()).toBe(cases[0]);

    await page!.getByLabel('Law').fill(REMOVE.legalGround);
    await page!.getByLabel('Reason').fill('Spam run: the same advert posted by many accounts.');
    await page!.keyboard.press('Enter');
    const previewHeading = page!.getByRole('heading', { name: '3 · Preview: 3 cases would be removed' });
    await previewHeading.waitFor();
    expect(await focused(page!)).toMatch(/^H2#bulk-preview-title/);
    const sample = page!.getByRole('table', { name: 'All 3 cases' });
    expect(await sample.getByRole('row').count()).toBe(4);
    for (const id of cases) await sample.getByRole('link', { name: `Case ${id.slice(0, 8)}` }).waitFor();
    expect(await sample.getByText(spam).count()).toBe(3);
    expect(await page!.content()).not.toContain(other);
    // Nothing is decided by a preview.
    expect(await Promise.all(cases.map(stateOf))).toEqual(['queued', 'queued', 'queued']);
    await screenshot(page!, 'console-bulk-preview');

    // Deliberate: Tab to the button, a dialog naming the count with the focus on Back, Shift+Tab to confirm.
    await page!.keyboard.press('Tab');
    expect(await focused(page!)).toBe('BUTTON#:Remove 3 cases…');
    await page!.keyboard.press('Enter');
    const dialog = page!.getByRole('alertdialog', { name: 'Remove 3 cases?' });
    await dialog.waitFor();
    await focusedOn(page!, 'BUTTON#:Back');
    await screenshot(page!, 'console-bulk-confirm');
    await page!.keyboard.press('Shift+Tab');
    expect(await focused(page!)).toBe('BUTTON#:Remove 3 cases');
    await page!.keyboard.press('Enter');

    await page!.getByRole('heading', { name: /^Bulk decision [0-9a-f]{8}$/, level: 1 }).waitFor();
    const bulkId = /\/console\/bulk\/([0-9a-f-]+)$/.exec(page!.url())![1];
    await page!.getByText('Decided — removal orders held').waitFor();
    const timer = page!.getByRole('timer', { name: 'Grace period' });
    await timer.waitFor();
    expect(await timer.textContent()).toMatch(/Removal orders held \d+ s left to cancel/);
    expect(await Promise.all(cases.map(stateOf))).toEqual(['removing', 'removing', 'removing']);
    await screenshot(page!, 'console-bulk-progress');

    await page!.keyboard.press('z');
    await status(page!, 'Bulk removal cancelled: 3 cases back in the queue, no removal order sent');
    await page!.getByText('Cancelled: 3 cases went back to the queue; no removal order was sent.').waitFor();
    expect(await timer.count()).toBe(0);
    expect(await page!.getByRole('button', { name: 'Cancel bulk removal' }).count()).toBe(0);
    await screenshot(page!, 'console-bulk-cancelled');
    expect(await Promise.all(cases.map(stateOf))).toEqual(['queued', 'queued', 'queued']);
    const view = (await api().get(`/v1/bulk-decisions/${bulkId}`).set(bearer(senior.apiKey))).body;
    expect(view).toMatchObject({ status: 'cancelled', decided: 3, cancelled: 3 });

    // The held orders run when the grace period ends and find nothing to do.
    const after = Date.parse(view.cancellableUntil) + 3000;
    await waitFor('the grace period to be over', () => Date.now() > after, GRACE_SECONDS * 1000 + 10_000, 200);
    expect(ordersFor(cases)).toEqual([]);
  });

  test('pasted ids: the excluded are listed with why; Esc backs out of the dialog; a change drops the preview; after the grace the orders go out', async () => {
    const spam = `Win a phone, send your bank details ${randomUUID().slice(0, 6)}`;
    const wanted = [];
    for (let i = 0; i < 2; i++) wanted.push((await fileQueued(docket, provider, moderator.apiKey, {}, { text: spam })).caseId);
    const leased = (await fileQueued(docket, provider, moderator.apiKey, {}, { text: `${spam} (again)` })).caseId;
    // Someone else is reviewing it: left out. (The moderator skips the more urgent cases on the way: they stay queued.)
    await waitFor('the moderator to hold the third case', async () => {
      const claim = await api().post('/v1/queue/claim').set(bearer(moderator.apiKey)).send({});
      expect(claim.status).toBe(200);
      if (claim.body.id !== leased) await api().post(`/v1/cases/${claim.body.id}/skip`).set(bearer(moderator.apiKey));
      return claim.body.id === leased;
    });
    const missing = randomUUID();
    await signIn(page!, senior.apiKey);

    // A senior's queue leads to the bulk screen (x), the disagreements (d) and second reviews (q).
    await page!.getByRole('link', { name: 'Bulk decision' }).waitFor();
    await page!.getByRole('link', { name: 'Disagreements' }).waitFor();
    await page!.getByRole('link', { name: 'Second reviews' }).waitFor();
    await screenshot(page!, 'console-queue-senior');
    await page!.keyboard.press('x');
    await page!.getByRole('heading', { name: 'Bulk decision', level: 1 }).waitFor();
    await page!.getByRole('radio', { name: 'A list of case ids' }).check();
    await page!.getByRole('textbox', { name: 'Case ids', exact: true }).fill(`${wanted[0]}\n${wanted[1]}, ${leased}\n${missing}\n${wanted[0]}`);
    await page!.getByText('4 ids so far.').waitFor();
    await page!.getByLabel('Ground').selectOption('incompatible_content');
    await page!.getByLabel('Terms clause').fill('Community rules §7 (spam)');
    const reason = page!.getByLabel('Reason');
    await reason.fill('Phishing spam.');
    await reason.press('Enter');

    await page!.getByRole('heading', { name: '3 · Preview: 2 cases would be removed, 2 left out' }).waitFor();
    const excluded = page!.getByRole('table', { name: 'Left out, and why' });
    await excluded.getByRole('row').filter({ hasText: leased }).getByText('Someone is reviewing it').waitFor();
    await excluded.getByRole('row').filter({ hasText: missing }).getByText('No such case').waitFor();
    await screenshot(page!, 'console-bulk-preview-ids');

    // Esc in the dialog backs out: nothing decided, the focus back on the button.
    const confirm = page!.getByRole('button', { name: 'Remove 2 cases…' });
    await confirm.focus();
    await page!.keyboard.press('Enter');
    await page!.getByRole('alertdialog', { name: 'Remove 2 cases?' }).waitFor();
    await page!.keyboard.press('Escape');
    await page!.getByRole('alertdialog').waitFor({ state: 'detached' });
    await focusedOn(page!, 'BUTTON#:Remove 2 cases…');
    expect(await Promise.all(wanted.map(stateOf))).toEqual(['queued', 'queued']);

    // A change after the preview drops it: what is confirmed is what was previewed.
    await reason.fill('Phishing spam: asks for bank details.');
    await confirm.waitFor({ state: 'detached', timeout: 5_000 });
    await reason.press('Enter');
    await confirm.waitFor();
    await confirm.focus();
    await page!.keyboard.press('Enter');
    // The dialog puts the focus on Back as it opens: move it only after that.
    await focusedOn(page!, 'BUTTON#:Back');
    await page!.getByRole('alertdialog', { name: 'Remove 2 cases?' }).getByRole('button', { name: 'Remove 2 cases' }).focus();
    await page!.keyboard.press('Enter');

    await page!.getByRole('heading', { name: /^Bulk decision [0-9a-f]{8}$/, level: 1 }).waitFor();
    await page!.getByRole('timer', { name: 'Grace period' }).waitFor();
    // The countdown runs out by itself; the orders go out and the platform confirms them.
    await status(page!, 'Grace period over: the removal orders were sent', GRACE_SECONDS * 1000 + 15_000);
    await page!.getByText('Grace period over: the removal orders were sent. Reversal goes through appeals.').waitFor();
    expect(await page!.getByRole('button', { name: 'Cancel bulk removal' }).count()).toBe(0);
    const removed = page!.locator('.bulk-figures div').filter({ hasText: /^Removed/ }).locator('dd');
    await waitFor('the removals to be confirmed on screen', async () => (await removed.textContent()) === '2', 20_000, 100);
    await page!.getByText('Done', { exact: true }).waitFor();
    await screenshot(page!, 'console-bulk-done');
    expect(ordersFor(wanted)).toHaveLength(2);
    expect(await Promise.all(wanted.map(stateOf))).toEqual(['removed', 'removed']);
    expect(ordersFor([leased])).toEqual([]);

    // Cancelling now is refused plainly by the API; the console no longer offers it (z does nothing).
    await page!.keyboard.press('z');
    expect(await page!.getByRole('alert').count()).toBe(0);
  });

  test('no serious or critical accessibility violation on the bulk screens; a "no violation" bulk is not cancellable', async () => {
    const text = `Follow for follow ${randomUUID().slice(0, 6)}`;
    const ids = [];
    for (let i = 0; i < 2; i++) ids.push((await fileQueued(docket, provider, moderator.apiKey, {}, { text })).caseId);
    const axeContext = await browser.newContext({ baseURL: url, viewport: { width: 1366, height: 768 }, bypassCSP: true });
    try {
      const axePage = await axeContext.newPage();
      axePage.setDefaultTimeout(10_000);
      await signIn(axePage, senior.apiKey);
      await axePage.keyboard.press('x');
      await axePage.getByRole('heading', { name: 'Bulk decision', level: 1 }).waitFor();
      expect(await seriousAxeViolations(axePage)).toEqual([]);
      await axePage.getByRole('radio', { name: "A reporter's notices in a period" }).check();
      await axePage.getByRole('textbox', { name: 'Reporter id' }).waitFor();
      expect(await seriousAxeViolations(axePage)).toEqual([]);
      // A field the API refuses is marked, with its message beside it.
      await axePage.getByRole('textbox', { name: 'Reporter id' }).fill('not-a-principal');
      await axePage.getByRole('radio', { name: 'No violation' }).check();
      await axePage.getByLabel('Reason').fill('Engagement bait, allowed.');
      await axePage.getByLabel('Reason').press('Enter');
      await axePage.locator('#bulk-reporter[aria-invalid="true"]').waitFor();
      await axePage.locator('#bulk-reporter-error').filter({ hasText: 'must be a principal id (a UUID)' }).waitFor();
      expect(await seriousAxeViolations(axePage)).toEqual([]);

      await axePage.getByRole('radio', { name: 'A list of case ids' }).check();
      await axePage.getByRole('textbox', { name: 'Case ids', exact: true }).fill(ids.join('\n'));
      await axePage.getByLabel('Reason').press('Enter');
      await axePage.getByRole('heading', { name: '3 · Preview: 2 cases would be closed as “no violation”' }).waitFor();
      expect(await seriousAxeViolations(axePage)).toEqual([]);
      await axePage.getByRole('button', { name: 'Record “no violation” for 2 cases…' }).click();
      const dialog = axePage.getByRole('alertdialog', { name: 'Close 2 cases as “no violation”?' });
      await dialog.getByText('This cannot be cancelled; reversal goes through appeals.').waitFor();
      expect(await seriousAxeViolations(axePage)).toEqual([]);
      await dialog.getByRole('button', { name: 'Close 2 cases' }).click();
      await axePage.getByRole('heading', { name: /^Bulk decision [0-9a-f]{8}$/, level: 1 }).waitFor();
      await axePage.getByText('Done', { exact: true }).waitFor();
      expect(await axePage.getByRole('timer', { name: 'Grace period' }).count()).toBe(0);
      expect(await axePage.getByRole('button', { name: 'Cancel bulk removal' }).count()).toBe(0);
      expect(await seriousAxeViolations(axePage)).toEqual([]);
      await screenshot(axePage, 'console-bulk-no-violation');
    } finally {
      await axeContext.close();
    }
    expect(await Promise.all(ids.map(stateOf))).toEqual(['no_violation', 'no_violation']);
  });
});
