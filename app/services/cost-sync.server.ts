import type { PrismaClient } from "@prisma/client";

import { unitCostWrites } from "~/domain/purchase-order/cost-sync";

import type { LifecycleDeps } from "./purchase-order-lifecycle.server";
import type { ShopifyGateway } from "./shopify/gateway.server";

/**
 * Cost sync: when an order completes, each variant's unit cost is written to Shopify. Completion
 * depends on it, so it is not a side effect: Complete marks the order completing and stages the
 * costs as an effect; the worker writes them (Shopify's rate limit is never waited for in a
 * request) and then completes the order, or drops the request with Shopify's reason
 * (settleCompletion). A foreign-currency order without an exchange rate is refused at once.
 */

/** What every caller running lifecycle actions for a shop needs: the database, cost sync, and its gateway for location checks. */
export function lifecycleDeps(db: PrismaClient, gateway: ShopifyGateway): LifecycleDeps {
  return { db, gateway, costSync: unitCostWrites };
}
