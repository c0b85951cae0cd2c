import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { waitFor } from './wait-for';

/** Debian's chromium (installed by .ci/run when missing): Playwright's own browser download cannot reach the network. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots of failing steps and of the screens the README shows; ignored by git. */
export const ARTIFACTS = join(__dirname, '..', 'artifacts');

export async function launchChromium(): Promise<Browser> {
  // Tests run as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/**
 * A fresh profile (no cookies), sized like a moderator's laptop screen, waiting up to 10 s for what it looks for; the
 * console's Content-Security-Policy refusals, if any, go to `cspViolations` (each suite expects none).
 */
export async function newConsolePage(browser: Browser, baseURL: string, cspViolations?: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  if (cspViolations) {
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) cspViolations.push(m.text());
    });
  }
  return { context, page };
}

/** The tag and id of the focused element, read in the page (the tests' TypeScript has no DOM types). */
export const focused = (page: Page) => page.evaluate<string>("document.activeElement ? document.activeElement.tagName + '#' + document.activeElement.id : 'none'");

/** Waits (bounded) until element #id has the focus: a form moves it there as it opens, and keys typed before go astray. */
export const waitForFocus = (page: Page, id: string) => waitFor(`the focus on #${id}`, async () => (await focused(page)).endsWith(`#${id}`), 5_000, 20);

/** axe's serious and critical findings on the page as it stands. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>('axe.run()');
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Runs a test's body and, when it fails, keeps a screenshot of the page as the moderator saw it, named after the
 * test, before the failure is reported.
 */
export async function keepingScreenshot(page: () => Page | undefined, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    const current = page();
    if (current && !current.isClosed()) {
      const path = await screenshot(current, `failed-${name.replace(/[^A-Za-z0-9-]+/g, '-')}`).catch(() => undefined);
      if (path && err instanceof Error) err.message += `\n(screenshot: ${path})`;
    }
    throw err;
  }
}
