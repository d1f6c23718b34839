import type { Prisma, PrismaClient } from "@prisma/client";
import type { z } from "zod";

import { formatDay } from "~/domain/dates";
import { NotFoundError } from "~/domain/errors";
import { Decimal, inOrderCurrency } from "~/domain/money";
import type { PaymentStatus } from "~/domain/payments";
import { allowedActions } from "~/domain/purchase-order/lifecycle";
import type { PurchaseOrderState } from "~/domain/purchase-order/order";
import { lineQuantities } from "~/domain/purchase-order/quantities";
import { purchaseOrderName } from "~/domain/purchase-order/status";
import { otherSupplierOf } from "~/domain/purchase-order/new-line";
import { costLine, lineCost, owedQuantity } from "~/domain/purchase-order/totals";
import { MONEY_BEYOND_STATE_SELECT, moneyOfState, type loadOrderMoney } from "~/services/payments.server";
import { FIELD_COLUMNS, supplierFieldsOf } from "~/services/purchase-order-fields.server";
import { loadOrderState } from "~/services/purchase-order-lifecycle.server";
import { supplierVendors } from "~/services/purchase-order-lines.server";

import type { PurchaseOrder } from "./schemas";

/**
 * Orders as the REST API shows them (snake_case, money as decimal strings): the lifecycle's
 * state (an action's saved state, not read again), and the money the payments screen shows,
 * derived by the same code as there (moneyOfState); only what the state lacks is read, once.
 */

type Db = PrismaClient | Prisma.TransactionClient;

const iso = (date: Date | null) => date?.toISOString() ?? null;
const day = (date: Date | null) => (date ? formatDay(date) : null);

/** The shop's order by id, as the API shows it (not found for another shop's id). */
export async function loadPurchaseOrderJson(db: Db, shopDomain: string, orderId: string): Promise<z.infer<typeof PurchaseOrder>> {
  return purchaseOrderJson(db, shopDomain, await loadOrderState(db, shopDomain, orderId));
}

export async function purchaseOrderJson(db: Db, shopDomain: string, order: PurchaseOrderState): Promise<z.infer<typeof PurchaseOrder>> {
  // What the state does not hold (money beyond its lines, supplier fields), in one read.
  const [record, suppliers] = await Promise.all([
    db.purchaseOrder.findFirst({
      where: { id: order.id, shop: { domain: shopDomain }, deletedAt: null },
      select: {
        createdAt: true,
        ...MONEY_BEYOND_STATE_SELECT,
        ...FIELD_COLUMNS,
        lines: { select: { id: true, discount: true, comment: true, promiseDate: true } },
      },
    }),
    supplierVendors(db, shopDomain),
  ]);
  if (!record) throw new NotFoundError("Purchase order", order.id);
  const { currencies, money, discountOf } = moneyOfState(order, record);
  const fields = supplierFieldsOf(record);
  const lineFieldsOf = new Map(record.lines.map((line) => [line.id, line]));
  return {
    id: order.id,
    name: purchaseOrderName(order.number),
    number: order.number,
    status: order.status,
    completing: order.completing && {
      since: order.completing.since.toISOString(),
      action: order.completing.command.action,
      close_remainder: order.completing.command.action === "complete" && order.completing.command.closeRemainder === true,
    },
    version: order.version,
    currency_code: order.currencyCode,
    shop_currency_code: currencies.shopCurrencyCode,
    exchange_rate: record.exchangeRate?.toString() ?? null,
    supplier_id: order.header.supplierId,
    location_id: order.header.locationId,
    reference: order.header.reference,
    vendor_reference: fields.vendorReference,
    order_public_references: fields.externalNumbers,
    supplier_confirmed: fields.supplierConfirmed,
    promise_date: day(fields.promiseDate),
    hold_until: iso(fields.holdUntil),
    tags: fields.tags,
    custom_fields: fields.customFields,
    note: order.header.note,
    private_note: order.header.privateNote,
    order_date: iso(order.header.orderDate),
    expected_arrival_at: iso(order.header.expectedArrivalAt),
    requested_ship_at: iso(order.header.requestedShipAt),
    dates: {
      created_at: record.createdAt.toISOString(),
      sent_at: iso(order.dates.sentAt),
      confirmed_at: iso(order.dates.confirmedAt),
      shipped_at: iso(order.dates.shippedAt),
      received_at: iso(order.dates.receivedAt),
      completed_at: iso(order.dates.completedAt),
      cancelled_at: iso(order.dates.cancelledAt),
    },
    lines: order.lines.map((line) => {
      const discount = discountOf.get(line.id) ?? "0";
      const cost = costLine(line, order.bookings, discount);
      return {
        id: line.id,
        kind: line.kind,
        variant_id: line.variantId,
        sku: line.sku,
        product_title: line.productTitle,
        variant_title: line.variantTitle,
        unit_cost: line.unitCost,
        discount: new Decimal(discount).toFixed(2),
        line_cost: lineCost(cost).toFixed(2),
        quantities: { ...lineQuantities(line, order.bookings), owed: owedQuantity(cost) },
        vendor: line.vendor,
        other_supplier: otherSupplierOf(line.vendor, order.header.supplierId, suppliers),
        comment: lineFieldsOf.get(line.id)?.comment ?? null,
        promise_date: day(lineFieldsOf.get(line.id)?.promiseDate ?? null),
      };
    }),
    payments: record.payments.map(paymentJsonOf(currencies)),
    totals: {
      ordered_value: money.orderedValue.toFixed(2),
      subtotal: money.orderCost.toFixed(2),
      returned_value: money.returnedValue.toFixed(2),
      shipping_cost: money.shippingCost.toFixed(2),
      tax: money.tax.toFixed(2),
      total: money.total.toFixed(2),
      credits_applied: money.creditsApplied.toFixed(2),
      paid: money.totalPaid.toFixed(2),
      due: money.totalDue.toFixed(2),
    },
    fully_paid: money.paid,
    allowed_actions: allowedActions(order),
  };
}

type OrderMoneyView = Awaited<ReturnType<typeof loadOrderMoney>>;

/** A payment as the API shows it, with what it counts for in the order's currency. */
export function paymentJsonOf(currencies: OrderMoneyView["currencies"]) {
  return (payment: OrderMoneyView["record"]["payments"][number]) => {
    const amount = { amount: payment.amount.toString(), currencyCode: payment.currencyCode, exchangeRate: payment.exchangeRate?.toString() ?? null };
    return {
      id: payment.id,
      amount: amount.amount,
      currency_code: payment.currencyCode,
      exchange_rate: amount.exchangeRate,
      paid_at: payment.paidAt.toISOString(),
      method: payment.method,
      reference: payment.reference,
      status: payment.status as PaymentStatus,
      amount_in_order_currency: inOrderCurrency(amount, currencies).toFixed(2),
    };
  };
}
