import { expect, type Page } from "@playwright/test";

import {
  bookReceipt,
  confirmedPageAction,
  confirmInModal,
  createDraftInUi,
  dismissModal,
  expectStatus,
  markAsSent,
  modal,
  openPanel,
  pageAction,
  saveBar,
  shopifyIncomingBySku,
  shopifyVariant,
  expectToast,
  test,
} from "./support";

const SCREENSHOTS = "tests/output/screenshots";

/**
 * Issue #14: nothing fires by accident. Every action that cannot be undone in one step, or that
 * changes Shopify, asks first in a modal that says what will happen; dismissing it changes
 * nothing; confirming does it and says so. Refusals read as a sentence with a way to fix them.
 */

/** How many entries the order's history holds (the card shows the newest few). */
const activityCount = async (page: Page) => Number(await page.locator("[data-activity-count]").getAttribute("data-activity-count"));

/** What the order's history and status are on the server, to show later that a dismissed action changed neither. */
async function orderState(page: Page) {
  // Read from a fresh copy of the page: a card's change may still be on its way into this one.
  await page.reload();
  await expect(page.locator("[data-activity-count]")).toBeVisible();
  return { entries: await activityCount(page), status: (await page.locator("[data-status]").first().getAttribute("data-status"))! };
}

/**
 * Opens a guarded action, dismisses its modal and checks (after a reload, from the server) that
 * the order did not change; opens it again, confirms, and checks the feedback and the new entry
 * in the order's history.
 */
async function dismissThenConfirm(page: Page, open: () => Promise<void>, confirmLabel: string, feedback: string | RegExp, screenshot?: string) {
  const before = await orderState(page);
  await open();
  await expect(modal(page).getByRole("button", { name: confirmLabel, exact: true })).toBeVisible();
  if (screenshot) await page.screenshot({ path: `${SCREENSHOTS}/${screenshot}.png` });
  await dismissModal(page);
  await page.reload();
  await expectStatus(page, before.status);
  await expect(page.locator("[data-activity-count]")).toHaveAttribute("data-activity-count", String(before.entries));

  await open();
  await confirmInModal(page, confirmLabel);
  await expectToast(page, feedback);
  await expect(page.locator("[data-activity-count]")).toHaveAttribute("data-activity-count", String(before.entries + 1));
}

