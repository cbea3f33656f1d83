import { Page, Locator } from '@playwright/test';

/** One activity's page. */
export class ActivityPage {
  readonly heading: Locator;
  readonly sources: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.sources = page.getByRole('region', { name: /Sources|出典/ });
  }

  sourceLink(href: string): Locator {
    return this.sources.locator(`a[href="${href}"]`);
  }
}
