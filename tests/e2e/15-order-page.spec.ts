import { expect, type Page } from "@playwright/test";

import {
  bookReceipt,
  createDraftInUi,
  dismissModal,
  expectStatus,
  expectToast,
  isDataRequest,
  leaveConfirmation,
  markAsSent,
  modal,
  orderIdOf,
  pageHeight,
  requestsUnder,
  saveBar,
  test,
} from "./support";

const SCREENS = "tests/output/screens";
const VIEWPORT = { width: 1280, height: 800 };

/**
 * Issue #15: the order page reads at a glance. One primary action (the next step), the rest under
 * More actions; lines edited in place; one loader renders the whole page; a sent 10-line order
 * fits in 1.5 viewport heights at 1280×800.
 */

/** The header's primary buttons (Polaris marks primary buttons with this class); the page has one. */
const primaryButtons = (page: Page) => page.locator("main .Polaris-Button--variantPrimary:visible");

/** The entries of the header's "More actions" menu, opened. */
async function moreActions(page: Page): Promise<string[]> {
  await page.getByRole("button", { name: "More actions" }).click();
  const entries = page.getByRole("menuitem").or(page.locator(".Polaris-ActionList__Item"));
  await expect(entries.first()).toBeVisible();
  const labels = (await entries.allTextContents()).map((text) => text.trim());
  await page.keyboard.press("Escape");
  return labels;
}

