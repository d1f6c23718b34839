import type { PrismaClient } from "@prisma/client";

import { loadOrderState } from "~/services/purchase-order-lifecycle.server";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";
import { createDraftPurchaseOrder } from "~/services/purchase-orders.server";

import type { StandinServer } from "../standin";
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
  const draft = await createDraftPurchaseOrder({ db, gateway }, shopDomain, { type: "system", id: "setup" }, {
    supplierId,
    locationId,
    note: "",
    lines: variantIds.map((variantId) => ({ variantId, quantity: "12", unitCost: "4" })),
  });
  return { order: await loadOrderState(db, shopDomain, draft.id), locationId };
}
