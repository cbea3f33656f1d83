import type { Page } from '@playwright/test';
import { test, expect, jsEnabled, hydrated } from './fixtures';
import { partnerPort } from '../playwright.config';

// Record accuracy as a reader meets it: when a status was true, what the source says in its
// own words, and what Kakehashi adds; and the partner form refusing a status its dates
// contradict.

const UTOKYO = '/activities/utokyo-hospital-china-lifelong-education-project';

test('a plan shows the year it was stated, that its end has passed, and the source’s words', async ({ page }) => {
  await page.goto(UTOKYO);
  const status = page.locator('.fact-status');
  await expect(status).toContainText('Planned, as of 2021');
  await expect(status).toContainText('The end given, 2024, has passed since this status was stated');

  // The note beside the status leads to what the source says and what Kakehashi infers.
  await status.getByRole('link', { name: /^note \d+$/ }).first().click();
  await expect(page).toHaveURL(/#note-\d+$/);
  const note = page.locator('.notes > li:target');
  await expect(note.getByRole('heading', { level: 3 })).toHaveText('Status');
  await expect(note).toContainText('In the source');
  await expect(note.locator('q')).toContainText('will hold lectures and online training');
  await expect(note).toContainText("Kakehashi's note");
  await expect(note).toContainText('Basis:');

  // The curator's identification of a partner is marked beside it.
  const renji = page.getByRole('row', { name: /Renji Hospital/ });
  await renji.getByRole('link', { name: /^note \d+$/ }).click();
  await expect(page.locator('.notes > li:target q')).toHaveText('Reijin Hospital');
});

test('in Japanese, the status date and the notes are Japanese', async ({ page }) => {
  await page.goto(`/ja${UTOKYO}`);
  await expect(page.locator('.fact-status')).toContainText('計画中（2021年時点）');
  await expect(page.getByRole('heading', { level: 2, name: '出典の記述とKakehashiによる補足' })).toBeVisible();
  await expect(page.locator('.notes').getByText('Kakehashiの注記').first()).toBeVisible();
});

test('an organisation page keeps the source’s description beside Kakehashi’s', async ({ page }) => {
  await page.goto('/organizations/medical-excellence-japan');
  await page.locator('.facts').getByRole('link', { name: /^note \d+$/ }).first().click();
  const note = page.locator('.notes > li:target');
  await expect(note.locator('q')).toContainText('a Japanese famous private hospital');
  await expect(note).toContainText('Basis:');
});

test('a source title written by Kakehashi says so, and no uncited page is linked', async ({ page }) => {
  await page.goto('/activities/nagasaki-jica-la-paz-surgeon-training');
  const sources = page.locator('ol.sources');
  await expect(sources).toContainText('Title written by Kakehashi');
  await expect(sources.getByRole('link', { name: /surgery department/ })).toHaveCount(0);
});

test.describe('the partner form', () => {
  test.use({ baseURL: `http://127.0.0.1:${partnerPort}` });

  async function logIn(page: Page, email: string, next: string) {
    await page.goto(next);
    await expect(page).toHaveURL(/\/login\?next=/);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('kakehashi-demo');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${next}$`));
  }

  test('refuses a status its dates contradict today, at the status field', async ({ page }) => {
    const edit = '/partner/activities/utokyo-hospital-china-lifelong-education-project/edit';
    await logIn(page, 'editor.university-of-tokyo-hospital@example.org', edit);
    if (jsEnabled(test.info())) await hydrated(page);
    const status = page.getByLabel('Status', { exact: true });
    await expect(status).toHaveValue('planned');
    await expect(page.locator('#status-hint')).toContainText('as of the day it is checked');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect(page.locator('#status-error')).toContainText(
      'The end has already passed, so this cannot be planned or ongoing',
    );
    await expect(status).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#end')).toHaveValue('2024');

    await status.selectOption('completed');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect(page).toHaveURL(/\/partner\?submitted=\d+$/);
  });
});
