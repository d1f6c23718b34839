import { z } from "zod";

import { parseTimestamp, TIMESTAMP_MESSAGE } from "~/domain/dates";
import { MAX_LINES_PER_ORDER } from "~/domain/purchase-order/draft";
import { MONEY_PATTERN } from "~/domain/money";
import type { HeaderChanges } from "~/domain/purchase-order/lifecycle";
import type { SupplierFieldsPatch } from "~/domain/purchase-order/supplier-fields";
import { DERIVED_ORDER_FIELDS } from "~/domain/purchase-order/totals";
import {
  apiFieldName,
  createPurchaseOrder,
  updatePurchaseOrder,
  type ItemInput,
  type NewItem,
  type PaymentItem,
} from "~/services/purchase-order-api.server";

import { deleteOrder } from "~/commands/close";

import { actionResultJson, ActionResultResponse } from "../action-result";
import { defineOperation } from "../operation";
import { runCommand } from "./lifecycle";
import { loadPurchaseOrderJson } from "../purchase-orders";
import { OrderIdParams, PurchaseOrder, quantityInput, recordId, requestSchemas, shopifyId } from "../schemas";

/**
 * Writing whole purchase orders: create a draft (lines by variant id, SKU, the supplier's code, or
 * custom), PATCH any fields with `items` and `payments` replacing the lines and payments (all or
 * nothing), and delete under the lifecycle's delete rule.
 */

/**
 * A decimal amount as the lifecycle takes it (the domain's MONEY_PATTERN: 0 or more, up to 12
 * digits before the point and 4 after), exactly as the document's pattern shows it (surrounding
 * spaces are refused, not trimmed away; more digits are refused by the pattern, not only by the domain).
 */
export const decimalInput = z.string().regex(MONEY_PATTERN, "Must be 0 or more, with at most 12 digits before the point and 4 after");
/** A date (2026-03-31) or an instant with its zone; parsed by the domain's parseTimestamp. */
export const dateInput = z.string().refine((text) => parseTimestamp(text) !== null, TIMESTAMP_MESSAGE);

/** A field a client may read but not write: sending it is a 422 that says why. */
const readOnly = (why: string) =>
  z
    .never({ error: `Read-only: ${why}` })
    .optional()
    .describe(`Read-only: ${why}`);

/** The derived totals, under the names clients would send them, refused with the domain's own explanation. */
const derivedFields = {
  ...Object.fromEntries(
    Object.entries(DERIVED_ORDER_FIELDS).map(([field, why]) => [apiFieldName(field), readOnly(`${apiFieldName(field)} is derived: it is ${why}`)]),
  ),
  totals: readOnly("totals are derived from the lines, shipping_cost, tax, credits and payments; change those instead"),
  due: readOnly(`due is derived: it is ${DERIVED_ORDER_FIELDS.totalDue}`),
  fully_paid: readOnly(`fully_paid is derived: it is ${DERIVED_ORDER_FIELDS.paid}`),
  status: readOnly("the status changes through the lifecycle actions (send, confirm, receive, …)"),
  lines: readOnly("write `items` to replace the lines"),
  allowed_actions: readOnly("derived from the status"),
  currency_code: readOnly("an order keeps the currency it was created in"),
  exchange_rate: readOnly("set it with set_purchase_order_exchange_rate"),
};

const quantity = quantityInput(1);

const itemFields = {
  variant_id: shopifyId("ProductVariant").optional().describe("A Shopify ProductVariant gid."),
  sku: z.string().trim().min(1).optional().describe("The variant's SKU in Shopify; on a custom item (with `title`), just the line's own SKU."),
  alternate_sku: z.string().trim().min(1).optional().describe("A code from the supplier's catalogue: supplier SKU, alternate SKU or barcode."),
  title: z.string().trim().min(1).max(500).optional().describe("A custom line's description (never pushed to Shopify); needs `unit_cost`."),
  quantity: quantity.optional().describe("Ordered quantity; required for a new item."),
  unit_cost: decimalInput
    .optional()
    .describe(
      "In the order's currency. Default for variants: the supplier's catalogue price in the order's currency, else Shopify's unit cost " +
        "when in the order's currency or converted at the order's exchange_rate; with neither, the item needs one (422 on `items.<n>.unit_cost`).",
    ),
  line_cost: readOnly("line_cost is derived: owed quantity × unit_cost − discount"),
  discount: readOnly("a line's discount is set when goods are received"),
  quantities: readOnly("confirmed, received, rejected and cancelled quantities follow from the lifecycle actions; write `quantity`"),
  kind: readOnly("follows from how the item is given (variant_id, sku, alternate_sku or title)"),
  product_title: readOnly("a variant line is named as Shopify names the variant; custom items take `title`"),
  variant_title: readOnly("a variant line is named as Shopify names the variant"),
};

