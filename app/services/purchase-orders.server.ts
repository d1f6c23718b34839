import type { Prisma, PrismaClient } from "@prisma/client";

import { ValidationError, type FieldErrors } from "~/domain/errors";
import { isShopifyId } from "~/domain/input";
import { Decimal } from "~/domain/money";
import { parseDraft, type DraftInput } from "~/domain/purchase-order/draft";
import { defaultUnitCost, newLineUnitCost, otherSupplierOf, type DefaultCost } from "~/domain/purchase-order/new-line";
import { purchaseOrderName, type PurchaseOrderStatus } from "~/domain/purchase-order/status";
import { orderTotals } from "~/domain/purchase-order/totals";

import type { Actor } from "./actor";
import { catalogueListings } from "./catalogue.server";
import { COST_LINE_SELECT, costLineOf, type CostLineRow } from "./payments.server";
import { inactiveLocationErrors } from "./locations.server";
import { draftPricing, supplierVendors, variantItem } from "./purchase-order-lines.server";
import { requireShop } from "./shops.server";
import type { ShopifyGateway } from "./shopify/gateway.server";

export interface PurchaseOrderSummary {
  id: string;
  name: string;
  status: PurchaseOrderStatus;
  supplierId: string;
  supplierName: string;
  lineCount: number;
  totalQuantity: number;
  /** What the lines are owed for (docs/decisions/004). */
  subtotal: string;
  /** What the lines were ordered for: differs from subtotal once lines are confirmed short or cancelled. */
  orderedValue: string;
  currencyCode: string;
  createdAt: string;
}

/** What a summary needs loaded with each order row. */
export const SUMMARY_INCLUDE = {
  supplier: { select: { name: true } },
  lines: { select: COST_LINE_SELECT },
} as const;

export function purchaseOrderSummary(order: {
  id: string;
  number: number;
  status: string;
  supplierId: string;
  currencyCode: string;
  createdAt: Date;
  supplier: { name: string };
  lines: CostLineRow[];
}): PurchaseOrderSummary {
  const totals = orderTotals(order.lines.map(costLineOf), 0, 0);
  return {
    id: order.id,
    name: purchaseOrderName(order.number),
    status: order.status as PurchaseOrderStatus,
    supplierId: order.supplierId,
    supplierName: order.supplier.name,
    lineCount: order.lines.length,
    totalQuantity: order.lines.reduce((sum, line) => sum + line.quantityOrdered, 0),
    subtotal: totals.subtotal.toFixed(2),
    orderedValue: totals.orderedValue.toFixed(2),
    currencyCode: order.currencyCode,
    createdAt: order.createdAt.toISOString(),
  };
}

/**
 * Creates a Draft purchase order: validates the input (domain), resolves the supplier (scoped
 * to the shop) and every variant (Shopify, through the gateway), then saves the order, its
 * lines and the audit entry in one transaction. Nothing is saved when anything is invalid.
 * A line without a unit cost takes its default (new-line.ts); one with none known is refused.
 */
export async function createDraftPurchaseOrder(
  deps: { db: PrismaClient; gateway: ShopifyGateway },
  shopDomain: string,
  actor: Actor,
  input: DraftInput,
) {
  const planned = await planDraft(deps, shopDomain, input);
  return deps.db.$transaction((tx) => insertDraft(tx, planned, actor));
}

/** A checked draft, ready to save: what planDraft decided, for insertDraft. */
export type PlannedDraft = Awaited<ReturnType<typeof planDraft>>;

/**
 * Everything about a new draft that needs reading (the supplier, Shopify's variants and
 * locations, catalogue prices), checked; nothing is written. Refused with every field at fault.
 */
