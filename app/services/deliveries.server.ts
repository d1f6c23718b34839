import { randomUUID } from "node:crypto";

import type { Prisma, PrismaClient } from "@prisma/client";

import type { PlannedEffect } from "~/domain/effects";
import {
  assertAcceptsDeliveries,
  assertDraft,
  decideSubmission,
  orderLineItem,
  parseDeliveredAt,
  parseDeliveryNote,
  returnsCreditAmount,
  validateDeliveryLines,
  type DeliveredItem,
  type DeliveryLine,
  type DeliveryLineInput,
  type DeliveryStatus,
  type IntakeSplit,
  type Submission,
} from "~/domain/delivery";
import { NotFoundError, ValidationError, type FieldErrors } from "~/domain/errors";
import { intakeReasonByCode } from "~/domain/intake-reasons";
import type { IncomingPosition } from "~/domain/purchase-order/incoming";
import { defaultUnitCost } from "~/domain/purchase-order/new-line";
import { lineItem, type PurchaseOrderState } from "~/domain/purchase-order/order";
import { previewChange, type ChangePreview } from "~/domain/purchase-order/preview";
import { purchaseOrderName } from "~/domain/purchase-order/status";

import type { Actor } from "./actor";
import { catalogueListings } from "./catalogue.server";
import { planOrderEffects } from "./effects.server";
import { auditOrderChange } from "./purchase-order-fields.server";
import { loadOrder, requireShopOrder, saveDecision } from "./purchase-order-lifecycle.server";
import { orderPricing, variantItem } from "./purchase-order-lines.server";
import { loadSettings } from "./settings.server";
import type { ShopifyGateway, VariantSummary } from "./shopify/gateway.server";
import type { FileStorage } from "./storage/file-storage";
import { now as clockNow } from "~/clock.server";

/**
 * Deliveries at the dock: a draft is counted at the worker's pace (lines need not match the
 * order), then submitted, which books it on the order as one receipt in one transaction. The
 * rules are app/domain/delivery.ts; this module loads, asks them, and saves.
 */

export type { DeliveryLineInput } from "~/domain/delivery";

type Db = PrismaClient | Prisma.TransactionClient;

export interface DeliveryDeps {
  db: PrismaClient;
}

export interface DeliveryLineView extends DeliveryLineInput {
  id: string;
  /** Every part of the line's units with its reason; a one-reason line has one. */
  splits: Array<IntakeSplit & { reasonLabel: string }>;
  productTitle: string;
  variantTitle: string | null;
  sku: string | null;
  barcode: string | null;
  reasonLabel: string;
  /** A variant the order did not have: not on it yet (draft), or added by this delivery as not ordered. */
  notOrdered: boolean;
}

export interface DeliveryView {
  id: string;
  purchaseOrderId: string;
  number: number;
  status: DeliveryStatus;
  deliveredAt: string | null;
  note: string | null;
  createdAt: string;
  submittedAt: string | null;
  /** The receipt booked on submit; null for drafts and for deliveries that brought nothing. */
  bookingId: string | null;
  /** The supplier credit created for its returned goods, if the merchant chose one. */
  creditId: string | null;
  lines: DeliveryLineView[];
  files: Array<{ id: string; fileName: string; contentType: string; size: number; createdAt: string }>;
}

const DELIVERY_INCLUDE = {
  lines: { orderBy: { position: "asc" } },
  files: { orderBy: { createdAt: "asc" } },
  purchaseOrder: { select: { id: true, shopId: true, status: true, lines: { where: { notOrdered: true }, select: { id: true } } } },
} satisfies Prisma.DeliveryInclude;

type SplitRow = Pick<Prisma.DeliveryLineSplitGetPayload<object>, "intakeReason" | "quantity">;
type LineRow = Prisma.DeliveryLineGetPayload<object> & { splits: SplitRow[] };
type DeliveryRow = Omit<Prisma.DeliveryGetPayload<{ include: typeof DELIVERY_INCLUDE }>, "lines"> & { lines: LineRow[] };