test("quick complete asks first with the units per line and what Shopify gets; dismissed, nothing changes; confirmed, it completes and says so", async ({
  page,
}) => {
  await createDraftInUi(page, "Summit Outdoor Supply", [6, 4]);
  const orderId = new URL(page.url()).pathname.split("/").pop()!;
  await markAsSent(page);
  await expect.poll(() => shopifyIncomingBySku(orderId)).toEqual({ "SOS-PACK22-BLK": 6, "SOS-PACK22-ORG": 4 });
  const before = { black: await shopifyVariant("SOS-PACK22-BLK"), orange: await shopifyVariant("SOS-PACK22-ORG") };
  const state = await orderState(page);

  await pageAction(page, "Quick complete");
  const dialog = modal(page);
  await expect(dialog.getByRole("heading", { name: "Quick complete the order?" })).toBeVisible();
  // Per line, the units it books; in Shopify, on hand per location and the order's incoming cleared.
  await expect(dialog.getByText("SOS-PACK22-BLK · 6 received", { exact: true })).toBeVisible();
  await expect(dialog.getByText("SOS-PACK22-ORG · 4 received", { exact: true })).toBeVisible();
  await expect(dialog.getByText(/^On hand \+6 · SOS-PACK22-BLK · \S/)).toBeVisible();
  await expect(dialog.getByText(/^On hand \+4 · SOS-PACK22-ORG · \S/)).toBeVisible();
  await expect(dialog.getByText(/^Incoming -6 · SOS-PACK22-BLK/)).toBeVisible();
  await expect(dialog.getByText(/^Incoming -4 · SOS-PACK22-ORG/)).toBeVisible();
  await expect(dialog.getByText("The order goes from Sent to Completed.")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/confirm-quick-complete.png` });

  // Dismissed: the order, its history and Shopify are as they were.
  await dismissModal(page);
  await page.reload();
  await expectStatus(page, "sent");
  await expect(page.locator("[data-activity-count]")).toHaveAttribute("data-activity-count", String(state.entries));
  expect(await shopifyIncomingBySku(orderId)).toEqual({ "SOS-PACK22-BLK": 6, "SOS-PACK22-ORG": 4 });
  expect((await shopifyVariant("SOS-PACK22-BLK")).available).toBe(before.black.available);

  // Confirmed: done, said so, and Shopify gets what the modal said.
  await confirmedPageAction(page, "Quick complete");
  // Asked: Shopify is told the unit costs first, and the page shows Completed once the worker has done so.
  await expect(page.getByText("Completing: Shopify is being told the unit costs", { exact: false })).toBeVisible();
  await expectStatus(page, "completed");
  await expect.poll(async () => (await shopifyVariant("SOS-PACK22-BLK")).available).toBe(before.black.available + 6);
  await expect.poll(async () => (await shopifyVariant("SOS-PACK22-ORG")).available).toBe(before.orange.available + 4);
  await expect.poll(() => shopifyIncomingBySku(orderId)).toEqual({});
});

test("receipts: un-receiving, syncing and resetting the sync each ask first; dismissed nothing changes, confirmed it is done and said", async ({
  page,
}) => {
  await createDraftInUi(page, "Harbor Ceramics", [3, 2]);
  await markAsSent(page);

  // Receipts are booked on the receiving screen, whose review asks first (10-receiving).
  await bookReceipt(page, [{ received: 2 }]);
  await expectStatus(page, "partially_received");

  const unreceive = () => page.getByRole("button", { name: "Un-receive" }).first().click();
  await dismissThenConfirm(page, unreceive, "Un-receive", "Receipt un-received.", "confirm-unreceive");

  await bookReceipt(page, [{ received: 2 }]);
  await expectStatus(page, "partially_received");
  await dismissThenConfirm(page, () => pageAction(page, "Sync to Shopify"), "Sync to Shopify", "Receipts synced to Shopify on hand.");
  await dismissThenConfirm(page, () => pageAction(page, "Reset Shopify sync"), "Reset Shopify sync", /Shopify sync reset/, "confirm-reset-sync");
});

test("money: removing a payment and reversing a credit each ask first; dismissed nothing changes, confirmed it is done and said", async ({
  page,
}) => {
  await createDraftInUi(page, "Harbor Ceramics", [3]);
  await markAsSent(page);

  // A payment recorded (no question: the typed amount is the intent), then removed.
  const payments = page.locator('[data-card="payments"]');
  await openPanel(page, "payments");
  await payments.getByLabel("Amount").fill("5");
  await payments.getByRole("button", { name: "Record payment" }).click();
  await expectToast(page, "Payment recorded");
  const removePayment = async () => {
    await openPanel(page, "payments");
    await payments.getByRole("button", { name: "Remove payment of 5.00 USD" }).click();
  };
  await dismissThenConfirm(page, removePayment, "Remove payment", "Payment removed", "confirm-remove-payment");
  await expect(payments.getByText("No payments recorded.")).toBeVisible();

  // A supplier credit applied, then reversed.
  const credits = page.locator('[data-card="credits"]');
  await openPanel(page, "credits");
  await credits.getByRole("button", { name: "New credit from Harbor Ceramics" }).click();
  await credits.getByLabel("Credit amount").fill("4");
  await credits.getByLabel("Credit reference").fill("RMA-14");
  await credits.getByRole("button", { name: "Create credit" }).click();
  await expectToast(page, "Credit created");
  await credits.getByLabel("Apply from RMA-14").fill("4");
  await credits.getByRole("button", { name: "Apply credits" }).click();
  await expect(credits.getByText("4.00 USD from RMA-14")).toBeVisible();
  const reverse = async () => {
    await openPanel(page, "credits");
    await credits.getByRole("button", { name: "Reverse 4.00 USD from RMA-14" }).click();
  };
  await dismissThenConfirm(page, reverse, "Reverse credit", /Credit reversed/);
  await expect(credits.getByText("4.00 USD from RMA-14 · reversed")).toBeVisible();
});

test("cancelling, correcting incoming and deleting each ask first; dismissed nothing changes, confirmed it is done and said", async ({ page }) => {
  const name = await createDraftInUi(page, "Harbor Ceramics", [2]);
  await markAsSent(page);

  await dismissThenConfirm(page, () => pageAction(page, "Cancel order"), "Cancel order", "Order cancelled.", "confirm-cancel");
  await expectStatus(page, "cancelled");

  // Correcting Shopify's incoming by hand on a closed order.
  const adjust = async () => {
    await openPanel(page, "shopify");
    await page.getByLabel("Change to incoming").fill("-1");
    await page.getByRole("button", { name: "Adjust incoming" }).click();
  };
  await dismissThenConfirm(page, adjust, "Adjust incoming", /Incoming correction queued/);

  // Delete: dismissed, the order stays; confirmed, it is gone from the list, and the list says so.
  await pageAction(page, "Delete");
  await expect(modal(page)).toContainText("Delete the cancelled order?");
  await page.screenshot({ path: `${SCREENSHOTS}/confirm-delete.png` });
  await dismissModal(page);
  await page.reload();
  await expectStatus(page, "cancelled");
  await confirmedPageAction(page, "Delete", "Delete order");
  await expect(page).toHaveURL(/\/app\/purchase-orders\?deleted=PO-\d+$/);
  await expect(page.getByText(`${name} deleted.`)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toHaveCount(0);
});

test("a refusal reads as a sentence with a way to fix it, never a rule name; the fix puts the field in focus", async ({ page }) => {
  // A supplier paid in euros: its orders need an exchange rate before completing (cost sync).
  await page.goto("/app/suppliers/new");
  await page.getByLabel("Name", { exact: true }).fill("Alpine Imports");
  await page.getByLabel("Email", { exact: true }).fill("orders@alpine-imports.example");
  await page.getByLabel("Currency").selectOption("EUR");
  await saveBar(page).getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "Alpine Imports" })).toBeVisible();
  await createDraftInUi(page, "Alpine Imports", [2], { unitCost: "5.00" });
  await markAsSent(page);

  await pageAction(page, "Quick complete");
  const dialog = modal(page);
  await expect(dialog).toContainText(
    "This order is in EUR and the shop in USD: set the order's exchange rate (EUR → USD) before completing, so unit costs can be written to Shopify.",
  );
  await expect(dialog.getByRole("button", { name: "Quick complete", exact: true })).toBeDisabled();
  await expect(dialog).not.toContainText(/Rule|Allowed|exchange_rate_required|reopen/i);
  await page.screenshot({ path: `${SCREENSHOTS}/refusal-exchange-rate.png` });
  await dialog.getByRole("button", { name: "Set the exchange rate" }).click();
  await expect(modal(page)).toHaveCount(0);
  const rate = page.getByLabel(/^Order exchange rate/);
  await expect(rate).toBeFocused();
  await rate.fill("1.10");
  await expect(saveBar(page)).toBeVisible();
  await page.getByRole("button", { name: "Save rate" }).click();
  await expectToast(page, "Exchange rate saved");
  await expect(saveBar(page)).toHaveCount(0);
  await confirmedPageAction(page, "Quick complete");
  await expectStatus(page, "completed");

  // A refusal on the page itself: the order changed in another tab since this one loaded it.
  await createDraftInUi(page, "Northwind Textiles", [1]);
  await markAsSent(page);
  // Shopify has what Send staged: the page stops reading the order again while it waits, so it
  // learns of the other tab's change only from its own next action.
  await expect(page.locator('[data-open-panel="shopify"]').first().locator("xpath=..")).toContainText(/\d+ applied/);
  const other = await page.context().newPage();
  await other.goto(page.url());
  await pageAction(other, "Pause");
  await expectToast(other, "Order paused.");
  await other.close();
  await pageAction(page, "Dispute");
  const refusal = page.locator("[data-refusal]");
  await expect(refusal).toContainText("Someone else changed this order");
  await expect(refusal).toContainText("Reload it to see the changes, then try again.");
  await expect(page.getByText(/Rule:|Allowed now/)).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/refusal-stale.png` });
  await refusal.getByRole("button", { name: "Reload" }).click();
  await expectStatus(page, "paused");
});

