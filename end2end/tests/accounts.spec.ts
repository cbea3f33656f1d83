import type { Page } from '@playwright/test';
import { test, expect, jsEnabled, hydrated } from './fixtures';
import { partnerPort } from '../playwright.config';

// Accounts over time: forgotten and changed passwords, accounts an administrator disables.
// They change demo accounts, so they run on the partner site, each project with accounts
// of its own (no other journey uses them).
test.use({ baseURL: `http://127.0.0.1:${partnerPort}` });

const PASSWORD = 'kakehashi-demo';
const ACCOUNTS = {
  js: { reset: 'editor.kyushu-university@example.org', change: 'editor.iist@example.org', disable: 'editor.beijing-hospital@example.org' },
  nojs: { reset: 'editor.eria@example.org', change: 'editor.hanoi-medical-university@example.org', disable: 'editor.cho-ray-hospital@example.org' },
};

function accounts() {
  return ACCOUNTS[test.info().project.name as 'js' | 'nojs'];
}

async function logIn(page: Page, email: string, password = PASSWORD, prefix = '') {
  await page.goto(`${prefix}/login`);
  if (jsEnabled(test.info())) await hydrated(page);
  await page.getByLabel(prefix ? 'メールアドレス' : 'Email').fill(email);
  await page.getByLabel(prefix ? 'パスワード' : 'Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: prefix ? 'ログインする' : 'Log in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

async function logOut(page: Page) {
  await page.getByRole('button', { name: /Log out|ログアウト/ }).click();
  await expect(page).toHaveURL(/\/(ja\/?)?$/);
}

/** The newest link to `path` in the outbox for `email`, as the admin page shows it. */
async function mailedLink(page: Page, email: string, path: string) {
  await logIn(page, 'admin@example.org');
  await page.goto('/admin');
  const messages = page.getByRole('row', { name: new RegExp(email.replace(/\./g, '\\.')) }).locator('pre');
  const text = (await messages.first().textContent()) ?? '';
  const link = text.match(new RegExp(`https?://\\S+?${path}/[0-9a-f]{64}`))?.[0];
  expect(link, `a ${path} link in the outbox for ${email}`).toBeTruthy();
  await logOut(page);
  return new URL(link!).pathname;
}

test('someone who forgot their password asks for a link and sets a new one with it', async ({ page }) => {
  const email = accounts().reset;
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set a new password');
  if (jsEnabled(test.info())) await hydrated(page);
  await page.getByLabel('Email').fill('not an address');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.locator('#email-error')).toHaveText('Write an email address such as name@example.org.');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account exists for that address');

  const link = await mailedLink(page, email, '/reset-password');
  await page.goto(link);
  await expect(page.getByText(email)).toBeVisible();
  if (jsEnabled(test.info())) await hydrated(page);
  await page.getByLabel('New password (at least 12 characters)').fill('a brand new password');
  await page.getByLabel('Repeat the password').fill('not the same one at all');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.locator('#confirm-error')).toHaveText('The two passwords differ.');
  await page.getByLabel('New password (at least 12 characters)').fill('a brand new password');
  await page.getByLabel('Repeat the password').fill('a brand new password');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page).toHaveURL(/\/login\?reset=1$/);
  await expect(page.getByRole('status')).toHaveText('Your password is changed. Log in with the new one.');
  await logIn(page, email, 'a brand new password');
  await expect(page).toHaveURL(/\/partner$/);
  // The link works once.
  await logOut(page);
  await page.goto(link);
  await expect(page.getByText('This link to set a new password is not valid')).toBeVisible();
});

test('a signed-in editor changes their password in Japanese', async ({ page }) => {
  const email = accounts().change;
  await logIn(page, email, PASSWORD, '/ja');
  await page.getByRole('link', { name: 'パスワードの変更' }).click();
  await expect(page).toHaveURL(/\/ja\/account\/password$/);
  if (jsEnabled(test.info())) await hydrated(page);
  await page.getByLabel('現在のパスワード').fill('not the password');
  await page.getByLabel('新しいパスワード（12文字以上）').fill('新しいとても長いパスワード');
  await page.getByLabel('パスワード（確認）').fill('新しいとても長いパスワード');
  await page.getByRole('button', { name: 'パスワードの変更' }).click();
  await expect(page.locator('#current-error')).toHaveText('現在のパスワードが正しくありません。');
  await page.getByLabel('現在のパスワード').fill(PASSWORD);
  await page.getByLabel('新しいパスワード（12文字以上）').fill('新しいとても長いパスワード');
  await page.getByLabel('パスワード（確認）').fill('新しいとても長いパスワード');
  await page.getByRole('button', { name: 'パスワードの変更' }).click();
  await expect(page.getByRole('status')).toHaveText('パスワードを変更しました。ほかのセッションはログアウトされました。');
  await logOut(page);
  await logIn(page, email, '新しいとても長いパスワード', '/ja');
  await expect(page).toHaveURL(/\/ja\/partner$/);
});

test('an administrator disables an account, whose session ends, and enables it again', async ({ page, browser }) => {
  const email = accounts().disable;
  const other = await browser.newContext({ baseURL: `http://127.0.0.1:${partnerPort}`, javaScriptEnabled: jsEnabled(test.info()) });
  const editor = await other.newPage();
  await logIn(editor, email);
  await expect(editor).toHaveURL(/\/partner$/);

  await logIn(page, 'admin@example.org');
  await page.goto('/admin');
  const row = page.getByRole('row', { name: new RegExp(`^${email.replace(/\./g, '\\.')}`) });
  await expect(row).toContainText('Active');
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByRole('status')).toHaveText('Account disabled: its sessions have ended.');
  await expect(page.getByRole('row', { name: new RegExp(`^${email.replace(/\./g, '\\.')}`) })).toContainText('Disabled');

  await editor.goto('/partner');
  await expect(editor).toHaveURL(/\/login\?next=/);

  await page.getByRole('row', { name: new RegExp(`^${email.replace(/\./g, '\\.')}`) }).getByRole('button', { name: 'Enable' }).click();
  await expect(page.getByRole('status')).toHaveText('Account enabled: it can log in again.');
  await logIn(editor, email);
  await expect(editor).toHaveURL(/\/partner$/);
  await other.close();
});
