import type { PlaywrightTestConfig } from "@playwright/test";

/**
 * What every Playwright run of the demo shares (playwright.config.ts: the demo on Vite's dev
 * server; playwright.prod.config.ts: on a production build): the demo (`scripts/demo.ts`, fresh on
 * every start) with the Admin API stand-in and a fresh SQLite file (or the PostgreSQL database
 * E2E_DATABASE_URL names), on ports of its own so a
 * running demo is untouched; Debian's Chromium; one spec at a time.
 */
export function demoRunConfig({
  appPort,
  report,
  productionBuild = false,
}: {
  appPort: number;
  report: string;
  productionBuild?: boolean;
}): PlaywrightTestConfig {
  const standinPort = Number(process.env.E2E_STANDIN_PORT ?? appPort + 457);
  // Specs read what "Shopify" now holds through the stand-in's read-only inspection endpoint.
  process.env.E2E_STANDIN_ORIGIN = `http://127.0.0.1:${standinPort}`;
  return {
    outputDir: `tests/output/playwright-${appPort}`,
    // One demo database for the whole run: spec files run in name order (01-, 02-, …), one at a time.
    fullyParallel: false,
    workers: 1,
    // Generous: the flows confirm in modals, and CI machines are loaded; tests wait for conditions, never for time.
    timeout: 180_000,
    expect: { timeout: 15_000 },
    reporter: [["list"], ["json", { outputFile: report }]],
    use: {
      baseURL: `http://127.0.0.1:${appPort}`,
      viewport: { width: 1280, height: 900 },
      trace: "retain-on-failure",
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      },
    },
    webServer: {
      command: productionBuild ? "npx tsx scripts/demo.ts --build" : "npx tsx scripts/demo.ts",
      url: `http://127.0.0.1:${appPort}/app/purchase-orders`,
      // The production build comes first (about 40 s on an idle 2-core machine, several times that under load).
      timeout: productionBuild ? 900_000 : 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PORT: String(appPort),
        SHOPIFY_STANDIN_PORT: String(standinPort),
        HMR_PORT: String(appPort + 1),
        // E2E_DATABASE_URL runs the demo on PostgreSQL (npm test does so for the production walk).
        DATABASE_URL: process.env.E2E_DATABASE_URL ?? `file:tests/output/e2e-${appPort}.db`,
      },
    },
  };
}
