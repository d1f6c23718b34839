import { loadOrderState } from "~/services/purchase-order-lifecycle.server";
import { searchPurchaseOrders } from "~/services/purchase-order-search.server";

import { defineOperation } from "../operation";
import { PurchaseOrderList, PurchaseOrderListQuery, summaryJson } from "../purchase-order-search";
import { purchaseOrderJson } from "../purchase-orders";
import { OrderIdParams, PurchaseOrder } from "../schemas";

/** Reading purchase orders: search with paging, and one order whole. */
export const purchaseOrderReads = [
  defineOperation({
    name: "list_purchase_orders",
    method: "GET",
    path: "/purchase_orders",
    scope: "read",
    title: "Search purchase orders",
    description:
      "Search this shop's purchase orders, newest first, one page at a time (`page`, `per_page`). Every `search[…]` filter given " +
      "must match. Returns order summaries (id, name such as PO-0012, status, supplier, quantities, subtotal) and `paging.total`; " +
      "use get_purchase_order for lines, totals and the actions the order allows.",
    query: PurchaseOrderListQuery,
    response: PurchaseOrderList,
    idempotent: true,
    async handle({ db, shopDomain }, { query }) {
      const { orders, total } = await searchPurchaseOrders(
        db,
        shopDomain,
        {
          status: query["search[status]"],
          supplierId: query["search[supplier_id]"],
          ids: query["search[ids]"],
          createdAtMin: query["search[created_at_min]"] ? new Date(query["search[created_at_min]"]) : undefined,
          createdAtMax: query["search[created_at_max]"] ? new Date(query["search[created_at_max]"]) : undefined,
        },
        { page: query.page, perPage: query.per_page },
      );
      return { purchase_orders: orders.map(summaryJson), paging: { page: query.page, per_page: query.per_page, total } };
    },
  }),
  defineOperation({
    name: "get_purchase_order",
    method: "GET",
    path: "/purchase_orders/{id}",
    scope: "read",
    title: "Get a purchase order",
    description:
      "One purchase order by id: status, supplier, lines with ordered/confirmed/received/rejected/cancelled/pending quantities, " +
      "totals, `version` and `allowed_actions` (the lifecycle actions its status allows now). Not found (404) for ids of other shops.",
    params: OrderIdParams,
    response: PurchaseOrder,
    idempotent: true,
    async handle({ db, shopDomain }, { params }) {
      return purchaseOrderJson(await loadOrderState(db, shopDomain, params.id));
    },
  }),
];
