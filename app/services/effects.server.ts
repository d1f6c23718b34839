import { Prisma, type PrismaClient } from "@prisma/client";

import { now as clockNow } from "~/clock.server";
import { chunks, inChunks } from "~/db-chunks.server";
import { ValidationError } from "~/domain/errors";
import { currentLogContext } from "~/log.server";
import { effectSize, type PlannedEffect, type QuantityDelta } from "~/domain/effects";
import { holdingsInQuestion, planEffects, type EffectPlan, type OtherOrderHolding } from "~/domain/purchase-order/effect-plan";
import type { IncomingPosition } from "~/domain/purchase-order/incoming";
import type { PurchaseOrderState } from "~/domain/purchase-order/order";
import type { PurchaseOrderStatus } from "~/domain/purchase-order/status";
import type { ShopSettingsValues } from "~/domain/settings";

import { loadSettings } from "./settings.server";

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Staging Shopify effects in the transaction that changes an order (the outbox). Nothing is
 * sent from here: the worker (app/jobs/effects-worker.server.ts) drains what is staged.
 */

export interface StagedChange {
  before: PurchaseOrderState;
  next: PurchaseOrderState;
  action: string;
  incomingCorrection?: QuantityDelta;
}

/**
 * Plans what Shopify must be told about a saved change (app/domain/purchase-order/effect-plan.ts),
 * brings the order's incoming ledger to what it now holds, and stages the effects. Returns the
 * staged effects' ids, oldest first (empty when Shopify needs to hear nothing).
 */
export async function stageOrderEffects(
  tx: Prisma.TransactionClient,
  shopId: string,
  change: StagedChange,
  settings?: ShopSettingsValues,
): Promise<string[]> {
  const { next } = change;
  const heldIncoming = await tx.incomingLedger.findMany({ where: { purchaseOrderId: next.id } });
  const plan = await planOrderEffects(tx, shopId, change, heldIncoming, settings);
  // Set-based: the changed positions are deleted and the held ones written anew, a chunk of items
  // per location at a time (a send of 1 000 lines is two statements, not 1 000 upserts).
  const locations = new Map<string, string[]>();
  for (const position of plan.ledger) {
    const items = locations.get(position.locationId) ?? locations.set(position.locationId, []).get(position.locationId)!;
    items.push(position.inventoryItemId);
  }
  for (const [locationId, items] of locations) {
    for (const chunk of chunks(items))
      await tx.incomingLedger.deleteMany({ where: { purchaseOrderId: next.id, locationId, inventoryItemId: { in: chunk } } });
  }
  const holding = plan.ledger.filter((position) => position.quantity !== 0);
  for (const chunk of chunks(holding)) {
    await tx.incomingLedger.createMany({
      data: chunk.map((position) => ({
        purchaseOrderId: next.id,
        inventoryItemId: position.inventoryItemId,
        locationId: position.locationId,
        quantity: position.quantity,
      })),
    });
  }
  return stageEffects(tx, shopId, next.id, plan.effects);
}

/**
 * What Shopify must be told about a change, given what the order held as incoming before it;
 * nothing is written (staging writes it, a delivery's preview only shows it). `settings`: the
 * shop's, when the caller read them to decide the change (read here otherwise), so an action
 * reads them once.
 */
export async function planOrderEffects(
  db: Db,
  shopId: string,
  change: StagedChange,
  heldIncoming: readonly IncomingPosition[],
  settings?: ShopSettingsValues,
): Promise<EffectPlan> {
  const { next } = change;
  const [shopSettings, supplier] = await Promise.all([
    settings ?? loadSettings(db, shopId),
    db.supplier.findUnique({ where: { id: next.header.supplierId }, select: { name: true } }),
  ]);
  return planEffects({
    ...change,
    settings: shopSettings,
    heldIncoming,
    otherOrders: await otherOrderHoldings(db, shopId, next.id, holdingsInQuestion({ ...change, settings: shopSettings })),
    supplierName: supplier?.name ?? "",
  });
}

