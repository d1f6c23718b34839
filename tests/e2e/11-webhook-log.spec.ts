import { expect } from "@playwright/test";
import { test } from "./support";

// The demo store sends no webhooks, so the log shows its empty state; the rows themselves are
// checked by tests/integration/compliance.test.ts.
test("the webhook log opens from Settings", async ({ page }) => {
  await page.goto("/app/settings");
  await page.getByRole("link", { name: "View webhook log" }).click();
  await expect(page).toHaveURL(/\/app\/settings\/webhooks$/);
  await expect(page.getByRole("heading", { name: "Webhook log", level: 1 })).toBeVisible();
  // An empty log says what will appear and that nothing needs doing; no illustration.
  await expect(page.getByText("No webhooks received yet")).toBeVisible();
  await expect(page.getByText(/Nothing to do: deliveries arrive on their own/)).toBeVisible();
  await expect(page.locator("main img")).toHaveCount(0);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: "tests/output/screens/webhook-log-empty.png" });
});
