import { expect, type Page } from "@playwright/test";
import { confirmedPageAction, confirmInModal, createDraftInUi, discardConfirmation, markAsSent, openPanel, saveBar, test } from "./support";

const SCREENSHOTS = "tests/output/screenshots";

const total = (page: Page, row: string) => page.locator(`#total-${row}`);

test("a merchant pays a purchase order, and applies and reverses a supplier credit", async ({ page }) => {
  const name = await createDraftInUi(page, "Harbor Ceramics", [6, 4]);

  // A draft takes no money yet: its link does not invite a payment, and the panel says what to do instead.
  await expect(page.locator('[data-open-panel="payments"]').getByRole("button")).toHaveText("Payments");
  await openPanel(page, "payments");
  await expect(page.getByText("A draft is not an order yet: mark it as sent, then record a payment.")).toBeVisible();
  const orderTotal = (await total(page, "total").textContent())!;
  expect(orderTotal).toMatch(/^\d+\.\d{2} USD$/);
  await markAsSent(page);

  // A payment is counted in the totals.
  const payments = page.locator('[data-card="payments"]');
  await payments.getByLabel("Amount").fill("30");
  await payments.getByLabel("Method").fill("Bank transfer");
  await payments.getByLabel("Payment reference").fill("TX-30");
  await payments.getByRole("button", { name: "Record payment" }).click();
  // Saved: the form starts over (wait for it, or the next value typed could be cleared).
  await expect(payments.getByLabel("Amount")).toHaveValue("");
  await expect(total(page, "paid")).toHaveText("30.00 USD");
  await expect(payments.getByText("30.00 USD · Completed")).toBeVisible();
  const due = Number(orderTotal.split(" ")[0]) * 100 - 3_000; // hundredths, exact for these amounts
  await expect(total(page, "due")).toHaveText(`${(due / 100).toFixed(2)} USD`);

  // Paying more than is owed is refused, with the reason on the amount.
  await payments.getByLabel("Amount").fill(((due + 1) / 100).toFixed(2));
  await payments.getByRole("button", { name: "Record payment" }).click();
  await expect(payments.getByText(/above the .* owed on this order \(total less credits\)\. Allow overpayment to record it anyway\./)).toBeVisible();
  await expect(total(page, "paid")).toHaveText("30.00 USD");
  await page.screenshot({ path: `${SCREENSHOTS}/money-1-payment-and-overpayment.png`, fullPage: true });

  // A manual credit from the supplier, applied to the order, then reversed.
  const credits = page.locator('[data-card="credits"]');
  // The refused payment is still typed: opening another panel asks first; leaving drops it.
  await expect(saveBar(page)).toBeVisible();
  await page.locator('[data-open-panel="credits"]').first().getByRole("button").click();
  await discardConfirmation(page).getByRole("button", { name: "Discard changes" }).click();
  await expect(page.locator('#order-panel[data-panel="credits"]')).toBeVisible();
  await expect(saveBar(page)).toHaveCount(0);
  await credits.getByRole("button", { name: "New credit from Harbor Ceramics" }).click();
  await credits.getByLabel("Credit amount").fill("20");
  await credits.getByLabel("Credit reference").fill("RMA-77");
  await credits.getByRole("button", { name: "Create credit" }).click();
  await expect(credits.getByRole("button", { name: "New credit from Harbor Ceramics" })).toBeVisible();
  await expect(credits.getByText("20.00 USD left of 20.00 USD")).toBeVisible();

  await credits.getByLabel("Apply from RMA-77").fill("25");
  await expect(saveBar(page)).toBeVisible();
  await credits.getByRole("button", { name: "Apply credits" }).click();
  await expect(credits.getByText("Only 20.00 USD remains on this credit")).toBeVisible();
  await credits.getByLabel("Apply from RMA-77").fill("20");
  await saveBar(page).getByRole("button", { name: "Save" }).click();
  await expect(credits.getByText("20.00 USD from RMA-77")).toBeVisible();
  await expect(saveBar(page)).toHaveCount(0);
  await expect(total(page, "credits-applied")).toHaveText("20.00 USD");
  await expect(total(page, "due")).toHaveText(`${((due - 2_000) / 100).toFixed(2)} USD`);
  await expect(credits.getByText("No credits in USD with a balance left.")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/money-2-credit-applied.png`, fullPage: true });

  await credits.getByRole("button", { name: "Reverse 20.00 USD from RMA-77" }).click();
  await confirmInModal(page, "Reverse credit");
  await expect(credits.getByText("20.00 USD from RMA-77 · reversed")).toBeVisible();
  await expect(total(page, "credits-applied")).toHaveText("0.00 USD");
  await expect(credits.getByText("20.00 USD left of 20.00 USD")).toBeVisible();

  // Paying the rest marks the order paid, here and in the list.
  await openPanel(page, "payments");
  await payments.getByLabel("Amount").fill((due / 100).toFixed(2));
  await payments.getByRole("button", { name: "Record payment" }).click();
  await expect(total(page, "due")).toHaveText("0.00 USD");
  await expect(page.locator("[data-paid]")).toBeVisible();
  await expect(page.locator("[data-activity-entry]").getByText("Payment recorded").first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/money-3-paid.png`, fullPage: true });

  await page.goto("/app/purchase-orders");
  await expect(page.getByRole("row", { name: new RegExp(name) }).locator("[data-paid]")).toBeVisible();

  // Cancelling keeps applied credits; the credits card says so, and takes no new money.
  await page.getByRole("row", { name: new RegExp(name) }).click();
  await openPanel(page, "payments");
  await payments.getByRole("button", { name: `Remove payment of ${(due / 100).toFixed(2)} USD` }).click();
  await confirmInModal(page, "Remove payment");
  await expect(total(page, "paid")).toHaveText("30.00 USD");
  await openPanel(page, "credits");
  await credits.getByLabel("Apply from RMA-77").fill("20");
  await credits.getByRole("button", { name: "Apply credits" }).click();
  await expect(total(page, "credits-applied")).toHaveText("20.00 USD");
  await confirmedPageAction(page, "Cancel order");
  await expect(page.locator("[data-status]").first()).toHaveAttribute("data-status", "cancelled");
  await expect(credits.getByText("Cancelling did not reverse applied credits")).toBeVisible();
  await expect(credits.getByRole("button", { name: "Reverse 20.00 USD from RMA-77" })).toBeVisible();
  await openPanel(page, "payments");
  await expect(payments.getByText("This order is cancelled: reopen it to record a payment.", { exact: false })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/money-4-cancelled.png`, fullPage: true });
});

test("the totals show what the order owes beside what was ordered, once the supplier confirms less", async ({ page }) => {
  await createDraftInUi(page, "Harbor Ceramics", [6, 4]);
  await markAsSent(page);
  await expect(page.locator("[data-status]").first()).toHaveAttribute("data-status", "sent");
  await expect(total(page, "ordered-value")).toHaveCount(0);

  // The supplier confirms 2 of the first line's 6 and all 4 of the second.
  await page.getByRole("button", { name: "Record confirmation" }).click();
  const confirmed = page.getByLabel(/^Confirmed quantity for/);
  await confirmed.nth(0).fill("2");
  await confirmed.nth(1).fill("4");
  await page.getByRole("button", { name: "Save confirmation" }).click();
  await expect(total(page, "ordered-value")).toBeVisible();
  const amount = async (row: string) => Number((await total(page, row).textContent())!.split(" ")[0]);
  expect(await amount("ordered-value")).toBeGreaterThan(await amount("order-cost"));
  await expect(page.getByText("Units the supplier did not confirm, and units cancelled, are not owed.")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/money-5-owed-beside-ordered.png`, fullPage: true });
  const totalsCard = page
    .locator("div")
    .filter({ has: page.getByRole("heading", { name: "Cost summary", exact: true }) })
    .filter({ has: page.locator("#total-order-cost") })
    .last();
  await totalsCard.screenshot({ path: `${SCREENSHOTS}/totals-card.png` });
});
