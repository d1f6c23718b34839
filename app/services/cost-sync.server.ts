import type { PrismaClient } from "@prisma/client";

import { unitCostWrites, type UnitCostWrite } from "~/domain/purchase-order/cost-sync";
import type { PurchaseOrderState } from "~/domain/purchase-order/order";

import type { LifecycleDeps } from "./purchase-order-lifecycle.server";
import type { ShopifyGateway } from "./shopify/gateway.server";

/**
 * Cost sync: before an order completes, each variant's unit cost is written to Shopify. It runs
 * inside the request, not through the outbox, because the issue makes completion depend on it:
 * if Shopify refuses (or a foreign-currency order has no exchange rate), the order stays where
 * it is and the error says what to fix. Writing a cost is idempotent, so a retry is harmless.
 */
async function costSyncWrites(db: PrismaClient, order: PurchaseOrderState): Promise<UnitCostWrite[]> {
  const row = await db.purchaseOrder.findUniqueOrThrow({
    where: { id: order.id },
    select: { exchangeRate: true, shop: { select: { currencyCode: true } } },
  });
  return unitCostWrites(order, { shopCurrencyCode: row.shop.currencyCode, exchangeRate: row.exchangeRate?.toString() ?? null });
}

/** What every caller running lifecycle actions for a shop needs: the database, and its gateway for cost sync and location checks. */
export function lifecycleDeps(db: PrismaClient, gateway: ShopifyGateway): LifecycleDeps {
  return {
    db,
    gateway,
    beforeComplete: async (order) => {
      const writes = await costSyncWrites(db, order);
      await gateway.updateUnitCosts(writes);
      return { unitCostsWritten: writes };
    },
    // A preview asks whether completing would be refused, and writes nothing.
    checkBeforeComplete: async (order) => {
      await costSyncWrites(db, order);
    },
  };
}
