import { randomUUID } from "node:crypto";

import type { Prisma, PrismaClient } from "@prisma/client";

import { ValidationError, type FieldErrors } from "~/domain/errors";
import { decide, type NewLineInput } from "~/domain/purchase-order/lifecycle";
import { newLineUnitCost } from "~/domain/purchase-order/new-line";
import type { PurchaseOrderState } from "~/domain/purchase-order/order";
import { moveLines, type LineMove } from "~/domain/purchase-order/split";
import { purchaseOrderName } from "~/domain/purchase-order/status";

import type { Actor } from "./actor";
import { loadOrder, loadOrderState, saveDecision } from "./purchase-order-lifecycle.server";
import { draftPricing, lineFromVariant } from "./purchase-order-lines.server";
import type { ShopifyGateway, VariantSummary } from "./shopify/gateway.server";
import { requireShop } from "./shops.server";
import { now as clockNow } from "~/clock.server";
import { inChunks } from "~/db-chunks.server";

/**
 * Reorganising purchase orders: moving lines from one order to another (merge), splitting an
 * order by supplier, and building one draft per supplier from a mixed list. Every change to
 * every order touched happens in one transaction, each order version-guarded and audited.
 */

/** Moves pending quantities of lines from one order into another. */
export async function moveLinesBetween(db: PrismaClient, shopDomain: string, actor: Actor, sourceId: string, targetId: string, moves: LineMove[]) {
  await db.$transaction(async (tx) => {
    const source = await loadOrder(tx, shopDomain, sourceId);
    const target = await loadOrder(tx, shopDomain, targetId);
    const decision = moveLines(source.order, target.order, moves, randomUUID);
    await saveDecision(tx, source.shopId, source.order, decision.source, actor);
    await saveDecision(tx, target.shopId, target.order, decision.target, actor);
  });
  return {
    source: await loadOrderState(db, shopDomain, sourceId),
    target: await loadOrderState(db, shopDomain, targetId),
  };
}

/**
 * Splits an order by supplier, using the shop's catalogues: a line whose variant the order's
 * supplier does not list, but another supplier does, moves (its pending quantity) to a new
 * draft for that supplier, priced from that supplier's catalogue (when the listing is in that
 * supplier's currency: new-line.ts; a listing in another currency refuses the split, naming the
 * line, rather than price it wrongly). Lines no other supplier lists stay. Returns the new
 * orders' ids.
 */
export async function splitBySupplier(db: PrismaClient, shopDomain: string, actor: Actor, orderId: string) {
  return db.$transaction(async (tx) => {
    const source = await loadOrder(tx, shopDomain, orderId);
    const shop = await tx.shop.findUniqueOrThrow({ where: { id: source.shopId }, select: { currencyCode: true } });
    const variantIds = source.order.lines.flatMap((line) => (line.variantId ? [line.variantId] : []));
    const listings = (
      await inChunks(variantIds, (chunk) =>
        tx.catalogueItem.findMany({
          where: { variantId: { in: chunk }, supplier: { shopId: source.shopId } },
          include: { supplier: { select: { id: true, name: true, currencyCode: true } } },
        }),
      )
    ).sort((a, b) => (a.supplier.name < b.supplier.name ? -1 : a.supplier.name > b.supplier.name ? 1 : 0));
    const groups = new Map<string, { currencyCode: string; moves: LineMove[] }>();
    const errors: FieldErrors = {};
    for (const [index, line] of source.order.lines.entries()) {
      const offers = listings.filter((listing) => listing.variantId === line.variantId);
      if (offers.length === 0 || offers.some((offer) => offer.supplierId === source.order.header.supplierId)) continue;
      const offer = offers[0]!;
      // The line moves because this supplier lists it: its listing prices it (Shopify's cost is not the reason it moves).
      const cost = newLineUnitCost(null, { catalogue: offer, shopify: null }, draftPricing(shop, offer.supplier));
      if ("error" in cost) {
        errors[`lines.${index}.unitCost`] = `${line.sku ?? line.productTitle} would move to ${offer.supplier.name}: ${cost.error}`;
        continue;
      }
      const group = groups.get(offer.supplierId) ?? { currencyCode: offer.supplier.currencyCode, moves: [] };
      group.moves.push({ lineId: line.id, unitCost: cost.unitCost });
      groups.set(offer.supplierId, group);
    }
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    if (groups.size === 0) {
      throw new ValidationError({
        lines: "Every line is listed by this order's supplier (or by no other supplier): there is nothing to split",
      });
    }

    let current = source.order;
    const created: Array<{ id: string; name: string; supplierId: string }> = [];
    for (const [supplierId, group] of groups) {
      const draft = await createEmptyDraft(tx, source.shopId, supplierId, group.currencyCode, current.header.locationId);
      const target = await loadOrder(tx, shopDomain, draft.id);
      const decision = moveLines(current, target.order, group.moves, randomUUID);
      await saveDecision(tx, source.shopId, current, decision.source, actor);
      await saveDecision(tx, source.shopId, target.order, decision.target, actor);
      current = decision.source.next;
      created.push({ id: draft.id, name: purchaseOrderName(draft.number), supplierId });
    }
    return created;
  });
}

