import type { PrismaClient } from "@prisma/client";

import { loadOrderState } from "~/services/purchase-order-lifecycle.server";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";
import { createDraftPurchaseOrder } from "~/services/purchase-orders.server";

import type { StandinServer } from "../standin";

import { startEffectsShop } from "./effects-shop";
import { installShop } from "./shopify";

/**
 * A shop the size the issue measures: a draft of 250 variant lines over 50 products (five
 * variants each), in the stand-in and the app database, ready to send.
 */
export const LARGE_ORDER_LINES = 250;
export const LARGE_ORDER_PRODUCTS = 50;

export async function largeDraftOrder(db: PrismaClient, standin: StandinServer, gateway: ShopifyGateway, shopDomain: string) {
  standin.store.addShop({ domain: shopDomain, accessToken: "token" });
  const locationId = standin.store.addLocation(shopDomain, { name: "Warehouse" });
  const variantIds: string[] = [];
  for (let product = 0; product < LARGE_ORDER_PRODUCTS; product += 1) {
    const created = standin.store.addProduct(shopDomain, {
      title: `Product ${product}`,
      vendor: "Acme",
      variants: Array.from({ length: LARGE_ORDER_LINES / LARGE_ORDER_PRODUCTS }, (_, variant) => ({
        title: `Size ${variant}`,
        sku: `P${product}-V${variant}`,
        price: "10",
        unitCost: "4",
      })),
    });
    variantIds.push(...created.variants.map((variant) => variant.variantId));
  }
  const supplierId = (await installShop(db, { domain: shopDomain }, ["Acme"])).suppliers[0]!.id;
  const draft = await createDraftPurchaseOrder(
    { db, gateway },
    shopDomain,
    { type: "system", id: "setup" },
    {
      supplierId,
      locationId,
      note: "",
      lines: variantIds.map((variantId) => ({ variantId, quantity: "12", unitCost: "4" })),
    },
  );
  return { order: await loadOrderState(db, shopDomain, draft.id), locationId };
}

/**
 * The largest order the issue asks every action to take: a shop of `products` products of one
 * variant each (so tags, metafields and every list of products or variants is as long as the
 * order) in the stand-in and the app database, and `draft()` for a draft ordering 10 of each.
 * Drafts are written directly: one made in the app is capped at 500 lines (orders grow past that
 * by adding lines, merging and deliveries).
 */
export const DISTINCT_PRODUCTS_ORDER_LINES = 2000;

export async function distinctProductsShop(domain: string, products = DISTINCT_PRODUCTS_ORDER_LINES) {
  // Tagging 2 000 products costs Shopify's bucket minutes of refill: the gateway paces itself as
  // in production, but its waits move a shared clock forward instead of sleeping.
  let waitedMs = 0;
  const now = () => Date.now() + waitedMs;
  const shop = await startEffectsShop(
    domain,
    Array.from({ length: products }, (_, index) => ({
      title: `Product ${index}`,
      vendor: "Acme",
      variants: [{ title: "Default Title", sku: `SKU-${index}`, barcode: `${4000000000000 + index}`, price: "10", unitCost: "4" }],
    })),
    { now, sleep: async (ms) => void (waitedMs += ms) },
  );
  shop.standin.store.useClock(now);

  async function draft(): Promise<string> {
    const { id: shopId, nextPoNumber } = await shop.db.shop.update({
      where: { domain },
      data: { nextPoNumber: { increment: 1 } },
      select: { id: true, nextPoNumber: true },
    });
    const order = await shop.db.purchaseOrder.create({
      data: { shopId, number: nextPoNumber - 1, status: "draft", supplierId: shop.supplierId, locationId: shop.locationId, currencyCode: "USD" },
    });
    await shop.db.purchaseOrderLine.createMany({
      data: shop.products.map((product, position) => ({
        purchaseOrderId: order.id,
        position,
        variantId: product.variants[0]!.variantId,
        inventoryItemId: product.variants[0]!.inventoryItemId,
        productId: product.productId,
        productTitle: `Product ${position}`,
        variantTitle: "Default Title",
        sku: `SKU-${position}`,
        quantityOrdered: 10,
        unitCost: "4",
      })),
    });
    return order.id;
  }
  return { shop, draft };
}
