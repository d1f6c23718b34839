import { z } from "zod";

import { PURCHASE_ORDER_STATUSES } from "~/domain/purchase-order/status";
import type { PurchaseOrderSummary as Summary } from "~/services/purchase-orders.server";

import { apiSchemas, money, timestamp } from "./schemas";

/** Searching purchase orders: the query the list operation takes and the summaries it answers. */

export const PurchaseOrderSummary = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    status: z.enum(PURCHASE_ORDER_STATUSES),
    supplier_id: z.string(),
    supplier_name: z.string(),
    line_count: z.int().nonnegative(),
    total_quantity: z.int().nonnegative(),
    subtotal: money,
    currency_code: z.string(),
    created_at: timestamp,
  })
  .register(apiSchemas, { id: "PurchaseOrderSummary" });

export const PurchaseOrderList = z
  .strictObject({
    purchase_orders: z.array(PurchaseOrderSummary),
    paging: z.strictObject({ page: z.int().positive(), per_page: z.int().positive(), total: z.int().nonnegative() }),
  })
  .register(apiSchemas, { id: "PurchaseOrderList" });

/** `search[ids]`: comma-separated order ids. */
const idList = z
  .string()
  .transform((value) => value.split(",").map((id) => id.trim()).filter((id) => id.length > 0))
  .pipe(z.array(z.string()).min(1, "Give at least one id"));

export const PER_PAGE_MAX = 250;

export const PurchaseOrderListQuery = z.strictObject({
  "search[status]": z.enum(PURCHASE_ORDER_STATUSES).optional(),
  "search[supplier_id]": z.string().min(1).optional(),
  "search[ids]": idList.optional().describe("Comma-separated order ids."),
  "search[created_at_min]": timestamp
    .optional()
    .describe("ISO 8601 with an offset (e.g. 2026-01-31T00:00:00+01:00); a timestamp without one is refused (422)."),
  "search[created_at_max]": timestamp.optional().describe("ISO 8601 with an offset; a timestamp without one is refused (422)."),
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce
    .number()
    .int()
    .min(1)
    .max(PER_PAGE_MAX, `At most ${PER_PAGE_MAX} per page`)
    .default(PER_PAGE_MAX)
    .describe(`Default and most: ${PER_PAGE_MAX}; more is refused (422), not capped.`),
});


export function summaryJson(order: Summary): z.infer<typeof PurchaseOrderSummary> {
  return {
    id: order.id,
    name: order.name,
    status: order.status,
    supplier_id: order.supplierId,
    supplier_name: order.supplierName,
    line_count: order.lineCount,
    total_quantity: order.totalQuantity,
    subtotal: order.subtotal,
    currency_code: order.currencyCode,
    created_at: order.createdAt,
  };
}
