import type { Page } from '@playwright/test';
import { test, expect, jsEnabled, hydrated } from './fixtures';
import { partnerPort } from '../playwright.config';

// These journeys publish activities, so they run against a site of their own (with the
// demo accounts); both projects share it, so every title carries the project's name.
test.use({ baseURL: `http://127.0.0.1:${partnerPort}` });

const PASSWORD = 'kakehashi-demo';
const NAGASAKI_EDITOR = 'editor.nagasaki-university@example.org';

async function logIn(page: Page, email: string, next = '/partner') {
  await page.goto(next);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(next.replace(/[?]/g, '\\?') + '$'));
}

async function logOut(page: Page) {
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/$/);
}

async function proposeActivity(page: Page, title: string, start: string) {
  await page.getByRole('link', { name: 'Propose a new activity' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Propose a new activity' })).toBeVisible();
  if (jsEnabled(test.info())) await hydrated(page);
  await page.getByLabel('Title (English)').fill(title);
  await page.getByLabel('Title (Japanese)').fill('ザンジバル遠隔ICU試行');
  await page.getByLabel('Summary (English)').fill('Remote intensive-care rounds with hospitals in Zanzibar.');
  await page.getByLabel('Summary (Japanese)').fill('ザンジバルの病院との遠隔ICU回診。');
  await page.getByLabel('Kind', { exact: true }).selectOption('capacity-building');
  await page.getByLabel('Status', { exact: true }).selectOption('ongoing');
  await page.getByLabel('Start').fill(start);
  await page.getByLabel('Intensive care').check();
  await page.getByLabel('Country 1').selectOption('TZ');
  await page.getByLabel('Title of the source').fill('Nagasaki University news');
  await page.getByLabel('Web address').fill('https://example.org/zanzibar');
  await page.getByRole('button', { name: 'Submit for review' }).click();
}

test('an editor proposes an activity, a moderator approves it, visitors find it', async ({ page }, testInfo) => {
  const word = `Pemba${testInfo.project.name}`;
  const title = `${word} island tele-ICU pilot`;
  await logIn(page, NAGASAKI_EDITOR);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Nagasaki University');

  // A mistake is named next to its field, and nothing typed is lost.
  await proposeActivity(page, title, 'April 2025');
  await expect(page.locator('#start-error')).toContainText('Write a date as 2012, 2012-07 or 2012-07-15');
  await expect(page.getByLabel('Start')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Title (English)')).toHaveValue(title);
  await page.getByLabel('Start').fill('2025-04');
  await page.getByRole('button', { name: 'Submit for review' }).click();

  await expect(page).toHaveURL(/\/partner\?submitted=\d+$/);
  await expect(page.getByRole('status')).toContainText('Submitted');
  const row = page.getByRole('row', { name: new RegExp(title) });
  await expect(row).toContainText('Waiting for review');
  await logOut(page);

  // Not public while pending.
  await page.goto(`/activities?q=${word}`);
  await expect(page.getByText('No activity matches this search.')).toBeVisible();

  await logIn(page, 'moderator@example.org', '/moderation');
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
  await expect(page.getByRole('row', { name: /Title \(English\)/ })).toContainText(title);
  await page.getByRole('button', { name: 'Approve and publish' }).click();
  await expect(page).toHaveURL(/\/moderation\?decided=approved$/);
  await expect(page.getByRole('status')).toContainText('Approved and published.');
  await logOut(page);

  // Public now: in search, on the country page the map leads to, with its history.
  await page.goto(`/activities?q=${word}`);
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await page.goto('/countries/TZ');
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await page.goto('/countries');
  await expect(page.getByRole('row', { name: /Tanzania/ })).toBeVisible();
});

test('a returned proposal shows the moderator’s reason to the editor', async ({ page }, testInfo) => {
  const title = `Returned${testInfo.project.name} tele-ICU pilot`;
  await logIn(page, NAGASAKI_EDITOR);
  await proposeActivity(page, title, '2025-04');
  await expect(page).toHaveURL(/\/partner\?submitted=\d+$/);
  await logOut(page);

  await logIn(page, 'moderator@example.org', '/moderation');
  await page.getByRole('link', { name: title }).click();
  await page.getByLabel('Reason (shown to the editor)').fill('Please name the hospital in Zanzibar.');
  await page.getByRole('button', { name: 'Return with a reason' }).click();
  await expect(page.getByRole('status')).toContainText('Returned to the editor.');
  await logOut(page);

  await logIn(page, NAGASAKI_EDITOR);
  const row = page.getByRole('row', { name: new RegExp(title) });
  await expect(row).toContainText('Returned');
  await expect(row).toContainText('Please name the hospital in Zanzibar.');
  await row.getByRole('link', { name: 'Continue editing' }).click();
  await expect(page.getByLabel('Title (English)')).toHaveValue(title);
  await expect(page.getByText('Please name the hospital in Zanzibar.')).toBeVisible();
});

test('an editor of another organisation cannot change Nagasaki’s activity', async ({ page }) => {
  await logIn(page, 'editor.university-of-toyama@example.org');
  await page.goto('/partner/activities/nagasaki-living-donor-liver-transplantation-georgia/edit');
  await expect(page.getByText('Your account does not have access to this page.')).toBeVisible();
  await expect(page.getByLabel('Title (English)')).toHaveCount(0);
});

test('the login form says what is wrong, in Japanese too', async ({ page }) => {
  await page.goto('/ja/login');
  await page.getByLabel('メールアドレス').fill('nobody@example.org');
  await page.getByLabel('パスワード').fill('wrong password');
  await page.getByRole('button', { name: 'ログインする' }).click();
  await expect(page.locator('#password-error')).toHaveText('メールアドレスまたはパスワードが正しくありません。');
  await expect(page.getByLabel('メールアドレス')).toHaveValue('nobody@example.org');
});

test('an admin invites an editor, who sets a password from the link and starts work', async ({ page }, testInfo) => {
  const invitee = `invitee.${testInfo.project.name}@example.org`;
  await logIn(page, 'admin@example.org', '/admin');
  await page.getByLabel('Email').fill(invitee);
  await page.getByLabel('Role', { exact: true }).selectOption('editor');
  await page.getByLabel('Organisation', { exact: true }).selectOption('mie-university');
  await page.getByRole('button', { name: 'Create invitation' }).click();
  await expect(page.getByRole('status')).toContainText('Invitation created');
  // No mail server: the message waits in the outbox, with its one-time link.
  const message = page.getByRole('row', { name: new RegExp(invitee.replace(/\./g, '\\.')) }).locator('pre');
  const link = (await message.textContent())?.match(/https?:\/\/\S+\/invite\/[0-9a-f]{64}/)?.[0];
  expect(link, 'invitation link in the outbox').toBeTruthy();
  await logOut(page);

  await page.goto(new URL(link!).pathname);
  await expect(page.getByText(invitee)).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Repeat the password').fill('short');
  await page.getByRole('button', { name: 'Set password and log in' }).click();
  await expect(page.locator('#password-error')).toHaveText('Use at least 12 characters.');
  await page.getByLabel('Password', { exact: true }).fill('a long enough password');
  await page.getByLabel('Repeat the password').fill('a long enough password');
  await page.getByRole('button', { name: 'Set password and log in' }).click();
  await expect(page).toHaveURL(/\/partner$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Mie University');
  // The link works once.
  await logOut(page);
  await page.goto(new URL(link!).pathname);
  await expect(page.getByText('This invitation link is not valid')).toBeVisible();
});
