import { expect, type Page } from "@playwright/test";

import {
  confirmInModal,
  createDraftInUi,
  dismissModal,
  expectStatus,
  expectToast,
  isDataRequest,
  markAsSent,
  modal,
  openPanel,
  orderIdOf,
  orderRows,
  pageAction,
  pageHeight,
  requestsUnder,
  saveBar,
  test as demoTest,
} from "../support";
import { describeVitals, measureScreen, observeWebVitals, THRESHOLDS, type ScreenVitals } from "./web-vitals";

/**
 * Issue #15's acceptance, on a production build (playwright.prod.config.ts): a merchant's walk
 * through an order's life at 1280×800 — created with the resource picker, sent, a quantity edited
 * in place, received with two intake reasons on one line, completed, paid — checking each
 * screen's behaviour on the way, with a screenshot of every screen, web vitals measured in the
 * page against Built for Shopify's thresholds, the order page's data requests counted and a sent
 * 10-line order's height measured.
 */
const test = demoTest.extend({
  context: async ({ context }, use) => {
    await observeWebVitals(context);
    await use(context);
  },
});

test.use({ viewport: { width: 1280, height: 800 } });

async function shot(page: Page, name: string, fullPage = false) {
  await page.screenshot({ path: `tests/output/screenshots/prod-${name}.png`, fullPage });
}

/** Opens "More actions" and clicks `name` in it. */
async function moreAction(page: Page, name: string) {
  await page.getByRole("button", { name: "More actions" }).click();
  await page
    .getByRole("menuitem", { name, exact: true })
    .or(page.getByRole("button", { name, exact: true }))
    .click();
}

