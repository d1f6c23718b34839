import { expect, type Page } from "@playwright/test";

import { DEFAULT_SETTINGS } from "~/domain/settings";

import { confirmInModal, dismissModal, discardConfirmation, expectToast, modal, reloadAnswering, saveBar, shopifyBarcode, test } from "./support";

const SCREENS = "tests/output/screens";

/**
 * Issue #15: App Bridge as Shopify admin has it. The demo runs the App Bridge stand-in (Shopify's
 * CDN is out of reach), which draws what admin draws: the contextual save bar, toasts, modals and
 * the resource picker, through App Bridge's own API. Screens use them exactly as inside admin.
 */
test.use({ viewport: { width: 1280, height: 800 } });

const autoSync = (page: Page) => page.getByLabel("Auto-sync to Shopify on receiving", { exact: true });

test.describe.serial("App Bridge in the demo", () => {
  // Later specs share the demo database: leave the shop on its default settings.
  test.afterAll(async ({ request }) => {
    const response = await request.post("/app/settings", { form: { settings: JSON.stringify(DEFAULT_SETTINGS) } });
    expect(response.ok()).toBe(true);
  });

  test("App Bridge is the first script in <head>, after its API key", async ({ page }) => {
    await page.goto("/app/settings");
    const head = await page.evaluate(() => ({
      firstScript: document.head.querySelector("script")?.getAttribute("src"),
      apiKeyBeforeIt: document.head.querySelector('meta[name="shopify-api-key"] + script') === document.head.querySelector("script"),
      global: typeof (window as { shopify?: { toast?: unknown } }).shopify?.toast,
    }));
    expect(head).toEqual({ firstScript: "/app-bridge-standin.js", apiKeyBeforeIt: true, global: "object" });
  });

  test("while the next screen loads, admin's loading bar shows; it goes once the screen is there", async ({ page }) => {
    await page.goto("/app/settings");
    const bar = page.locator("[data-app-bridge-loading]");
    await expect(bar).toHaveCount(0);
    // The next screen's data is held until the bar was seen: a condition, not a race with a fast load.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/app/suppliers.data*", async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole("link", { name: "Suppliers" }).first().click();
    await expect(bar).toBeVisible();
    await expect(bar).toHaveAttribute("role", "progressbar");
    await page.screenshot({ path: `${SCREENS}/app-bridge-loading.png` });
    release();
    await expect(page.getByRole("heading", { name: "Suppliers", level: 1 })).toBeVisible();
    await expect(bar).toHaveCount(0);
  });

  test("a changed setting shows the save bar; leaving asks first; Discard restores; Save saves and says so", async ({ page }) => {
    await page.goto("/app/settings");
    await expect(autoSync(page)).not.toBeChecked();
    await expect(saveBar(page)).toHaveCount(0);

    await autoSync(page).check();
    await expect(saveBar(page)).toBeVisible();
    await expect(saveBar(page).getByRole("button", { name: "Save" })).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/app-bridge-save-bar.png` });

    // Another screen of the app: asked first; staying keeps the change.
    await page.getByRole("link", { name: "Purchase orders" }).click();
    const leave = page.getByRole("dialog", { name: "Leave page with unsaved changes?" });
    await expect(leave).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/app-bridge-leave-confirmation.png` });
    await leave.getByRole("button", { name: "Stay" }).click();
    await expect(leave).toHaveCount(0);
    await expect(page).toHaveURL(/\/app\/settings$/);
    await expect(autoSync(page)).toBeChecked();

    // A reload: the browser asks; staying keeps the change.
    await reloadAnswering(page, "stay");
    await expect(autoSync(page)).toBeChecked();
    await expect(saveBar(page)).toBeVisible();

    // Discard: the saved value is back, the bar goes, and leaving no longer asks.
    await saveBar(page).getByRole("button", { name: "Discard" }).click();
    await expect(autoSync(page)).not.toBeChecked();
    await expect(saveBar(page)).toHaveCount(0);

    // Save: a toast, the bar goes, and the setting is kept.
    await autoSync(page).check();
    await saveBar(page).getByRole("button", { name: "Save" }).click();
    await expectToast(page, "Settings saved");
    await expect(saveBar(page)).toHaveCount(0);
    await page.screenshot({ path: `${SCREENS}/app-bridge-toast.png` });
    await page.reload();
    await expect(autoSync(page)).toBeChecked();

    // Leaving with a change, answered "Leave page": the move happens and the change is dropped.
    await autoSync(page).uncheck();
    await page.getByRole("link", { name: "Purchase orders" }).click();
    await page.getByRole("dialog", { name: "Leave page with unsaved changes?" }).getByRole("button", { name: "Leave page" }).click();
    await expect(page).toHaveURL(/\/app\/purchase-orders$/);
    await expect(saveBar(page)).toHaveCount(0);
    await page.goto("/app/settings");
    await expect(autoSync(page)).toBeChecked();
  });

  test("Settings → Email and → Documents show the save bar while changed, hold leaving, and save or discard from it", async ({ page }) => {
    // Email: a changed sender name shows the bar; leaving for another screen asks; Save saves from the bar.
    await page.goto("/app/settings/email");
    const senderName = page.getByLabel("Sender name", { exact: true });
    const before = await senderName.inputValue();
    await expect(saveBar(page)).toHaveCount(0);
    await senderName.fill(`${before} (save bar)`);
    await expect(saveBar(page)).toBeVisible();
    await page.getByRole("link", { name: "Purchase orders" }).click();
    const leave = page.getByRole("dialog", { name: "Leave page with unsaved changes?" });
    await leave.getByRole("button", { name: "Stay" }).click();
    await expect(page).toHaveURL(/\/app\/settings\/email$/);
    await expect(senderName).toHaveValue(`${before} (save bar)`);
    await saveBar(page).getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Saved", { exact: true })).toBeVisible();
    await expect(saveBar(page)).toHaveCount(0);
    await page.reload();
    await expect(senderName).toHaveValue(`${before} (save bar)`);
    // The wording too; Discard brings back what is saved.
    const subject = page.getByLabel("Subject", { exact: true });
    const savedSubject = await subject.inputValue();
    await subject.fill("Changed, then discarded");
    await expect(saveBar(page)).toBeVisible();
    await saveBar(page).getByRole("button", { name: "Discard" }).click();
    await expect(subject).toHaveValue(savedSubject);
    await expect(saveBar(page)).toHaveCount(0);
    // Put the sender back for later specs, from the bar.
    await senderName.fill(before);
    await saveBar(page).getByRole("button", { name: "Save" }).click();
    await expect(saveBar(page)).toHaveCount(0);

    // Documents: a new template typed in shows the bar; a reload asks; Discard empties it; Save creates it.
    await page.goto("/app/settings/documents");
    await page.getByLabel("Template", { exact: true }).selectOption({ label: "New template…" });
    const name = page.getByLabel("Name", { exact: true });
    const footer = page.getByLabel("Footer text", { exact: true });
    await expect(saveBar(page)).toHaveCount(0);
    await name.fill("Save bar check");
    await footer.fill("Deliver to the back door");
    await expect(saveBar(page)).toBeVisible();
    await reloadAnswering(page, "stay");
    await expect(footer).toHaveValue("Deliver to the back door");
    await saveBar(page).getByRole("button", { name: "Discard" }).click();
    await expect(name).toHaveValue("");
    await expect(footer).toHaveValue("");
    await expect(saveBar(page)).toHaveCount(0);
    await name.fill("Save bar check");
    await footer.fill("Deliver to the back door");
    await saveBar(page).getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Template “Save bar check” saved")).toBeVisible();
    await expect(saveBar(page)).toHaveCount(0);
    await page.getByLabel("Template", { exact: true }).selectOption({ label: "Save bar check" });
    await expect(footer).toHaveValue("Deliver to the back door");
    // Opening another template while this one has unsaved edits asks first: Cancel keeps them, Discard drops them.
    await footer.fill("Edited, not saved");
    await page.getByLabel("Template", { exact: true }).selectOption({ label: "New template…" });
    await discardConfirmation(page).getByRole("button", { name: "Cancel" }).click();
    await expect(footer).toHaveValue("Edited, not saved");
    await expect(name).toHaveValue("Save bar check");
    await page.getByLabel("Template", { exact: true }).selectOption({ label: "New template…" });
    await discardConfirmation(page).getByRole("button", { name: "Discard changes" }).click();
    await expect(name).toHaveValue("");
    await expect(saveBar(page)).toHaveCount(0);
  });

  test("a destructive action asks in App Bridge's modal; dismissed, nothing changes", async ({ page }) => {
    await page.goto("/app/settings/api");
    await page.getByLabel("Name").fill("Modal check");
    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByText('Key "Modal check" created', { exact: false })).toBeVisible();
    await page.getByRole("button", { name: "Revoke Modal check" }).click();
    await expect(modal(page).getByRole("heading")).toBeVisible();
    await expect(modal(page).getByRole("button", { name: "Cancel" })).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/app-bridge-modal.png` });
    // Escape dismisses as Cancel does.
    await page.keyboard.press("Escape");
    await expect(modal(page)).toHaveCount(0);
    await page.getByRole("button", { name: "Revoke Modal check" }).click();
    await dismissModal(page);
    await page.reload();
    await expect(page.getByRole("row", { name: /Modal check/ })).toContainText("Active");
    await page.getByRole("button", { name: "Revoke Modal check" }).click();
    await confirmInModal(page, "Revoke key");
    await expect(page.getByRole("row", { name: /Modal check/ })).toContainText("Revoked");
  });

  test("the resource picker lists products before any typing, pages on, finds by SKU and barcode, and returns two chosen variants", async ({
    page,
  }) => {
    await page.goto("/app/standin/harness");
    await page.getByRole("button", { name: "Pick products" }).click();
    const picker = page.getByRole("dialog", { name: "Add products" });
    const productRows = picker.locator(".ab-picker__row:not(.ab-picker__row--variant)");
    // Products are there before anything is typed.
    await expect(productRows.first()).toBeVisible();
    await expect(picker.getByText(/No products found/)).toHaveCount(0);
    await expect(picker.getByRole("searchbox", { name: "Search products" })).toBeFocused();
    await page.screenshot({ path: `${SCREENS}/app-bridge-resource-picker.png` });

    // Past the first page (the demo store has 50 products): scrolled to the end, the next page loads.
    const list = picker.getByRole("list", { name: "Products" });
    await expect(list).toHaveAttribute("aria-busy", "false");
    const firstPage = await productRows.count();
    expect(firstPage).toBeGreaterThan(10);
    await list.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await expect.poll(() => productRows.count()).toBeGreaterThan(firstPage);

    // By barcode: the one product that has it.
    const search = picker.getByRole("searchbox", { name: "Search products" });
    /** Searches at once (Enter, rather than waiting for typing to pause) and waits for the results. */
    const searchFor = async (text: string) => {
      await search.fill(text);
      await search.press("Enter");
      await expect(list).toHaveAttribute("aria-busy", "false");
    };
    await searchFor(await shopifyBarcode("SOS-PACK22-BLK"));
    await expect(productRows).toHaveCount(1);
    await expect(productRows).toContainText("Trail Daypack 22L");

    // By SKU: one product, its variants listed; two chosen with the keyboard and the mouse.
    await searchFor("SOS-PACK22");
    await expect(picker.getByRole("checkbox", { name: "Trail Daypack 22L – Black" })).toBeVisible();
    await expect(productRows).toHaveCount(1);
    await search.press("ArrowDown"); // the product
    await page.keyboard.press("ArrowDown"); // its first variant
    await expect(picker.getByRole("checkbox", { name: "Trail Daypack 22L – Black" })).toBeFocused();
    await page.keyboard.press("Space");
    await picker.getByRole("checkbox", { name: "Trail Daypack 22L – Orange" }).check();
    await expect(picker.getByText("1 product selected")).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/app-bridge-resource-picker-selected.png` });
    await picker.getByRole("button", { name: "Add", exact: true }).click();
    await expect(picker).toHaveCount(0);

    const selection = JSON.parse((await page.locator("[data-selection]").textContent()) ?? "null") as Array<{
      id: string;
      title: string;
      variants: Array<{ id: string; sku: string; price: string; title: string; image: unknown; product: { id: string } }>;
    }>;
    expect(selection).toHaveLength(1);
    expect(selection[0]).toMatchObject({ id: expect.stringMatching(/^gid:\/\/shopify\/Product\//), title: "Trail Daypack 22L" });
    expect(selection[0]!.variants.map((variant) => variant.sku).sort()).toEqual(["SOS-PACK22-BLK", "SOS-PACK22-ORG"]);
    for (const variant of selection[0]!.variants) {
      expect(variant).toMatchObject({
        id: expect.stringMatching(/^gid:\/\/shopify\/ProductVariant\//),
        price: expect.stringMatching(/^\d+(\.\d+)?$/),
        image: null,
        product: { id: selection[0]!.id },
      });
    }

    // Cancelled: undefined, as App Bridge resolves it.
    await page.getByRole("button", { name: "Pick variants" }).click();
    const variants = page.getByRole("dialog", { name: "Add variants" });
    await expect(variants.getByRole("checkbox").first()).toBeVisible();
    await variants.getByRole("button", { name: "Cancel" }).click();
    await expect(page.locator("[data-selection]")).toHaveText("null");
  });
});
