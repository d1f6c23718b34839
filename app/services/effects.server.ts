import type { Prisma, PrismaClient } from "@prisma/client";

import { ValidationError } from "~/domain/errors";
import { incomingChanges, incomingTargets, type IncomingChange } from "~/domain/purchase-order/incoming";
import type { PurchaseOrderState } from "~/domain/purchase-order/order";

/**
 * Staging Shopify effects in the transaction that changes an order (the outbox). Nothing is
 * sent from here: the worker (app/jobs/effects-worker.server.ts) drains what is staged.
 */

/** Shopify takes at most 250 changes per inventory mutation. */
export const MAX_CHANGES_PER_EFFECT = 250;

export interface AdjustIncomingPayload {
  referenceDocumentUri: string;
  changes: IncomingChange[];
}

/** The document Shopify's inventory history shows for our changes (and the incoming ledger key). */
export function purchaseOrderDocumentUri(orderId: string): string {
  return `gid://inbound/PurchaseOrder/${orderId}`;
}

/**
 * Brings the order's incoming ledger to what the order should now hold and stages the
 * difference for Shopify. Returns the staged effects' ids (empty when nothing changed).
 */
export async function stageIncoming(
  tx: Prisma.TransactionClient,
  shopId: string,
  order: PurchaseOrderState,
): Promise<string[]> {
  const held = await tx.incomingLedger.findMany({ where: { purchaseOrderId: order.id } });
  const changes = incomingChanges(incomingTargets(order), held);
  if (changes.length === 0) return [];
  for (const change of changes) {
    const where = {
      purchaseOrderId_inventoryItemId_locationId: {
        purchaseOrderId: order.id,
        inventoryItemId: change.inventoryItemId,
        locationId: change.locationId,
      },
    };
    if (change.quantity === 0) await tx.incomingLedger.delete({ where });
    else {
      await tx.incomingLedger.upsert({
        where,
        create: { purchaseOrderId: order.id, inventoryItemId: change.inventoryItemId, locationId: change.locationId, quantity: change.quantity },
        update: { quantity: change.quantity },
      });
    }
  }
  const staged: string[] = [];
  for (let start = 0; start < changes.length; start += MAX_CHANGES_PER_EFFECT) {
    const payload: AdjustIncomingPayload = {
      referenceDocumentUri: purchaseOrderDocumentUri(order.id),
      changes: changes.slice(start, start + MAX_CHANGES_PER_EFFECT),
    };
    const effect = await tx.shopifyEffect.create({
      data: { shopId, purchaseOrderId: order.id, kind: "adjust_incoming", payload: JSON.stringify(payload) },
      select: { id: true },
    });
    staged.push(effect.id);
  }
  return staged;
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
    changes: (JSON.parse(effect.payload) as AdjustIncomingPayload).changes.length,
    createdAt: effect.createdAt.toISOString(),
    appliedAt: effect.appliedAt?.toISOString() ?? null,
  }));
}

/**
 * Queues a failed effect again (after the merchant fixed its cause in Shopify). It keeps its id,
 * so Shopify still sees the same idempotency key and cannot apply it twice.
 */
export async function retryEffect(db: PrismaClient, shopDomain: string, effectId: string): Promise<void> {
  const updated = await db.shopifyEffect.updateMany({
    where: { id: effectId, status: "failed", shop: { domain: shopDomain } },
    data: { status: "staged" },
  });
  if (updated.count === 0) throw new ValidationError({ effectId: "Only a failed effect of this shop can be retried" });
}