test.describe.serial("the order page", () => {
  test("a draft: Send is the one primary action; delete waits last in More actions and asks first; dismissed, nothing changes", async ({ page }) => {
    await page.setViewportSize(VIEWPORT);
    await createDraftInUi(page, "Harbor Ceramics", [4, 2, 6]);
    await expect(primaryButtons(page)).toHaveCount(1);
    await expect(primaryButtons(page)).toHaveText("Send to supplier");
    const more = await moreActions(page);
    expect(more).toContain("Mark as sent");
    expect(more.at(-1)).toBe("Delete");
    // No "Book receipt" form: the receiving screen is the one way to receive.
    await expect(page.getByRole("button", { name: "Book receipt" })).toHaveCount(0);
    await page.screenshot({ path: `${SCREENS}/order-draft.png` });

    await page.getByRole("button", { name: "More actions" }).click();
    await page
      .getByRole("menuitem", { name: "Delete", exact: true })
      .or(page.getByRole("button", { name: "Delete", exact: true }))
      .click();
    await expect(modal(page).getByRole("button", { name: "Delete draft", exact: true })).toBeVisible();
    await dismissModal(page);
    await page.reload();
    await expectStatus(page, "draft");
  });

  test("a sent 10-line order fits in 1.5 viewport heights, loads with one data request, and edits a line's quantity in place", async ({ page }) => {
    await page.setViewportSize(VIEWPORT);
    const name = await createDraftInUi(page, "Summit Outdoor Supply", [3, 2, 5, 1, 4, 6, 2, 3, 1, 8]);
    const orderId = orderIdOf(page);
    await markAsSent(page);

    // One data request: opened from the list, Remix asks for the page's loader once, and no card
    // asks for anything after it (the payments, Shopify, emails… cards read nothing themselves).
    await page.goto("/app/purchase-orders");
    const requests = requestsUnder(page, `/app/purchase-orders/${orderId}`);
    await page
      .getByRole("link", { name, exact: true })
      .or(page.getByRole("row", { name: new RegExp(name) }))
      .first()
      .click();
    await expectStatus(page, "sent");
    await expect(page.locator("#total-total")).not.toBeEmpty();
    await page.waitForLoadState("networkidle");
    expect(requests.filter(isDataRequest)).toHaveLength(1);
    expect(requests).toEqual([expect.stringMatching(new RegExp(`^GET /app/purchase-orders/${orderId}\\.data`))]);

    // Loaded fresh, the server renders it all: nothing is fetched after the document.
    requests.length = 0;
    await page.reload();
    await expectStatus(page, "sent");
    await page.waitForLoadState("networkidle");
    expect(
      requests.filter(
        (url) => isDataRequest(url) || /\/(payments|credits|emails|effects|fields|addresses|shipments|documents|reorganise)$/.test(url),
      ),
    ).toEqual([]);
    // The Shopify summary says what was sent, from the first render (not "Nothing sent yet").
    await expect(page.getByText("Nothing sent yet")).toHaveCount(0);

    // At a glance: ≤ 1.5 × 800 px tall at 1280 wide.
    const height = await pageHeight(page);
    console.log(`order page height, sent 10-line order: ${height}px`);
    expect(height).toBeLessThanOrEqual(1200);
    await page.screenshot({ path: `${SCREENS}/order-sent-10-lines.png`, fullPage: true });

    // One primary action, the next step; the rest in More actions, destructive last.
    await expect(primaryButtons(page)).toHaveCount(1);
    await expect(primaryButtons(page)).toHaveText("Record confirmation");
    const more = await moreActions(page);
    expect(more.slice(0, 2)).toEqual(["Receive goods", "Confirm all"]);
    expect(more.at(-1)).toBe("Cancel order");

    // A destructive action asks first; dismissed, nothing changes.
    await page.getByRole("button", { name: "More actions" }).click();
    await page
      .getByRole("menuitem", { name: "Cancel order", exact: true })
      .or(page.getByRole("button", { name: "Cancel order", exact: true }))
      .click();
    await expect(modal(page).getByRole("heading", { name: "Cancel the order?" })).toBeVisible();
    await dismissModal(page);
    await page.reload();
    await expectStatus(page, "sent");

    // A line's quantity, edited in place: the save bar shows; Discard puts it back, leaving asks
    // first; Enter saves (toast), and the totals follow.
    const total = await page.locator("#total-total").textContent();
    const quantity = page.getByLabel(/^Quantity for Trail Daypack 22L/).first();
    await expect(quantity).toHaveValue("3");
    await quantity.fill("9");
    await expect(saveBar(page)).toBeVisible();
    await saveBar(page).getByRole("button", { name: "Discard" }).click();
    await expect(saveBar(page)).toHaveCount(0);
    await expect(quantity).toHaveValue("3");
    await quantity.fill("7");
    await page.getByRole("link", { name: "Purchase orders" }).first().click();
    const leave = leaveConfirmation(page);
    await expect(leave).toBeVisible();
    await leave.getByRole("button", { name: "Stay" }).click();
    await quantity.press("Enter");
    await expectToast(page, "Line saved");
    await expect(saveBar(page)).toHaveCount(0);
    await expect(quantity).toHaveValue("7");
    await expect(page.locator("#total-total")).not.toHaveText(total!);
    await page.reload();
    await expect(page.getByLabel(/^Quantity for Trail Daypack 22L/).first()).toHaveValue("7");

    // Below what was booked, or not a number: refused beside the field, nothing saved.
    await page
      .getByLabel(/^Quantity for Trail Daypack 22L/)
      .first()
      .fill("two");
    await page
      .getByLabel(/^Quantity for Trail Daypack 22L/)
      .first()
      .press("Enter");
    await expect(page.getByText(/whole number/i).first()).toBeVisible();
    // Changed again, the old error goes; left blank, it is refused at the field; Discard puts the saved value back.
    const edited = page.getByLabel(/^Quantity for Trail Daypack 22L/).first();
    await edited.fill("");
    await expect(page.getByText(/whole number/i)).toHaveCount(0);
    await edited.press("Enter");
    await expect(page.getByText("Enter a quantity")).toBeVisible();
    await saveBar(page).getByRole("button", { name: "Discard" }).click();
    await expect(page.getByText("Enter a quantity")).toHaveCount(0);
    await expect(edited).toHaveValue("7");
    await expect(saveBar(page)).toHaveCount(0);
  });

  test("two forms typed at once: leaving asks once; each bar saves its own form; a line added meanwhile does not stand in the way of the quantity typed", async ({
    page,
  }) => {
    await createDraftInUi(page, "Summit Outdoor Supply", [6]);
    const quantity = page.getByLabel(/^Quantity for Trail Daypack 22L/).first();
    const row = page.getByRole("row", { name: /Trail Daypack 22L/ }).first();
    const cost = Number(
      await page
        .getByLabel(/^Unit cost for Trail Daypack 22L/)
        .first()
        .inputValue(),
    );
    await quantity.fill("8");
    await expect(saveBar(page)).toBeVisible();
    // The line's total follows what is typed before it is saved; a typed number that is not one shows none.
    await expect(row).toContainText((8 * cost).toFixed(2));
    await quantity.fill("8x");
    await expect(row).toContainText("—");
    await quantity.fill("8");
    await page.getByRole("button", { name: "Custom line" }).click();
    await page.getByLabel("Description").fill("Pallet fee");
    await page.getByLabel("Unit cost", { exact: true }).fill("15");

    // One question for both; staying keeps both.
    await page.getByRole("link", { name: "Purchase orders" }).first().click();
    await expect(leaveConfirmation(page)).toHaveCount(1);
    await leaveConfirmation(page).getByRole("button", { name: "Stay" }).click();
    await expect(quantity).toHaveValue("8");
    await expect(page.getByLabel("Description")).toHaveValue("Pallet fee");

    // The bar shown last is the custom line's: Save adds it, and the form starts blank.
    await saveBar(page).getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("row", { name: /Pallet fee/ })).toBeVisible();
    await expect(page.getByLabel("Description")).toHaveValue("");
    // The quantity's bar is next; the line added since left it as typed on, so it saves.
    await expect(quantity).toHaveValue("8");
    await saveBar(page).getByRole("button", { name: "Save" }).click();
    await expectToast(page, "Line saved");
    await expect(saveBar(page)).toHaveCount(0);
    await page.reload();
    await expect(page.getByLabel(/^Quantity for Trail Daypack 22L/).first()).toHaveValue("8");
  });

  test("a partially received order shows each line's progress compactly, and Receive goods leads to the receiving screen", async ({ page }) => {
    await page.setViewportSize(VIEWPORT);
    await createDraftInUi(page, "Northwind Textiles", [5, 3, 4]);
    const orderId = orderIdOf(page);
    await markAsSent(page);
    await bookReceipt(page, [{ received: 5 }, { received: 1, rejected: 1 }]);
    await expectStatus(page, "partially_received");
    await expect(page.locator("[data-line-progress]").first()).toHaveText("5 of 5");
    await expect(page.getByText("1 rejected")).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/order-partially-received.png` });

    // Two lines changed, the second below what was booked on it: the first is saved (the page shows
    // it), the second is refused beside its field and stays unsaved.
    const quantities = page.getByLabel(/^Quantity for/);
    await quantities.nth(0).fill("6");
    await quantities.nth(1).fill("1");
    await saveBar(page).getByRole("button", { name: "Save" }).click();
    await expectToast(page, /^Line saved; the next was refused: .*2 booked/);
    await expect(page.getByText(/already has 2 booked/).first()).toBeVisible();
    await expect(page.locator("[data-line-progress]").first()).toHaveText("5 of 6");
    await expect(saveBar(page)).toBeVisible();
    await saveBar(page).getByRole("button", { name: "Discard" }).click();
    await expect(quantities.nth(1)).toHaveValue("3");
    await expect(quantities.nth(0)).toHaveValue("6");
    await expect(saveBar(page)).toHaveCount(0);

    await expect(primaryButtons(page)).toHaveText("Receive goods");
    await primaryButtons(page).click();
    await expect(page).toHaveURL(new RegExp(`/app/purchase-orders/${orderId}/receive$`));
  });
});