type ItemFields = { [K in keyof typeof itemFields]?: z.output<(typeof itemFields)[K]> } & { id?: string };

const SOURCES = ["variant_id", "sku", "alternate_sku"] as const;

/** A new item names exactly one source (or is custom, by `title`) and a quantity; an existing one only changes. */
function checkItem(item: ItemFields, context: z.RefinementCtx) {
  const issue = (field: string, message: string) => context.addIssue({ code: "custom", path: [field], message });
  if (item.id !== undefined) {
    for (const field of [...SOURCES, "title"] as const) {
      if (item[field] !== undefined) issue(field, "An existing line keeps its item; leave the line out and add a new item instead");
    }
    return;
  }
  const sources = SOURCES.filter((field) => item[field] !== undefined);
  if (item.title === undefined && sources.length !== 1) {
    issue(sources[1] ?? "variant_id", "Give exactly one of variant_id, sku or alternate_sku, or a custom item's title");
  }
  if (item.title !== undefined && (item.variant_id !== undefined || item.alternate_sku !== undefined)) {
    issue("title", "A custom item (title) is not a Shopify variant: leave out variant_id and alternate_sku");
  }
  if (item.title !== undefined && item.unit_cost === undefined) issue("unit_cost", "A custom item needs a unit cost");
  if (item.quantity === undefined) issue("quantity", "A new item needs a quantity");
}

const NewItemBody = z.strictObject(itemFields).superRefine(checkItem);
const ItemBody = z
  .strictObject({
    id: recordId.optional().describe("An existing line's id: only quantity, unit_cost and comment change."),
    ...itemFields,
    comment: z.string().nullable().optional().describe("An existing line's note for the supplier (at most 1,000 characters); null clears it."),
  })
  .superRefine((item, context) => {
    checkItem(item, context);
    if (item.id === undefined && item.comment !== undefined) {
      context.addIssue({
        code: "custom",
        path: ["comment"],
        message: "A comment goes on an existing line: add the item, then comment on it by its id",
      });
    }
  });

function newItem(item: ItemFields): NewItem {
  const source: NewItem["source"] =
    item.title !== undefined
      ? { type: "custom", title: item.title, sku: item.sku ?? null }
      : item.variant_id !== undefined
        ? { type: "variant_id", variantId: item.variant_id }
        : item.sku !== undefined
          ? { type: "sku", sku: item.sku }
          : { type: "alternate_sku", code: item.alternate_sku! };
  return { source, quantity: item.quantity!, unitCost: item.unit_cost ?? null };
}

function itemInput(item: ItemFields): ItemInput {
  return item.id !== undefined ? { id: item.id, quantity: item.quantity, unitCost: item.unit_cost } : newItem(item);
}

const text = (max: number) => z.string().max(max);

/** Header fields as both create and PATCH take them; null (PATCH) clears. */
const headerFields = {
  location_id: shopifyId("Location")
    .nullable()
    .optional()
    .describe(
      "The receiving Shopify location gid, one of the shop's active locations (required to send). Left out on create: the shop's default receiving location (Settings), else its first active location; null: none yet.",
    ),
  reference: text(100).nullable().optional().describe("Your reference for the order."),
  note: text(5000).nullable().optional().describe("Note shown to the supplier."),
  private_note: text(5000).nullable().optional().describe("Internal note, never shown to the supplier."),
  order_date: dateInput.nullable().optional(),
  expected_arrival_at: dateInput.nullable().optional(),
  requested_ship_at: dateInput.nullable().optional(),
  shipping_cost: decimalInput.optional(),
  tax: decimalInput.optional(),
};

