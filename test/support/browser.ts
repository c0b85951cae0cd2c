import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';

/** Debian's chromium (installed by .ci/run when missing): Playwright's own browser download cannot reach the network. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots of failing steps and of the screens the README shows; ignored by git. */
export const ARTIFACTS = join(__dirname, '..', 'artifacts');

export async function launchChromium(): Promise<Browser> {
  // Tests run as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** A fresh profile (no cookies), sized like a moderator's laptop screen. */
export async function newConsolePage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  return { context, page };
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
