/**
 * Appeals in the moderator console (issue 18): a moderator other than the decider claims an appeal, reads the
 * appellant's statement beside the contested decision, the post and its reports, and upholds or overturns it by
 * keyboard; seniors retry restore orders the platform refused. Real API, worker and PostgreSQL, a fake platform.
 */
import { AddressInfo } from 'node:net';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { focused, keepingScreenshot, launchChromium, newConsolePage, screenshot, seriousAxeViolations, waitForFocus } from './support/browser';
import { notice } from './support/notices';
import { Receiver } from './support/receiver';
import { REMOVE } from './support/review';
import { waitFor } from './support/wait-for';

// Chromium, the API and the worker share two cores with the other suites' leftovers.
jest.setTimeout(90_000);

const PLATFORM_SECRET = 'platform-secret-for-console-appeal-tests';

interface Keys {
  provider: string;
  user: string;
  platform: string;
  /** Decides the cases whose decisions are appealed: never given those appeals. */
  decider: { id: string; apiKey: string };
  /** Empties the case and appeal queues between tests. */
  janitor: string;
}

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


describe('console: appeals', () => {
  let docket: Docket;
  let platform: Receiver;
  let url: string;
  let keys: Keys;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const violations: string[] = [];

  beforeAll(async () => {
    platform = await Receiver.start();
    // Assigned one by one, so that whichever started is closed in afterAll even if the other failed.
    const starting = launchChromium().then((b) => (browser = b));
    docket = await startDocket({
      worker: true,
      env: { PLATFORM_WEBHOOK_URL: platform.url, PLATFORM_WEBHOOK_SECRET: PLATFORM_SECRET, WEBHOOK_ATTEMPTS: '1', WEBHOOK_BACKOFF_MS: '10' },
    });
    await starting;
    await docket.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(docket.app.getHttpServer().address() as AddressInfo).port}`;
    const [provider, user, plat, decider, janitor] = await Promise.all([
      createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      createPrincipal(docket, { role: 'reporter', kind: 'user' }),
      createPrincipal(docket, { role: 'platform' }),
      createPrincipal(docket, { role: 'moderator', name: 'Dee Decider' }),
      createPrincipal(docket, { role: 'moderator', name: 'Queue janitor' }),
    ]);
    keys = { provider: provider.apiKey, user: user.apiKey, platform: plat.apiKey, decider, janitor: janitor.apiKey };
  });
  beforeEach(async () => {
    violations.length = 0;
    platform.respond = () => 200;
    await drainAppeals();
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
  const appeal = async (key: string, id: string) => (await api().get(`/v1/appeals/${id}`).set(bearer(key))).body;
  const caseState = async (caseId: string) => (await api().get(`/v1/cases/${caseId}`).set(bearer(keys.janitor))).body.state as string;

  /** Upholds every claimable appeal with the janitor, so each test starts with none waiting. */
  async function drainAppeals(): Promise<void> {
    for (;;) {
      const claim = await api().post('/v1/appeals/claim').set(bearer(keys.janitor)).send({});
      if (claim.status === 204) return;
      if (claim.status !== 200) throw new Error(`draining appeals: claim answered ${claim.status} ${JSON.stringify(claim.body)}`);
      const res = await api().post(`/v1/appeals/${claim.body.id}/decision`).set(bearer(keys.janitor)).send({ outcome: 'uphold', reason: 'Cleared between tests.' });
      if (res.status !== 200) throw new Error(`draining appeals: decision answered ${res.status} ${JSON.stringify(res.body)}`);
    }
  }

  /** A notice from `reporter` about a post saying `text`, decided by the decider (a removal confirmed by the platform). */
  async function decided(reporter: string, text: string, decision: object) {
    const filed = await api().post('/v1/reports').set(bearer(reporter)).send(notice({}, { text }));
    expect(filed.status).toBe(202);
    const caseId = filed.body.caseId as string;
    await waitFor('the case to be queued', async () => (await caseState(caseId)) === 'queued');
    const claim = await api().post('/v1/queue/claim').set(bearer(keys.decider.apiKey)).send({});
    expect(claim.body.id).toBe(caseId);
    const res = await api().post(`/v1/cases/${caseId}/decision`).set(bearer(keys.decider.apiKey)).send(decision);
    expect(res.status).toBe(200);
    if ((decision as { action: string }).action === 'remove') await waitFor('the removal to be confirmed', async () => (await caseState(caseId)) === 'removed');
    return { caseId, decisionId: res.body.decision.id as string, postId: res.body.post.id as string };
  }

  async function authorAppeal(text: string, statement: string) {
    const removal = await decided(keys.provider, text, REMOVE);
    const filed = await api().post('/v1/appeals').set(bearer(keys.platform)).send({ decisionId: removal.decisionId, appellant: 'author', statement, externalRef: 'PLAT-77' });
    expect(filed.status).toBe(202);
    return { ...removal, appealId: filed.body.id as string };
  }

  test('a moderator claims an appeal of a removal, reads it, and overturns it by keyboard; the platform restores the post', async () => {
    const moderator = await createPrincipal(docket, { role: 'moderator', name: 'Ari Appeals' });
    const statement = 'This was satire of a politician, quoted from a comedy show. Nobody was threatened.';
    const filed = await authorAppeal('Hang the minister from the lamppost, says the late-night host', statement);
    await signIn(page!, moderator.apiKey);

    // The queue screen says appeals are waiting and leads to them with a.
    await page!.getByRole('link', { name: 'Appeals · 1 queued' }).waitFor();
    await screenshot(page!, 'console-queue-appeals-link');
    await page!.keyboard.press('a');
    await page!.getByRole('heading', { name: 'Appeals', level: 1 }).waitFor();
    expect(await focused(page!)).toMatch(/^H1/);
    const standard = page!.getByRole('row').filter({ has: page!.getByRole('rowheader', { name: 'Standard' }) });
    await standard.waitFor();
    expect((await standard.getByRole('cell').allTextContents()).slice(0, 3)).toEqual(['1', '0', '0']);
    await screenshot(page!, 'console-appeals');

    await page!.keyboard.press('c');
    await page!.getByRole('heading', { name: `Appeal ${filed.appealId.slice(0, 8)}`, level: 1 }).waitFor();
    expect(page!.url()).toContain(`/console/appeals/${filed.appealId}`);
    // The appellant and their statement, the contested decision's statement of reasons, the post and its reports.
    await page!.getByRole('region', { name: "Appellant's statement" }).locator('blockquote').filter({ hasText: statement }).waitFor();
    await page!.getByText("The post's author").waitFor();
    const contested = page!.getByRole('region', { name: 'Contested decision', exact: true });
    await contested.getByText(REMOVE.legalGround).waitFor();
    await contested.getByText(REMOVE.explanation).waitFor();
    await contested.getByText('Illegal content').waitFor();
    await page!.getByLabel('Post text').filter({ hasText: 'Hang the minister' }).waitFor();
    await page!.getByRole('region', { name: 'Reports' }).getByText('Hosting provider').waitFor();
    expect(await page!.content()).not.toContain(keys.provider);
    await page!.getByRole('timer', { name: 'Deadline' }).waitFor();
    await page!.getByRole('timer', { name: 'Lease' }).waitFor();
    expect(await appeal(moderator.apiKey, filed.appealId)).toMatchObject({ status: 'in_review' });

    // Violent content is blurred as on the case screen, until b.
    expect(await page!.locator('.post-content').getAttribute('data-blurred')).toBe('true');
    await page!.keyboard.press('b');
    await page!.locator('.post-content[data-blurred="false"]').waitFor();
    await page!.keyboard.press('b');
    await page!.locator('.post-content[data-blurred="true"]').waitFor();
    await screenshot(page!, 'console-appeal');

    await page!.keyboard.press('o');
    const form = page!.getByRole('form', { name: 'Decision' });
    await form.getByRole('heading', { name: 'Overturn: restore the post' }).waitFor();
    // A removal overturned needs only the reason: no category, ground or law.
    expect(await form.getByLabel('Law').count()).toBe(0);
    await waitForFocus(page!, 'decision-reason');
    const reason = 'Satire quoted from a comedy show; no call to violence.';
    await page!.keyboard.type(reason);
    await screenshot(page!, 'console-appeal-overturn');
    await page!.keyboard.press('Enter');

    // Submit & next: no other appeal waits, so the appeals screen says so.
    await page!.getByRole('status').filter({ hasText: 'restore order sent to the platform' }).waitFor();
    await page!.getByRole('status').filter({ hasText: 'No appeal to claim for you right now.' }).waitFor();
    await page!.getByRole('heading', { name: 'Appeals', level: 1 }).waitFor();
    const restored = await waitFor('the platform to confirm the restore', async () => {
      const a = await appeal(moderator.apiKey, filed.appealId);
      return a.status === 'restored' ? a : undefined;
    });
    expect(restored).toMatchObject({ outcome: 'overturn', reason, restoredAt: expect.any(String) });
    const order = platform.received.find((r) => r.body?.type === 'content.restore' && r.body.appealId === filed.appealId);
    expect(order?.body).toMatchObject({ caseId: filed.caseId, postId: filed.postId, overturnedDecisionId: filed.decisionId });
    expect(await caseState(filed.caseId)).toBe('no_violation');
  });

  test('a notifier\'s appeal of a "no violation" is overturned with the removal\'s fields; errors show beside them; Esc gives it back', async () => {
    const moderator = await createPrincipal(docket, { role: 'moderator', name: 'Noor Appeals' });
    const cleared = await decided(keys.user, 'Meet at the synagogue on Saturday at 10, bring the petrol', { action: 'no_violation', explanation: 'Reads as a joke between friends.' });
    const filed = await api().post('/v1/appeals').set(bearer(keys.user))
      .send({ decisionId: cleared.decisionId, appellant: 'notifier', statement: 'It names a date, a place and petrol: it is a plan for an arson attack.' });
    expect(filed.status).toBe(202);
    const appealId = filed.body.id as string;
    await signIn(page!, moderator.apiKey);
    await page!.keyboard.press('a');
    await page!.getByRole('heading', { name: 'Appeals', level: 1 }).waitFor();

    // Esc leaves the appeal and gives it back at once.
    await page!.keyboard.press('c');
    await page!.getByRole('heading', { name: `Appeal ${appealId.slice(0, 8)}` }).waitFor();
    await page!.getByText('The notifier (who reported it)').waitFor();
    expect(await appeal(moderator.apiKey, appealId)).toMatchObject({ status: 'in_review' });
    await page!.keyboard.press('Escape');
    await page!.getByRole('heading', { name: 'Appeals', level: 1 }).waitFor();
    await page!.getByRole('status').filter({ hasText: 'Appeal released' }).waitFor();
    expect(await appeal(moderator.apiKey, appealId)).toMatchObject({ status: 'queued', leaseExpiresAt: null });

    await page!.keyboard.press('c');
    await page!.getByRole('heading', { name: `Appeal ${appealId.slice(0, 8)}` }).waitFor();
    const contested = page!.getByRole('region', { name: 'Contested decision', exact: true });
    await contested.getByText('No violation', { exact: true }).waitFor();
    await contested.getByText('Reads as a joke between friends.').waitFor();

    // u opens the uphold form; o switches to overturning, which for a "no violation" is a removal: the remove form's fields.
    await page!.keyboard.press('u');
    const form = page!.getByRole('form', { name: 'Decision' });
    await form.getByRole('heading', { name: 'Uphold' }).waitFor();
    await page!.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    expect(await focused(page!)).toBe('BUTTON#appeal-uphold');
    await page!.keyboard.press('o');
    await form.getByRole('heading', { name: 'Overturn: remove the post' }).waitFor();
    expect(await focused(page!)).toBe('SELECT#decision-category');
    expect(await page!.getByLabel('Category').inputValue()).toBe('STATEMENT_CATEGORY_VIOLENCE');
    await page!.getByLabel('Ground').selectOption('illegal_content');
    const reason = page!.getByLabel('Reason');
    await reason.fill('A dated plan to set fire to a named place of worship.');
    const answer = page!.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/v1/appeals/${appealId}/decision`));
    await page!.keyboard.press('Enter');
    expect((await answer).status()).toBe(400);
    // The API's message sits beside the field it names, which takes the focus.
    await page!.locator('#decision-law[aria-invalid="true"]').waitFor();
    await page!.locator('#decision-law-error').filter({ hasText: 'must name the law the content breaks' }).waitFor();
    await waitForFocus(page!, 'decision-law');
    expect(await appeal(moderator.apiKey, appealId)).toMatchObject({ status: 'in_review' });
    await screenshot(page!, 'console-appeal-overturn-no-violation');

    await page!.keyboard.type('StGB §126 (threatening a crime)');
    await page!.keyboard.press('Enter');
    await page!.getByRole('status').filter({ hasText: 'removal order sent to the platform' }).waitFor();
    await page!.getByRole('heading', { name: 'Appeals', level: 1 }).waitFor();
    expect(await appeal(moderator.apiKey, appealId)).toMatchObject({ status: 'overturned', outcome: 'overturn' });
    await waitFor('the platform to confirm the removal', async () => (await caseState(cleared.caseId)) === 'removed');
    const decision = (await api().get(`/v1/cases/${cleared.caseId}`).set(bearer(moderator.apiKey))).body.decision;
    expect(decision).toMatchObject({ action: 'remove', ground: 'illegal_content', legalGround: 'StGB §126 (threatening a crime)', decidedBy: moderator.id });
  });

  test('the moderator who made the contested decision sees the appeal counted but is never given it', async () => {
    const filed = await authorAppeal('Shoot the referee if they lose again', 'A football chant, everybody sings it.');
    await signIn(page!, keys.decider.apiKey);
    await page!.getByRole('link', { name: 'Appeals · 1 queued' }).waitFor();
    await page!.keyboard.press('a');
    await page!.getByRole('heading', { name: 'Appeals', level: 1 }).waitFor();
    await page!.getByText('Appeals of your own decisions are never given to you.').waitFor();
    await page!.keyboard.press('c');
    await page!.getByRole('status').filter({ hasText: 'No appeal to claim for you right now.' }).waitFor();
    await page!.getByRole('heading', { name: 'Appeals', level: 1 }).waitFor();
    expect(await appeal(keys.decider.apiKey, filed.appealId)).toMatchObject({ status: 'queued', leaseExpiresAt: null });
    // Esc goes back to the queue.
    await page!.keyboard.press('Escape');
    await page!.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();
  });

  test('a senior sees a restore the platform refused beside the removal failures and retries it by keyboard', async () => {
    const moderator = await createPrincipal(docket, { role: 'moderator', name: 'Rae Appeals' });
    const senior = await createPrincipal(docket, { role: 'senior', name: 'Sol Senior' });
    const filed = await authorAppeal('Burn down the newsroom tonight', 'Wrong post: mine was a review of a film with that title.');
    const claim = await api().post('/v1/appeals/claim').set(bearer(moderator.apiKey)).send({});
    expect(claim.body.id).toBe(filed.appealId);
    platform.respond = (r) => (r.body?.type === 'content.restore' ? 503 : 200);
    const overturned = await api().post(`/v1/appeals/${filed.appealId}/decision`).set(bearer(moderator.apiKey)).send({ outcome: 'overturn', reason: 'The wrong post was removed.' });
    expect(overturned.status).toBe(200);
    await waitFor('restore_failed', async () => (await appeal(senior.apiKey, filed.appealId)).status === 'restore_failed');
    platform.respond = () => 200;

    await signIn(page!, senior.apiKey);
    const section = page!.getByRole('region', { name: 'Restore failures' });
    const row = section.getByRole('row').filter({ hasText: `Appeal ${filed.appealId.slice(0, 8)}` });
    await row.waitFor();
    await page!.getByRole('region', { name: 'Removal failures' }).waitFor();
    expect(await row.getByRole('cell').allTextContents())
      .toEqual([`Appeal ${filed.appealId.slice(0, 8)} case ${filed.caseId.slice(0, 8)}`, 'Violence', "The post's author", expect.any(String), 'Retry restore']);
    await screenshot(page!, 'console-restore-failures');

    await pressEnterOn(row.getByRole('button', { name: 'Retry restore' }));
    await page!.getByRole('status').filter({ hasText: 'Restore order sent again' }).waitFor();
    await row.waitFor({ state: 'detached' });
    expect(await focused(page!)).toBe('H2#restore-failures-title');
    await waitFor('the restoration', async () => (await appeal(senior.apiKey, filed.appealId)).status === 'restored');
    expect(platform.received.filter((r) => r.body?.type === 'content.restore' && r.body.appealId === filed.appealId)).toHaveLength(2);
    await section.getByText('None', { exact: true }).waitFor();

    // Opened by its address, a decided appeal is read-only, with its outcome and the platform's confirmation.
    await page!.goto(`/console/appeals/${filed.appealId}`);
    await page!.getByText('You do not hold this appeal').waitFor();
    await page!.getByText('The wrong post was removed.').waitFor();
    await page!.getByText(/^Restored on the platform/).waitFor();
    expect(await page!.getByRole('button', { name: 'Overturn' }).count()).toBe(0);
    await screenshot(page!, 'console-appeal-decided');
  });

  test('no serious or critical accessibility violation on the appeals and appeal screens; ? lists the appeal keys', async () => {
    const moderator = await createPrincipal(docket, { role: 'moderator', name: 'Axe Appeals' });
    const filed = await authorAppeal('Stone the councillors at dawn', 'I was quoting a medieval chronicle.');
    // axe is injected as a script; the console's CSP rightly refuses that, so this profile bypasses it.
    const axeContext = await browser.newContext({ baseURL: url, viewport: { width: 1366, height: 768 }, bypassCSP: true });
    try {
      const axePage = await axeContext.newPage();
      axePage.setDefaultTimeout(10_000);
      const seriousViolations = () => seriousAxeViolations(axePage);
      await signIn(axePage, moderator.apiKey);
      await axePage.getByRole('link', { name: 'Appeals · 1 queued' }).waitFor();
      expect(await seriousViolations()).toEqual([]);
      await axePage.keyboard.press('a');
      await axePage.getByRole('row').filter({ has: axePage.getByRole('rowheader', { name: 'Standard' }) }).waitFor();
      expect(await seriousViolations()).toEqual([]);
      await axePage.keyboard.press('c');
      await axePage.getByRole('heading', { name: `Appeal ${filed.appealId.slice(0, 8)}` }).waitFor();
      await axePage.getByRole('heading', { name: 'Earlier cases of this post' }).waitFor();
      expect(await seriousViolations()).toEqual([]);
      await axePage.keyboard.press('o');
      await axePage.getByRole('form', { name: 'Decision' }).waitFor();
      expect(await seriousViolations()).toEqual([]);

      await axePage.keyboard.press('Escape');
      await axePage.keyboard.press('?');
      const sheet = axePage.getByRole('dialog', { name: 'Keyboard shortcuts' });
      for (const what of ['Uphold the appeal', 'Overturn the appeal']) await sheet.getByText(what, { exact: true }).waitFor();
      expect(await sheet.locator('kbd').allTextContents()).toEqual(expect.arrayContaining(['a', 'u', 'o']));
      await axePage.keyboard.press('Escape');
      await sheet.waitFor({ state: 'detached' });
      await axePage.keyboard.press('Escape');
      await axePage.getByRole('heading', { name: 'Appeals', level: 1 }).waitFor();
      await waitFor('the lease to be given back', async () => (await appeal(moderator.apiKey, filed.appealId)).status === 'queued');
    } finally {
      await axeContext.close();
    }
  });
});