/**
 * The deliveries' lines with their parts. The parts are read by delivery (a join), not by line
 * ids: a delivery of thousands of lines would pass SQLite's bound-parameter limit (decision 010).
 */
async function withSplits<Row extends { id: string; lines: Array<Prisma.DeliveryLineGetPayload<object>> }>(
  db: Db,
  rows: readonly Row[],
): Promise<Array<Omit<Row, "lines"> & { lines: LineRow[] }>> {
  if (rows.length === 0) return [];
  const parts = await db.deliveryLineSplit.findMany({
    where: { deliveryLine: { deliveryId: { in: rows.map((row) => row.id) } } },
    orderBy: { position: "asc" },
    select: { deliveryLineId: true, intakeReason: true, quantity: true },
  });
  const byLine = new Map<string, SplitRow[]>();
  for (const { deliveryLineId, ...part } of parts) byLine.set(deliveryLineId, [...(byLine.get(deliveryLineId) ?? []), part]);
  return rows.map((row) => ({ ...row, lines: row.lines.map((line) => ({ ...line, splits: byLine.get(line.id) ?? [] })) }));
}

/** A delivery of this shop's (not deleted) orders. */
export const deliveryOfShop = (shopDomain: string, deliveryId: string) =>
  ({ id: deliveryId, purchaseOrder: { shop: { domain: shopDomain }, deletedAt: null } }) satisfies Prisma.DeliveryWhereInput;

/** URLs name the order and its delivery: a delivery of another order is not found there. */
export async function requireDeliveryOfOrder(db: Db, shopDomain: string, orderId: string, deliveryId: string): Promise<void> {
  const found = await db.delivery.count({ where: { ...deliveryOfShop(shopDomain, deliveryId), purchaseOrderId: orderId } });
  if (found === 0) throw new NotFoundError("Delivery", deliveryId);
}

async function findDelivery(db: Db, shopDomain: string, deliveryId: string): Promise<DeliveryRow> {
  const row = await db.delivery.findFirst({ where: deliveryOfShop(shopDomain, deliveryId), include: DELIVERY_INCLUDE });
  if (!row) throw new NotFoundError("Delivery", deliveryId);
  return (await withSplits(db, [row]))[0]!;
}

function toView(row: Omit<DeliveryRow, "purchaseOrder">, notOrderedLineIds: ReadonlySet<string>): DeliveryView {
  return {
    id: row.id,
    purchaseOrderId: row.purchaseOrderId,
    number: row.number,
    status: row.status as DeliveryStatus,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    submittedAt: row.submittedAt?.toISOString() ?? null,
    bookingId: row.bookingId,
    creditId: row.creditId,
    lines: row.lines.map((line) => ({
      id: line.id,
      lineId: line.lineId,
      variantId: line.variantId,
      quantityDelivered: line.quantityDelivered,
      quantityReturned: line.quantityReturned,
      unitPrice: line.unitPrice.toString(),
      discount: line.discount.toString(),
      intakeReason: line.intakeReason,
      splits: line.splits.map((part) => ({ intakeReason: part.intakeReason, quantity: part.quantity, reasonLabel: reasonLabel(part.intakeReason) })),
      productTitle: line.productTitle,
      variantTitle: line.variantTitle,
      sku: line.sku,
      barcode: line.barcode,
      reasonLabel: reasonLabel(line.intakeReason),
      notOrdered: line.lineId === null || notOrderedLineIds.has(line.lineId),
    })),
    files: row.files.map((file) => ({
      id: file.id,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.size,
      createdAt: file.createdAt.toISOString(),
    })),
  };
}

function reasonLabel(code: number): string {
  return intakeReasonByCode(code)?.label ?? `Reason ${code}`;
}

function viewOf(row: DeliveryRow): DeliveryView {
  return toView(row, new Set(row.purchaseOrder.lines.map((line) => line.id)));
}