test("other screens ask before removing or revoking: dismissed nothing changes, confirmed it is done and said", async ({ page }) => {
  await createDraftInUi(page, "Northwind Textiles", [1]);

  // A shipment, removed.
  await openPanel(page, "shipments");
  await page.getByRole("button", { name: "Add shipment" }).click();
  await page.getByLabel("Tracking number").fill("TRK-14");
  await page.getByRole("button", { name: "Save shipment" }).click();
  await expectToast(page, "Shipment added");
  await page.getByRole("button", { name: "Remove shipment TRK-14" }).click();
  await dismissModal(page);
  await page.reload();
  await openPanel(page, "shipments");
  await expect(page.getByText("Tracking TRK-14")).toBeVisible();
  await page.getByRole("button", { name: "Remove shipment TRK-14" }).click();
  await confirmInModal(page, "Remove shipment");
  await expectToast(page, "Shipment removed");
  await expect(page.getByText("Tracking TRK-14")).toHaveCount(0);

  // An attached document, removed.
  await openPanel(page, "documents");
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: "quote.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
  await expectToast(page, "quote.pdf attached");
  await page.getByRole("button", { name: "Remove quote.pdf" }).click();
  await dismissModal(page);
  await page.reload();
  await openPanel(page, "documents");
  await expect(page.getByRole("button", { name: "quote.pdf", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Remove quote.pdf" }).click();
  await confirmInModal(page, "Remove file");
  await expectToast(page, "Document removed");
  await expect(page.getByRole("button", { name: "quote.pdf", exact: true })).toHaveCount(0);

  // A catalogue item, removed.
  await page.goto("/app/suppliers");
  await page.getByRole("row", { name: /Northwind Textiles/ }).click();
  const firstRemove = page.getByRole("button", { name: /^Remove / }).first();
  const label = (await firstRemove.getAttribute("aria-label"))!;
  const count = await page.getByRole("button", { name: /^Remove / }).count();
  await expect(page.getByRole("button", { name: label, exact: true })).toHaveCount(1);
  await firstRemove.click();
  await expect(modal(page)).toContainText("from the catalogue?");
  await dismissModal(page);
  await page.reload();
  await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(count);
  await page.getByRole("button", { name: label, exact: true }).click();
  await confirmInModal(page, "Remove item");
  await expect(page.getByText("Item removed from the catalogue")).toBeVisible();
  // The catalogue comes in pages of 50: the removed item is gone, whatever the next page moves up.
  await expect(page.getByRole("button", { name: label, exact: true })).toHaveCount(0);

  // An API key: revoking asks first.
  await page.goto("/app/settings/api");
  await page.getByLabel("Name").fill("Confirm test");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText('Key "Confirm test" created')).toBeVisible();
  await page.getByRole("button", { name: "Revoke Confirm test" }).click();
  await expect(modal(page)).toContainText("Every request with it is refused from now on");
  await page.screenshot({ path: `${SCREENSHOTS}/confirm-revoke-key.png` });
  await dismissModal(page);
  await page.reload();
  await expect(page.getByRole("row", { name: /Confirm test/ })).toContainText("Active");
  await page.getByRole("button", { name: "Revoke Confirm test" }).click();
  await confirmInModal(page, "Revoke key");
  await expect(page.getByText('Key "Confirm test" revoked')).toBeVisible();
  await expect(page.getByRole("row", { name: /Confirm test/ })).toContainText("Revoked");
});
