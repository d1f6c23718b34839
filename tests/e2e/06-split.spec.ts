import { expect } from "@playwright/test";
import { confirmInModal, createDraftInUi, expectToast, openPanel, test } from "./support";

const SCREENSHOTS = "tests/output/screenshots";

test("a mixed order is split by supplier, from the catalogues", async ({ page }) => {
  // A Northwind order that also carries a Harbor Ceramics mug (added by SKU).
  const nameOfSource = await createDraftInUi(page, "Northwind Textiles", [1]);

  await page.getByLabel("Add by SKU or barcode").fill("HBC-MUG-SPK");
  await page.getByLabel("Add by SKU or barcode").press("Enter");
  await expect(page.getByRole("row", { name: /Stoneware Mug/ })).toBeVisible();
  // Eight of them: the quantity, changed in place.
  await page.getByLabel(/^Quantity for Stoneware Mug/).fill("8");
  await page.getByLabel(/^Quantity for Stoneware Mug/).press("Enter");
  await expectToast(page, "Line saved");

  await openPanel(page, "reorganise");

  await page.getByRole("button", { name: "Split by supplier" }).click();
  await confirmInModal(page, "Split by supplier");
  await expectToast(page, /^Lines moved to new drafts: PO-\d{4}$/);
  await expect(page.getByRole("row", { name: /Stoneware Mug/ })).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/split-source.png`, fullPage: true });

  await page.goto("/app/purchase-orders");
  const harbor = page.getByRole("row", { name: /Harbor Ceramics/ }).first();
  await expect(harbor).toContainText("Draft");
  await expect(harbor).toContainText("8");
  await expect(page.getByRole("row", { name: new RegExp(nameOfSource) })).toContainText("Northwind Textiles");
  await page.screenshot({ path: `${SCREENSHOTS}/split-index.png`, fullPage: true });
});
