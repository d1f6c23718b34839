import { apiHandler } from "~/api/handler.server";
import { parseInput, queryObject } from "~/api/input";
import { purchaseOrderJson } from "~/api/purchase-orders";
import { EmptyQuery } from "~/api/schemas";
import prisma from "~/db.server";
import { loadOrderState } from "~/services/purchase-order-lifecycle.server";

/**
 * GET /api/v1/purchase_orders/{id}: REST resource route, authenticated by API key. The file
 * name's `_` keeps it out from under the list route, so each is its own resource route. An id
 * of another shop is not found (404), exactly like an id that does not exist.
 */
export const loader = apiHandler("read", "/api/v1/purchase_orders/{id}", async ({ request, params, principal }) => {
  parseInput(EmptyQuery, queryObject(request));
  return purchaseOrderJson(await loadOrderState(prisma, principal.shopDomain, params.id!));
});
