import { z } from "zod";

import { RECORD_ID_MESSAGE, RECORD_ID_PATTERN, shopifyIdMessage, shopifyIdPattern, type ShopifyResource } from "~/domain/input";
import { PAYMENT_STATUSES } from "~/domain/payments";
import { LIFECYCLE_ACTIONS, MAX_QUANTITY } from "~/domain/purchase-order/lifecycle";
import { PURCHASE_ORDER_STATUSES } from "~/domain/purchase-order/status";

/**
 * The REST API's shapes, defined once: requests are parsed with them, responses are built to
 * them, and the OpenAPI document (openapi.ts) is generated from them, so the three cannot drift.
 * Response objects are strict: the contract test fails on any field the document does not name.
 */

/** The response shapes the OpenAPI document publishes as components, by id. */
export const apiSchemas = z.registry<{ id: string }>();
/** The request bodies it publishes as components (as clients send them: before defaults apply). */
export const requestSchemas = z.registry<{ id: string }>();

/** Money as the API writes it: a decimal string with two places (never a float). */
export const money = z
  .string()
  .regex(/^-?\d+\.\d{2}$/)
  .describe('Decimal amount in the order\'s currency, e.g. "12.50".');
/** Money as stored, where clients act on the exact figure (credits): two to four decimal places. */
export const exactMoney = z
  .string()
  .regex(/^-?\d+\.\d{2,4}$/)
  .describe('Decimal amount as stored: two decimal places, up to four when it has them, e.g. "10.005".');
/** ISO 8601 with an offset (the API writes UTC, `Z`). */
export const timestamp = z.iso.datetime({ offset: true });
/** A calendar day, e.g. 2026-03-31. */
export const day = z.iso.date();

export const ErrorResponse = z
  .strictObject({
    error: z.strictObject({
      code: z.string().describe("Machine-readable, e.g. validation_failed, invalid_transition, not_found, stale_version."),
      message: z.string(),
      rule: z.string().nullable().describe("The lifecycle rule that refused the request, if one did."),
      field: z.string().nullable().describe("The first field at fault, if the request had one."),
      allowed_actions: z.array(z.string()).describe("What the order allows from here (lifecycle refusals); empty otherwise."),
      fields: z.record(z.string(), z.string()).optional().describe("Every field at fault → what is wrong (validation errors)."),
    }),
  })
  .register(apiSchemas, { id: "Error" });

export const PurchaseOrderLine = z
  .strictObject({
    id: z.string(),
    kind: z.enum(["variant", "custom"]).describe("variant: a Shopify variant (pushed to Shopify); custom: free text, never pushed."),
    variant_id: z.string().nullable(),
    sku: z.string().nullable(),
    product_title: z.string(),
    variant_title: z.string().nullable(),
    unit_cost: z.string().describe("Decimal, up to 4 places, in the order's currency."),
    discount: money.describe("Amount off this line (set when goods are received with a discount). Read-only here."),
    line_cost: money.describe("Derived, read-only: quantities.owed × unit_cost − discount (never below 0)."),
    quantities: z
      .strictObject({
        ordered: z.int(),
        confirmed: z.int().nullable(),
        received: z.int(),
        rejected: z.int().describe("Returned at receiving: still owed until a supplier credit for them is applied."),
        cancelled: z.int().describe("Released by cancelling the order, completing it from Partially received, or closing deliveries: never owed."),
        pending: z.int().describe("(confirmed, else ordered) − received − rejected − cancelled, never negative."),
        owed: z.int().describe("What the line is paid for: (confirmed, else ordered) − cancelled, never negative."),
      })
      .describe("Read-only except `ordered` (write it as the item's `quantity`): the rest follow from confirmations and receipts."),
    vendor: z.string().nullable().describe("The variant's Shopify product vendor when the line was added (null on custom lines)."),
    other_supplier: z
      .strictObject({ id: z.string(), name: z.string() })
      .nullable()
      .describe(
        "Flag: the shop's supplier whose Shopify vendor this variant carries, when that is not the order's supplier (allowed, but worth a look).",
      ),
    comment: z.string().nullable().describe("A note on this line for the supplier."),
    promise_date: day.nullable().describe("When the supplier promised this line; follows the order's promise_date while goods are still to come."),
  })
  .register(apiSchemas, { id: "PurchaseOrderLine" });

export const Payment = z
  .strictObject({
    id: z.string(),
    amount: z.string().describe("Decimal, up to 4 places, in the payment's currency."),
    currency_code: z.string(),
    exchange_rate: z.string().nullable().describe("Payment currency → shop currency; null for payments in the shop's currency."),
    paid_at: timestamp,
    method: z.string().nullable(),
    reference: z.string().nullable(),
    status: z.enum(PAYMENT_STATUSES).describe("Only completed payments count as paid."),
    amount_in_order_currency: money.describe("Derived, read-only: the amount counted against the order."),
  })
  .register(apiSchemas, { id: "Payment" });

