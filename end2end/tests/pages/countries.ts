import { Page, Locator } from '@playwright/test';

/** The world map page and its table twin. */
export class CountriesPage {
  readonly map: Locator;
  readonly table: Locator;
  readonly readout: Locator;

  constructor(readonly page: Page) {
    this.map = page.getByRole('group', { name: /Map of activities by partner country|パートナー国別の活動数の地図/ });
    this.table = page.getByRole('table');
    this.readout = page.locator('.map-readout');
  }

  async goto(query = '') {
    await this.page.goto(`/countries${query}`);
  }

  /** A country on the map, by its accessible name ("Mongolia: 4 activities"). */
  country(name: string): Locator {
    return this.map.getByRole('link', { name: new RegExp(`^${name}: \\d+ activit`) });
  }

  async fillOf(name: string): Promise<string | null> {
    return this.country(name).locator('path, circle').first().getAttribute('fill');
  }
}
