import type { Browser, Page } from '@playwright/test';
import { test, expect, jsEnabled, hydrated, signedIn as signedInAt } from './fixtures';
import { partnerPort } from '../playwright.config';

// Trust you can cite: the Japanese institution and the partner abroad each confirm the
// published version from their dashboards, the page then says "Confirmed by both sides";
// a published change resets it, the old version stays at its permanent address, and the
// citation downloads import. Each project confirms an activity of its own.
test.use({ baseURL: `http://127.0.0.1:${partnerPort}` });

const JAPAN = 'editor.international-university-of-health-and-welfare@example.org';
const CASES = {
  js: {
    abroad: 'editor.hue-university-of-medicine-and-pharmacy@example.org',
    slug: 'iuhw-vietnam-medical-university-alliances',
  },
  nojs: {
    abroad: 'editor.university-of-medicine-and-pharmacy-at-ho-chi-minh-city@example.org',
    slug: 'iuhw-japan-vietnam-50th-anniversary-symposium',
  },
};

const signedIn = (browser: Browser, email: string) => signedInAt(browser, email, partnerPort);

async function confirmFromDashboard(page: Page, slug: string) {
  await page.goto('/partner');
  if (jsEnabled(test.info())) await hydrated(page);
  const row = page.getByRole('listitem').filter({ has: page.locator(`a[href="/activities/${slug}"]`) }).last();
  await row.getByRole('button', { name: 'Confirm: accurate as published' }).click();
  await expect(page).toHaveURL(/\/partner\?confirmed=/);
  await expect(page.getByRole('status')).toContainText('your confirmation is published');
}

/// Parses RIS into tag → values.
function parseRis(text: string): Map<string, string[]> {
  const tags = new Map<string, string[]>();
  for (const line of text.split(/\r\n/).filter((l) => l.length > 0)) {
    const m = line.match(/^([A-Z][A-Z0-9])  - (.*)$/);
    expect(m, `not a RIS line: ${line}`).not.toBeNull();
    tags.set(m![1], [...(tags.get(m![1]) ?? []), m![2]]);
  }
  return tags;
}

test('both sides confirm, a change resets it, the old version and its citation stay', async ({ browser, request }) => {
  const { abroad, slug } = CASES[test.info().project.name as 'js' | 'nojs'];
  const tag = test.info().project.name;
  const japan = await signedIn(browser, JAPAN);
  await confirmFromDashboard(japan, slug);
  await japan.goto(`/activities/${slug}`);
  const trust = japan.getByRole('region', { name: 'Who stands behind this record' });
  await expect(trust).toContainText('International University of Health and Welfare');
  await expect(japan.getByText('Confirmed by both sides', { exact: true })).toHaveCount(0);

  const partner = await signedIn(browser, abroad);
  await confirmFromDashboard(partner, slug);
  await partner.goto(`/activities/${slug}`);
  await expect(partner.getByText('Confirmed by both sides', { exact: true })).toBeVisible();
  await expect(partner.getByRole('region', { name: 'Who stands behind this record' })).toContainText('Version 1');

  // A published change resets the confirmation.
  await japan.goto(`/partner/activities/${slug}/edit`);
  await expect(japan.getByLabel('Title (English)')).not.toHaveValue('');
  if (jsEnabled(test.info())) await hydrated(japan);
  await japan.getByLabel('Summary (English)').fill(`Summary for version two (${tag}).`);
  await japan.getByRole('button', { name: 'Submit for review' }).click();
  await expect(japan).toHaveURL(/\/partner\?submitted=\d+$/);
  const id = japan.url().match(/submitted=(\d+)/)![1];
  const moderator = await signedIn(browser, 'moderator@example.org');
  await moderator.goto(`/moderation/${id}`);
  await moderator.getByRole('button', { name: 'Approve and publish' }).click();
  await expect(moderator.getByRole('status')).toContainText('Approved and published.');

  const reader = await (await browser.newContext({ javaScriptEnabled: jsEnabled(test.info()) })).newPage();
  await reader.goto(`http://127.0.0.1:${partnerPort}/activities/${slug}`);
  const now = reader.getByRole('region', { name: 'Who stands behind this record' });
  await expect(now).toContainText('Version 2');
  await expect(now).toContainText('has confirmed this version yet');
  await expect(now).toContainText('confirmed an earlier version');
  await expect(reader.getByText('Confirmed by both sides', { exact: true })).toHaveCount(0);

  // The history links each version; version 1 at its permanent address, marked as
  // earlier, with its own summary.
  await reader.goto(`http://127.0.0.1:${partnerPort}/activities/${slug}/history`);
  await expect(reader.getByRole('link', { name: /\(Version 2\)/ })).toHaveAttribute('href', `/activities/${slug}/v/2`);
  await reader.getByRole('link', { name: /\(Version 1\)/ }).click();
  await expect(reader).toHaveURL(new RegExp(`/activities/${slug}/v/1$`));
  await expect(reader.getByRole('note')).toContainText('This is an earlier version');
  await expect(reader.locator('.summary')).not.toContainText('version two');
  await reader.getByRole('link', { name: 'See the current version' }).click();
  await expect(reader).toHaveURL(new RegExp(`/activities/${slug}$`));
  await expect(reader.locator('.summary')).toContainText('version two');

  // The RIS download imports: every line a tag, the versioned address and the access date.
  const ris = await request.get(`/activities/${slug}/v/1/cite.ris`);
  expect(ris.status()).toBe(200);
  expect(ris.headers()['content-type']).toContain('application/x-research-info-systems');
  const tags = parseRis(await ris.text());
  expect(tags.get('TY')).toEqual(['ELEC']);
  expect(tags.get('UR')![0]).toMatch(new RegExp(`/activities/${slug}/v/1$`));
  expect(tags.get('Y2')![0]).toMatch(/^\d{4}\/\d{2}\/\d{2}$/);
  expect(tags.get('AU')!.length).toBeGreaterThanOrEqual(2);
  expect((await request.get(`/activities/${slug}/v/99/cite.ris`)).status()).toBe(404);
});
