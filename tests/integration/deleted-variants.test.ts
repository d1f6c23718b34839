import { afterAll, beforeAll, expect, it } from "vitest";

import { performAction, loadOrderState } from "~/services/purchase-order-lifecycle.server";
import { createDraftPurchaseOrder } from "~/services/purchase-orders.server";
import { lifecycleDeps } from "~/services/cost-sync.server";

import { useProductionLikeEnvironment } from "../support/app-env";
import { applyEffects, incomingHeld, startEffectsShop, type EffectsShop } from "../support/effects-shop";
import { responseStatus, signedWebhook } from "../support/webhooks";

/**
 * A variant deleted in Shopify, end to end: Shopify deletes the product, products/delete flags
 * the order's line, and the next Send tells Shopify about the other lines only, saying why.
 */
const SHOP = "deleted-variants.myshopify.com";
const actor = { type: "merchant", id: "staff-1" } as const;
let shop: EffectsShop;
let productsDelete: typeof import("~/routes/webhooks.products.delete");

beforeAll(async () => {
  shop = await startEffectsShop(SHOP, [
    { title: "Lantern", vendor: "Acme", variants: [{ sku: "LAN-S", price: "20" }] },
    { title: "Kettle", vendor: "Acme", variants: [{ sku: "KET-1", price: "30" }] },
  ]);
  useProductionLikeEnvironment(shop.database.url);
  productsDelete = await import("~/routes/webhooks.products.delete");
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
  expect(await responseStatus(() => productsDelete.action(delivery))).toBe(200);
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
