import { expect } from "@playwright/test";

import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../standin/demo-seed";
import { confirmInModal, createDraftInUi, expectToast, markAsSent, modal, pageAction, shopifyIncomingBySku, test } from "./support";

const SCREENSHOTS = "tests/output/screenshots";

/** Changes an order's incoming in Shopify directly, as someone editing it in Shopify admin would. */
async function changeIncomingInShopify(orderId: string, sku: string, delta: number) {
  const origin = process.env.E2E_STANDIN_ORIGIN;
  const state = (await (await fetch(`${origin}/__standin/shops/${DEMO_SHOP_DOMAIN}`)).json()) as {
    products: Array<{
      variants: Array<{
        sku: string | null;
        inventoryItem: { id: string };
        inventoryLevels: Array<{ locationId: string; incomingByLedgerDocument: Record<string, number> }>;
      }>;
    }>;
  };
  const document = `gid://inbound/PurchaseOrder/${orderId}`;
  const variant = state.products.flatMap((product) => product.variants).find((candidate) => candidate.sku === sku)!;
  const level = variant.inventoryLevels.find((candidate) => candidate.incomingByLedgerDocument[document])!;
  const response = await fetch(`${origin}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": DEMO_ACCESS_TOKEN },
    body: JSON.stringify({
      query: `mutation Plant($input: InventoryAdjustQuantitiesInput!) {
        inventoryAdjustQuantities(input: $input) @idempotent(key: "e2e-plant-${orderId}") { userErrors { message } }
      }`,
      variables: {
        input: {
          name: "incoming",
          reason: "correction",
          referenceDocumentUri: "gid://e2e/Edit/1",
          changes: [
            { inventoryItemId: variant.inventoryItem.id, locationId: level.locationId, delta, ledgerDocumentUri: document, changeFromQuantity: null },
          ],
        },
      },
    }),
  });
  expect(await response.json()).toMatchObject({ data: { inventoryAdjustQuantities: { userErrors: [] } } });
}

test("incoming changed in Shopify shows as drift, and fixing it puts it back", async ({ page }) => {
  await createDraftInUi(page, "Harbor Ceramics", [6]);
  const orderId = new URL(page.url()).pathname.split("/").pop()!;
  await markAsSent(page);
  await expect.poll(async () => Object.values(await shopifyIncomingBySku(orderId))).toEqual([6]);
  const [sku] = Object.keys(await shopifyIncomingBySku(orderId));

  await changeIncomingInShopify(orderId, sku!, -4);
  await page.goto("/app/reconciliation");
  await page.getByRole("button", { name: "Run now" }).first().click();
  const row = page.getByRole("row", { name: new RegExp(sku!) });
  await expect(row).toContainText("Fixable");
  await expect(row).toContainText("-4");
  await page.screenshot({ path: `${SCREENSHOTS}/reconciliation-drift.png`, fullPage: true });

  // Fixing changes Shopify: the confirmation says what each order's incoming becomes.
  await pageAction(page, "Fix drift");
  await expect(modal(page)).toContainText(`${sku} at`);
  await expect(modal(page)).toContainText("incoming +4");
  await page.screenshot({ path: `${SCREENSHOTS}/reconciliation-fix-modal.png`, fullPage: true });
  await confirmInModal(page, "Fix drift");
  await expectToast(page, /queued for Shopify/);
  await expect(page.locator("[data-reconciliation-status]")).toHaveAttribute("data-reconciliation-status", "fixed");
  await expect.poll(async () => Object.values(await shopifyIncomingBySku(orderId))).toEqual([6]);

  await page.getByRole("button", { name: "Run now" }).first().click();
  await expectToast(page, "Shopify's incoming matches your purchase orders.");
  await expect(page.getByRole("row", { name: new RegExp(sku!) })).toHaveCount(0);
  // No drift is good news, said as such: what was compared, and that nothing needs doing.
  await expect(page.getByRole("heading", { name: "No drift found" })).toBeVisible();
  await expect(page.getByText(/Nothing to do\. The check runs once a day/)).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: "tests/output/screens/reconciliation-no-drift.png" });
});
