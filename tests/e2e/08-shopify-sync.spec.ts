import { expect } from "@playwright/test";
import {
  bookReceipt,
  confirmedPageAction,
  confirmInModal,
  createDraftInUi,
  expectStatus,
  markAsSent,
  openPanel,
  shopifyIncomingBySku,
  shopifyVariant,
  expectToast,
  test,
} from "./support";

const SCREENSHOTS = "tests/output/screenshots";

test("receipts reach Shopify on hand through Sync to Shopify; a failed correction shows Shopify's message", async ({ page }) => {
  await createDraftInUi(page, "Harbor Ceramics", [5]);
  const orderId = new URL(page.url()).pathname.split("/").pop()!;
  await markAsSent(page);
  await expect.poll(async () => Object.keys(await shopifyIncomingBySku(orderId)).length).toBe(1);
  const [sku] = Object.keys(await shopifyIncomingBySku(orderId));
  const before = await shopifyVariant(sku!);
  expect(before.tags).toContain("on-purchase-order");

  // A manual receipt: Shopify's on hand does not move until the sync.
  await bookReceipt(page, [{ received: 3 }]);
  await expectStatus(page, "partially_received");
  expect((await shopifyVariant(sku!)).available).toBe(before.available);

  await confirmedPageAction(page, "Sync to Shopify");
  await expectToast(page, /Shopify updates? queued/);
  await expect.poll(async () => (await shopifyVariant(sku!)).available).toBe(before.available + 3);
  await expect.poll(() => shopifyIncomingBySku(orderId)).toEqual({ [sku!]: 2 });
  await openPanel(page, "shopify");
  await expect(page.getByText("On hand (received) · 1 change")).toBeVisible();

  // Quick complete books and pushes the rest; the tag leaves the product with its last open order.
  await confirmedPageAction(page, "Quick complete");
  await expectStatus(page, "completed");
  await expect.poll(async () => (await shopifyVariant(sku!)).available).toBe(before.available + 5);
  await expect.poll(() => shopifyIncomingBySku(orderId)).toEqual({});

  // A correction Shopify refuses (this order holds no incoming any more) fails visibly, with a retry.
  await page.getByLabel("Change to incoming").fill("-2");
  await page.getByRole("button", { name: "Adjust incoming" }).click();
  await confirmInModal(page, "Adjust incoming");
  await expect(page.locator('[data-effect-status="failed"]')).toHaveCount(1);
  await expect(page.getByText(/can't be lower than 0/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Retry" })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/shopify-sync.png`, fullPage: true });
});
