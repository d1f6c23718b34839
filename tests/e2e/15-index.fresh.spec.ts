import { expect, type Page } from "@playwright/test";

import { confirmInModal, createDraftInUi, expectToast, orderRows, test } from "./support";

/**
 * The purchase orders index as a merchant drives it: status tabs and filters change the rows,
 * sort, a saved view that is still there after a reload, bulk "Mark as sent" (asked first),
 * and Previous / Next over keyset pages.
 */
const SCREENS = "tests/output/screens";

test.use({ viewport: { width: 1280, height: 800 } });

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SCREENS}/index-${name}.png` });
}

async function apiKey(page: Page): Promise<Record<string, string>> {
  await page.goto("/app/settings/api");
  await page.getByLabel("Name").fill("Index seeding");
  await page.getByLabel("Scope").selectOption("write");
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByText(/^inb_[A-Za-z0-9_-]{43}$/);
  await expect(shown).toBeVisible();
  return { Authorization: `Bearer ${(await shown.textContent())!.trim()}` };
}

test("tabs, filters, sort, a saved view, bulk mark as sent and pages", async ({ page }) => {
  test.setTimeout(240_000);
  await createDraftInUi(page, "Harbor Ceramics", [3]);
  await createDraftInUi(page, "Northwind Textiles", [2]);
  const northwindId = new URL(page.url()).pathname.split("/").pop()!;
  const auth = await apiKey(page);
  const northwind = await (await page.request.get(`/api/v1/purchase_orders/${northwindId}`, { headers: auth })).json();
  // 50 more Northwind drafts: 52 orders, more than a page.
  for (let index = 0; index < 50; index += 1) {
    const created = await page.request.post("/api/v1/purchase_orders", {
      headers: auth,
      data: {
        supplier_id: northwind.supplier_id,
        location_id: northwind.location_id,
        items: [{ variant_id: northwind.lines[0].variant_id, quantity: 1 }],
      },
    });
    expect(created.status()).toBe(201);
  }
  // Two of them sent: PO-0003 and PO-0004.
  const listed = await (await page.request.get("/api/v1/purchase_orders?per_page=250", { headers: auth })).json();
  const byName = new Map<string, string>(listed.purchase_orders.map((order: { name: string; id: string }) => [order.name, order.id]));
  for (const name of ["PO-0003", "PO-0004"]) {
    expect((await page.request.post(`/api/v1/purchase_orders/${byName.get(name)}/mark_sent`, { headers: auth, data: {} })).status()).toBe(200);
  }

  // All: newest first, a page of 50, Next to the last two.
  await page.goto("/app/purchase-orders");
  await expect(orderRows(page)).toHaveCount(50);
  await expect(orderRows(page).first()).toContainText("PO-0052");
  // Polaris measures the tabs before it shows them.
  await expect(page.getByRole("tab", { name: "Cancelled" })).toBeVisible();
  await shot(page, "all");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(orderRows(page)).toHaveCount(2);
  await expect(orderRows(page).nth(0)).toContainText("PO-0002");
  await expect(orderRows(page).nth(1)).toContainText("PO-0001");
  await expect(orderRows(page).nth(1)).toContainText("0 / 3");
  await shot(page, "page-2");
  await page.getByRole("button", { name: "Previous" }).click();
  await expect(orderRows(page)).toHaveCount(50);
  await expect(orderRows(page).last()).toContainText("PO-0003");
  // The back button returns to the second page: the state is the URL.
  await page.goBack();
  await expect(orderRows(page)).toHaveCount(2);
  await page.goto("/app/purchase-orders");

  // Tabs change the rows.
  await page.getByRole("tab", { name: "Open" }).click();
  await expect(page).toHaveURL(/tab=open/);
  await expect(orderRows(page)).toHaveCount(2);
  await expect(orderRows(page).first()).toContainText("Sent");
  await page.getByRole("tab", { name: "Completed" }).click();
  await expect(page.getByText("No purchase orders here yet")).toBeVisible();
  await shot(page, "empty-tab");
  await page.getByRole("tab", { name: "All" }).click();
  await expect(orderRows(page)).toHaveCount(50);

  // A filter: one supplier.
  await page.getByRole("button", { name: "Search and filter results" }).click();
  await page.getByRole("button", { name: "Supplier" }).click();
  await page.getByLabel("Harbor Ceramics").click();
  await expect(page).toHaveURL(/supplier=/);
  await expect(orderRows(page)).toHaveCount(1);
  await expect(orderRows(page).first()).toContainText("PO-0001");
  await shot(page, "filtered");

  // Saved under a name, it is a tab, there again after a reload.
  await page.getByRole("button", { name: "Save as" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("Harbor orders");
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/view=/);
  await page.goto("/app/purchase-orders");
  await expect(page.getByRole("tab", { name: "Harbor orders" })).toBeVisible();
  await page.reload();
  await page.getByRole("tab", { name: "Harbor orders" }).click();
  await expect(orderRows(page)).toHaveCount(1);
  await expect(orderRows(page).first()).toContainText("Harbor Ceramics");
  await shot(page, "saved-view");

  // Search narrows to nothing, and the empty state clears the filters.
  await page.goto("/app/purchase-orders");
  await page.getByRole("button", { name: "Search and filter results" }).click();
  await page.getByPlaceholder(/Search by PO number/).fill("no such order");
  await expect(page).toHaveURL(/q=no\+such\+order/);
  await expect(page.getByText("No purchase orders match these filters")).toBeVisible();
  await shot(page, "no-match");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(orderRows(page)).toHaveCount(50);

  // Sort: lowest number first.
  await page.goto("/app/purchase-orders?sort=number-asc");
  await expect(orderRows(page).first()).toContainText("PO-0001");
  await page.goto("/app/purchase-orders");
  await page.getByRole("button", { name: /Sort the results/ }).click();
  await page.getByRole("button", { name: "Lowest first" }).click();
  await expect(page).toHaveURL(/sort=number-asc/);
  await expect(orderRows(page).first()).toContainText("PO-0001");
  await page.keyboard.press("Escape");

  // Bulk: select two drafts and one sent order, mark as sent (asked first); the sent one is refused with why.
  await page.goto("/app/purchase-orders?sort=number-asc");
  for (const name of ["PO-0001", "PO-0002", "PO-0003"]) {
    await page
      .getByRole("row", { name: new RegExp(name) })
      .getByRole("checkbox")
      .check();
  }
  await page.getByRole("button", { name: "Mark as sent" }).click();
  await expect(page.getByRole("dialog")).toContainText("Mark 3 purchase orders as sent?");
  await shot(page, "bulk-confirm");
  await confirmInModal(page, "Mark as sent");
  await expectToast(page, "2 purchase orders marked as sent.");
  await expect(page.getByText("1 purchase order was not marked as sent")).toBeVisible();
  await expect(page.getByText(/PO-0003: /)).toBeVisible();
  await expect(page.getByRole("row", { name: /PO-0001/ })).toContainText("Sent");
  await expect(page.getByRole("row", { name: /PO-0002/ })).toContainText("Sent");
  await shot(page, "bulk-refused");
  await page.getByRole("tab", { name: "Open" }).click();
  await expect(orderRows(page)).toHaveCount(4);
});
