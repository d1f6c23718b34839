import { defineConfig } from "@playwright/test";

import { demoRunConfig } from "./tests/e2e/demo-config";

/**
 * The walk on a production build (issue #15's acceptance): `scripts/demo.ts --build` builds the app
 * (`remix vite:build --mode demo`) and serves it with remix-serve, NODE_ENV=production, still in
 * demo mode (app/demo-build.ts says why only that build may). `npm test` runs it third, on port 3170:
 * `E2E_APP_PORT=3170 npx playwright test -c playwright.prod.config.ts`.
 */
export default defineConfig({
  ...demoRunConfig({
    appPort: Number(process.env.E2E_APP_PORT ?? 3170),
    report: process.env.E2E_REPORT ?? "tests/output/playwright-prod.json",
    productionBuild: true,
  }),
  testDir: "tests/e2e/prod",
  testMatch: "**/*.prod.spec.ts",
});
