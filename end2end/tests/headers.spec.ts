import { test, expect, jsEnabled, hydrated } from './fixtures';

// The Content-Security-Policy allows only the scripts that carry the page's nonce. A
// violation is logged to the console, which fails every journey (fixtures.ts); these tests
// check the policy itself and the cases that are easy to get wrong: a lazy page's chunks,
// and a page revalidated with 304 (whose stored policy must keep matching its nonce).

test('a page sends a nonce policy and hydrates under it', async ({ page }, testInfo) => {
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportViolation: (v: string) => void }).reportViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  const response = await page.goto('/countries/MN');
  const policy = response!.headers()['content-security-policy'];
  const nonce = policy.match(/'nonce-([^']+)'/)?.[1];
  expect(nonce).toBeTruthy();
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain('unsafe-inline');
  expect(response!.headers()['x-frame-options']).toBe('DENY');
  expect(response!.headers()['cross-origin-opener-policy']).toBe('same-origin');
  await expect(page.getByRole('heading', { level: 1, name: 'Mongolia' })).toBeVisible();
  if (jsEnabled(testInfo)) {
    await hydrated(page);
    // Client-side navigation still works (server functions are 'self').
    await page.getByRole('link', { name: 'Countries', exact: true }).first().click();
    await expect(page).toHaveURL(/\/countries$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    // A lazy page loads its chunks under the policy (they are 'self', compiled under
    // 'wasm-unsafe-eval').
    await page.goto('/login');
    await hydrated(page);
  }
  expect(violations).toEqual([]);
});

test('a page revalidated with 304 still runs its scripts', async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'scripts run only with JavaScript');
  const conditional: boolean[] = [];
  page.on('request', async (r) => {
    if (new URL(r.url()).pathname === '/countries/MN') {
      conditional.push('if-none-match' in (await r.allHeaders()));
    }
  });
  await page.goto('/countries/MN');
  await hydrated(page);
  await page.reload();
  await hydrated(page);
  // The reload asked with the page's ETag, which the server answers 304 with no policy
  // (server/tests/http.rs); the page hydrated again, so its stored policy still names the
  // nonce its scripts carry.
  expect(conditional).toEqual([false, true]);
  await expect(page.getByRole('heading', { level: 1, name: 'Mongolia' })).toBeVisible();
});

test('markup typed into the search stays text, in the title as on the page', async ({ page }, testInfo) => {
  const typed = '</title><script>alert(1)</script><h1>x';
  await page.goto('/activities');
  if (jsEnabled(testInfo)) await hydrated(page);
  await page.getByRole('searchbox', { name: 'Search activities' }).fill(typed);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/q=/);
  await expect(page).toHaveTitle(`${typed} — Activities — Kakehashi`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Activities');
  await expect(page.getByRole('searchbox', { name: 'Search activities' })).toHaveValue(typed);
});
