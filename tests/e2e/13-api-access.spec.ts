import { expect } from "@playwright/test";

import { confirmInModal, createDraftInUi, expectStatus, test } from "./support";

const SCREENSHOTS = "tests/output/screenshots";

test("a write key made in Settings drives orders over the REST API (the index pages them); the call log shows it; revoking locks the key out", async ({
  page,
}) => {
  await createDraftInUi(page, "Northwind Textiles", [2]);
  const orderId = new URL(page.url()).pathname.split("/").pop()!;

  await page.goto("/app/settings/api");
  await expect(page.locator('[data-endpoint="MCP server (Streamable HTTP)"]')).toHaveText(/\/mcp$/);
  await page.getByLabel("Name").fill("ERP connector");
  await page.getByLabel("Scope").selectOption("write");
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByText(/^inb_[A-Za-z0-9_-]{43}$/);
  await expect(shown).toBeVisible();
  const key = (await shown.textContent())!.trim();
  const auth = { Authorization: `Bearer ${key}` };

  // The order the merchant drafted, seen and sent over the API, under the same rules.
  const read = await page.request.get(`/api/v1/purchase_orders/${orderId}`, { headers: auth });
  expect(read.status()).toBe(200);
  expect(await read.json()).toMatchObject({ id: orderId, status: "draft", allowed_actions: expect.arrayContaining(["send"]) });
  const refused = await page.request.post(`/api/v1/purchase_orders/${orderId}/complete`, { headers: auth, data: {} });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error.allowed_actions).toContain("send");
  const sent = await page.request.post(`/api/v1/purchase_orders/${orderId}/mark_sent`, { headers: auth, data: {} });
  expect(sent.status()).toBe(200);

  await page.goto(`/app/purchase-orders/${orderId}`);
  await expectStatus(page, "sent");
  await expect(
    page
      .locator("[data-activity-entry]")
      .getByText(/API key /)
      .first(),
  ).toBeVisible();

  // The key now shows when it was last used, and each call is in the log with its result.
  await page.goto("/app/settings/api");
  await expect(page.getByText(`POST /api/v1/purchase_orders/{id}/mark_sent`)).toBeVisible();
  await expect(page.getByText(`POST /api/v1/purchase_orders/{id}/complete`)).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/settings-api.png`, fullPage: true });

  // Enough drafts created over the API that the index pages: newest first, 50 a page.
  const order = await (await page.request.get(`/api/v1/purchase_orders/${orderId}`, { headers: auth })).json();
  const { paging } = await (await page.request.get("/api/v1/purchase_orders?per_page=1", { headers: auth })).json();
  for (let count = paging.total; count <= 50; count += 1) {
    const created = await page.request.post("/api/v1/purchase_orders", {
      headers: auth,
      data: { supplier_id: order.supplier_id, items: [{ variant_id: order.lines[0].variant_id, quantity: 1 }] },
    });
    expect(created.status()).toBe(201);
  }
  await page.goto("/app/purchase-orders");
  await expect(page.locator(".Polaris-IndexTable__TableRow")).toHaveCount(50);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/after=/);
  // The screen's second page is the API's: same orders, same order.
  const second = await (await page.request.get("/api/v1/purchase_orders?per_page=50&page=2", { headers: auth })).json();
  await expect(page.getByText(second.purchase_orders[0].name, { exact: true })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/index-page-2.png`, fullPage: true });

  await page.goto("/app/settings/api");
  await page.getByRole("button", { name: "Revoke ERP connector" }).click();
  await confirmInModal(page, "Revoke key");
  await expect(page.getByText('Key "ERP connector" revoked')).toBeVisible();
  const locked = await page.request.get(`/api/v1/purchase_orders/${orderId}`, { headers: auth });
  expect(locked.status()).toBe(401);
});
