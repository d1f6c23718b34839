import type { PrismaClient } from "@prisma/client";

import { unitCostWrites } from "~/domain/purchase-order/cost-sync";

import type { LifecycleDeps } from "./purchase-order-lifecycle.server";
import type { ShopifyGateway } from "./shopify/gateway.server";

/**
 * Cost sync: before an order completes, each variant's unit cost is written to Shopify. It runs
 * inside the request, not through the outbox, because the issue makes completion depend on it:
 * if Shopify refuses (or a foreign-currency order has no exchange rate), the order stays where
 * it is and the error says what to fix. Writing a cost is idempotent, so a retry is harmless.
 * The order and its currencies come as the action loaded them: nothing is read again.
 */

/** What every caller running lifecycle actions for a shop needs: the database, and its gateway for cost sync and location checks. */
export function lifecycleDeps(db: PrismaClient, gateway: ShopifyGateway): LifecycleDeps {
  return {
    db,
    gateway,
    beforeComplete: async (order, costs) => {
      const writes = unitCostWrites(order, costs);
      await gateway.updateUnitCosts(writes);
      return { unitCostsWritten: writes };
    },
    // A preview asks whether completing would be refused, and writes nothing.
    checkBeforeComplete: async (order, costs) => {
      unitCostWrites(order, costs);
    },
  };
}