/** A stored line as the rules see it. */
function lineRecord(line: DeliveryRow["lines"][number]): DeliveryLine {
  return {
    lineId: line.lineId,
    ...lineItem(line),
    barcode: line.barcode,
    quantityDelivered: line.quantityDelivered,
    quantityReturned: line.quantityReturned,
    unitPrice: line.unitPrice.toString(),
    discount: line.discount.toString(),
    intakeReason: line.intakeReason,
    splits: line.splits.map((part) => ({ intakeReason: part.intakeReason, quantity: part.quantity })),
  };
}

export async function getDelivery(db: Db, shopDomain: string, deliveryId: string): Promise<DeliveryView> {
  return viewOf(await findDelivery(db, shopDomain, deliveryId));
}

/** An order's deliveries, first to last. */
export async function listDeliveries(db: Db, shopDomain: string, orderId: string): Promise<DeliveryView[]> {
  const order = await db.purchaseOrder.findFirst({
    where: { id: orderId, shop: { domain: shopDomain }, deletedAt: null },
    select: {
      lines: { where: { notOrdered: true }, select: { id: true } },
      deliveries: { orderBy: { number: "asc" }, include: { lines: DELIVERY_INCLUDE.lines, files: DELIVERY_INCLUDE.files } },
    },
  });
  if (!order) throw new NotFoundError("Purchase order", orderId);
  const notOrdered = new Set(order.lines.map((line) => line.id));
  return (await withSplits(db, order.deliveries)).map((delivery) => toView(delivery, notOrdered));
}

/**
 * The order's open draft delivery (its id and number), or null when it has none. Looks for the
 * draft itself, not the order with all its deliveries: a submit then reads the order once, in its
 * transaction. The order is read only to tell "no draft" from "no such order" (NotFoundError).
 */
export async function findDraftDelivery(db: Db, shopDomain: string, orderId: string): Promise<{ id: string; number: number } | null> {
  const draft = await db.delivery.findFirst({
    where: { purchaseOrderId: orderId, status: "draft", purchaseOrder: { shop: { domain: shopDomain }, deletedAt: null } },
    select: { id: true, number: true },
  });
  if (draft) return draft;
  await requireShopOrder(db, shopDomain, orderId);
  return null;
}

/** A new draft delivery, numbered after the order's last one; only sent orders still awaiting goods take one. */
export async function createDelivery(db: PrismaClient, shopDomain: string, actor: Actor, orderId: string): Promise<DeliveryView> {
  const { id } = await db.$transaction((tx) => addDelivery(tx, shopDomain, actor, orderId));
  return getDelivery(db, shopDomain, id);
}

/**
 * The order's open draft delivery, or a new one when it has none (`created`), in one transaction:
 * two screens opening the order's delivery at once get the same draft, not one each (every
 * transaction runs alone, app/db-client.server.ts).
 */
export async function openDraftDelivery(
  db: PrismaClient,
  shopDomain: string,
  actor: Actor,
  orderId: string,
): Promise<{ id: string; number: number; created: boolean }> {
  return db.$transaction(async (tx) => {
    const open = await findDraftDelivery(tx, shopDomain, orderId);
    return open ? { ...open, created: false } : { ...(await addDelivery(tx, shopDomain, actor, orderId)), created: true };
  });
}

async function addDelivery(tx: Prisma.TransactionClient, shopDomain: string, actor: Actor, orderId: string): Promise<{ id: string; number: number }> {
  const { order, shopId } = await loadOrder(tx, shopDomain, orderId);
  assertAcceptsDeliveries(order);
  const last = await tx.delivery.aggregate({ where: { purchaseOrderId: order.id }, _max: { number: true } });
  const created = await tx.delivery.create({ data: { purchaseOrderId: order.id, number: (last._max.number ?? 0) + 1 } });
  await auditOrderChange(tx, { id: order.id, shopId, status: order.status }, actor, "create_delivery", {
    deliveryId: created.id,
    number: created.number,
  });
  return { id: created.id, number: created.number };
}

export interface DeliveryDraftInput {
  lines: DeliveryLineInput[];
  note: string | null;
  deliveredAt: string | null;
}

