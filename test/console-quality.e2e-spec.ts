/**
 * Issue 21 in the moderator console, by keyboard: a "no violation" marked manifestly unfounded, internal case notes,
 * second reviews worked blind, and the disagreements seniors settle. Real API, worker and PostgreSQL; every decision
 * is sampled for a second review (QUALITY_SAMPLE_SHARE=1).
 */
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { focused, keepingScreenshot, launchChromium, newConsolePage, screenshot, seriousAxeViolations, waitForFocus } from './support/browser';
import { Receiver } from './support/receiver';
import { REMOVE, fileQueued } from './support/review';
import { waitFor } from './support/wait-for';

// Chromium, the API and the worker share two cores with the other suites' leftovers.
jest.setTimeout(90_000);

const PLATFORM_SECRET = 'platform-secret-for-console-quality-tests';
const SCAM = { category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', specification: [] };

interface Principal {
  id: string;
  apiKey: string;
}

async function signIn(page: Page, apiKey: string): Promise<void> {
  await page.goto('/console');
  await page.getByLabel('API key').fill(apiKey);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();
}

const showsPost = (page: Page, text: string) => page.getByLabel('Post text').filter({ hasText: text }).waitFor();
const status = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).waitFor();

describe('console: manifestly unfounded, notes, second reviews and disagreements', () => {
  let docket: Docket;
  let platform: Receiver;
  let url: string;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let provider: string;
  /** Answers every waiting second review between tests (never decides a case, so every one is claimable by it). */
  let reviewJanitor: string;
  /** Settles every waiting disagreement between tests. */
  let seniorJanitor: string;
  const violations: string[] = [];

  beforeAll(async () => {
    platform = await Receiver.start();
    const starting = launchChromium().then((b) => (browser = b));
    docket = await startDocket({
      worker: true,
      env: {
        PLATFORM_WEBHOOK_URL: platform.url, PLATFORM_WEBHOOK_SECRET: PLATFORM_SECRET, WEBHOOK_ATTEMPTS: '1', WEBHOOK_BACKOFF_MS: '10',
        QUALITY_SAMPLE_SHARE: '1',
      },
    });
    await starting;
    await docket.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(docket.app.getHttpServer().address() as AddressInfo).port}`;
    const [p, rj, sj] = await Promise.all([
      createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      createPrincipal(docket, { role: 'moderator', name: 'Review janitor' }),
      createPrincipal(docket, { role: 'senior', name: 'Senior janitor' }),
    ]);
    provider = p.apiKey;
    reviewJanitor = rj.apiKey;
    seniorJanitor = sj.apiKey;
  });
  beforeEach(async () => {
    violations.length = 0;
    await drain();
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

  /** Empties the second-review queue, then the disagreements' queue, so each test sees only its own. */
  async function drain(): Promise<void> {
    for (;;) {
      const claim = await api().post('/v1/second-reviews/claim').set(bearer(reviewJanitor)).send({});
      if (claim.status === 204) break;
      expect(claim.status).toBe(200);
      const res = await api().post(`/v1/second-reviews/${claim.body.id}/decision`).set(bearer(reviewJanitor)).send({ action: 'remove', reason: 'Cleared between tests.' });
      expect(res.status).toBe(200);
    }
    for (;;) {
      const claim = await api().post('/v1/second-reviews/disagreements/claim').set(bearer(seniorJanitor)).send({});
      if (claim.status === 204 || claim.status === 404) return;
      expect(claim.status).toBe(200);
      const res = await api().post(`/v1/second-reviews/${claim.body.id}/resolution`).set(bearer(seniorJanitor)).send({ upheld: 'first', reason: 'Cleared between tests.' });
      expect(res.status).toBe(200);
    }
  }

  const newModerator = (name: string): Promise<Principal> => createPrincipal(docket, { role: 'moderator', name });
  const caseDetail = async (key: string, caseId: string) => (await api().get(`/v1/cases/${caseId}`).set(bearer(key))).body;

  /** A case about a post saying `text`, claimed and decided by `decider` through the API. */
  async function decidedBy(decider: Principal, text: string, decision: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
    const { caseId } = await fileQueued(docket, provider, decider.apiKey, overrides, { text });
    const claim = await api().post('/v1/queue/claim').set(bearer(decider.apiKey)).send({});
    expect(claim.body.id).toBe(caseId);
    const res = await api().post(`/v1/cases/${caseId}/decision`).set(bearer(decider.apiKey)).send(decision);
    expect(res.status).toBe(200);
    return { caseId, decisionId: res.body.decision.id as string };
  }

  test('a "no violation" marked manifestly unfounded by keyboard is sent and shows in the case detail; a removal does not offer it', async () => {
    const moderator = await newModerator('Mani Moderator');
    const filed = await fileQueued(docket, provider, moderator.apiKey, SCAM, { text: 'My neighbour sells the best apple pies in town' });
    await signIn(page!, moderator.apiKey);
    await page!.keyboard.press('c');
    await showsPost(page!, 'best apple pies');

    const unfounded = page!.getByRole('checkbox', { name: 'Notice manifestly unfounded (DSA Art. 23)' });
    await page!.keyboard.press('r');
    await page!.getByRole('form', { name: 'Decision' }).getByRole('heading', { name: 'Remove' }).waitFor();
    expect(await unfounded.count()).toBe(0);

    await page!.keyboard.press('Escape');
    await page!.keyboard.press('n');
    await page!.getByRole('form', { name: 'Decision' }).getByRole('heading', { name: 'No violation' }).waitFor();
    await waitForFocus(page!, 'decision-reason');
    expect(await unfounded.isChecked()).toBe(false);
    await page!.keyboard.type('An advert for pies: nothing illegal, the notice is plainly wrong.');
    // Tab to the box, Space ticks it, Enter submits from it.
    await page!.keyboard.press('Tab');
    expect(await focused(page!)).toBe('INPUT#decision-unfounded');
    await page!.keyboard.press('Space');
    expect(await unfounded.isChecked()).toBe(true);
    await screenshot(page!, 'console-manifestly-unfounded');
    await page!.keyboard.press('Enter');
    await status(page!, 'No violation recorded');

    const decided = await caseDetail(moderator.apiKey, filed.caseId);
    expect(decided).toMatchObject({ state: 'no_violation', decision: { action: 'no_violation', manifestlyUnfounded: true } });

    // The case as decided says so.
    await page!.goto(`/console/cases/${filed.caseId}`);
    const statusPanel = page!.getByRole('region', { name: 'Status' });
    await statusPanel.getByText('Notice manifestly unfounded (DSA Art. 23)').waitFor();
    await statusPanel.getByText('An advert for pies').waitFor();
  });

  test('i writes an internal note: it shows with its author and time, is labelled internal, and is in the case detail', async () => {
    const moderator = await newModerator('Nora Notes');
    const filed = await fileQueued(docket, provider, moderator.apiKey, SCAM, { text: 'Send 50 euros to unlock your parcel' });
    await signIn(page!, moderator.apiKey);
    // The cheat sheet lists the new keys.
    await page!.keyboard.press('?');
    const help = page!.getByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const what of ['Write an internal note on the case', 'Second reviews (from the queue; c there claims the next, decided blind with r or n)', 'Cancel a bulk removal in its grace period']) {
      await help.getByText(what).waitFor();
    }
    await screenshot(page!, 'console-cheat-sheet');
    await page!.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page!.keyboard.press('c');
    await showsPost(page!, 'unlock your parcel');

    const notes = page!.getByRole('region', { name: 'Internal notes' });
    await notes.getByText('Moderators and seniors only — never sent to reporters').waitFor();
    await notes.getByText('No notes yet.').waitFor();
    await page!.keyboard.press('i');
    expect(await focused(page!)).toBe('TEXTAREA#case-note-text');
    const text = 'Same wording as last week\'s parcel scam wave; asked the seniors.';
    await page!.keyboard.type(text);
    await page!.keyboard.press('Enter');
    await status(page!, 'Internal note added');
    const note = notes.getByRole('listitem').filter({ hasText: text });
    await note.waitFor();
    await note.getByText('You').waitFor();
    await note.locator('time').waitFor();
    expect(await page!.getByRole('textbox', { name: 'Add an internal note' }).inputValue()).toBe('');
    // Esc leaves the box for the notes' heading; the case keys work again (r opens the removal form).
    await page!.keyboard.press('Escape');
    expect(await focused(page!)).toBe('H2#notes-title');
    await screenshot(page!, 'console-case-notes');
    await page!.keyboard.press('r');
    await page!.getByRole('form', { name: 'Decision' }).waitFor();

    const detail = await caseDetail(moderator.apiKey, filed.caseId);
    expect(detail.notes).toEqual([{ id: expect.any(String), text, authorId: moderator.id, authorName: 'Nora Notes', authorRole: 'moderator', createdAt: expect.any(String) }]);

    // Another moderator opening the case sees the note with its author's name and role.
    const other = await newModerator('Otto Other');
    const { context: otherContext, page: otherPage } = await newConsolePage(browser, url);
    try {
      await signIn(otherPage, other.apiKey);
      await otherPage.goto(`/console/cases/${filed.caseId}`);
      const shown = otherPage.getByRole('region', { name: 'Internal notes' }).getByRole('listitem').filter({ hasText: text });
      await shown.getByText('Nora Notes · moderator').waitFor();
    } finally {
      await otherContext.close();
    }
    await api().post(`/v1/cases/${filed.caseId}/release`).set(bearer(moderator.apiKey));
  });

  test('second reviews: q, then c claims one blind; r or n decides it with reasons, the next follows; Esc gives one back', async () => {
    const decider = await newModerator('Dana Decider');
    const reviewer = await newModerator('Robin Reviewer');
    const firstExplanation = `Incitement against named officials ${randomUUID()}`;
    const secondExplanation = `Satire of a politician ${randomUUID()}`;
    const one = await decidedBy(decider, 'Storm the town hall and hang the mayor', { ...REMOVE, explanation: firstExplanation });
    const two = await decidedBy(decider, 'The mayor should be hanged for that haircut, lol', { action: 'no_violation', explanation: secondExplanation });
    await signIn(page!, reviewer.apiKey);

    await page!.getByRole('link', { name: 'Second reviews' }).waitFor();
    await page!.keyboard.press('q');
    await page!.getByRole('heading', { name: 'Second reviews', level: 1 }).waitFor();
    expect(await focused(page!)).toMatch(/^H1/);
    await screenshot(page!, 'console-second-reviews');

    await page!.keyboard.press('c');
    const firstHeading = page!.getByRole('heading', { name: /^Second review [0-9a-f]{8}$/, level: 1 });
    await firstHeading.waitFor();
    await showsPost(page!, 'Storm the town hall');
    await page!.getByText('Blind: the first decision is hidden').waitFor();
    await page!.getByRole('region', { name: 'Reports' }).getByText('Hosting provider').waitFor();
    await page!.getByRole('timer', { name: 'Lease' }).waitFor();
    await page!.getByRole('heading', { name: 'Signals' }).waitFor();
    // Blind: nothing of the first decision anywhere on the page.
    const html = await page!.content();
    expect(html).not.toContain(firstExplanation);
    expect(html).not.toContain(one.decisionId);
    expect(html).not.toContain(REMOVE.legalGround);
    expect(html).not.toMatch(/Removing|Decided|Dana Decider/);
    await screenshot(page!, 'console-second-review');

    await page!.keyboard.press('r');
    const form = page!.getByRole('form', { name: 'Remove' });
    await form.waitFor();
    await waitForFocus(page!, 'second-review-reason');
    // An empty reason: the API's message beside the field, the focus kept there.
    await page!.keyboard.press('Enter');
    await form.locator('.field-error').waitFor();
    await waitForFocus(page!, 'second-review-reason');
    await page!.keyboard.type('A call to hang a named official.');
    await page!.keyboard.press('Enter');
    await status(page!, 'Second review recorded — the same as the first decision');

    // Submit & next: the second one is on screen; Esc gives it back, c claims it again.
    await showsPost(page!, 'haircut');
    const secondTitle = await firstHeading.textContent();
    await page!.keyboard.press('Escape');
    await status(page!, 'Second review released');
    await page!.getByRole('heading', { name: 'Second reviews', level: 1 }).waitFor();
    await page!.keyboard.press('c');
    await page!.getByRole('heading', { name: secondTitle!, level: 1 }).waitFor();
    expect(await page!.content()).not.toContain(secondExplanation);

    await page!.keyboard.press('r');
    await page!.getByRole('form', { name: 'Remove' }).waitFor();
    await waitForFocus(page!, 'second-review-reason');
    await page!.keyboard.type('Hanging is a threat, haircut or not.');
    await page!.keyboard.press('Enter');
    await status(page!, 'it differs from the first decision and goes to a senior');
    await status(page!, 'No second review to claim for you right now.');
    await page!.getByRole('heading', { name: 'Second reviews', level: 1 }).waitFor();

    const senior = await createPrincipal(docket, { role: 'senior', name: 'List reader' });
    const list = await api().get('/v1/second-reviews').query({ state: 'disagreed' }).set(bearer(senior.apiKey));
    expect(list.body.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ caseId: two.caseId, firstAction: 'no_violation', secondAction: 'remove', reason: 'Hanging is a threat, haircut or not.', reviewedBy: { id: reviewer.id, name: 'Robin Reviewer' } }),
    ]));
    // A moderator sees no way to the seniors' screens.
    await page!.keyboard.press('Escape');
    await page!.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();
    expect(await page!.getByRole('link', { name: 'Disagreements' }).count()).toBe(0);
    expect(await page!.getByRole('link', { name: 'Bulk decision' }).count()).toBe(0);
  });

  test('disagreements: a senior reads both sides in the list, claims one with c, upholds the first with f, and sees it settled', async () => {
    const decider = await newModerator('Fran First');
    const reviewer = await newModerator('Sam Second');
    const firstExplanation = `A quote from a film, not a threat ${randomUUID()}`;
    const disputed = await decidedBy(decider, 'I will find you and I will kill you (Taken, 2008)', { action: 'no_violation', explanation: firstExplanation });
    const claim = await api().post('/v1/second-reviews/claim').set(bearer(reviewer.apiKey)).send({});
    expect(claim.body.case.id).toBe(disputed.caseId);
    const secondReason = 'A death threat whatever its source.';
    expect((await api().post(`/v1/second-reviews/${claim.body.id}/decision`).set(bearer(reviewer.apiKey)).send({ action: 'remove', reason: secondReason })).status).toBe(200);

    const senior = await createPrincipal(docket, { role: 'senior', name: 'Sid Senior' });
    await signIn(page!, senior.apiKey);
    await page!.keyboard.press('d');
    await page!.getByRole('heading', { name: 'Disagreements', level: 1 }).waitFor();
    const row = page!.getByRole('row').filter({ hasText: secondReason });
    await row.waitFor();
    const cells = row.getByRole('cell');
    expect(await cells.nth(0).textContent()).toBe(`Case ${disputed.caseId.slice(0, 8)}`);
    expect(await cells.nth(2).textContent()).toBe('No violationby Fran First');
    expect(await cells.nth(3).textContent()).toBe('Removeby Sam Second');
    expect(await cells.nth(6).textContent()).toBe('Not settled');
    await screenshot(page!, 'console-disagreements');

    await page!.keyboard.press('c');
    await page!.getByRole('heading', { name: `Disagreement ${claim.body.id.slice(0, 8)}`, level: 1 }).waitFor();
    await showsPost(page!, 'I will find you');
    const sides = page!.getByRole('region', { name: 'The two decisions' });
    await sides.getByRole('heading', { name: 'First decision: No violation' }).waitFor();
    await sides.getByText(firstExplanation).waitFor();
    await sides.getByText('by Fran First').waitFor();
    await sides.getByRole('heading', { name: 'Second review: Remove' }).waitFor();
    await sides.getByText(secondReason).waitFor();
    await page!.getByRole('timer', { name: 'Lease' }).waitFor();

    await page!.keyboard.press('f');
    await page!.getByRole('form', { name: 'Uphold the first decision' }).waitFor();
    await waitForFocus(page!, 'resolution-reason');
    const verdict = 'A well-known film line posted about the film; no target.';
    await page!.keyboard.type(verdict);
    await screenshot(page!, 'console-disagreement');
    await page!.keyboard.press('Enter');
    await status(page!, 'Disagreement settled — the first decision upheld');
    await status(page!, 'No disagreement to settle for you right now.');
    await page!.getByRole('heading', { name: 'Disagreements', level: 1 }).waitFor();
    const settled = page!.getByRole('row').filter({ hasText: secondReason });
    await settled.getByText('First decision upheld').waitFor();
    await settled.getByText(verdict).waitFor();
    await settled.getByText(/by Sid Senior/).waitFor();
    await screenshot(page!, 'console-disagreements-settled');
    // Only those not settled: none is left.
    await page!.getByRole('checkbox', { name: 'Only those not settled yet' }).check();
    await page!.getByText('None waiting: every disagreement is settled.').waitFor();
    expect(await page!.getByRole('row').filter({ hasText: secondReason }).count()).toBe(0);

    const list = await api().get('/v1/second-reviews').query({ state: 'disagreed' }).set(bearer(senior.apiKey));
    expect(list.body.items.find((i: { id: string }) => i.id === claim.body.id)).toMatchObject({
      resolution: 'first_upheld', resolutionReason: verdict, resolvedBy: { id: senior.id, name: 'Sid Senior' }, resolvedAt: expect.any(String),
    });
  });

  test('no serious or critical accessibility violation on the notes, second-review and disagreement screens', async () => {
    const decider = await newModerator('Axel Decider');
    const reviewer = await newModerator('Axel Reviewer');
    const senior = await createPrincipal(docket, { role: 'senior', name: 'Axel Senior' });
    await decidedBy(decider, 'Burn down the warehouse on Main Street tonight', { action: 'no_violation', explanation: 'Song lyrics.' });
    // Something to claim (the queue may hold older cases too: whichever comes first will do).
    await fileQueued(docket, provider, reviewer.apiKey, SCAM, { text: 'Crypto doubling, guaranteed' });
    // axe is injected as a script; the console's CSP rightly refuses that, so this profile bypasses it.
    const axeContext = await browser.newContext({ baseURL: url, viewport: { width: 1366, height: 768 }, bypassCSP: true });
    try {
      const axePage = await axeContext.newPage();
      axePage.setDefaultTimeout(10_000);
      await signIn(axePage, reviewer.apiKey);
      await axePage.keyboard.press('c');
      await axePage.getByRole('timer', { name: 'Lease' }).waitFor();
      await axePage.keyboard.press('n');
      await axePage.getByRole('checkbox', { name: 'Notice manifestly unfounded (DSA Art. 23)' }).waitFor();
      expect(await seriousAxeViolations(axePage)).toEqual([]);
      await axePage.keyboard.press('Escape');
      await axePage.keyboard.press('s');
      await status(axePage, 'Case skipped');

      await axePage.goto('/console/second-reviews');
      await axePage.getByRole('heading', { name: 'Second reviews', level: 1 }).waitFor();
      expect(await seriousAxeViolations(axePage)).toEqual([]);
      await axePage.keyboard.press('c');
      await showsPost(axePage, 'Burn down the warehouse');
      await axePage.keyboard.press('r');
      await axePage.getByRole('form', { name: 'Remove' }).waitFor();
      expect(await seriousAxeViolations(axePage)).toEqual([]);
      await waitForFocus(axePage, 'second-review-reason');
      await axePage.keyboard.type('Arson call against a named place.');
      await axePage.keyboard.press('Enter');
      await status(axePage, 'goes to a senior');

      await axePage.getByRole('button', { name: 'Sign out' }).click();
      await axePage.getByRole('heading', { name: 'Sign in to docket' }).waitFor();
      await signIn(axePage, senior.apiKey);
      await axePage.keyboard.press('d');
      await axePage.getByRole('row').filter({ hasText: 'Arson call against a named place.' }).waitFor();
      expect(await seriousAxeViolations(axePage)).toEqual([]);
      await axePage.keyboard.press('c');
      await showsPost(axePage, 'Burn down the warehouse');
      await axePage.keyboard.press('s');
      await axePage.getByRole('form', { name: 'Uphold the second review' }).waitFor();
      expect(await seriousAxeViolations(axePage)).toEqual([]);
      // Esc closes the form, Esc again gives the disagreement back.
      await axePage.keyboard.press('Escape');
      await axePage.keyboard.press('Escape');
      await status(axePage, 'Disagreement released');
      await axePage.getByRole('heading', { name: 'Disagreements', level: 1 }).waitFor();
    } finally {
      await axeContext.close();
    }
  });
});
