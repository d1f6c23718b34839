import { defineConfig } from "@playwright/test";

// End-to-end tests drive the real demo (`scripts/demo.ts`, fresh on every start): the app in demo mode, the
// Admin API stand-in and a fresh SQLite file, on ports of their own so a running demo is untouched.
const appPort = Number(process.env.E2E_APP_PORT ?? 3110);
const standinPort = Number(process.env.E2E_STANDIN_PORT ?? appPort + 457);
// Specs read what "Shopify" now holds through the stand-in's read-only inspection endpoint.
process.env.E2E_STANDIN_ORIGIN = `http://127.0.0.1:${standinPort}`;

// Specs named *.fresh.spec.ts count every order of the store (the index's tabs and pages): they run
// apart, with E2E_FRESH=1, against a demo of their own (scripts/test.sh gives it its own port).
const fresh = process.env.E2E_FRESH === "1";

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: fresh ? "**/*.fresh.spec.ts" : "**/*.spec.ts",
  testIgnore: fresh ? [] : "**/*.fresh.spec.ts",
  outputDir: `tests/output/playwright-${appPort}`,
  // One demo database for the whole run: spec files run in name order (01-, 02-, …), one at a time.
  fullyParallel: false,
  workers: 1,
  // Generous: the flows confirm in modals, and CI machines are loaded; tests wait for conditions, never for time.
  timeout: 180_000,
  expect: { timeout: 15_000 },
  globalSetup: "./tests/e2e/global-setup.ts",
  reporter: [["list"], ["json", { outputFile: process.env.E2E_REPORT ?? "tests/output/playwright.json" }]],
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
    command: "npx tsx scripts/demo.ts",
    url: `http://127.0.0.1:${appPort}/app/purchase-orders`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(appPort),
      SHOPIFY_STANDIN_PORT: String(standinPort),
      HMR_PORT: String(appPort + 1),
      DATABASE_URL: `file:tests/output/e2e-${appPort}.db`,
    },
  },
});