/** The supplier-facing fields (the order screen's supplier card, and line comments on `items`): decided by the domain's supplier-fields rules. */
const supplierFields = {
  vendor_reference: z.string().nullable().optional().describe("The supplier's own reference (at most 100 characters); null clears it."),
  order_public_references: z.array(z.string()).optional().describe("Replaces the order's numbers in other systems (e.g. #1001)."),
  supplier_confirmed: z.boolean().optional().describe("The supplier acknowledged the order."),
  promise_date: z
    .string()
    .nullable()
    .optional()
    .describe("A day (2026-03-31) the supplier promised to ship; lines still to come follow it. null clears it."),
  hold_until: z
    .string()
    .nullable()
    .optional()
    .describe("Not to be sent before this instant (ISO 8601 with its zone); drafts only (409 otherwise). null clears it."),
  tags: z.array(z.string()).optional().describe("Replaces the order's tags."),
  custom_fields: z
    .record(z.string(), z.string())
    .optional()
    .describe("Replaces the merchant-defined fields, name → value; names are 1–40 lowercase letters, digits and _."),
};

type SupplierFieldsBody = { [K in keyof typeof supplierFields]?: z.output<(typeof supplierFields)[K]> };

function supplierFieldsPatch(body: SupplierFieldsBody & { items?: Array<{ id?: string; comment?: string | null }> }): SupplierFieldsPatch {
  const comments = (body.items ?? []).flatMap((item) => (item.id !== undefined && item.comment !== undefined ? [[item.id, item.comment ?? ""]] : []));
  return {
    lineComments: comments.length > 0 ? Object.fromEntries(comments) : undefined,
    vendorReference: body.vendor_reference,
    externalNumbers: body.order_public_references,
    supplierConfirmed: body.supplier_confirmed,
    promiseDate: body.promise_date === null ? "" : body.promise_date,
    holdUntil: body.hold_until === null ? "" : body.hold_until,
    tags: body.tags,
    customFields: body.custom_fields && Object.entries(body.custom_fields).map(([key, value]) => ({ key, value })),
  };
}

type HeaderBody = { [K in keyof typeof headerFields]?: z.output<(typeof headerFields)[K]> } & { supplier_id?: string };

function headerChanges(body: HeaderBody): HeaderChanges {
  const date = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : parseTimestamp(value));
  return {
    supplierId: body.supplier_id,
    locationId: body.location_id,
    reference: body.reference,
    note: body.note,
    privateNote: body.private_note,
    orderDate: date(body.order_date),
    expectedArrivalAt: date(body.expected_arrival_at),
    requestedShipAt: date(body.requested_ship_at),
    shippingCost: body.shipping_cost,
    tax: body.tax,
  };
}

/** A payment as PATCH, record and update take it. */
export const paymentFields = {
  amount: decimalInput.describe("More than 0, up to 4 decimals, in the payment's currency."),
  paid_at: dateInput.describe("A date (2026-03-31) or a time with its zone."),
  method: text(100).nullable().optional(),
  reference: text(200).nullable().optional(),
  status: z.enum(["pending", "completed", "failed"]).describe("Only completed payments count as paid."),
  currency_code: z.string().nullable().optional().describe("Default: the order's currency."),
  exchange_rate: z
    .string()
    .nullable()
    .optional()
    .describe("Payment currency → shop currency: required for a payment not in the shop's currency, refused for one in it."),
  amount_in_order_currency: readOnly("amount_in_order_currency is derived from the amount and the exchange rates"),
};

export function paymentItem(body: { [K in keyof typeof paymentFields]?: z.output<(typeof paymentFields)[K]> } & { id?: string }): PaymentItem {
  return {
    id: body.id,
    amount: body.amount,
    paidAt: body.paid_at,
    method: body.method,
    reference: body.reference,
    status: body.status,
    currencyCode: body.currency_code,
    exchangeRate: body.exchange_rate,
  };
}

const PaymentPatch = z.strictObject({
  id: recordId.optional().describe("An existing payment's id: fields left out keep their values. Without: a new payment."),
  ...paymentFields,
  amount: paymentFields.amount.optional(),
  paid_at: paymentFields.paid_at.optional(),
  status: paymentFields.status.optional(),
});

const expectedVersion = z
  .int()
  .positive()
  .optional()
  .describe("The order `version` you last read; if the order changed since, nothing is changed (409 stale_version).");

const CreatePurchaseOrderRequest = z
  .strictObject({
    supplier_id: recordId.describe("One of the shop's suppliers; the order takes its currency."),
    ...headerFields,
    items: z.array(NewItemBody).min(1).max(MAX_LINES_PER_ORDER),
    ...derivedFields,
  })
  .register(requestSchemas, { id: "CreatePurchaseOrderRequest" });

