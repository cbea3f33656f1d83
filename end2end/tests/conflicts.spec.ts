import type { Browser, Page } from '@playwright/test';
import { test, expect, jsEnabled, hydrated, signedIn as signedInAt } from './fixtures';
import { partnerPort } from '../playwright.config';

// No lost update: two changes made from the same published version; once the first is
// published the second cannot be approved over it, and comes back to its editor on top of
// the current version. Each project changes an activity of its own on the partner site.
test.use({ baseURL: `http://127.0.0.1:${partnerPort}` });

const CASES = {
  js: {
    editor: 'editor.national-center-for-child-health-and-development@example.org',
    slug: 'ncchd-paediatric-liver-transplant-training-abroad',
  },
  nojs: {
    editor: 'editor.tokyo-womens-medical-university@example.org',
    slug: 'twmu-mongolian-cancer-center-gi-cancer-symposia',
  },
};

const signedIn = (browser: Browser, email: string) => signedInAt(browser, email, partnerPort);

async function openForm(page: Page, slug: string) {
  await page.goto(`/partner/activities/${slug}/edit`);
  await expect(page.getByLabel('Title (English)')).not.toHaveValue('');
  if (jsEnabled(test.info())) await hydrated(page);
}

test('a change made from an older version is not approved over a newer one; its editor re-bases it', async ({ browser }) => {
  const { editor, slug } = CASES[test.info().project.name as 'js' | 'nojs'];
  const tag = test.info().project.name;
  const first = await signedIn(browser, editor);
  const second = await first.context().newPage();
  // Two forms opened on the same version.
  await openForm(first, slug);
  await openForm(second, slug);
  const summary = `Summary rewritten first (${tag}).`;
  const title = `Title changed second (${tag})`;
  await first.getByLabel('Summary (English)').fill(summary);
  await first.getByRole('button', { name: 'Submit for review' }).click();
  await expect(first).toHaveURL(/\/partner\?submitted=\d+$/);
  await second.getByLabel('Title (English)').fill(title);
  await second.getByRole('button', { name: 'Submit for review' }).click();
  await expect(second).toHaveURL(/\/partner\?submitted=\d+$/);
  const secondId = second.url().match(/submitted=(\d+)/)![1];
  const firstId = first.url().match(/submitted=(\d+)/)![1];

  const moderator = await signedIn(browser, 'moderator@example.org');
  await moderator.goto(`/moderation/${firstId}`);
  await moderator.getByRole('button', { name: 'Approve and publish' }).click();
  await expect(moderator.getByRole('status')).toContainText('Approved and published.');

  // The second now conflicts: what changed since is shown, and there is no approving it.
  await moderator.goto(`/moderation/${secondId}`);
  const changed = moderator.getByRole('region', { name: /Changed since this proposal was made/ });
  await expect(changed).toBeVisible();
  await expect(changed.getByRole('row', { name: /Summary \(English\)/ })).toContainText(summary);
  await expect(moderator.getByRole('button', { name: 'Approve and publish' })).toHaveCount(0);
  await expect(moderator.getByLabel('Reason (shown to the editor)')).toHaveValue(/changed since you made this proposal/);
  await moderator.getByRole('button', { name: 'Return with a reason' }).click();
  await expect(moderator.getByRole('status')).toContainText('Returned to the editor.');

  // The editor finds the proposal on top of the current version, and submits it again.
  await first.goto('/partner');
  await first.getByRole('row', { name: new RegExp(title.replace(/[()]/g, '\\$&')) }).getByRole('link', { name: 'Continue editing' }).click();
  await expect(first.getByText('The published version changed since this proposal was made.')).toBeVisible();
  await expect(first.getByLabel('Title (English)')).toHaveValue(title);
  await expect(first.getByLabel('Summary (English)')).toHaveValue(summary);
  if (jsEnabled(test.info())) await hydrated(first);
  await first.getByRole('button', { name: 'Submit for review' }).click();
  await expect(first).toHaveURL(/\/partner\?submitted=\d+$/);

  await moderator.goto(`/moderation/${secondId}`);
  await expect(moderator.getByRole('region', { name: /Changed since/ })).toHaveCount(0);
  await moderator.getByRole('button', { name: 'Approve and publish' }).click();
  await expect(moderator.getByRole('status')).toContainText('Approved and published.');

  // Both changes are published.
  await moderator.goto(`/activities/${slug}`);
  await expect(moderator.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(moderator.getByText(summary)).toBeVisible();
  await moderator.context().close();
  await first.context().close();
});
