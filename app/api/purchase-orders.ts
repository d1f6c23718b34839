import type { z } from "zod";

import { allowedActions } from "~/domain/purchase-order/lifecycle";
import type { PurchaseOrderState } from "~/domain/purchase-order/order";
import { lineQuantities } from "~/domain/purchase-order/quantities";
import { purchaseOrderName } from "~/domain/purchase-order/status";
import { lineCost, orderTotals } from "~/domain/purchase-order/totals";

import type { PurchaseOrder } from "./schemas";

/** Orders as the REST API shows them (snake_case, money as decimal strings). */

export function purchaseOrderJson(order: PurchaseOrderState): z.infer<typeof PurchaseOrder> {
  const costLines = order.lines.map((line) => ({ quantity: line.ordered, unitCost: line.unitCost }));
  const totals = orderTotals(costLines, order.header.shippingCost, order.header.tax);
  return {
    id: order.id,
    name: purchaseOrderName(order.number),
    number: order.number,
    status: order.status,
    version: order.version,
    currency_code: order.currencyCode,
    supplier_id: order.header.supplierId,
    location_id: order.header.locationId,
    reference: order.header.reference,
    note: order.header.note,
    lines: order.lines.map((line, index) => ({
      id: line.id,
      kind: line.kind,
      variant_id: line.variantId,
      sku: line.sku,
      product_title: line.productTitle,
      variant_title: line.variantTitle,
      unit_cost: line.unitCost,
      line_cost: lineCost(costLines[index]!).toFixed(2),
      quantities: lineQuantities(line, order.bookings),
    })),
    totals: {
      subtotal: totals.subtotal.toFixed(2),
      shipping_cost: totals.shippingCost.toFixed(2),
      tax: totals.tax.toFixed(2),
      total: totals.total.toFixed(2),
    },
    allowed_actions: allowedActions(order),
  };
}
