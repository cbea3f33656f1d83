import { expect, Page, Locator } from '@playwright/test';

/** The search box (home page and results page) and the result cards. */
export class SearchPage {
  readonly box: Locator;
  readonly results: Locator;
  readonly summary: Locator;

  constructor(readonly page: Page, lang: 'en' | 'ja' = 'en') {
    this.box = page.getByRole('searchbox', { name: lang === 'en' ? 'Search activities' : '活動を検索' });
    this.results = page.getByRole('article');
    this.summary = page.getByRole('status');
  }

  async goto(path = '/activities') {
    await this.page.goto(path);
  }

  /** Types a query and submits it, as a person with a keyboard would. */
  async search(q: string) {
    await this.box.fill(q);
    await this.box.press('Enter');
    await expect(this.page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(q).replace(/%20/g, '\\+')}`));
  }

  card(title: string | RegExp): Locator {
    return this.results.filter({ has: this.page.getByRole('heading', { name: title }) });
  }
}
