import { randomUUID } from "node:crypto";

import type { Prisma, PrismaClient } from "@prisma/client";

import { snakeCaseFieldPath, StaleVersionError, ValidationError, withRenamedFields, type FieldErrors } from "~/domain/errors";
import { decidePayments, guardMoneyIn, parsePayment, type PaymentInput } from "~/domain/payments";
import { decide, type HeaderChanges, type LifecycleCommand, type NewLineInput } from "~/domain/purchase-order/lifecycle";
import { newLineUnitCost } from "~/domain/purchase-order/new-line";
import type { PurchaseOrderState } from "~/domain/purchase-order/order";
import type { SupplierFieldsPatch } from "~/domain/purchase-order/supplier-fields";
import { costLine, type OrderMoneyFacts } from "~/domain/purchase-order/totals";

import type { Actor } from "./actor";
import { supplierCatalogue } from "./catalogue.server";
import { inactiveLocationErrors } from "./locations.server";
import { loadOrderMoney, paymentData } from "./payments.server";
import { applySupplierFields } from "./purchase-order-fields.server";
import { loadOrder, loadOrderState, saveDecision, type OrderChange } from "./purchase-order-lifecycle.server";
import { customLine, draftPricing, lineFromVariant, orderPricing, variantFromCatalogue, type OrderPricing } from "./purchase-order-lines.server";
import { insertDraft, planDraft } from "./purchase-orders.server";
import { receivingLocationChoice } from "./settings.server";
import { requireShop } from "./shops.server";
import type { ShopifyGateway, VariantSummary } from "./shopify/gateway.server";
import { now as clockNow } from "~/clock.server";
import { chunks } from "~/db-chunks.server";

/**
 * Whole-order writes for the REST API and MCP: create a draft with every header field and any
 * kind of line, and a PATCH that replaces the order's lines and payments. They run on the same
 * services and rules as the screens (createDraftPurchaseOrder, the lifecycle's decide, the
 * payment rules); what they add is composition: many changes decided together and saved in one
 * transaction with one audit entry, so a refusal of any part changes nothing.
 *
 * Field errors name the API's fields (`items.2.sku`, `payments.0.amount`, `shipping_cost`).
 */

type Deps = { db: PrismaClient; gateway: ShopifyGateway };

/** Where a new line's variant comes from, or a custom line that never reaches Shopify. */
export type ItemSource =
  | { type: "variant_id"; variantId: string }
  | { type: "sku"; sku: string }
  | { type: "alternate_sku"; code: string }
  | { type: "custom"; title: string; sku: string | null };

export interface NewItem {
  source: ItemSource;
  quantity: number;
  /** Null: the variant's default cost on the order (new-line.ts); a custom line needs one. */
  unitCost: string | null;
}

/** An item of a PATCH's `items`: an existing line (by id) with what changes, or a new one. */
export type ItemInput = { id: string; quantity?: number; unitCost?: string } | NewItem;

export interface PaymentItem {
  /** An existing payment (fields left out keep their values); none: a new payment. */
  id?: string;
  amount?: string;
  paidAt?: string;
  method?: string | null;
  reference?: string | null;
  status?: string;
  currencyCode?: string | null;
  exchangeRate?: string | null;
}

export interface CreateOrderInput {
  supplierId: string;
  header: Omit<HeaderChanges, "supplierId">;
  items: NewItem[];
}

export interface UpdateOrderInput {
  header: HeaderChanges;
  items?: ItemInput[];
  payments?: PaymentItem[];
  /** Payments may bring the amount paid past what is owed. */
  allowOverpayment?: boolean;
  /** The supplier-facing fields (vendor reference, promise date, tags…): fields left undefined stay. */
  supplierFields?: SupplierFieldsPatch;
}

/**
 * Creates a draft as the new-order screen does (supplier, location and variants checked,
 * default unit costs, numbering, audit) and, in the same transaction, what that
 * screen does not take: the other header fields and custom lines. Every item is resolved first,
 * so an unknown variant or code creates nothing. Variant lines come first.
 */
