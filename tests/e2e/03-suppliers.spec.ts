import { readFileSync } from "node:fs";

import { expect, type Page } from "@playwright/test";

import { confirmInModal, test } from "./support";

const SCREENSHOTS = "tests/output/screenshots";

async function importCsv(page: Page, name: string, rows: string[]) {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(`${rows.join("\r\n")}\r\n`) });
  await expect(page.getByText(name)).toBeVisible();
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await confirmInModal(page, "Import");
}

test.describe.serial("suppliers and their catalogue", () => {
  test("the list shows the demo suppliers with their catalogue size and open orders", async ({ page }) => {
    await page.goto("/app/suppliers");
    await expect(page.getByRole("heading", { name: "Suppliers" })).toBeVisible();
    for (const name of ["Northwind Textiles", "Harbor Ceramics", "Summit Outdoor Supply"]) {
      await expect(page.getByRole("row", { name: new RegExp(name) })).toBeVisible();
    }
    await expect(page.getByRole("columnheader", { name: "Catalogue items" })).toBeVisible();
    await expect(page.getByRole("columnheader", { name: "Open orders" })).toBeVisible();
  });

  test("creating a supplier: field errors first, then its page", async ({ page }) => {
    await page.goto("/app/suppliers");
    await page.getByRole("link", { name: "Add supplier" }).first().click();
    await expect(page.getByRole("heading", { name: "Add supplier" })).toBeVisible();
    await page.getByLabel("Email", { exact: true }).fill("not an email");
    await page.getByRole("button", { name: "Save supplier" }).click();
    await expect(page.getByText("The supplier was not saved")).toBeVisible();
    await expect(page.getByText("Give the supplier a name")).toBeVisible();
    await expect(page.getByText("An email address, e.g. orders@supplier.com")).toBeVisible();

    await page.getByLabel("Name", { exact: true }).fill("Lakeside Linen");
    await page.getByLabel("Email", { exact: true }).fill("orders@lakeside-linen.example");
    await page.getByLabel("Currency").fill("eur");
    await page.getByLabel("Lead time (days)").fill("12");
    await page.getByRole("button", { name: "Save supplier" }).click();
    await expect(page.getByRole("heading", { name: "Lakeside Linen" })).toBeVisible();
    await expect(page.getByText("orders@lakeside-linen.example · EUR")).toBeVisible();
    await expect(page.getByText("No catalogue items yet")).toBeVisible();
  });

  test("adding a catalogue item, then importing CSVs: a bad row imports nothing, a good file imports all", async ({ page }) => {
    await page.goto("/app/suppliers");
    await page.getByRole("row", { name: /Lakeside Linen/ }).click();
    await expect(page.getByRole("heading", { name: "Lakeside Linen" })).toBeVisible();

    await page.getByLabel("Shopify SKU").fill("NWT-TEE-BLK-S");
    await page.getByLabel("Supplier SKU").fill("LL-100");
    await page.getByLabel("Unit cost").fill("8.50");
    await page.getByRole("button", { name: "Add item" }).click();
    await expect(page.getByText("Item added to the catalogue")).toBeVisible();
    await expect(page.getByRole("row", { name: /Organic Cotton Tee.*NWT-TEE-BLK-S.*LL-100.*8\.50 EUR.*1 \/ 1/ })).toBeVisible();

    await importCsv(page, "lakeside-bad.csv", ["sku,supplier_sku,unit_cost", "NWT-TEE-BLK-M,LL-101,8.60", "NWT-TEE-NOPE,LL-102,3.00"]);
    await expect(page.getByText("Nothing was imported")).toBeVisible();
    await expect(page.getByText('Row 3, column sku: No variant in your Shopify store has the SKU "NWT-TEE-NOPE"')).toBeVisible();
    await expect(page.getByRole("heading", { name: "Catalogue (1)" })).toBeVisible();
    await expect(page.getByText("LL-101")).toHaveCount(0);
    await page.screenshot({ path: `${SCREENSHOTS}/supplier-import-errors.png`, fullPage: true });

    await importCsv(page, "lakeside-good.csv", [
      "sku,supplier_sku,alternate_skus,unit_cost,minimum_order_quantity,pack_size",
      "NWT-TEE-BLK-M,LL-101,OLD-101|LL-101B,8.60,12,6",
      "NWT-TEE-BLK-S,LL-100,,8.40,,",
    ]);
    await expect(page.getByText("Imported 1 new and 1 updated items")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Catalogue (2)" })).toBeVisible();
    await expect(page.getByRole("row", { name: /NWT-TEE-BLK-M.*LL-101.*Also: OLD-101, LL-101B.*8\.60 EUR.*12 \/ 6/ })).toBeVisible();
    await expect(page.getByRole("row", { name: /LL-100.*8\.40 EUR/ })).toBeVisible();

    await page.getByRole("button", { name: "Edit NWT-TEE-BLK-S" }).click();
    await expect(page.getByLabel("Shopify SKU")).toBeDisabled();
    await page.getByLabel("Unit cost").fill("8.25");
    await page.getByRole("button", { name: "Save item" }).click();
    await expect(page.getByText("Item saved")).toBeVisible();
    await expect(page.getByRole("row", { name: /LL-100.*8\.25 EUR/ })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/supplier-detail.png`, fullPage: true });

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const exported = readFileSync(await (await download).path(), "utf8");
    expect(exported.split("\r\n")[0]).toBe("variant_id,sku,supplier_sku,alternate_skus,unit_cost,minimum_order_quantity,pack_size");
    expect(exported).toContain(",NWT-TEE-BLK-M,LL-101,OLD-101|LL-101B,8.6,12,6\r\n");

    await page.getByRole("link", { name: "Suppliers" }).first().click();
    await expect(page.getByRole("row", { name: /Lakeside Linen.*EUR\s*2\s*0/ })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/supplier-list.png`, fullPage: true });
  });
});
