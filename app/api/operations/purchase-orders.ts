import { ValidationError } from "~/domain/errors";
import { encodeCursor } from "~/domain/purchase-order/index-query";
import { searchPurchaseOrders, type SearchTime } from "~/services/purchase-order-search.server";

import { defineOperation } from "../operation";
import { PURCHASE_ORDER_LIST_EXAMPLES, PurchaseOrderList, PurchaseOrderListQuery, summaryJson } from "../purchase-order-search";
import { loadPurchaseOrderJson } from "../purchase-orders";
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
      "Search this shop's purchase orders (never another shop's; deleted orders are left out), newest first, one page at a time " +
      "(`per_page` up to 250; `page`, or `after` a page's `paging.next_after`, which stays exact while orders change). Every `search[…]` filter given must match; text filters ignore case. Times without an " +
      "offset are read in the shop's time zone. Returns order summaries (id, name such as PO-0012, status, supplier, quantities, " +
      "subtotal, references, customer name, promise/expected dates, created/updated/sent times) and `paging` (page, per_page, " +
      "total matching, total_pages, next_after); a page past the last is empty. Use get_purchase_order for lines, totals and the actions an " +
      "order allows. Invalid filters are refused (422) naming the parameter.",
    query: PurchaseOrderListQuery,
    queryExamples: PURCHASE_ORDER_LIST_EXAMPLES,
    response: PurchaseOrderList,
    idempotent: true,
    async handle({ db, shopDomain }, { query }) {
      if (query.after !== undefined && query.page !== undefined) {
        throw new ValidationError({ page: "Not with `after`: a cursor reads on from where its page ended" });
      }
      const page = query.page ?? 1;
      const range = (min: SearchTime | undefined, max: SearchTime | undefined) => ({ min, max });
      const { orders, total, next } = await searchPurchaseOrders(
        db,
        shopDomain,
        {
          ids: query["search[ids]"],
          statuses: query["search[status]"],
          supplierId: query["search[supplier_id]"],
          customerName: query["search[customer_name]"],
          number: query["search[public_reference]"],
          orderPublicReference: query["search[order_public_reference]"],
          vendorReference: query["search[vendor_reference]"],
          itemName: query["search[order_item_name]"],
          fulfilled: query["search[fulfilled]"],
          late: query["search[late]"],
          confirmed: query["search[confirmed]"],
          canceled: query["search[canceled]"],
          createdAt: range(query["search[created_at_min]"], query["search[created_at_max]"]),
          updatedAt: range(query["search[updated_at_min]"], query["search[updated_at_max]"]),
          sentAt: range(query["search[sent_at_min]"], query["search[sent_at_max]"]),
        },
        { page, perPage: query.per_page, ...(query.after === undefined ? {} : { afterNumber: query.after }) },
      );
      return {
        purchase_orders: orders.map(summaryJson),
        paging: {
          page,
          per_page: query.per_page,
          total,
          total_pages: Math.ceil(total / query.per_page),
          next_after: next && encodeCursor(next),
        },
      };
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
      return loadPurchaseOrderJson(db, shopDomain, params.id);
    },
  }),
];