export async function createPurchaseOrder(deps: Deps, shopDomain: string, actor: Actor, input: CreateOrderInput): Promise<string> {
  const shop = await requireShop(deps.db, shopDomain);
  const supplier = await deps.db.supplier.findFirst({ where: { id: input.supplierId, shopId: shop.id } });
  if (!supplier) throw new ValidationError({ supplier_id: "Choose one of your suppliers" });
  const lines = await resolveNewItems(
    deps,
    draftPricing(shop, supplier),
    input.items.map((item, index) => ({ item, index })),
  );
  const variantItems = lines.filter(({ line }) => line.kind === "variant");
  if (variantItems.length === 0) {
    throw new ValidationError({ items: "Give at least one Shopify variant (variant_id, sku or alternate_sku); custom lines may come with it" });
  }
  const { locationId, note, ...rest } = input.header;
  // Left out: where the shop's new orders are received by default; null: none yet (chosen before sending).
  const receivingLocation = locationId === undefined ? ((await receivingLocationChoice(deps, shopDomain)).defaultId ?? "") : (locationId ?? "");
  const planned = await withRenamedFields(
    (field) => {
      const line = /^lines\.(\d+)\.(\w+)$/.exec(field);
      return line ? `items.${variantItems[Number(line[1])]?.index ?? line[1]}.${apiFieldName(line[2]!)}` : apiFieldName(field);
    },
    () =>
      planDraft(deps, shopDomain, {
        supplierId: supplier.id,
        locationId: receivingLocation,
        note: note ?? "",
        lines: variantItems.map(({ line }) => ({ variantId: line.variantId!, quantity: String(line.ordered), unitCost: line.unitCost })),
      }),
  );
  const commands: FieldCommand[] = [
    ...headerCommand(rest),
    ...lines
      .filter(({ line }) => line.kind === "custom")
      .map(({ line, index }): FieldCommand => ({ field: `items.${index}`, command: { action: "add_line", line } })),
  ];
  return deps.db.$transaction(async (tx) => {
    const created = await insertDraft(tx, planned, actor);
    if (commands.length > 0) await applyChanges(tx, shopDomain, actor, created.id, { commands });
    return created.id;
  });
}

/**
 * Changes only what is given: header fields (edit_header's rules), `items` replacing the lines
 * (update, add, remove, each under the lifecycle's guardrails) and `payments` replacing the
 * payments (the payment rules). Decided together and saved in one transaction.
 */
export async function updatePurchaseOrder(
  deps: Deps,
  shopDomain: string,
  actor: Actor,
  orderId: string,
  input: UpdateOrderInput,
  options: { expectedVersion?: number } = {},
): Promise<void> {
  const order = await loadOrderState(deps.db, shopDomain, orderId);
  if (options.expectedVersion !== undefined && options.expectedVersion !== order.version) {
    throw new StaleVersionError(options.expectedVersion, order.version);
  }
  await checkHeaderReferences(deps, shopDomain, order, input.header);
  const commands = [...headerCommand(input.header), ...(input.items ? await lineCommands(deps, shopDomain, order, input.items) : [])];
  const supplierFields = input.supplierFields && definedOnly(input.supplierFields);
  if (commands.length === 0 && input.payments === undefined && !supplierFields) return;
  await saveChanges(deps.db, shopDomain, actor, orderId, {
    commands,
    payments: input.payments && { items: input.payments, allowOverpayment: input.allowOverpayment === true },
    supplierFields,
    items: input.items,
    // `items` and `payments` replace lists planned on this version (which lines or payments they
    // leave out), and a location was checked against the order's own: a change since refuses the
    // request rather than applying the plan to another order state. The rest (header fields,
    // supplier fields) is decided in the save's transaction on the order as it is then, so a
    // caller that named no version is not refused because others wrote meanwhile.
    expectedVersion: plannedOnVersion(options, input) ? order.version : undefined,
  });
}

function plannedOnVersion(options: { expectedVersion?: number }, input: UpdateOrderInput): boolean {
  return options.expectedVersion !== undefined || input.items !== undefined || input.payments !== undefined || input.header.locationId !== undefined;
}

interface FieldCommand {
  /** The request field the command came from: its field errors are named under it. */
  field: string;
  command: LifecycleCommand;
}

/** The fields given (not undefined); undefined when none is. */
function definedOnly<T extends object>(fields: T): Partial<T> | undefined {
  const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
  return Object.keys(given).length > 0 ? given : undefined;
}

function headerCommand(changes: HeaderChanges): FieldCommand[] {
  const given = definedOnly(changes);
  return given ? [{ field: "", command: { action: "edit_header", changes: given } }] : [];
}

/** The lifecycle cannot know which suppliers and locations the shop has: checked here first. */
async function checkHeaderReferences(deps: Deps, shopDomain: string, order: PurchaseOrderState, header: HeaderChanges) {
  const errors: FieldErrors = {};
  if (header.supplierId !== undefined && header.supplierId !== order.header.supplierId) {
    const supplier = await deps.db.supplier.findFirst({ where: { id: header.supplierId, shop: { domain: shopDomain } } });
    if (!supplier) errors.supplier_id = "Choose one of your suppliers";
    else if (supplier.currencyCode !== order.currencyCode) {
      errors.supplier_id = `This supplier is paid in ${supplier.currencyCode} and the order is in ${order.currencyCode}; create a new order for it`;
    }
  }
  Object.assign(errors, await inactiveLocationErrors(deps.gateway, { location_id: header.locationId }, order.header.locationId));
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}

