import { expect, type Locator, type Page } from "@playwright/test";
import { expectToast, test } from "./support";

import { DEFAULT_SETTINGS } from "~/domain/settings";

const SCREENSHOTS = "tests/output/screenshots";

/** Opens a rule's status picker, ticks and unticks statuses by label, and closes it. */
async function pickStatuses(page: Page, rule: Locator, picker: string, change: { tick?: string[]; untick?: string[] }) {
  await rule.getByRole("group", { name: picker }).getByRole("button").click();
  for (const name of change.tick ?? []) await page.getByRole("checkbox", { name, exact: true }).check();
  for (const name of change.untick ?? []) await page.getByRole("checkbox", { name, exact: true }).uncheck();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("checkbox", { name: "Draft", exact: true })).toHaveCount(0);
}

function statusesOf(rule: Locator, picker: string) {
  return rule.getByRole("group", { name: picker }).getByRole("button");
}

/** Saves with the contextual save bar (App Bridge's; the demo's stand-in draws it). */
async function save(page: Page) {
  await page.getByRole("region", { name: "Unsaved changes" }).getByRole("button", { name: "Save" }).click();
}

test.describe.serial("settings for Shopify effects", () => {
  // Later specs share the demo database: leave the shop on the defaults it started with.
  test.afterAll(async ({ request }) => {
    const response = await request.post("/app/settings", { form: { settings: JSON.stringify(DEFAULT_SETTINGS) } });
    expect(response.ok()).toBe(true);
  });

  test("auto-sync, a tag rule and a write-back rule are saved and kept", async ({ page }) => {
    await page.goto("/app/settings");
    await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
    await expect(page.getByLabel("Incoming tracking", { exact: true })).toBeChecked();
    const autoSync = page.getByLabel("Auto-sync to Shopify on receiving", { exact: true });
    await expect(autoSync).not.toBeChecked();
    await expect(page.getByText("Shopify variants have no tags, so tag rules apply to products.")).toBeVisible();
    await autoSync.check();

    await page.getByRole("button", { name: "Add tag rule" }).click();
    const tagRule = page.getByRole("group", { name: "Tag rule 2" });
    await tagRule.getByLabel("Tag", { exact: true }).fill("arriving-soon");
    await pickStatuses(page, tagRule, "Apply statuses", { tick: ["In progress"], untick: ["Sent"] });
    await pickStatuses(page, tagRule, "Remove statuses", { tick: ["Received"], untick: ["Completed"] });
    await tagRule.getByLabel("Removal", { exact: true }).selectOption("always");
    await expect(statusesOf(tagRule, "Apply statuses")).toHaveText("In progress");
    await expect(statusesOf(tagRule, "Remove statuses")).toHaveText("Received, Cancelled");

    await page.getByRole("button", { name: "Add write-back rule" }).click();
    const writeBack = page.getByRole("group", { name: "Write-back rule 1" });
    await writeBack.getByLabel("Key", { exact: true }).fill("expected_arrival");
    await writeBack.getByLabel("Owner", { exact: true }).selectOption("variant");
    await expect(writeBack.getByLabel("Purchase order field", { exact: true })).toHaveValue("expectedArrivalAt");
    await expect(writeBack.getByText("Written as a date metafield.")).toBeVisible();
    await pickStatuses(page, writeBack, "Trigger statuses", { tick: ["Confirmed"] });

    await save(page);
    await expectToast(page, "Settings saved");
    await expect(page.getByRole("region", { name: "Unsaved changes" })).toHaveCount(0);
    await page.screenshot({ path: `${SCREENSHOTS}/settings.png`, fullPage: true });

    await page.reload();
    await expect(page.getByLabel("Auto-sync to Shopify on receiving", { exact: true })).toBeChecked();
    await expect(page.getByLabel("Incoming tracking", { exact: true })).toBeChecked();
    const keptTagRule = page.getByRole("group", { name: "Tag rule 2" });
    await expect(keptTagRule.getByLabel("Tag", { exact: true })).toHaveValue("arriving-soon");
    await expect(keptTagRule.getByLabel("Removal", { exact: true })).toHaveValue("always");
    await expect(statusesOf(keptTagRule, "Apply statuses")).toHaveText("In progress");
    await expect(statusesOf(keptTagRule, "Remove statuses")).toHaveText("Received, Cancelled");
    const keptWriteBack = page.getByRole("group", { name: "Write-back rule 1" });
    await expect(keptWriteBack.getByLabel("Namespace", { exact: true })).toHaveValue("inbound");
    await expect(keptWriteBack.getByLabel("Key", { exact: true })).toHaveValue("expected_arrival");
    await expect(keptWriteBack.getByLabel("Owner", { exact: true })).toHaveValue("variant");
    await expect(statusesOf(keptWriteBack, "Trigger statuses")).toHaveText("Sent, Confirmed");
  });

  test("the default receiving location is where the create screen starts, and says where it is set", async ({ page }) => {
    await page.goto("/app/settings");
    const setting = page.getByLabel("Default receiving location", { exact: true });
    await expect(setting).toHaveValue("");
    await setting.selectOption({ label: "Main Warehouse" });
    await save(page);
    await expectToast(page, "Settings saved");
    await page.reload();
    await expect(page.getByLabel("Default receiving location", { exact: true }).locator("option:checked")).toHaveText("Main Warehouse");

    await page.goto("/app/purchase-orders/new");
    const receiving = page.getByLabel("Receiving location", { exact: true });
    await expect(receiving.locator("option:checked")).toHaveText("Main Warehouse");
    await expect(page.getByText("Your default receiving location, set in")).toBeVisible();
    await receiving.selectOption({ label: "Downtown Store" });
    await expect(page.getByText("The default is set in")).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/create-default-location.png`, fullPage: true });
  });

  test("a bad rule is refused next to its field and nothing changes", async ({ page }) => {
    await page.goto("/app/settings");
    await page.getByLabel("Auto-sync to Shopify on receiving", { exact: true }).uncheck();
    await page.getByRole("button", { name: "Add write-back rule" }).click();
    const booleanRule = page.getByRole("group", { name: "Write-back rule 2" });
    await booleanRule.getByLabel("Kind", { exact: true }).selectOption("boolean");
    await booleanRule.getByLabel("Key", { exact: true }).fill("on order");
    await expect(booleanRule.getByText("Stays TRUE while another active order holds the product in a TRUE status.")).toBeVisible();
    await pickStatuses(page, booleanRule, "FALSE statuses", { tick: ["Sent"] });

    await save(page);
    await expect(page.getByText("Settings were not saved")).toBeVisible();
    await expect(booleanRule.getByText("2 to 64 letters, digits, - or _")).toBeVisible();
    await expect(booleanRule.getByText("Also in the TRUE statuses: sent")).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/settings-errors.png`, fullPage: true });

    // Nothing was saved, so leaving asks first (the browser's question before a reload): leave.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.reload();
    await expect(page.getByLabel("Auto-sync to Shopify on receiving", { exact: true })).toBeChecked();
    await expect(page.getByRole("group", { name: "Write-back rule 2" })).toHaveCount(0);
  });
});
