import { expect, type Page } from "@playwright/test";

import { DEFAULT_SETTINGS } from "~/domain/settings";

import {
  confirmInModal,
  createDraftInUi,
  dismissModal,
  expectStatus,
  markAsSent,
  modal,
  openPanel,
  pageAction,
  shopifyBarcode,
  shopifyIncomingBySku,
  shopifyVariant,
  expectToast,
  test,
} from "./support";

const SCREENSHOTS = "tests/output/screens";
const TABLET = { width: 768, height: 1024 };
const DESKTOP = { width: 1280, height: 800 };

/** What a hardware scanner does: types the code into the focused field and presses Enter. */
async function scan(page: Page, code: string) {
  const field = page.getByLabel("Scan a barcode or type a SKU");
  await field.fill(code);
  await field.press("Enter");
}

function countBadge(page: Page, title: RegExp) {
  return page
    .locator("[data-line-key]")
    .filter({ has: page.getByRole("heading", { name: title }) })
    .getByText(/^\d+ \/ \d+$/);
}

/** Counts are saved to the draft as they come: the screen says when the last one is. */
async function expectSaved(page: Page, draft = 1) {
  await expect(page.getByText(`Saved to draft #${draft}`)).toBeVisible();
}

test.describe.serial("receiving at the dock", () => {
  // Later specs share the demo database: leave the shop on the default settings.
  test.afterAll(async ({ request }) => {
    const response = await request.post("/app/settings", { form: { settings: JSON.stringify(DEFAULT_SETTINGS) } });
    expect(response.ok()).toBe(true);
  });

  test("a delivery is scanned, saved as a draft, resumed and submitted; Shopify's on hand follows", async ({ page }) => {
    // Auto-sync on: a submitted delivery reaches Shopify's on hand without a manual sync.
    await page.goto("/app/settings");
    await page.getByLabel("Auto-sync to Shopify on receiving", { exact: true }).check();
    await page.getByRole("region", { name: "Unsaved changes" }).getByRole("button", { name: "Save" }).click();
    await expectToast(page, "Settings saved");

    const name = await createDraftInUi(page, "Summit Outdoor Supply", [3, 2]);
    const orderId = new URL(page.url()).pathname.split("/").pop()!;
    await markAsSent(page);
    await expect.poll(() => shopifyIncomingBySku(orderId)).toEqual({ "SOS-PACK22-BLK": 3, "SOS-PACK22-ORG": 2 });
    const before = { black: await shopifyVariant("SOS-PACK22-BLK"), orange: await shopifyVariant("SOS-PACK22-ORG") };
    const barcodes = { black: await shopifyBarcode("SOS-PACK22-BLK"), orange: await shopifyBarcode("SOS-PACK22-ORG") };

    // The dock works on a tablet.
    await page.setViewportSize(TABLET);
    await pageAction(page, "Receive goods");
    await expect(page.getByRole("heading", { name: `Receive ${name}`, level: 1 })).toBeVisible();
    await expect(page.getByText("New delivery")).toBeVisible();

    // Three scans: each counts one unit and says so on screen; the scanned line lights up.
    await scan(page, barcodes.black);
    await expect(page.getByText("+1 SOS-PACK22-BLK")).toBeVisible();
    await expect(page.locator('[data-highlighted="true"]')).toContainText("SOS-PACK22-BLK");
    await scan(page, barcodes.black);
    await scan(page, barcodes.orange);
    await expect(page.getByText("+1 SOS-PACK22-ORG")).toBeVisible();
    await expect(countBadge(page, /Black/)).toHaveText("2 / 3");
    await expect(countBadge(page, /Orange/)).toHaveText("1 / 2");
    // An unknown code counts nothing and says so.
    await scan(page, "9999999999999");
    await expect(page.getByText('No line on this order has the barcode or SKU "9999999999999"')).toBeVisible();
    await expect(countBadge(page, /Black/)).toHaveText("2 / 3");
    await expect(page.getByText("3 delivered of 5 expected")).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/receiving.png`, fullPage: true });

    // The intake reason's rules are the service's; a broken one is shown on its line and nothing is saved.
    await page.getByLabel("Intake reason for Trail Daypack 22L — Orange").selectOption({ label: "1 · Not delivered" });
    await expect(countBadge(page, /Orange/)).toHaveText("0 / 2");
    await page.getByLabel("Quantity for Trail Daypack 22L — Orange").fill("1");
    await expect(page.getByText('"Not delivered" means nothing went into stock: delivered must be 0')).toBeVisible();
    await expect(page.getByText("Not saved", { exact: true })).toBeVisible();
    await page.getByLabel("Intake reason for Trail Daypack 22L — Orange").selectOption({ label: "0 · Accepted" });

    // Saved as counted; come back later: the count is kept.
    await expectSaved(page);
    await page.reload();
    await expect(page.getByText("Draft delivery #1")).toBeVisible();
    await expect(countBadge(page, /Black/)).toHaveText("2 / 3");
    await expect(countBadge(page, /Orange/)).toHaveText("1 / 2");

    // Submit: first what it will change, then the confirmation.
    await page.getByRole("button", { name: "Review and submit" }).click();
    await expect(page.getByText("The order goes from Sent to Partially received.")).toBeVisible();
    await expect(page.getByText("On hand +2 · SOS-PACK22-BLK")).toBeVisible();
    await expect(page.getByText("On hand +1 · SOS-PACK22-ORG")).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/receiving-summary.png`, fullPage: true });
    await page.getByRole("button", { name: "Confirm and submit" }).click();

    await expectToast(page, "Delivery #1 submitted and booked on the order");
    await expectStatus(page, "partially_received");
    await expect(page.getByText("Delivery #1", { exact: true })).toBeVisible();
    await expect(page.getByText("Submitted", { exact: true })).toBeVisible();
    await expect.poll(async () => (await shopifyVariant("SOS-PACK22-BLK")).available).toBe(before.black.available + 2);
    await expect.poll(async () => (await shopifyVariant("SOS-PACK22-ORG")).available).toBe(before.orange.available + 1);
    await expect.poll(() => shopifyIncomingBySku(orderId)).toEqual({ "SOS-PACK22-BLK": 1, "SOS-PACK22-ORG": 1 });
    await page.screenshot({ path: `${SCREENSHOTS}/receiving-order.png` });
  });

  test("quick buttons, a variant the order lacks and a delivery note; a cancelled draft is gone", async ({ page }) => {
    await createDraftInUi(page, "Northwind Textiles", [4]);
    const orderId = new URL(page.url()).pathname.split("/").pop()!;
    await markAsSent(page);
    await expect.poll(async () => Object.keys(await shopifyIncomingBySku(orderId)).length).toBe(1);

    await page.setViewportSize(TABLET);
    await pageAction(page, "Receive goods");
    await page.getByRole("button", { name: "Receive all remaining" }).click();
    await expect(page.getByText("4 delivered of 4 expected")).toBeVisible();
    // Reject sends the whole count back, as damaged until another returned reason is chosen.
    await page.getByRole("button", { name: /^Reject / }).click();
    await expect(page.getByLabel(/^Intake reason for/)).toHaveValue("3");
    await expect(page.getByLabel(/^Quantity for/)).toHaveValue("4");
    await expect(page.getByText("0 delivered of 4 expected · 4 returned")).toBeVisible();

    // A SKU the order does not have is looked up in Shopify and joins the count as its own line.
    // The scanner types while the Reject button still has the focus: the keys land in the scan field.
    await page.keyboard.type("SOS-STOVE-STD");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: 'Look up "SOS-STOVE-STD" in Shopify' }).click();
    await expect(page.getByText("+1 SOS-STOVE-STD")).toBeVisible();
    await expect(page.getByText("Not on the order")).toBeVisible();

    await expectSaved(page);
    await page.locator('input[type="file"]').setInputFiles({
      name: "delivery-note.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n%%EOF\n"),
    });
    await expect(page.getByRole("button", { name: "delivery-note.pdf", exact: true })).toBeVisible();

    await page.reload();
    await expect(page.getByText("Not on the order")).toBeVisible();
    await expect(page.getByText("1 delivered of 4 expected · 4 returned")).toBeVisible();
    await expect(page.getByRole("button", { name: "delivery-note.pdf", exact: true })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/receiving-returned-and-unordered.png`, fullPage: true });

    await page.getByRole("button", { name: "Cancel draft" }).click();
    await confirmInModal(page, "Cancel draft");
    await expect(page.getByText("cancelled: nothing was booked")).toBeVisible();
    await expectStatus(page, "sent");
    // Nothing was delivered: the way to receive is still open (More actions, while the order is Sent).
    await page.getByRole("button", { name: "More actions" }).click();
    await expect(
      page.getByRole("menuitem", { name: "Receive goods", exact: true }).or(page.getByRole("button", { name: "Receive goods", exact: true })),
    ).toBeVisible();
    await page.keyboard.press("Escape");
  });

  test("returned goods become a supplier credit when the merchant chooses; the note stays editable; labels print", async ({ page }) => {
    await createDraftInUi(page, "Harbor Ceramics", [3]);
    await markAsSent(page);

    await pageAction(page, "Receive goods");
    await page.getByRole("button", { name: "Receive all remaining" }).click();
    await page.getByRole("button", { name: /^Reject / }).click();
    await page.getByRole("button", { name: "Review and submit" }).click();
    await page.getByRole("button", { name: "Confirm and submit" }).click();
    await expectStatus(page, "received");

    await expect(page.getByText("0 delivered · 3 returned")).toBeVisible();
    await page.getByRole("button", { name: "Create a supplier credit for the returned goods" }).click();
    await confirmInModal(page, "Create credit");
    await expect(page.getByText("Returns credited by the supplier")).toBeVisible();
    // The credit is the supplier's to apply: the credits card offers it.
    await openPanel(page, "credits");
    await expect(page.getByText(/Available from Harbor Ceramics/)).toBeVisible();
    await expect(page.getByRole("button", { name: /^Apply / }).first()).toBeVisible();

    await page.getByLabel("Note on delivery #1").fill("Three mugs broken in transit");
    await page.getByRole("button", { name: "Save note" }).click();
    // Saved once the order's activity records it.
    await expect(page.locator("[data-activity-entry]").getByText("Delivery note changed")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Note on delivery #1")).toHaveValue("Three mugs broken in transit");
    await page.setViewportSize(DESKTOP);
    await page.screenshot({ path: `${SCREENSHOTS}/deliveries-card.png`, fullPage: true });

    await openPanel(page, "labels");
    await page.getByLabel("Labels for").selectOption("ordered");
    await page.getByLabel("Format").selectOption("csv");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Print labels" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^PO-\d{4}-labels\.csv$/);
    const { readFile } = await import("node:fs/promises");
    expect(await readFile((await download.path())!, "utf8")).toContain("HBC-");
  });

  test("one line's units split across reasons: saved as counted, kept through a reload and a refused review; leaving unsaved asks; submit books both", async ({
    page,
  }) => {
    await createDraftInUi(page, "Summit Outdoor Supply", [6]);
    await markAsSent(page);
    const sku = "SOS-PACK22-BLK";
    const before = await shopifyVariant(sku);
    const barcode = await shopifyBarcode(sku);
    const title = "Trail Daypack 22L — Black";

    await page.setViewportSize(DESKTOP);
    await pageAction(page, "Receive goods");
    for (let unit = 0; unit < 6; unit += 1) await scan(page, barcode);
    await expect(countBadge(page, /Black/)).toHaveText("6 / 6");

    // 6 arrived: 5 accepted, 1 damaged and sent back.
    await page.getByRole("button", { name: `Split ${title}: part of its units under another reason` }).click();
    await expect(page.getByLabel(`Quantity for ${title}`)).toHaveValue("5");
    await expect(page.getByLabel(`Quantity, part 2 for ${title}`)).toHaveValue("1");
    await expect(page.getByLabel(`Intake reason, part 2 for ${title}`)).toHaveValue("3");
    await expect(page.getByText("6 counted: 5 Accepted · 1 Damaged (returned)")).toBeVisible();
    await expect(page.getByText("5 delivered of 6 expected · 1 returned")).toBeVisible();
    await expectSaved(page);
    await page.screenshot({ path: `${SCREENSHOTS}/receiving-split.png`, fullPage: true });

    // Half-way, the page is reloaded: the count and its split were saved as they came.
    await page.reload();
    await expect(page.getByText("Draft delivery #1")).toBeVisible();
    await expect(page.getByLabel(`Quantity for ${title}`)).toHaveValue("5");
    await expect(page.getByLabel(`Quantity, part 2 for ${title}`)).toHaveValue("1");

    // A review refused (more than is pending) keeps the count, saved in the draft.
    await page.getByLabel(`Quantity for ${title}`).fill("7");
    await expectSaved(page);
    await page.getByRole("button", { name: "Review and submit" }).click();
    await expect(page.getByText(/Only 6 of SOS-PACK22-BLK are still pending, and this delivery books 8/)).toBeVisible();
    await expect(page.getByText("Nothing was booked: the count is saved in the draft")).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/receiving-split-refused-review.png`, fullPage: true });
    await page.reload();
    await expect(page.getByLabel(`Quantity for ${title}`)).toHaveValue("7");
    await page.getByLabel(`Quantity for ${title}`).fill("5");
    await expectSaved(page);

    // A count that cannot be saved (a part of no units) is not lost by leaving without a word.
    await page.getByLabel(`Quantity, part 2 for ${title}`).fill("0");
    await expect(page.getByText("Must be a whole number from 1 to 1,000,000")).toBeVisible();
    await expect(page.getByText("Not saved", { exact: true })).toBeVisible();
    await page.getByRole("link", { name: /^PO-/ }).first().click();
    await expect(modal(page).getByText("Leave with counts not saved?")).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/receiving-leave-unsaved.png` });
    await dismissModal(page);
    await expect(page.getByRole("heading", { name: /^Receive PO-/, level: 1 })).toBeVisible();
    await page.getByLabel(`Quantity, part 2 for ${title}`).fill("1");
    await expect(page.getByLabel(`Quantity for ${title}`)).toHaveValue("5");
    await expectSaved(page);

    await page.getByRole("button", { name: "Review and submit" }).click();
    await expect(page.getByText("On hand +5 · SOS-PACK22-BLK")).toBeVisible();
    // Each part is booked under its own reason.
    await expect(page.getByText(/5 received$/)).toBeVisible();
    await expect(page.getByText(/1 returned · Damaged \(returned\)$/)).toBeVisible();
    await page.getByRole("button", { name: "Confirm and submit" }).click();
    await expectToast(page, "Delivery #1 submitted and booked on the order");
    await expect(page.getByText("5 delivered · 1 returned")).toBeVisible();
    await expect.poll(async () => (await shopifyVariant(sku)).available).toBe(before.available + 5);
    await page.screenshot({ path: `${SCREENSHOTS}/receiving-split-booked.png`, fullPage: true });
  });
});