/**
 * `items` as lifecycle commands: updates first, then additions, then removals (so a sent order
 * whose every line is replaced never passes through having none).
 */
async function lineCommands(deps: Deps, shopDomain: string, order: PurchaseOrderState, items: ItemInput[]): Promise<FieldCommand[]> {
  const errors: FieldErrors = {};
  const kept = new Set<string>();
  const updates: FieldCommand[] = [];
  const added: Array<{ item: NewItem; index: number }> = [];
  items.forEach((item, index) => {
    if (!("id" in item)) return void added.push({ item, index });
    if (!order.lines.some((line) => line.id === item.id)) errors[`items.${index}.id`] = "Not a line of this order";
    else if (kept.has(item.id)) errors[`items.${index}.id`] = "This line appears twice in items";
    kept.add(item.id);
    if (item.quantity !== undefined || item.unitCost !== undefined) {
      updates.push({ field: `items.${index}`, command: { action: "update_line", lineId: item.id, ordered: item.quantity, unitCost: item.unitCost } });
    }
  });
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  const newLines = added.length > 0 ? await resolveNewItems(deps, await orderPricing(deps.db, shopDomain, order.id), added) : [];
  return [
    ...updates,
    ...newLines.map(({ line, index }): FieldCommand => ({ field: `items.${index}`, command: { action: "add_line", line } })),
    ...order.lines
      .filter((line) => !kept.has(line.id))
      .map((line): FieldCommand => ({ field: "items", command: { action: "remove_line", lineId: line.id } })),
  ];
}

/**
 * New items as lines, resolved in Shopify and the supplier's catalogue and priced by the order's
 * pricing (as adding a line on the order screen does); every unknown variant or code, and every
 * variant with no unit cost given or known, is reported, and nothing is decided yet.
 */
