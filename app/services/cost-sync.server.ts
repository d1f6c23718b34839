import type { PrismaClient } from "@prisma/client";

import { unitCostWrites } from "~/domain/purchase-order/cost-sync";

import type { BeforeComplete, LifecycleDeps } from "./purchase-order-lifecycle.server";
import type { ShopifyGateway } from "./shopify/gateway.server";

/**
 * Cost sync: before an order completes, each variant's unit cost is written to Shopify. It runs
 * inside the request, not through the outbox, because the issue makes completion depend on it:
 * if Shopify refuses (or a foreign-currency order has no exchange rate), the order stays where
 * it is and the error says what to fix. Writing a cost is idempotent, so a retry is harmless.
 */
export function costSyncBeforeComplete(db: PrismaClient, gateway: ShopifyGateway): BeforeComplete {
  return async (order) => {
    const row = await db.purchaseOrder.findUniqueOrThrow({
      where: { id: order.id },
      select: { exchangeRate: true, shop: { select: { currencyCode: true } } },
    });
    const writes = unitCostWrites(order, {
      shopCurrencyCode: row.shop.currencyCode,
      exchangeRate: row.exchangeRate?.toString() ?? null,
    });
    await gateway.updateUnitCosts(writes);
    return { unitCostsWritten: writes };
  };
}

/** What every caller running lifecycle actions for a shop needs: the database, and its gateway for cost sync and location checks. */
export function lifecycleDeps(db: PrismaClient, gateway: ShopifyGateway): LifecycleDeps {
  return { db, gateway, beforeComplete: costSyncBeforeComplete(db, gateway) };
}
