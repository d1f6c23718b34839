import { defineConfig } from "@playwright/test";

import { demoRunConfig } from "./tests/e2e/demo-config";

// End-to-end tests drive the real demo on Vite's dev server (tests/e2e/demo-config.ts). The walk on
// a production build has its own configuration (playwright.prod.config.ts, tests/e2e/prod).

// Specs named *.fresh.spec.ts count every order of the store (the index's tabs and pages): they run
// apart, with E2E_FRESH=1, against a demo of their own (scripts/test.sh gives it its own port).
const fresh = process.env.E2E_FRESH === "1";

export default defineConfig({
  ...demoRunConfig({ appPort: Number(process.env.E2E_APP_PORT ?? 3110), report: process.env.E2E_REPORT ?? "tests/output/playwright.json" }),
  testDir: "tests/e2e",
  testMatch: fresh ? "**/*.fresh.spec.ts" : "**/*.spec.ts",
  testIgnore: fresh ? ["**/prod/**"] : ["**/*.fresh.spec.ts", "**/prod/**"],
  globalSetup: "./tests/e2e/global-setup.ts",
});
