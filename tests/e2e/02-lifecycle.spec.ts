import { expect } from "@playwright/test";
import {
  bookReceipt,
  confirmedPageAction,
  confirmInModal,
  createDraftInUi,
  expectStatus,
  markAsSent,
  openPanel,
  saveBar,
  shopifyIncomingBySku,
  test,
} from "./support";

const SCREENSHOTS = "tests/output/screenshots";

test("a merchant walks a purchase order from Draft to Completed", async ({ page }) => {
  // Draft, from the create form.
  await createDraftInUi(page, "Summit Outdoor Supply", [6, 4]);

  // Lines can be added while the rules allow: an unknown SKU is refused on its field…
  await page.getByLabel("Add by SKU or barcode").fill("NO-SUCH-SKU");
  await page.getByLabel("Add by SKU or barcode").press("Enter");
  await expect(page.getByText('No variant in this shop has the SKU "NO-SUCH-SKU"')).toBeVisible();
  // …a custom line is added, then removed again.
  await page.getByRole("button", { name: "Custom line" }).click();
  await page.getByLabel("Description").fill("Freight surcharge");
  await page.getByLabel("Unit cost", { exact: true }).fill("25");
  await expect(saveBar(page)).toBeVisible();
  await page.getByRole("button", { name: "Add line" }).click();
  await expect(page.getByRole("row", { name: /Freight surcharge/ })).toBeVisible();
  await expect(saveBar(page)).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/lifecycle-1-draft.png`, fullPage: true });
  await page.getByRole("button", { name: "Remove Freight surcharge" }).click();
  await confirmInModal(page, "Remove line");
  await expect(page.getByRole("row", { name: /Freight surcharge/ })).toHaveCount(0);

  // Header details: shipping and tax join the derived total.
  await openPanel(page, "details");
  await page.getByLabel("Shipping cost").fill("12.50");
  await page.getByLabel("Tax").fill("7.50");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByText("407.60 USD")).toBeVisible(); // 387.60 + 12.50 + 7.50

  await markAsSent(page);
  // The worker pushes the ordered quantities to Shopify as incoming, under this order's document.
  const orderId = new URL(page.url()).pathname.split("/").pop()!;
  await expect.poll(() => shopifyIncomingBySku(orderId)).toEqual({ "SOS-PACK22-BLK": 6, "SOS-PACK22-ORG": 4 });
  // …and the order screen reports it as applied.
  await openPanel(page, "shopify");
  await expect(page.locator('[data-effect-status="applied"]')).toHaveCount(2); // incoming, and the product tag

  await confirmedPageAction(page, "Confirm all");
  await expectStatus(page, "in_progress");

  // A partial receipt: 4 of the first line received, 1 rejected as damaged.
  await bookReceipt(page, [{ received: 4, rejected: 1, reason: "damaged_returned" }]);
  await expectStatus(page, "partially_received");
  await page.screenshot({ path: `${SCREENSHOTS}/lifecycle-2-partially-received.png`, fullPage: true });

  // The rest (receipts are booked on the receiving screen, which refuses over-receiving in its review: 10-receiving).
  await bookReceipt(page, [{ received: 1 }, { received: 4 }]);
  await expectStatus(page, "received");

  await confirmedPageAction(page, "Complete");
  await expectStatus(page, "completed");
  await expect(page.locator("[data-activity-entry]").first()).toContainText("Completed · Received → Completed");
  await page.screenshot({ path: `${SCREENSHOTS}/lifecycle-3-completed.png`, fullPage: true });

  await page.goto("/app/purchase-orders");
  await expect(page.getByRole("row", { name: /Summit Outdoor Supply/ })).toContainText("Completed");
});