export const PurchaseOrder = z
  .strictObject({
    id: z.string(),
    name: z.string().describe("Read-only, e.g. PO-0012."),
    number: z.int().positive().describe("Read-only."),
    status: z.enum(PURCHASE_ORDER_STATUSES).describe("Read-only: changed by the lifecycle actions (send, confirm, receive, …)."),
    completing: z
      .strictObject({
        since: timestamp,
        action: z.enum(["complete", "quick_complete"]),
        close_remainder: z.boolean(),
      })
      .nullable()
      .describe(
        "Complete (or quick complete) was asked and Shopify is being told the unit costs: the order becomes completed as soon as it " +
          "has them (its status stays until then, and it takes no other action). If Shopify refuses, this is null again and the " +
          "history says why. Null otherwise.",
      ),
    version: z.int().describe("Changes on every write; optimistic concurrency."),
    currency_code: z.string().describe("Read-only: the supplier's currency when the order was created."),
    shop_currency_code: z.string(),
    exchange_rate: z
      .string()
      .nullable()
      .describe("Order currency → shop currency (set_purchase_order_exchange_rate); null when not set or not needed."),
    supplier_id: z.string(),
    location_id: z.string().nullable(),
    reference: z.string().nullable(),
    vendor_reference: z.string().nullable().describe("The supplier's own reference for this order (e.g. their sales order number)."),
    order_public_references: z.array(z.string()).describe("This order's numbers in other systems (e.g. the Shopify order it fulfils); searchable."),
    supplier_confirmed: z.boolean().describe("The supplier acknowledged the order (its confirmation, separate from confirmed quantities)."),
    promise_date: day.nullable().describe("When the supplier promised to ship; lines still to come follow it."),
    hold_until: timestamp.nullable().describe("Not to be sent before this instant (drafts only)."),
    tags: z.array(z.string()),
    custom_fields: z.record(z.string(), z.string()).describe("Merchant-defined fields, name → value."),
    note: z.string().nullable(),
    private_note: z.string().nullable(),
    order_date: timestamp.nullable(),
    expected_arrival_at: timestamp.nullable(),
    requested_ship_at: timestamp.nullable(),
    dates: z
      .strictObject({
        created_at: timestamp,
        sent_at: timestamp.nullable(),
        confirmed_at: timestamp.nullable(),
        shipped_at: timestamp.nullable(),
        received_at: timestamp.nullable(),
        completed_at: timestamp.nullable(),
        cancelled_at: timestamp.nullable(),
      })
      .describe("Read-only: stamped by the lifecycle."),
    lines: z.array(PurchaseOrderLine),
    payments: z.array(Payment),
    totals: z
      .strictObject({
        ordered_value: money.describe("Σ ordered × unit_cost − discount: what was ordered, before short confirmations and cancellations."),
        subtotal: money.describe("Order cost: Σ line_cost, what the lines are owed for."),
        returned_value: money.describe(
          "The part of subtotal for returned units (quantities.rejected × unit_cost): owed until a supplier credit for them is applied.",
        ),
        shipping_cost: money,
        tax: money,
        total: money.describe("subtotal + shipping_cost + tax."),
        credits_applied: money.describe("Σ supplier credits applied and not reversed."),
        paid: money.describe("Σ completed payments, in the order's currency."),
        due: money.describe("total − credits_applied − paid (negative: overpaid)."),
      })
      .describe("Derived, read-only (shipping_cost and tax are written as top-level fields)."),
    fully_paid: z.boolean().describe("Derived, read-only: completed payments and applied credits cover a non-zero total."),
    allowed_actions: z.array(z.enum(LIFECYCLE_ACTIONS)),
  })
  .register(apiSchemas, { id: "PurchaseOrder" });

/**
 * An id of one of Inbound's records, in a path or a body: the domain's id shape, so a malformed
 * one is a 422 naming the field, and a well-formed one that names nothing is not found.
 */
export const recordId = z.string().regex(RECORD_ID_PATTERN, RECORD_ID_MESSAGE);

/** A Shopify gid of `resource`: a malformed one is refused (422 naming the field) before Shopify is asked. */
export function shopifyId(resource: ShopifyResource) {
  return z.string().regex(shopifyIdPattern(resource), shopifyIdMessage(resource));
}

/**
 * A quantity as the lifecycle takes it: a whole number from `minimum` to MAX_QUANTITY, the bound
 * published in the document (a client sees the limit before the API refuses past it).
 */
export function quantityInput(minimum: 0 | 1) {
  const message = `Must be a whole number from ${minimum} to ${MAX_QUANTITY.toLocaleString("en-US")}`;
  return z.int(message).min(minimum, message).max(MAX_QUANTITY, message);
}

/** Path parameters: `{id}` is a purchase order's id. */
export const OrderIdParams = z.strictObject({ id: recordId.describe("The purchase order's id.") });