/**
 * Saves a draft: its lines are replaced by these (in this order), with its note and delivery
 * date, all or nothing. Variants the order does not have are looked up in Shopify; their price,
 * when none is given, is their default cost on the order (new-line.ts), else one must be entered. Counts are
 * never lost to the order's status: a draft can be saved whatever the order does meanwhile
 * (submitting is what the order's status decides).
 */
export async function saveDeliveryDraft(
  deps: DeliveryDeps & { gateway: ShopifyGateway },
  shopDomain: string,
  actor: Actor,
  deliveryId: string,
  input: DeliveryDraftInput,
): Promise<DeliveryView> {
  const { db } = deps;
  const delivery = await findDelivery(db, shopDomain, deliveryId);
  assertDraft(toStatus(delivery), "changed");
  const { order } = await loadOrder(db, shopDomain, delivery.purchaseOrderId);
  const items = await deliveredItems(deps, shopDomain, order, input.lines);

  const errors: FieldErrors = {};
  const lines = collecting(errors, () => validateDeliveryLines(input.lines, items));
  const note = collecting(errors, () => parseDeliveryNote(input.note));
  const deliveredAt = collecting(errors, () => parseDeliveredAt(input.deliveredAt));
  if (Object.keys(errors).length > 0 || !lines) throw new ValidationError(errors);

  await db.$transaction(async (tx) => {
    // Guarded on the status: a submit that got in first froze the lines.
    const updated = await tx.delivery.updateMany({ where: { id: delivery.id, status: "draft" }, data: { note, deliveredAt } });
    if (updated.count === 0) assertDraft(toStatus(await findDelivery(tx, shopDomain, deliveryId)), "changed");
    await tx.deliveryLine.deleteMany({ where: { deliveryId: delivery.id } });
    // Ids made here, so the parts are written in one statement too (not one insert per line).
    const rows = lines.map(({ splits, ...line }, position) => ({ row: { id: randomUUID(), deliveryId: delivery.id, position, ...line }, splits }));
    await tx.deliveryLine.createMany({ data: rows.map(({ row }) => row) });
    await tx.deliveryLineSplit.createMany({
      data: rows.flatMap(({ row, splits }) => splits.map((part, position) => ({ deliveryLineId: row.id, position, ...part }))),
    });
    // A draft is saved as it is counted (the receiving screen autosaves): its first save is
    // audited, not every one; submitting audits what was booked.
    if (!(await draftSaveAudited(tx, delivery.purchaseOrder.id, delivery.id))) {
      await auditOrderChange(tx, delivery.purchaseOrder, actor, "save_delivery", {
        deliveryId: delivery.id,
        number: delivery.number,
        lines: lines.length,
        note,
        deliveredAt,
      });
    }
  });
  return getDelivery(db, shopDomain, deliveryId);
}

/** Whether the draft's save is in the order's audit log already (its entry names the delivery first). */
async function draftSaveAudited(tx: Prisma.TransactionClient, orderId: string, deliveryId: string): Promise<boolean> {
  const entry = await tx.auditEntry.findFirst({
    where: { purchaseOrderId: orderId, action: "save_delivery", changes: { startsWith: JSON.stringify({ deliveryId }).slice(0, -1) } },
    select: { id: true },
  });
  return entry !== null;
}

/** What the draft's lines can be of: the order's lines (with barcodes from Shopify) and the variants named. */
async function deliveredItems(
  deps: { db: PrismaClient; gateway: ShopifyGateway },
  shopDomain: string,
  order: PurchaseOrderState,
  lines: readonly DeliveryLineInput[],
) {
  const newVariantIds = [...new Set(lines.flatMap((line) => (line.lineId === null && line.variantId?.trim() ? [line.variantId.trim()] : [])))];
  const orderVariantIds = order.lines.flatMap((line) => (line.variantId ? [line.variantId] : []));
  const ids = [...new Set([...orderVariantIds, ...newVariantIds])];
  const variants = ids.length > 0 && lines.length > 0 ? await deps.gateway.variantsByIds(ids) : new Map<string, VariantSummary>();
  const newItems = new Map<string, DeliveredItem>();
  if (newVariantIds.length > 0) {
    const [pricing, catalogue] = await Promise.all([
      orderPricing(deps.db, shopDomain, order.id),
      catalogueListings(deps.db, order.header.supplierId, newVariantIds),
    ]);
    for (const id of newVariantIds) {
      const variant = variants.get(id);
      if (!variant) continue;
      const cost = defaultUnitCost({ catalogue: catalogue.get(id), shopify: variant.unitCost }, pricing);
      newItems.set(id, { ...variantDetails(variant), unitCost: cost.unitCost, ...(cost.unitCost === null ? { noCostReason: cost.reason } : {}) });
    }
  }
  return {
    orderLines: new Map(
      order.lines.map((line) => [line.id, orderLineItem(line, line.variantId ? (variants.get(line.variantId)?.barcode ?? null) : null)]),
    ),
    variants: newItems,
  };
}

