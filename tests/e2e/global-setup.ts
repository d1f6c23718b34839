import { chromium, type FullConfig, type Page } from "@playwright/test";

/**
 * The demo runs Vite's dev server, which bundles browser dependencies on the first page load
 * and reloads the page once it has. Load each screen once before the tests, so that they
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
    await loadUntilShown(page, `${use.baseURL}${path}`, heading);
  }
  await browser.close();
}

const ATTEMPTS = 4;

/**
 * A page that was loading the bundles Vite replaced when it re-bundled (and reloaded it) can stay
 * broken on a busy machine: its heading never shows. Such a page is loaded again, a few times at
 * most; the app itself was never wrong, its first page load just raced the bundler.
 */
async function loadUntilShown(page: Page, url: string, heading: string) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await page.goto(url);
      await page.getByRole("heading", { name: heading }).waitFor({ timeout: 60_000 });
      await page.waitForLoadState("networkidle");
      return;
    } catch (error) {
      if (attempt === ATTEMPTS) throw error;
      console.warn(`warm-up: ${url} did not show "${heading}" (attempt ${attempt} of ${ATTEMPTS}); loading it again`);
    }
  }
}
