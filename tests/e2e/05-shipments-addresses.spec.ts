import { expect } from "@playwright/test";
import { createDraftInUi, expectToast, discardConfirmation, openPanel, saveBar, test } from "./support";

const SCREENSHOTS = "tests/output/screenshots";

test("a merchant records a shipment, a shipping address and another system's PO number", async ({ page }) => {
  const name = await createDraftInUi(page, "Harbor Ceramics", [1]);

  // A UPS shipment links to UPS's tracking page; the order stays a draft.
  await openPanel(page, "shipments");
  await page.getByRole("button", { name: "Add shipment" }).click();
  await page.getByLabel("Carrier", { exact: true }).selectOption("UPS");
  await page.getByLabel("Tracking number").fill("1Z 999 AA1 01 2345 6784");
  await page.getByLabel("Estimated arrival").fill("2026-04-03");
  await page.getByRole("button", { name: "Save shipment" }).click();
  const tracking = page.getByRole("link", { name: "Track 1Z999AA10123456784" });
  await expect(tracking).toHaveAttribute("href", "https://www.ups.com/track?tracknum=1Z999AA10123456784");
  await expect(page.getByText("Expected 2026-04-03")).toBeVisible();
  await expect(page.locator("[data-activity-entry]").getByText("Shipment added")).toBeVisible();
  await expect(page.locator("[data-status]").first()).toHaveAttribute("data-status", "draft");

  // An invalid shipping address is refused field by field; nothing is saved.
  await openPanel(page, "addresses");
  await page.getByRole("button", { name: "Edit shipping address" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Grace Hopper");
  await page.getByLabel("Address", { exact: true }).fill("7 Harbour Rd");
  await page.getByLabel("Country code").fill("Canada");
  await page.getByRole("button", { name: "Save shipping address" }).click();
  await expect(page.getByText("A two-letter country code, e.g. US")).toBeVisible();
  await expect(page.getByText("Required", { exact: true })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/shipments-1-address-errors.png`, fullPage: true });

  await page.getByLabel("City").fill("Halifax");
  await page.getByLabel("Country code").fill("CA");
  await page.getByRole("button", { name: "Save shipping address" }).click();
  await expect(page.getByText("Halifax", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Clear shipping address" })).toBeVisible();

  // A panel with unsaved edits asks before it closes; the save bar's Discard drops them.
  await openPanel(page, "shipments");
  await page.getByRole("button", { name: "Add shipment" }).click();
  await page.getByLabel("Tracking number").fill("Not kept");
  await expect(saveBar(page)).toBeVisible();
  await page.getByRole("button", { name: "Close shipments" }).click();
  await discardConfirmation(page).getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByLabel("Tracking number")).toHaveValue("Not kept");
  await saveBar(page).getByRole("button", { name: "Discard" }).click();
  await expect(page.getByLabel("Tracking number")).toHaveCount(0);
  await expect(saveBar(page)).toHaveCount(0);

  // The order's number in the merchant's ERP.
  await openPanel(page, "supplierFields");
  await page.getByLabel("PO numbers in other systems").fill("ERP-20931, NS-4410");
  await page
    .getByLabel(/^Comment for/)
    .first()
    .fill("Please pack in sets of 6");
  await page.getByRole("button", { name: "Save supplier details" }).click();
  await expectToast(page, "Supplier details saved");
  await expect(page.getByLabel("PO numbers in other systems")).toHaveValue("ERP-20931, NS-4410");
  await page.screenshot({ path: `${SCREENSHOTS}/shipments-2-order.png`, fullPage: true });

  // Found from the order list by that number, in any case.
  await page.goto("/app/purchase-orders");
  await page.getByRole("button", { name: "Search and filter results" }).click();
  const search = page.getByPlaceholder(/Search by PO number/);
  await search.fill("erp-20931");
  await expect(page).toHaveURL(/q=erp-20931/);
  await expect(page.getByRole("row", { name: new RegExp(name) })).toBeVisible();
  await expect(page.locator(".Polaris-IndexTable__TableRow")).toHaveCount(1); // the one match
  await page.screenshot({ path: `${SCREENSHOTS}/shipments-3-search.png`, fullPage: true });

  await search.fill("ERP-00000");
  await expect(page).toHaveURL(/q=ERP-00000/);
  await expect(page.getByRole("row", { name: new RegExp(name) })).toHaveCount(0);
});
