import { readFileSync } from "node:fs";

import { expect, type Page } from "@playwright/test";

import { confirmInModal, discardConfirmation, expectToast, leaveConfirmation, reloadAnswering, saveBar, test } from "./support";

const SCREENSHOTS = "tests/output/screenshots";
const SCREENS = "tests/output/screens";

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
    // The save bar is the way to save, as on Shopify's own pages: it shows once something is typed.
    await expect(saveBar(page)).toHaveCount(0);
    await page.getByLabel("Name", { exact: true }).fill("Not kept");
    await expect(saveBar(page)).toBeVisible();
    await saveBar(page).getByRole("button", { name: "Discard" }).click();
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("");
    await expect(saveBar(page)).toHaveCount(0);

    await page.getByLabel("Email", { exact: true }).fill("not an email");
    await saveBar(page).getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("The supplier was not saved")).toBeVisible();
    await expect(page.getByText("Give the supplier a name")).toBeVisible();
    await expect(page.getByText("An email address, e.g. orders@supplier.com")).toBeVisible();

    // Currency and country come from ISO lists (the shop's currency preselected), not typed.
    const currency = page.getByLabel("Currency");
    await expect(currency).toHaveValue("USD");
    await expect(currency.locator("option", { hasText: "EUR · Euro" })).toHaveCount(1);
    // A field's error goes once that field is changed; the others stay until theirs are.
    await page.getByLabel("Name", { exact: true }).fill("Lakeside Linen");
    await expect(page.getByText("Give the supplier a name")).toHaveCount(0);
    await expect(page.getByText("An email address, e.g. orders@supplier.com")).toBeVisible();
    await page.getByLabel("Email", { exact: true }).fill("orders@lakeside-linen.example");
    await expect(page.getByText("An email address, e.g. orders@supplier.com")).toHaveCount(0);
    await currency.selectOption("EUR");
    await page.getByLabel("Lead time (days)").fill("12");
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENS}/supplier-new.png` });
    // An address is optional; once one is started, its required fields say so.
    await page.getByLabel("Contact name").fill("Aoife Byrne");
    await page.getByLabel("Address", { exact: true }).fill("4 Quay Street");
    await saveBar(page).getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("The supplier was not saved")).toBeVisible();
    await expect(page.getByLabel("Country")).toHaveAccessibleDescription(/Required/);
    await page.getByLabel("City").fill("Galway");
    await page.getByLabel("Country").selectOption({ label: "Ireland (IE)" });
    await saveBar(page).getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("heading", { name: "Lakeside Linen" })).toBeVisible();
    await expect(saveBar(page)).toHaveCount(0);
    await expect(page.getByText("orders@lakeside-linen.example · EUR")).toBeVisible();
    await expect(page.getByLabel("Country")).toHaveValue("IE");
    await expect(page.getByText("No catalogue items yet")).toBeVisible();
  });

  test("editing a supplier's details: the save bar shows; leaving asks first; Discard restores; Save saves and says so", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/app/suppliers");
    await page.getByRole("row", { name: /Lakeside Linen/ }).click();
    await expect(page.getByRole("heading", { name: "Lakeside Linen" })).toBeVisible();
    const terms = page.getByLabel("Payment terms", { exact: true });
    await expect(terms).toHaveValue("");
    await expect(saveBar(page)).toHaveCount(0);

    await terms.fill("Net 45");
    await expect(saveBar(page)).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/supplier-save-bar.png` });

    // Another screen of the app: asked first; staying keeps the edit.
    await page.getByRole("link", { name: "Purchase orders" }).click();
    await expect(leaveConfirmation(page)).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/supplier-leave-confirmation.png` });
    await leaveConfirmation(page).getByRole("button", { name: "Stay" }).click();
    await expect(leaveConfirmation(page)).toHaveCount(0);
    await expect(page).toHaveURL(/\/app\/suppliers\/[^/]+$/);
    await expect(terms).toHaveValue("Net 45");

    // A reload: the browser asks; staying keeps the edit.
    await reloadAnswering(page, "stay");
    await expect(terms).toHaveValue("Net 45");
    await expect(saveBar(page)).toBeVisible();

    // Discard: the saved value is back, and the bar goes.
    await saveBar(page).getByRole("button", { name: "Discard" }).click();
    await expect(terms).toHaveValue("");
    await expect(saveBar(page)).toHaveCount(0);

    // Save: a toast, the bar goes, and the value is kept.
    await terms.fill("Net 45");
    await saveBar(page).getByRole("button", { name: "Save" }).click();
    await expectToast(page, "Supplier saved");
    await expect(saveBar(page)).toHaveCount(0);
    await page.reload();
    await expect(terms).toHaveValue("Net 45");
    // Saved as it was (the space trimmed): nothing is left unsaved either.
    await terms.fill("Net 45 ");
    await expect(saveBar(page)).toBeVisible();
    await saveBar(page).getByRole("button", { name: "Save" }).click();
    await expectToast(page, "Supplier saved");
    await expect(saveBar(page)).toHaveCount(0);
    await expect(terms).toHaveValue("Net 45");
  });

  test("adding a catalogue item, then importing CSVs: a bad row imports nothing, a good file imports all", async ({ page }) => {
    await page.goto("/app/suppliers");
    await page.getByRole("row", { name: /Lakeside Linen/ }).click();
    await expect(page.getByRole("heading", { name: "Lakeside Linen" })).toBeVisible();

    await page.getByLabel("Shopify SKU").fill("NWT-TEE-BLK-S");
    await page.getByLabel("Supplier SKU").fill("LL-100");
    await page.getByLabel("Unit cost").fill("8.50");
    await page.getByRole("button", { name: "Add item" }).click();
    await expectToast(page, "Item added to the catalogue");
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
    await expectToast(page, "Imported 1 new and 1 updated items");
    await expect(page.getByRole("heading", { name: "Catalogue (2)" })).toBeVisible();
    await expect(page.getByRole("row", { name: /NWT-TEE-BLK-M.*LL-101.*Also: OLD-101, LL-101B.*8\.60 EUR.*12 \/ 6/ })).toBeVisible();
    await expect(page.getByRole("row", { name: /LL-100.*8\.40 EUR/ })).toBeVisible();

    await page.getByRole("button", { name: "Edit NWT-TEE-BLK-S" }).click();
    await expect(page.getByLabel("Shopify SKU")).toBeDisabled();
    await page.getByLabel("Unit cost").fill("8.25");
    // Unsaved: the save bar shows; opening another item or leaving the page asks first.
    await expect(saveBar(page)).toBeVisible();
    await page.getByRole("button", { name: "Edit NWT-TEE-BLK-M" }).click();
    await discardConfirmation(page).getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByLabel("Unit cost")).toHaveValue("8.25");
    await page.getByRole("link", { name: "Suppliers" }).first().click();
    await leaveConfirmation(page).getByRole("button", { name: "Stay" }).click();
    await expect(page.getByRole("heading", { name: "Lakeside Linen" })).toBeVisible();
    // The details changed too: their bar shows (one at a time); saving them keeps the item's edits, whose bar comes next.
    await page.getByLabel("Lead time (days)").fill("15");
    await saveBar(page).getByRole("button", { name: "Save" }).click();
    await expectToast(page, "Supplier saved");
    await expect(page.getByLabel("Lead time (days)")).toHaveValue("15");
    await expect(page.getByLabel("Unit cost")).toHaveValue("8.25");
    await saveBar(page).getByRole("button", { name: "Save" }).click();
    await expectToast(page, "Item saved");
    await expect(saveBar(page)).toHaveCount(0);
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

  test("a long catalogue comes in pages of 50, and search narrows it", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/app/suppliers");
    await page.getByRole("row", { name: /Northwind Textiles/ }).click();
    await expect(page.getByRole("heading", { name: "Northwind Textiles" })).toBeVisible();
    const heading = page.getByRole("heading", { name: /^Catalogue \((\d+)\)$/ });
    const total = Number(/\((\d+)\)/.exec((await heading.textContent()) ?? "")?.[1]);
    expect(total).toBeGreaterThan(50);
    const rows = page.locator("tbody tr");
    await expect(rows).toHaveCount(50);
    await page.screenshot({ path: `${SCREENS}/supplier-page.png` });

    const firstPage = await rows.allTextContents();
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page).toHaveURL(/after=/);
    // The next page: none of the first page's items, in the same order of SKUs.
    await expect.poll(async () => (await rows.allTextContents()).some((text) => firstPage.includes(text))).toBe(false);
    await expect(rows).toHaveCount(Math.min(50, total - 50));
    await page.getByRole("button", { name: "Previous" }).click();
    await expect(page).toHaveURL(/before=/);
    await expect.poll(() => rows.allTextContents()).toEqual(firstPage);

    // Search by SKU, then by title (the product's title is Shopify's).
    const search = page.getByRole("textbox", { name: "Search the catalogue" });
    await search.fill("NWT-SOCK");
    await expect(page.getByRole("heading", { name: /^Catalogue: \d+ matching$/ })).toBeVisible();
    await expect.poll(async () => (await rows.allTextContents()).every((text) => text.includes("NWT-SOCK"))).toBe(true);
    await search.fill("Cashmere Scarf");
    await expect.poll(async () => (await rows.allTextContents()).length).toBeGreaterThan(0);
    await expect.poll(async () => (await rows.allTextContents()).every((text) => text.includes("Cashmere Scarf"))).toBe(true);
    await search.fill("nothing like this");
    await expect(page.getByText("No items match “nothing like this”")).toBeVisible();
    await page.getByRole("button", { name: "Clear the search" }).click();
    await expect(heading).toBeVisible();
  });
});