test("the walk on a production build: create, send, edit, receive with two reasons, complete, pay; vitals, data requests and height", async ({
  page,
}, testInfo) => {
  test.setTimeout(900_000);
  const vitals: Record<string, ScreenVitals> = {};

  await test.step("the index, before any order", async () => {
    await page.goto("/app/purchase-orders");
    await expect(page.getByRole("heading", { name: "Purchase orders", level: 1 })).toBeVisible();
    // Served by the production build: no Vite client, and React's production bundle.
    expect(await page.locator('script[src*="@vite"]').count()).toBe(0);
    await shot(page, "01-index-empty");
  });

  let name = "";
  let orderId = "";
  await test.step("create a 3-line order with the resource picker", async () => {
    name = await createDraftInUi(page, "Harbor Ceramics", [6, 4, 5], {
      look: (moment) => shot(page, moment === "resource-picker" ? "02-create-picker" : "03-create-form"),
    });
    orderId = orderIdOf(page);
    await expect(page.getByLabel(/^Quantity for/)).toHaveCount(3);
    await shot(page, "04-order-draft");
  });

  await test.step("a destructive action asks in a modal; dismissed, nothing changes", async () => {
    await moreAction(page, "Delete");
    await expect(modal(page).getByRole("button", { name: "Delete draft", exact: true })).toBeVisible();
    await shot(page, "05-delete-modal");
    await dismissModal(page);
    await page.reload();
    await expectStatus(page, "draft");
    await expect(page.getByLabel(/^Quantity for/)).toHaveCount(3);
  });

  await test.step("send to the supplier", async () => {
    await pageAction(page, "Send to supplier");
    await expect(modal(page)).toContainText("The purchase order is emailed to");
    await shot(page, "06-send-modal");
    await confirmInModal(page, "Send to supplier");
    await expectToast(page, /Email to .* queued/);
    await expectStatus(page, "sent");
    await shot(page, "07-order-sent");
  });

  await test.step("edit a line's quantity in place: the save bar shows; saved from it, with a toast", async () => {
    const quantity = page.getByLabel(/^Quantity for/).first();
    await expect(quantity).toHaveValue("6");
    const total = await page.locator("#total-total").textContent();
    await expect(saveBar(page)).toHaveCount(0);
    await quantity.fill("7");
    await expect(saveBar(page)).toBeVisible();
    await shot(page, "08-line-edit-save-bar");
    await saveBar(page).getByRole("button", { name: "Save" }).click();
    await expectToast(page, "Line saved");
    await expect(saveBar(page)).toHaveCount(0);
    await expect(page.locator("#total-total")).not.toHaveText(total!);
    await shot(page, "08b-line-saved");
    await page.reload();
    await expect(page.getByLabel(/^Quantity for/).first()).toHaveValue("7");
  });

  await test.step("the save bar appears on a change and blocks leaving until discarded", async () => {
    await page.goto("/app/settings");
    const autoSync = page.getByLabel("Auto-sync to Shopify on receiving", { exact: true });
    await expect(saveBar(page)).toHaveCount(0);
    await autoSync.click();
    await expect(saveBar(page)).toBeVisible();
    await shot(page, "09-settings-save-bar");
    await page.getByRole("link", { name: "Purchase orders" }).click();
    const leave = page.getByRole("dialog", { name: "Leave page with unsaved changes?" });
    await expect(leave).toBeVisible();
    await shot(page, "10-leave-confirmation");
    await leave.getByRole("button", { name: "Stay" }).click();
    await expect(page).toHaveURL(/\/app\/settings$/);
    await saveBar(page).getByRole("button", { name: "Discard" }).click();
    await expect(saveBar(page)).toHaveCount(0);
  });

  await test.step("receive: every unit counted, one line split across two intake reasons", async () => {
    await page.goto(`/app/purchase-orders/${orderId}`);
    await pageAction(page, "Receive goods");
    await expect(page.getByRole("heading", { name: `Receive ${name}`, level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "Receive all remaining" }).click();
    await expect(page.getByText("16 delivered of 16 expected")).toBeVisible();
    // 7 arrived on the first line: 6 accepted, 1 damaged and sent back.
    await page
      .getByRole("button", { name: /^Split .*: part of its units under another reason$/ })
      .first()
      .click();
    await expect(page.getByLabel(/^Quantity, part 2 for/)).toHaveValue("1");
    await expect(page.getByLabel(/^Intake reason, part 2 for/)).toHaveValue("3");
    await expect(page.getByText("7 counted: 6 Accepted · 1 Damaged (returned)")).toBeVisible();
    await expect(page.getByText("Saved to draft #1")).toBeVisible();
    await shot(page, "11-receive-split");

    await page.getByRole("button", { name: "Review and submit" }).click();
    await expect(page.getByRole("button", { name: "Confirm and submit" })).toBeVisible();
    await shot(page, "12-receive-review");

    // One submit: one action request, and the order's page loads its data once. The screen being
    // left is not loaded again (its loader would read the order and ask Shopify for nothing).
    const requests = requestsUnder(page, `/app/purchase-orders/${orderId}`);
    await page.getByRole("button", { name: "Confirm and submit" }).click();
    await expectToast(page, "Delivery #1 submitted and booked on the order");
    await expectStatus(page, "received");
    await page.waitForLoadState("networkidle");
    console.log(`requests of one receive from the screen: ${JSON.stringify(requests)}`);
    await testInfo.attach("receive-requests.json", { body: JSON.stringify(requests, null, 2), contentType: "application/json" });
    expect(requests.filter((request) => request.startsWith("POST "))).toEqual([`POST /app/purchase-orders/${orderId}/receive.data`]);
    const loads = requests.filter((request) => request.startsWith("GET "));
    expect(loads.filter((request) => request.startsWith(`GET /app/purchase-orders/${orderId}.data`))).toHaveLength(1);
    // A revalidation of the layouts names its routes (`_routes`) and leaves the screen's out; without `_routes`, every route loads.
    expect(loads.filter((request) => request.includes("/receive.data") && !/[?&]_routes=(?![^&]*receive)/.test(request))).toEqual([]);
    await expect(page.getByText("1 rejected")).toBeVisible();
    await shot(page, "13-order-received");
  });

  await test.step("complete, confirmed in its modal", async () => {
    await pageAction(page, "Complete");
    await expect(modal(page).getByRole("button", { name: "Complete", exact: true })).toBeEnabled();
    await shot(page, "14-complete-modal");
    await confirmInModal(page, "Complete");
    await expectStatus(page, "completed");
    await shot(page, "15-order-completed");
  });

  await test.step("pay what is owed", async () => {
    // Nothing paid or credited yet: the whole total is owed.
    await expect(page.getByText("Nothing paid or credited yet: the total is due.")).toBeVisible();
    const owed = (await page.locator("#total-total").textContent())!.split(" ")[0]!;
    expect(Number(owed)).toBeGreaterThan(0);
    await openPanel(page, "payments");
    const payments = page.locator('[data-card="payments"]');
    await payments.getByLabel("Amount").fill(owed);
    await payments.getByLabel("Method").fill("Bank transfer");
    await payments.getByRole("button", { name: "Record payment" }).click();
    await expect(page.locator("#total-due")).toHaveText(/^0\.00 /);
    await expect(page.locator("[data-paid]")).toBeVisible();
    await shot(page, "16-order-paid");
  });

  let bigOrder = { name: "", id: "" };
  await test.step("a sent 10-line order: ≤ 1.5 × 800 px tall at 1280 wide", async () => {
    const bigName = await createDraftInUi(page, "Summit Outdoor Supply", [3, 2, 5, 1, 4, 6, 2, 3, 1, 8]);
    bigOrder = { name: bigName, id: orderIdOf(page) };
    await markAsSent(page);
    await page.reload();
    await expectStatus(page, "sent");
    const height = await pageHeight(page);
    console.log(`order page height, sent 10-line order at 1280 wide: ${height}px (at most ${1.5 * 800})`);
    await testInfo.attach("order-page-height.txt", { body: `${height}px`, contentType: "text/plain" });
    expect(height).toBeLessThanOrEqual(1.5 * 800);
    await shot(page, "17-order-sent-10-lines", true);
  });

  await test.step("the order page makes one data request when opened, none once loaded", async () => {
    await page.goto("/app/purchase-orders");
    const requests = requestsUnder(page, `/app/purchase-orders/${bigOrder.id}`);
    await page
      .getByRole("row", { name: new RegExp(bigOrder.name) })
      .first()
      .click();
    await expectStatus(page, "sent");
    await page.waitForLoadState("networkidle");
    expect(requests).toEqual([expect.stringMatching(new RegExp(`^GET /app/purchase-orders/${bigOrder.id}\\.data`))]);
    requests.length = 0;
    // Loaded as a document, the server renders it all: no card asks for its own data afterwards.
    await page.reload();
    await expectStatus(page, "sent");
    await page.waitForLoadState("networkidle");
    expect(requests.filter(isDataRequest)).toEqual([]);
  });

  await test.step("the order page's vitals: LCP and CLS as loaded, INP of opening More actions", async () => {
    const cancel = page
      .getByRole("menuitem", { name: "Cancel order", exact: true })
      .or(page.getByRole("button", { name: "Cancel order", exact: true }));
    vitals["order page"] = await measureScreen(page, {
      interaction: "opening More actions",
      load: async () => {
        await page.goto(`/app/purchase-orders/${bigOrder.id}`);
        await expectStatus(page, "sent");
      },
      interact: async () => {
        await page.getByRole("button", { name: "More actions" }).click();
        await expect(cancel).toBeVisible();
      },
    });
    await shot(page, "18-more-actions");

    // Cancel, destructive: asks first; dismissed, nothing changes.
    await cancel.click();
    await expect(modal(page).getByRole("heading", { name: "Cancel the order?" })).toBeVisible();
    await shot(page, "19-cancel-modal");
    await dismissModal(page);
    await page.reload();
    await expectStatus(page, "sent");
  });

  await test.step("the index: vitals, and tabs and filters change the rows", async () => {
    vitals["index"] = await measureScreen(page, {
      interaction: "the Open tab",
      load: async () => {
        await page.goto("/app/purchase-orders");
        await expect(orderRows(page)).toHaveCount(2);
        // Polaris measures the tabs before it shows them.
        await expect(page.getByRole("tab", { name: "Completed" })).toBeVisible();
      },
      interact: async () => {
        await page.getByRole("tab", { name: "Open" }).click();
        await expect(page).toHaveURL(/tab=open/);
        await expect(orderRows(page)).toHaveCount(1);
      },
    });
    await expect(orderRows(page).first()).toContainText(bigOrder.name);
    await shot(page, "20-index-open-tab");

    await page.getByRole("tab", { name: "Completed" }).click();
    await expect(orderRows(page)).toHaveCount(1);
    await expect(orderRows(page).first()).toContainText(name);
    await page.getByRole("tab", { name: "All" }).click();
    await expect(orderRows(page)).toHaveCount(2);
    await shot(page, "21-index-all");

    await page.getByRole("button", { name: "Search and filter results" }).click();
    await page.getByRole("button", { name: "Supplier" }).click();
    await page.getByLabel("Harbor Ceramics").click();
    await expect(page).toHaveURL(/supplier=/);
    await expect(orderRows(page)).toHaveCount(1);
    await expect(orderRows(page).first()).toContainText(name);
    await shot(page, "22-index-filtered");
  });

  await test.step("web vitals within Built for Shopify's thresholds", async () => {
    console.log(
      Object.entries(vitals)
        .map(([screen, measured]) => describeVitals(screen, measured))
        .join("\n"),
    );
    await testInfo.attach("web-vitals.json", {
      body: JSON.stringify({ thresholds: THRESHOLDS, measured: vitals }, null, 2),
      contentType: "application/json",
    });
    for (const [screen, { judged }] of Object.entries(vitals)) {
      expect(judged.lcpMs, `${screen}: LCP`).toBeGreaterThan(0);
      expect(judged.lcpMs, `${screen}: LCP`).toBeLessThanOrEqual(THRESHOLDS.lcpMs);
      expect(judged.cls, `${screen}: CLS`).toBeLessThanOrEqual(THRESHOLDS.cls);
      expect(judged.inpMs, `${screen}: INP`).toBeLessThanOrEqual(THRESHOLDS.inpMs);
    }
  });
});