const UpdatePurchaseOrderRequest = z
  .strictObject({
    supplier_id: recordId.optional().describe("Only while a draft, and only to a supplier in the order's currency."),
    ...headerFields,
    items: z
      .array(ItemBody)
      .max(MAX_LINES_PER_ORDER)
      .optional()
      .describe(
        "Replaces every line: an item with `id` keeps (and may change) that line, one without adds a line, a line left out is removed. " +
          "Removing a line with received, rejected or cancelled quantities, or lowering a line below them, is refused (409).",
      ),
    payments: z
      .array(PaymentPatch)
      .optional()
      .describe("Replaces every payment: with `id` edits that payment, without records a new one, left out removes it."),
    ...supplierFields,
    allow_overpayment: z.boolean().optional().describe("Let `payments` bring the amount paid past what is owed."),
    expected_version: expectedVersion,
    ...derivedFields,
  })
  .register(requestSchemas, { id: "UpdatePurchaseOrderRequest" });

export const purchaseOrderWrites = [
  defineOperation({
    name: "create_purchase_order",
    method: "POST",
    path: "/purchase_orders",
    scope: "write",
    title: "Create a draft purchase order",
    description:
      "Creates a Draft for one supplier (in the supplier's currency) with its header fields and `items`. Each item is a Shopify variant " +
      "named by `variant_id`, `sku` (the variant's SKU in Shopify) or `alternate_sku` (the supplier's SKU, an alternate SKU or barcode " +
      "from the supplier's catalogue), or a custom line (`title` and `unit_cost`, never pushed to Shopify); at least one item must be a " +
      "variant, and a variant appears once. `unit_cost` defaults as its description says (never to a cost in another currency). Variant lines come " +
      "first, then custom lines, each in the order given. All or nothing: an unknown variant, SKU or code is a 422 naming the item " +
      "(e.g. `items.2.sku`) and creates nothing. Returns the order (201); send it with send_purchase_order or mark_purchase_order_sent.",
    body: CreatePurchaseOrderRequest,
    response: PurchaseOrder,
    status: 201,
    async handle(context, { body }) {
      const { supplier_id, items, ...header } = body;
      const { supplierId: _supplier, ...changes } = headerChanges(header);
      const id = await createPurchaseOrder({ db: context.db, gateway: await context.gateway() }, context.shopDomain, context.actor, {
        supplierId: supplier_id,
        header: changes,
        items: items.map(newItem),
      });
      return loadPurchaseOrderJson(context.db, context.shopDomain, id);
    },
  }),
  defineOperation({
    name: "update_purchase_order",
    method: "PATCH",
    path: "/purchase_orders/{id}",
    scope: "write",
    title: "Update a purchase order",
    description:
      "Changes only the fields given. Header fields follow the edit rules (the supplier only while a draft; the location not once goods " +
      "were booked). `items` replaces all lines and `payments` all payments (see their descriptions). Derived fields (subtotal, total, " +
      "order_cost, paid, due, line_cost, …) and the status are read-only: sending one is a 422 naming it. All or nothing: any refusal " +
      "(422, or 409 with the lifecycle rule and allowed_actions) changes nothing. Returns the order as saved.",
    params: OrderIdParams,
    body: UpdatePurchaseOrderRequest,
    response: PurchaseOrder,
    async handle(context, { params, body }) {
      const { items, payments, allow_overpayment, expected_version, ...header } = body;
      await updatePurchaseOrder(
        { db: context.db, gateway: await context.gateway() },
        context.shopDomain,
        context.actor,
        params.id,
        {
          header: headerChanges(header),
          items: items?.map(itemInput),
          payments: payments?.map(paymentItem),
          allowOverpayment: allow_overpayment,
          supplierFields: supplierFieldsPatch(body),
        },
        { expectedVersion: expected_version },
      );
      return loadPurchaseOrderJson(context.db, context.shopDomain, params.id);
    },
  }),
  defineOperation({
    name: "delete_purchase_order",
    method: "DELETE",
    path: "/purchase_orders/{id}",
    scope: "write",
    title: "Delete a purchase order",
    description: `${deleteOrder.description} Refused (409) with the rule and the allowed actions when the order's status does not allow it. Answers the audit entry; \`purchase_order\` is null.`,
    params: OrderIdParams,
    response: ActionResultResponse,
    destructive: true,
    async handle(context, { params }) {
      return actionResultJson(context.db, context.shopDomain, await runCommand(context, deleteOrder, params.id, {}, undefined));
    },
  }),
];