function variantDetails(variant: VariantSummary): Omit<DeliveredItem, "unitCost" | "noCostReason"> {
  return { ...variantItem(variant), barcode: variant.barcode };
}

/**
 * Submits a draft in one transaction: variants the order did not have and that went into stock
 * become not-ordered lines, then one receipt books every line (the order's status follows), the
 * Shopify effects are staged, and the delivery is frozen. When anything is refused, nothing is
 * saved. `deliveredAt` blank keeps the draft's date.
 */
export async function submitDelivery(
  deps: DeliveryDeps & { gateway: ShopifyGateway },
  shopDomain: string,
  actor: Actor,
  deliveryId: string,
  input: { deliveredAt: string | null },
): Promise<{ delivery: DeliveryView; stagedEffects: string[] }> {
  const { db } = deps;
  const now = clockNow();
  const draft = await findDelivery(db, shopDomain, deliveryId);
  assertDraft(toStatus(draft), "submitted again");
  const deliveredAt = input.deliveredAt?.trim() ? parseDeliveredAt(input.deliveredAt) : draft.deliveredAt;
  // New lines take the variant as Shopify has it now (it may have changed since the draft was saved).
  const current = await currentVariants(deps.gateway, draft.lines.map(lineRecord));

  const stagedEffects = await db.$transaction(async (tx) => {
    const delivery = await findDelivery(tx, shopDomain, deliveryId);
    const lines = delivery.lines.map((row) => refreshed(lineRecord(row), current));
    const { order, shopId } = await loadOrder(tx, shopDomain, delivery.purchaseOrderId);
    const settings = await loadSettings(tx, shopId);
    const submission = decideSubmission(
      order,
      { ...toStatus(delivery), lines },
      {
        now,
        newId: randomUUID,
        autoSyncOnReceive: settings.autoSyncOnReceive,
      },
    );
    const claimed = await tx.delivery.updateMany({
      where: { id: delivery.id, status: "draft" },
      data: { status: "submitted", submittedAt: now, deliveredAt, bookingId: submission.bookingId },
    });
    if (claimed.count === 0) assertDraft({ number: delivery.number, status: "submitted" }, "submitted again");

    const staged: string[] = [];
    let before = order;
    for (const step of submission.steps) {
      staged.push(...(await saveDecision(tx, shopId, before, step, actor, settings)));
      before = step.next;
    }
    // Lines that became order lines point at them now, with the variant's details as booked.
    for (const [index, row] of delivery.lines.entries()) {
      const line = lines[index]!;
      if (!becomesLine(line)) continue;
      const { splits: _parts, ...details } = line;
      await tx.deliveryLine.update({ where: { id: row.id }, data: { ...details, lineId: submission.lineIds[index] ?? null } });
    }
    await auditOrderChange(tx, { id: order.id, shopId, status: before.status }, actor, "submit_delivery", {
      deliveryId: delivery.id,
      number: delivery.number,
      bookingId: submission.bookingId,
      addedLineIds: addedLineIds(order, submission),
      deliveredAt,
    });
    return staged;
  });
  return { delivery: await getDelivery(db, shopDomain, deliveryId), stagedEffects };
}