export async function planDraft(deps: { db: PrismaClient; gateway: ShopifyGateway }, shopDomain: string, input: DraftInput) {
  const draft = parseDraft(input);
  const { db, gateway } = deps;
  const shop = await requireShop(db, shopDomain);

  const errors: FieldErrors = {};
  const supplier = await db.supplier.findFirst({ where: { id: draft.supplierId, shopId: shop.id } });
  if (!supplier) errors.supplierId = "Choose one of your suppliers";

  const variants = await gateway.variantsByIds(draft.lines.map((line) => line.variantId));
  draft.lines.forEach((line, index) => {
    if (!variants.has(line.variantId)) {
      errors[`lines.${index}.variantId`] = "Shopify has no such product variant in this shop";
    }
  });
  Object.assign(errors, await inactiveLocationErrors(gateway, { locationId: draft.locationId }));
  if (!supplier || Object.keys(errors).length > 0) throw new ValidationError(errors);

  const pricing = draftPricing(shop, supplier);
  const catalogue = await catalogueListings(
    db,
    supplier.id,
    draft.lines.map((line) => line.variantId),
  );
  const lines = draft.lines.flatMap((line, position) => {
    const variant = variants.get(line.variantId)!;
    const cost = newLineUnitCost(line.unitCost?.toFixed() ?? null, { catalogue: catalogue.get(variant.id), shopify: variant.unitCost }, pricing);
    if ("error" in cost) {
      errors[`lines.${position}.unitCost`] = cost.error;
      return [];
    }
    return [{ position, ...variantItem(variant), quantityOrdered: line.quantity, unitCost: new Decimal(cost.unitCost).toFixed(4) }];
  });
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);

  return { shopId: shop.id, supplier, locationId: draft.locationId, note: draft.note, lines };
}

/** Saves a planned draft (numbered in the same transaction) with its audit entry; for callers that write more in that transaction. */
export async function insertDraft(tx: Prisma.TransactionClient, planned: PlannedDraft, actor: Actor) {
  const { shopId, supplier, lines } = planned;
  const numbered = await tx.shop.update({
    where: { id: shopId },
    data: { nextPoNumber: { increment: 1 } },
    select: { nextPoNumber: true },
  });
  const order = await tx.purchaseOrder.create({
    data: {
      shopId,
      number: numbered.nextPoNumber - 1,
      status: "draft" satisfies PurchaseOrderStatus,
      supplierId: supplier.id,
      locationId: planned.locationId,
      currencyCode: supplier.currencyCode,
      note: planned.note,
      lines: { create: lines },
    },
  });
  await tx.auditEntry.create({
    data: {
      shopId,
      purchaseOrderId: order.id,
      actorType: actor.type,
      actorId: actor.id,
      action: "create_draft",
      toStatus: order.status,
      changes: JSON.stringify({ supplierId: supplier.id, lines: lines.length }),
    },
  });
  return order;
}

/** What the create screen shows for a variant it adds: its default cost on a new draft for this supplier, and whether it is another supplier's. */
export interface DraftLineDefaults {
  variantId: string;
  cost: DefaultCost;
  otherSupplier: { id: string; name: string } | null;
}

/**
 * The defaults a new draft for this supplier would give these variants, decided by the same rule
 * as saving it (new-line.ts), so the screen never shows a cost the order would not take.
 * Variants Shopify does not know (or ids that are not variant ids), and a supplier not of this
 * shop, give nothing.
 */
export async function draftLineDefaults(
  deps: { db: PrismaClient; gateway: ShopifyGateway },
  shopDomain: string,
  supplierId: string,
  variantIds: readonly string[],
): Promise<DraftLineDefaults[]> {
  const { db, gateway } = deps;
  const shop = await requireShop(db, shopDomain);
  const supplier = await db.supplier.findFirst({ where: { id: supplierId, shopId: shop.id } });
  // Shopify refuses a malformed id with an error: such an id is simply not a variant here.
  const wanted = variantIds.filter((id) => isShopifyId("ProductVariant", id));
  if (!supplier || wanted.length === 0) return [];
  const [variants, catalogue, suppliers] = await Promise.all([
    gateway.variantsByIds(wanted),
    catalogueListings(db, supplier.id, wanted),
    supplierVendors(db, shopDomain),
  ]);
  const pricing = draftPricing(shop, supplier);
  return [...variants.values()].map((variant) => ({
    variantId: variant.id,
    cost: defaultUnitCost({ catalogue: catalogue.get(variant.id), shopify: variant.unitCost }, pricing),
    otherSupplier: otherSupplierOf(variant.vendor, supplier.id, suppliers),
  }));
}