export interface MixedItem {
  /** A variant id or an internal SKU. */
  variantId?: string;
  sku?: string;
  quantity: number;
  /** Where the item is ordered from; by default the supplier whose catalogue lists the variant. */
  supplierId?: string;
  /** In the supplier's currency; by default the variant's default cost on that supplier's draft. */
  unitCost?: string;
}

/**
 * One draft per supplier from a mixed list of items, in one step: each item resolved in
 * Shopify, assigned to its supplier (given, or found in the catalogues), priced as given or by
 * its default on that supplier's new draft (new-line.ts). Nothing is created unless every item
 * resolves and has a unit cost.
 */
export async function createOrdersBySupplier(
  deps: { db: PrismaClient; gateway: ShopifyGateway },
  shopDomain: string,
  actor: Actor,
  input: { items: MixedItem[]; locationId: string | null },
) {
  const { db, gateway } = deps;
  const shop = await requireShop(db, shopDomain);
  if (input.items.length === 0) throw new ValidationError({ items: "Add at least one item" });
  const errors: FieldErrors = {};
  const variants = await resolveVariants(gateway, input.items, errors);
  const listings = await inChunks([...new Set([...variants.values()].map((variant) => variant.id))], (chunk) =>
    db.catalogueItem.findMany({ where: { variantId: { in: chunk }, supplier: { shopId: shop.id } } }),
  );
  const suppliers = (await db.supplier.findMany({ where: { shopId: shop.id }, orderBy: { name: "asc" } })).map((supplier) => ({
    ...supplier,
    catalogueItems: listings.filter((listing) => listing.supplierId === supplier.id),
  }));

  const groups = new Map<string, { currencyCode: string; lines: NewLineInput[] }>();
  input.items.forEach((item, index) => {
    const variant = variants.get(index);
    if (!variant) return;
    const supplier = item.supplierId
      ? suppliers.find((candidate) => candidate.id === item.supplierId)
      : suppliers.find((candidate) => candidate.catalogueItems.some((listing) => listing.variantId === variant.id));
    if (!supplier) {
      errors[`items.${index}.supplierId`] = item.supplierId
        ? "Not one of your suppliers"
        : `No supplier's catalogue lists ${variant.sku ?? variant.displayName}; choose its supplier`;
      return;
    }
    const listing = supplier.catalogueItems.find((candidate) => candidate.variantId === variant.id);
    const cost = newLineUnitCost(item.unitCost ?? null, { catalogue: listing, shopify: variant.unitCost }, draftPricing(shop, supplier));
    if ("error" in cost) {
      errors[`items.${index}.unitCost`] = cost.error;
      return;
    }
    const group = groups.get(supplier.id) ?? { currencyCode: supplier.currencyCode, lines: [] };
    group.lines.push(lineFromVariant(variant, item.quantity, cost.unitCost));
    groups.set(supplier.id, group);
  });
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);

  return db.$transaction(async (tx) => {
    const created: Array<{ id: string; name: string; supplierId: string }> = [];
    for (const [supplierId, group] of groups) {
      const draft = await createEmptyDraft(tx, shop.id, supplierId, group.currencyCode, input.locationId);
      const { order } = await loadOrder(tx, shopDomain, draft.id);
      await saveDecision(tx, shop.id, order, withLines(order, group.lines), actor);
      created.push({ id: draft.id, name: purchaseOrderName(draft.number), supplierId });
    }
    return created;
  });
}

async function resolveVariants(gateway: ShopifyGateway, items: MixedItem[], errors: FieldErrors) {
  const resolved = new Map<number, VariantSummary>();
  const byId = await gateway.variantsByIds(items.flatMap((item) => (item.variantId ? [item.variantId] : [])));
  for (const [index, item] of items.entries()) {
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) {
      errors[`items.${index}.quantity`] = "Quantity must be a whole number of at least 1";
    }
    const variant = item.variantId ? byId.get(item.variantId) : item.sku ? await gateway.variantBySku(item.sku) : undefined;
    if (variant) resolved.set(index, variant);
    else errors[`items.${index}.${item.variantId ? "variantId" : "sku"}`] = "No such variant in this shop";
  }
  return resolved;
}

/** The lines added to a fresh draft, as one audited change. */
function withLines(order: PurchaseOrderState, lines: NewLineInput[]) {
  let next = order;
  for (const line of lines) {
    next = decide(next, { action: "add_line", line }, { now: clockNow(), newId: randomUUID }).next;
  }
  return {
    next: { ...next, version: order.version + 1 },
    removal: "none" as const,
    audit: { action: "create_from_items", fromStatus: order.status, toStatus: next.status, changes: { lines: lines.length } },
  };
}

async function createEmptyDraft(tx: Prisma.TransactionClient, shopId: string, supplierId: string, currencyCode: string, locationId: string | null) {
  const numbered = await tx.shop.update({
    where: { id: shopId },
    data: { nextPoNumber: { increment: 1 } },
    select: { nextPoNumber: true },
  });
  return tx.purchaseOrder.create({
    data: { shopId, number: numbered.nextPoNumber - 1, status: "draft", supplierId, currencyCode, locationId },
  });
}
