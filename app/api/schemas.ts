import { z } from "zod";

import { LIFECYCLE_ACTIONS } from "~/domain/purchase-order/lifecycle";
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
export const money = z.string().regex(/^-?\d+\.\d{2}$/).describe("Decimal amount in the order's currency, e.g. \"12.50\".");
/** ISO 8601 with an offset (the API writes UTC, `Z`). */
export const timestamp = z.iso.datetime({ offset: true });

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
    kind: z.enum(["variant", "custom"]),
    variant_id: z.string().nullable(),
    sku: z.string().nullable(),
    product_title: z.string(),
    variant_title: z.string().nullable(),
    unit_cost: z.string(),
    line_cost: money,
    quantities: z.strictObject({
      ordered: z.int(),
      confirmed: z.int().nullable(),
      received: z.int(),
      rejected: z.int(),
      cancelled: z.int(),
      pending: z.int().describe("(confirmed, else ordered) − received − rejected − cancelled, never negative."),
    }),
  })
  .register(apiSchemas, { id: "PurchaseOrderLine" });

export const PurchaseOrder = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    number: z.int().positive(),
    status: z.enum(PURCHASE_ORDER_STATUSES),
    version: z.int().describe("Changes on every write; optimistic concurrency."),
    currency_code: z.string(),
    supplier_id: z.string(),
    location_id: z.string().nullable(),
    reference: z.string().nullable(),
    note: z.string().nullable(),
    lines: z.array(PurchaseOrderLine),
    totals: z.strictObject({ subtotal: money, shipping_cost: money, tax: money, total: money }),
    allowed_actions: z.array(z.enum(LIFECYCLE_ACTIONS)),
  })
  .register(apiSchemas, { id: "PurchaseOrder" });

/** Path parameters: `{id}` is a purchase order's id. */
export const OrderIdParams = z.strictObject({ id: z.string().min(1).describe("The purchase order's id.") });
