import { test as base, expect } from '@playwright/test';

// Every test fails if the page logged an error or threw: hydration mismatches, panics in
// the wasm and failed requests all show up here.
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      page.on('pageerror', (err) => errors.push(String(err)));
      await use(errors);
      // A 404 page is *meant* to answer 404, a refused form 401/403/422/429; the browser
      // logs those as failed resources.
      const real = errors.filter((e) => !/status of (401|403|404|422|429)/.test(e));
      expect(real, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** True in the project that runs with JavaScript (hydrated pages). */
export const jsEnabled = (testInfo: { project: { name: string } }) => testInfo.project.name === 'js';

/** Waits until the WebAssembly has hydrated the page (the app marks `<html data-hydrated>`). */
export async function hydrated(page: import('@playwright/test').Page) {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** Marks the document in the page, so `sameDocument` can tell in-app navigation (which
 *  keeps the mark) from a page load (which forgets it). */
export async function markDocument(page: import('@playwright/test').Page) {
  await page.evaluate(() => ((window as unknown as { kakehashiMark: boolean }).kakehashiMark = true));
}

/** True while the page is still the document `markDocument` marked. */
export async function sameDocument(page: import('@playwright/test').Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { kakehashiMark?: boolean }).kakehashiMark === true);
}

/** A new browser context signed in as `email` (demo password) on the site at `port`, with
 *  JavaScript on or off as the running project says. */
export async function signedIn(
  browser: import('@playwright/test').Browser,
  email: string,
  port: number,
): Promise<import('@playwright/test').Page> {
  const context = await browser.newContext({
    baseURL: `http://127.0.0.1:${port}`,
    javaScriptEnabled: jsEnabled(test.info()),
  });
  const page = await context.newPage();
  await page.goto('/login');
  if (jsEnabled(test.info())) await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('kakehashi-demo');
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}
