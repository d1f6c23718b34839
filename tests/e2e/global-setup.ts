import { chromium, type FullConfig } from "@playwright/test";

/**
 * The demo runs Vite's dev server, which bundles browser dependencies on the first page load
 * and may reload the page once it has. Load each screen once before the tests, so that they
 * measure the app rather than a cold bundler.
 */
export default async function warmUp(config: FullConfig) {
  const use = config.projects[0]!.use;
  const browser = await chromium.launch(use.launchOptions);
  const page = await browser.newPage();
  for (const [path, heading] of [
    ["/app/purchase-orders", "Purchase orders"],
    ["/app/purchase-orders/new", "Create purchase order"],
  ] as const) {
    await page.goto(`${use.baseURL}${path}`);
    await page.getByRole("heading", { name: heading }).waitFor({ timeout: 120_000 });
    await page.waitForLoadState("networkidle");
  }
  await browser.close();
}
