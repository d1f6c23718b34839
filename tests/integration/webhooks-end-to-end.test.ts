import { afterAll, beforeAll, expect, it } from "vitest";

import { purchaseOrderDocumentUri } from "~/domain/effects";
import { performAction, loadOrderState } from "~/services/purchase-order-lifecycle.server";
import { latestReconciliation, runDueDriftChecks } from "~/services/reconciliation.server";
import { createDraftPurchaseOrder } from "~/services/purchase-orders.server";
import { lifecycleDeps } from "~/services/cost-sync.server";

import { useProductionLikeEnvironment } from "../support/app-env";
import { applyEffects, incomingHeld, sentOrder, startEffectsShop, type EffectsShop } from "../support/effects-shop";
import { deliveredStatus, signedWebhook } from "../support/webhooks";

/**
 * Webhooks end to end, from a signed delivery to what Inbound then does: a product deleted in
 * Shopify flags the order's line and the next Send skips it, saying why; an inventory level
 * changed outside Inbound schedules a drift check that reports the drift.
 */
const SHOP = "deleted-variants.myshopify.com";
const actor = { type: "merchant", id: "staff-1" } as const;
let shop: EffectsShop;
let productsDelete: typeof import("~/routes/webhooks.products.delete");
let levelsUpdate: typeof import("~/routes/webhooks.inventory_levels.update");

beforeAll(async () => {
  shop = await startEffectsShop(SHOP, [
    { title: "Lantern", vendor: "Acme", variants: [{ sku: "LAN-S", price: "20" }] },
    { title: "Kettle", vendor: "Acme", variants: [{ sku: "KET-1", price: "30" }] },
  ]);
  useProductionLikeEnvironment(shop.database.url);
  productsDelete = await import("~/routes/webhooks.products.delete");
  levelsUpdate = await import("~/routes/webhooks.inventory_levels.update");
});
afterAll(async () => {
  const { default: prisma } = await import("~/db.server");
  await prisma.$disconnect();
  await shop.close();
});

/** Deletes a product in Shopify (the stand-in), with its variants, inventory items and levels. */
function deleteInShopify(productIndex: number) {
  const state = shop.standin.store.shop(SHOP);
  const product = shop.products[productIndex]!;
  state.products.delete(product.productId);
  for (const variant of product.variants) {
    state.variants.delete(variant.variantId);
    state.inventoryItems.delete(variant.inventoryItemId);
    for (const [key, level] of state.levels) if (level.itemId === variant.inventoryItemId) state.levels.delete(key);
  }
}

it("a line whose product Shopify deleted is flagged, and Send pushes the other lines and reports the skipped one", async () => {
  const draft = await createDraftPurchaseOrder({ db: shop.db, gateway: shop.gateway }, SHOP, actor, {
    supplierId: shop.supplierId,
    locationId: shop.locationId,
    note: "",
    lines: [
      { variantId: shop.products[0]!.variants[0]!.variantId, quantity: "5", unitCost: "4" },
      { variantId: shop.products[1]!.variants[0]!.variantId, quantity: "3", unitCost: "4" },
    ],
  });

  deleteInShopify(1);
  const numericId = shop.products[1]!.productId.split("/").pop();
  const delivery = signedWebhook("/webhooks/products/delete", "products/delete", { id: Number(numericId) }, { shop: SHOP });
  expect(await deliveredStatus(shop.db, () => productsDelete.action(delivery))).toBe(200);
  const flagged = (await loadOrderState(shop.db, SHOP, draft.id)).lines.find((line) => line.sku === "KET-1");
  expect(flagged?.variantDeletedAt).not.toBeNull();

  const sent = await performAction(lifecycleDeps(shop.db, shop.gateway), SHOP, actor, draft.id, { action: "send", via: "manual" });
  expect(sent.skippedLines).toEqual([{ lineId: flagged!.id, sku: "KET-1", productTitle: "Kettle" }]);
  expect(sent.audit.changes).toMatchObject({ skippedInShopify: [{ sku: "KET-1" }] });
  // Shopify would refuse the whole call for an item it no longer has: nothing may fail.
  await applyEffects(shop);
  expect(incomingHeld(shop, draft.id, 0, 0)).toBe(5);
  const tags = shop.standin.store.shop(SHOP).products.get(shop.products[0]!.productId)!.tags;
  expect(tags).toContain("on-purchase-order");
});

it("an inventory level changed outside Inbound is checked for drift once the debounce passes, and the drift is reported", async () => {
  const order = await sentOrder(shop, actor, [[0, 0, 7]]);
  // Someone changes the order's incoming in Shopify by hand: 7 → 4.
  const item = shop.products[0]!.variants[0]!.inventoryItemId;
  shop.standin.store.setQuantity(SHOP, {
    inventoryItemId: item,
    locationId: shop.locationId,
    name: "incoming",
    quantity: 4,
    ledgerDocumentUri: purchaseOrderDocumentUri(order.id),
  });
  const numeric = (gid: string) => Number(gid.split("/").pop());
  const payload = { inventory_item_id: numeric(item), location_id: numeric(shop.locationId), available: 0, updated_at: new Date().toISOString() };
  expect(
    await deliveredStatus(shop.db, () =>
      levelsUpdate.action(signedWebhook("/webhooks/inventory_levels/update", "inventory_levels/update", payload, { shop: SHOP })),
    ),
  ).toBe(200);

  const gatewayFor = async () => shop.gateway;
  expect(await runDueDriftChecks(shop.db, gatewayFor, new Date()), "not before the debounce").toEqual([]);
  const later = new Date(Date.now() + 61_000);
  expect(await runDueDriftChecks(shop.db, gatewayFor, later)).toEqual([{ shopDomain: SHOP, status: "drift", error: null }]);
  const { run } = await latestReconciliation(shop.db, SHOP);
  expect(run).toMatchObject({ trigger: "webhook", status: "drift" });
  // The first test's order holds 5 of this item too: 5 + 7 expected, 5 + 4 in Shopify.
  expect(run!.rows).toMatchObject([{ inventoryItemId: item, expected: 12, shopify: 9, drift: -3 }]);
});