/** Shopify's current details of the variants that will become new lines; a variant gone from Shopify is refused. */
async function currentVariants(gateway: ShopifyGateway, lines: readonly DeliveryLine[]): Promise<Map<string, VariantSummary>> {
  const wanted = lines.flatMap((line, index) => (becomesLine(line) && line.variantId ? [{ index, variantId: line.variantId }] : []));
  if (wanted.length === 0) return new Map();
  const variants = await gateway.variantsByIds(wanted.map((entry) => entry.variantId));
  const errors: FieldErrors = {};
  for (const { index, variantId } of wanted) {
    if (!variants.has(variantId))
      errors[`lines.${index}.variantId`] = "Shopify no longer has this variant; remove the line or choose another variant";
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return variants;
}

/** A line that becomes an order line, with Shopify's current details (a line saved meanwhile keeps those it was saved with). */
function refreshed(line: DeliveryLine, current: ReadonlyMap<string, VariantSummary>): DeliveryLine {
  const variant = becomesLine(line) && line.variantId ? current.get(line.variantId) : undefined;
  return variant ? { ...line, ...variantDetails(variant) } : line;
}

function becomesLine(line: DeliveryLine): boolean {
  return line.lineId === null && line.quantityDelivered > 0;
}

function addedLineIds(order: PurchaseOrderState, submission: Submission): string[] {
  const existing = new Set(order.lines.map((line) => line.id));
  return [...new Set(submission.lineIds.filter((id): id is string => id !== null && !existing.has(id)))];
}

// ---------------------------------------------------------------------------------------------
// Preview

/** What submitting the draft would book and tell Shopify, and whether on hand follows at once. */
export interface DeliveryPreview extends ChangePreview {
  autoSyncOnReceive: boolean;
}

/** What submitting the draft would book and tell Shopify, decided as submit would decide, saving nothing. */
export async function previewDelivery(deps: DeliveryDeps, shopDomain: string, deliveryId: string): Promise<DeliveryPreview> {
  const { db } = deps;
  const delivery = await findDelivery(db, shopDomain, deliveryId);
  const { order, shopId } = await loadOrder(db, shopDomain, delivery.purchaseOrderId);
  const settings = await loadSettings(db, shopId);
  const submission = decideSubmission(
    order,
    { ...toStatus(delivery), lines: delivery.lines.map(lineRecord) },
    {
      now: clockNow(),
      newId: randomUUID,
      autoSyncOnReceive: settings.autoSyncOnReceive,
    },
  );

  let held: IncomingPosition[] = await db.incomingLedger.findMany({ where: { purchaseOrderId: order.id } });
  let before = order;
  const effects: PlannedEffect[] = [];
  for (const step of submission.steps) {
    const plan = await planOrderEffects(db, shopId, { before, next: step.next, action: step.audit.action }, held, settings);
    held = [
      ...held.filter((position) => !plan.ledger.some((change) => samePosition(change, position))),
      ...plan.ledger.filter((change) => change.quantity !== 0),
    ];
    effects.push(...plan.effects);
    before = step.next;
  }
  return { ...previewChange(order, before, effects), autoSyncOnReceive: settings.autoSyncOnReceive };
}

function samePosition(a: IncomingPosition, b: IncomingPosition): boolean {
  return a.inventoryItemId === b.inventoryItemId && a.locationId === b.locationId;
}

// ---------------------------------------------------------------------------------------------
// Cancel and note

/**
 * Cancels a draft: it is deleted for good, its lines and file rows with it (the file storage
 * keeps the bytes under their keys; removing them is the storage's concern, not this row's).
 */
export async function cancelDelivery(
  deps: { db: PrismaClient; storage: FileStorage },
  shopDomain: string,
  actor: Actor,
  deliveryId: string,
): Promise<void> {
  const storageKeys = await deps.db.$transaction(async (tx) => {
    const delivery = await findDelivery(tx, shopDomain, deliveryId);
    assertDraft(toStatus(delivery), "cancelled");
    const deleted = await tx.delivery.deleteMany({ where: { id: delivery.id, status: "draft" } });
    if (deleted.count === 0) assertDraft({ number: delivery.number, status: "submitted" }, "cancelled");
    await auditOrderChange(tx, delivery.purchaseOrder, actor, "cancel_delivery", {
      deliveryId: delivery.id,
      number: delivery.number,
      lines: delivery.lines.length,
      files: delivery.files.map((file) => file.fileName),
    });
    return delivery.files.map((file) => file.storageKey);
  });
  // The bytes go once the rows are gone for good (a failed transaction keeps both).
  for (const key of storageKeys) await deps.storage.delete(key);
}

/**
 * Returned goods may be credited by the supplier: when the merchant chooses, one supplier credit
 * (source "return") worth the returned units of the order's own lines at their unit costs
 * (returnsCreditAmount: goods never ordered go back without a credit), in the supplier's
 * currency, linked to the delivery so it is never created twice. Applied to an order, it takes
 * the returned units' value off what is due (docs/decisions/004).
 */
export async function creditDeliveryReturns(db: PrismaClient, shopDomain: string, actor: Actor, deliveryId: string): Promise<DeliveryView> {
  await db.$transaction(async (tx) => {
    const delivery = await findDelivery(tx, shopDomain, deliveryId);
    const { order: state } = await loadOrder(tx, shopDomain, delivery.purchaseOrderId);
    const credited = { ...delivery, status: toStatus(delivery).status };
    const amount = returnsCreditAmount(credited, state);
    const order = await tx.purchaseOrder.findUniqueOrThrow({
      where: { id: delivery.purchaseOrderId },
      select: { number: true, currencyCode: true, supplier: { select: { id: true, currencyCode: true } } },
    });
    // Unit costs are in the order's currency, credits in the supplier's: they agree unless the
    // supplier's currency changed since, and then the amount would mean something else.
    if (order.currencyCode !== order.supplier.currencyCode) {
      throw new ValidationError({
        credit: `This order is in ${order.currencyCode} and the supplier's credits in ${order.supplier.currencyCode}: record the credit by hand on the supplier.`,
      });
    }
    const reference = `${purchaseOrderName(order.number)} delivery #${delivery.number}`;
    const credit = await tx.supplierCredit.create({
      data: { supplierId: order.supplier.id, amount: amount.toFixed(), currencyCode: order.supplier.currencyCode, source: "return", reference },
    });
    // Only the writer that finds no credit yet links one (two clicks create one credit).
    const linked = await tx.delivery.updateMany({ where: { id: delivery.id, creditId: null }, data: { creditId: credit.id } });
    if (linked.count === 0) returnsCreditAmount({ ...credited, creditId: credit.id }, state);
    await auditOrderChange(tx, delivery.purchaseOrder, actor, "credit_delivery_returns", {
      deliveryId: delivery.id,
      creditId: credit.id,
      amount: credit.amount.toString(),
      currencyCode: credit.currencyCode,
    });
  });
  return getDelivery(db, shopDomain, deliveryId);
}

/** The note can change on drafts and submitted deliveries alike (the lines of a submitted one cannot). */
export async function updateDeliveryNote(
  db: PrismaClient,
  shopDomain: string,
  actor: Actor,
  deliveryId: string,
  note: string | null,
): Promise<DeliveryView> {
  const after = parseDeliveryNote(note);
  await db.$transaction(async (tx) => {
    const delivery = await findDelivery(tx, shopDomain, deliveryId);
    await tx.delivery.update({ where: { id: delivery.id }, data: { note: after } });
    await auditOrderChange(tx, delivery.purchaseOrder, actor, "update_delivery_note", {
      deliveryId: delivery.id,
      number: delivery.number,
      before: delivery.note,
      after,
    });
  });
  return getDelivery(db, shopDomain, deliveryId);
}

function toStatus(delivery: { number: number; status: string }): { number: number; status: DeliveryStatus } {
  return { number: delivery.number, status: delivery.status as DeliveryStatus };
}

/** Runs a parse, adding its field errors to `errors` instead of stopping at the first. */
function collecting<T>(errors: FieldErrors, parse: () => T): T | null {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    Object.assign(errors, error.fieldErrors);
    return null;
  }
}