/** Writes planned effects as outbox rows, in order (the worker applies them oldest first). */
export async function stageEffects(
  tx: Prisma.TransactionClient,
  shopId: string,
  purchaseOrderId: string | null,
  effects: readonly PlannedEffect[],
): Promise<string[]> {
  const staged: string[] = [];
  // Rows staged in one transaction share a timestamp on coarse clocks: a strictly increasing
  // createdAt keeps the worker's (createdAt, id) order equal to the planned order.
  const base = clockNow().getTime();
  // The staging request's id, so the worker's log lines for these effects carry it.
  const requestId = currentLogContext().requestId ?? null;
  for (const [index, effect] of effects.entries()) {
    const row = await tx.shopifyEffect.create({
      data: { shopId, purchaseOrderId, kind: effect.kind, payload: JSON.stringify(effect.payload), createdAt: new Date(base + index), requestId },
      select: { id: true },
    });
    staged.push(row.id);
  }
  return staged;
}

/**
 * The shop's other orders (not deleted) that hold the products and variants whose tag removal or
 * FALSE write-back depends on them (holdingsInQuestion): one holding per status, naming only
 * those ids. Most changes remove nothing and read nothing; the rest read each id's statuses
 * through the lines' product and variant indexes, not the other orders' lines.
 */
async function otherOrderHoldings(
  tx: Db,
  shopId: string,
  orderId: string,
  asked: { productIds: string[]; variantIds: string[] },
): Promise<OtherOrderHolding[]> {
  const byStatus = new Map<PurchaseOrderStatus, { productIds: string[]; variantIds: string[] }>();
  const holding = (status: PurchaseOrderStatus) => byStatus.get(status) ?? byStatus.set(status, { productIds: [], variantIds: [] }).get(status)!;
  const statusesOf = (column: Prisma.Sql, ids: string[]) =>
    inChunks(
      ids,
      (chunk) =>
        tx.$queryRaw<Array<{ status: PurchaseOrderStatus; ownerId: string }>>`
        SELECT DISTINCT o."status" AS "status", ${column} AS "ownerId"
        FROM "PurchaseOrderLine" l JOIN "PurchaseOrder" o ON o."id" = l."purchaseOrderId"
        WHERE ${column} IN (${Prisma.join(chunk)}) AND o."shopId" = ${shopId} AND o."id" <> ${orderId} AND o."deletedAt" IS NULL`,
    );
  for (const row of await statusesOf(Prisma.sql`l."productId"`, asked.productIds)) holding(row.status).productIds.push(row.ownerId);
  for (const row of await statusesOf(Prisma.sql`l."variantId"`, asked.variantIds)) holding(row.status).variantIds.push(row.ownerId);
  return [...byStatus].map(([status, ids]) => ({ status, ...ids }));
}

export interface EffectView {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
  changes: number;
  createdAt: string;
  appliedAt: string | null;
}

/** An order's Shopify effects, newest first, for the order screen. */
export async function listOrderEffects(db: PrismaClient, shopDomain: string, orderId: string): Promise<EffectView[]> {
  const effects = await db.shopifyEffect.findMany({
    where: { purchaseOrderId: orderId, shop: { domain: shopDomain } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return effects.map((effect) => ({
    id: effect.id,
    kind: effect.kind,
    status: effect.status,
    attempts: effect.attempts,
    lastError: effect.lastError,
    changes: effectSize({ kind: effect.kind, payload: JSON.parse(effect.payload) } as PlannedEffect),
    createdAt: effect.createdAt.toISOString(),
    appliedAt: effect.appliedAt?.toISOString() ?? null,
  }));
}

/**
 * Queues a failed effect again (after the merchant fixed its cause in Shopify). It keeps its id,
 * so Shopify still sees the same idempotency key and cannot apply it twice. Given an order, only
 * that order's effects (the order screen retries what its card lists).
 */
export async function retryEffect(db: PrismaClient, shopDomain: string, effectId: string, orderId?: string): Promise<void> {
  const ours = { id: effectId, status: "failed", shop: { domain: shopDomain }, ...(orderId === undefined ? {} : { purchaseOrderId: orderId }) };
  // A completion's cost sync is not retried: its request ended with the failure (Complete is asked again).
  const updated = await db.shopifyEffect.updateMany({ where: { ...ours, kind: { not: "update_unit_costs" } }, data: { status: "staged" } });
  if (updated.count === 0) {
    const costSync = (await db.shopifyEffect.count({ where: { ...ours, kind: "update_unit_costs" } })) > 0;
    throw new ValidationError({
      effectId: costSync
        ? "A completion's unit costs are not sent again: ask Complete again"
        : `Only a failed effect of this ${orderId === undefined ? "shop" : "order"} can be retried`,
    });
  }
}
