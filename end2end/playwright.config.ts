import { defineConfig } from '@playwright/test';

// Every journey runs twice: with JavaScript (hydrated, client-side navigation) and without
// (server-rendered HTML and plain GET forms). The browser is Debian's Chromium: never
// download one (our machines reach only the package registries).
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// The account journeys change the record (they publish activities), so they get a site of
// their own, with the demo accounts, and the other tests keep counting the seed record.
export const partnerPort = Number(process.env.E2E_PARTNER_PORT ?? 3102);

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    { name: 'js', use: { javaScriptEnabled: true } },
    { name: 'nojs', use: { javaScriptEnabled: false } },
  ],
  webServer: [
    {
      // The release build, on a fresh database seeded at start.
      command: `rm -f target/e2e/kakehashi.db* && mkdir -p target/e2e && ./target/release/server`,
      cwd: '..',
      url: `${baseURL}/healthz`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      env: {
        DATABASE_URL: 'sqlite://target/e2e/kakehashi.db',
        LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
        LEPTOS_SITE_ROOT: 'target/site',
        RUST_LOG: 'warn',
      },
    },
    {
      command: `rm -f target/e2e/partner.db* && mkdir -p target/e2e && ./target/release/server`,
      cwd: '..',
      url: `http://127.0.0.1:${partnerPort}/healthz`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      env: {
        DATABASE_URL: 'sqlite://target/e2e/partner.db',
        LEPTOS_SITE_ADDR: `127.0.0.1:${partnerPort}`,
        LEPTOS_SITE_ROOT: 'target/site',
        KAKEHASHI_DEMO: '1',
        RUST_LOG: 'warn',
      },
    },
  ],
});