async function resolveNewItems(
  deps: Deps,
  pricing: OrderPricing,
  items: ReadonlyArray<{ item: NewItem; index: number }>,
): Promise<Array<{ line: NewLineInput; index: number }>> {
  const catalogue = await supplierCatalogue(deps.db, pricing.supplierId);
  const wanted = items.flatMap(({ item }) => (item.source.type === "variant_id" ? [item.source.variantId] : []));
  const byId = wanted.length > 0 ? await deps.gateway.variantsByIds(wanted) : new Map<string, VariantSummary>();
  const errors: FieldErrors = {};
  const lines: Array<{ line: NewLineInput; index: number }> = [];
  for (const { item, index } of items) {
    const { source } = item;
    if (source.type === "custom") {
      if (item.unitCost === null) errors[`items.${index}.unit_cost`] = "A custom line needs a unit cost";
      else lines.push({ index, line: customLine(source, item.quantity, item.unitCost) });
      continue;
    }
    const [field, variant] = await variantOf(deps.gateway, catalogue, byId, source);
    if (!variant) {
      errors[`items.${index}.${field}`] =
        source.type === "variant_id"
          ? "Shopify has no such product variant in this shop"
          : source.type === "sku"
            ? `No variant in this shop has the SKU "${source.sku}"`
            : `Nothing in this supplier's catalogue has the code "${source.code}"`;
      continue;
    }
    const listing = catalogue.find((candidate) => candidate.variantId === variant.id);
    const cost = newLineUnitCost(item.unitCost, { catalogue: listing, shopify: variant.unitCost }, pricing);
    if ("error" in cost) errors[`items.${index}.unit_cost`] = cost.error;
    else lines.push({ index, line: lineFromVariant(variant, item.quantity, cost.unitCost) });
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return lines;
}

async function variantOf(
  gateway: ShopifyGateway,
  catalogue: Awaited<ReturnType<typeof supplierCatalogue>>,
  byId: Map<string, VariantSummary>,
  source: Exclude<ItemSource, { type: "custom" }>,
): Promise<[string, VariantSummary | null]> {
  switch (source.type) {
    case "variant_id":
      return ["variant_id", byId.get(source.variantId) ?? null];
    case "sku":
      return ["sku", await gateway.variantBySku(source.sku.trim())];
    case "alternate_sku":
      return ["alternate_sku", await variantFromCatalogue(gateway, catalogue, source.code)];
  }
}

interface Changes {
  commands: FieldCommand[];
  supplierFields?: SupplierFieldsPatch;
  /** The request's items, to name a line comment's errors after the item that carried it. */
  items?: readonly ItemInput[];
  payments?: { items: PaymentItem[]; allowOverpayment: boolean };
  expectedVersion?: number;
}

/**
 * The one save: the lifecycle decides each command on the state the previous one left, the
 * payments are decided against the lines as they will be, and all of it is written in one
 * transaction (guarded by the order's version) with one audit entry.
 */
async function saveChanges(db: PrismaClient, shopDomain: string, actor: Actor, orderId: string, changes: Changes): Promise<void> {
  await db.$transaction((tx) => applyChanges(tx, shopDomain, actor, orderId, changes));
}

/** saveChanges inside a transaction the caller holds. */
async function applyChanges(tx: Prisma.TransactionClient, shopDomain: string, actor: Actor, orderId: string, changes: Changes): Promise<void> {
  const { order, shopId } = await loadOrder(tx, shopDomain, orderId);
  if (changes.expectedVersion !== undefined && changes.expectedVersion !== order.version) {
    throw new StaleVersionError(changes.expectedVersion, order.version);
  }
  const context = { now: clockNow(), newId: randomUUID };
  let next = order;
  const steps: Array<Record<string, unknown>> = [];
  for (const { field, command } of changes.commands) {
    const decision = withRenamedFields(
      (name) => lineFieldName(field, name),
      () => decide(next, command, context),
    );
    next = decision.next;
    steps.push({ action: command.action, ...decision.audit.changes });
  }
  const payments = changes.payments && (await decidePaymentReplacement(tx, shopDomain, next, changes.payments));
  const saved = changes.commands.length > 0 || payments ? await saveOrderChange(tx, shopId, order, next, actor, { steps, payments }) : order;
  // On the order as just saved, in the same transaction: all of the PATCH stands, or none of it.
  const { supplierFields } = changes;
  if (supplierFields) {
    const rename = (field: string) => supplierFieldName(field, supplierFields, changes.items);
    await withRenamedFields(rename, () => applySupplierFields(tx, { order: saved, shopId }, actor, supplierFields));
  }
}

/** Saves the decided lines, header and payments as one change with one audit entry; returns the order as saved. */
async function saveOrderChange(
  tx: Prisma.TransactionClient,
  shopId: string,
  order: PurchaseOrderState,
  next: PurchaseOrderState,
  actor: Actor,
  { steps, payments }: { steps: Array<Record<string, unknown>>; payments: Awaited<ReturnType<typeof decidePaymentReplacement>> | undefined },
): Promise<PurchaseOrderState> {
  const change: OrderChange = {
    next: { ...next, version: order.version + 1 },
    removal: "none",
    audit: {
      action: "update_purchase_order",
      fromStatus: order.status,
      toStatus: next.status,
      changes: { steps, ...(payments ? { payments: payments.changes } : {}) },
    },
  };
  await saveDecision(tx, shopId, order, change, actor);
  await payments?.write();
  return change.next;
}

/**
 * The supplier-fields rules name fields as the domain does; the PATCH body names two otherwise:
 * `order_public_references`, and `custom_fields` as an object, so an entry is named by its key.
 */
function supplierFieldName(field: string, patch: SupplierFieldsPatch, items: readonly ItemInput[] = []): string {
  const entry = /^customFields\.(\d+)\.\w+$/.exec(field);
  if (entry) return `custom_fields.${patch.customFields?.[Number(entry[1])]?.key ?? entry[1]}`;
  // A line's comment came on the item with its id.
  const comment = /^lineComments\.(.+)$/.exec(field);
  if (comment) {
    const index = items.findIndex((item) => "id" in item && item.id === comment[1]);
    return index >= 0 ? `items.${index}.comment` : field;
  }
  return field.replace(/^externalNumbers/, "order_public_references").replace(/^customFields/, "custom_fields");
}

/** A command's field errors under the request field it came from (`items.3.quantity`). */
function lineFieldName(prefix: string, field: string): string {
  const name = apiFieldName(field.replace(/^line\./, ""));
  if (!prefix) return name;
  return name === "line_id" || name === "id" ? prefix : `${prefix}.${name}`;
}

const API_FIELD_NAMES: Record<string, string> = { ordered: "quantity", productTitle: "title", lines: "items" };

/** The API's name for a domain field: snake_case, and `quantity` for what the lifecycle calls `ordered`. */
export function apiFieldName(field: string): string {
  return API_FIELD_NAMES[field] ?? snakeCaseFieldPath(field);
}

/**
 * `payments` replacing the order's payments, decided with the payment rules: each payment
 * parsed as recording or editing it would be, new money only once the order is sent and not
 * cancelled, and no overpayment (against the order's total with its new lines) unless allowed.
 */
async function decidePaymentReplacement(
  tx: Prisma.TransactionClient,
  shopDomain: string,
  next: PurchaseOrderState,
  request: { items: PaymentItem[]; allowOverpayment: boolean },
) {
  const { record, currencies } = await loadOrderMoney(tx, shopDomain, next.id);
  const errors: FieldErrors = {};
  const kept = new Set<string>();
  const parsed = request.items.map((item, index) => {
    const existing = item.id === undefined ? undefined : record.payments.find((payment) => payment.id === item.id);
    if (item.id !== undefined) {
      if (!existing) errors[`payments.${index}.id`] = "Not a payment of this order";
      else if (kept.has(item.id)) errors[`payments.${index}.id`] = "This payment appears twice in payments";
      kept.add(item.id);
    }
    try {
      return { id: existing?.id, fields: parsePayment(paymentInput(item, existing), currencies) };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const [field, message] of Object.entries(error.fieldErrors)) errors[`payments.${index}.${apiFieldName(field)}`] = message;
      return null;
    }
  });
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  const payments = parsed.filter((payment) => payment !== null);
  if (payments.some((payment) => payment.id === undefined)) guardMoneyIn("payment", next);

  const discounts = new Map(
    (await tx.purchaseOrderLine.findMany({ where: { purchaseOrderId: next.id }, select: { id: true, discount: true } })).map((line) => [
      line.id,
      line.discount.toString(),
    ]),
  );
  const amount = (fields: { amount: { toString(): string }; currencyCode: string; exchangeRate: { toString(): string } | null; status: string }) => ({
    amount: fields.amount.toString(),
    currencyCode: fields.currencyCode,
    exchangeRate: fields.exchangeRate?.toString() ?? null,
    status: fields.status,
  });
  const facts: OrderMoneyFacts = {
    ...currencies,
    lines: next.lines.map((line) => costLine(line, next.bookings, discounts.get(line.id))),
    shippingCost: next.header.shippingCost,
    tax: next.header.tax,
    payments: record.payments.map(amount),
    creditApplications: record.creditApplications.map((application) => ({
      amount: application.amount.toString(),
      reversedAt: application.reversedAt,
    })),
  };
  withRenamedFields(
    () => "payments",
    () =>
      decidePayments(
        facts,
        payments.map(({ fields }) => amount(fields)),
        request.allowOverpayment,
      ),
  );

  const removed = record.payments.filter((payment) => !kept.has(payment.id)).map((payment) => payment.id);
  return {
    changes: {
      removed,
      updated: payments.flatMap((payment) => (payment.id ? [{ paymentId: payment.id, ...paymentData(payment.fields) }] : [])),
      added: payments.flatMap((payment) => (payment.id ? [] : [paymentData(payment.fields)])),
      allowOverpayment: request.allowOverpayment,
    },
    async write() {
      for (const chunk of chunks(removed)) await tx.payment.deleteMany({ where: { id: { in: chunk } } });
      for (const payment of payments) {
        if (payment.id) await tx.payment.update({ where: { id: payment.id }, data: paymentData(payment.fields) });
        else await tx.payment.create({ data: { purchaseOrderId: next.id, ...paymentData(payment.fields) } });
      }
    },
  };
}

/** A payment as stored, for the fields an edit leaves out. */
export interface StoredPayment {
  amount: { toString(): string };
  paidAt: Date;
  method: string | null;
  reference: string | null;
  status: string;
  currencyCode: string;
  exchangeRate: { toString(): string } | null;
}

/**
 * The whole payment the payment rules parse: each field given (null clears it, as a blank does
 * in the form) or, when left out, the stored payment's value.
 */
export function paymentInput(item: PaymentItem, stored: StoredPayment | undefined): PaymentInput {
  const text = (given: string | null | undefined, current: string | null | undefined) =>
    given === undefined ? (current ?? undefined) : (given ?? "");
  return {
    amount: item.amount ?? stored?.amount.toString() ?? "",
    paidAt: item.paidAt ?? stored?.paidAt.toISOString() ?? "",
    method: text(item.method, stored?.method),
    reference: text(item.reference, stored?.reference),
    status: item.status ?? stored?.status ?? "",
    currencyCode: text(item.currencyCode, stored?.currencyCode),
    exchangeRate: text(item.exchangeRate, stored?.exchangeRate?.toString()),
  };
}
