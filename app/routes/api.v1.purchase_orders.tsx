import type { z } from "zod";

import { apiHandler } from "~/api/handler.server";
import { parseInput, queryObject } from "~/api/input";
import { summaryJson } from "~/api/purchase-orders";
import { PurchaseOrderListQuery, type PurchaseOrderList } from "~/api/schemas";
import prisma from "~/db.server";
import { searchPurchaseOrders } from "~/services/purchase-order-search.server";

/** GET /api/v1/purchase_orders: REST resource route, authenticated by API key (not a Shopify session). */
export const loader = apiHandler("read", "/api/v1/purchase_orders", async ({ request, principal }) => {
  const query = parseInput(PurchaseOrderListQuery, queryObject(request));
  const { orders, total } = await searchPurchaseOrders(
    prisma,
    principal.shopDomain,
    {
      status: query["search[status]"],
      supplierId: query["search[supplier_id]"],
      ids: query["search[ids]"],
      createdAtMin: query["search[created_at_min]"] ? new Date(query["search[created_at_min]"]) : undefined,
      createdAtMax: query["search[created_at_max]"] ? new Date(query["search[created_at_max]"]) : undefined,
    },
    { page: query.page, perPage: query.per_page },
  );
  const body: z.infer<typeof PurchaseOrderList> = {
    purchase_orders: orders.map(summaryJson),
    paging: { page: query.page, per_page: query.per_page, total },
  };
  return body;
});
