import type { Prisma } from "@prisma/client";

import { CLOSED_STATUSES } from "~/domain/supplier";
import type {
  InventoryItemDelete,
  InventoryItemUpdate,
  InventoryLevelUpdate,
  LocationDelete,
  LocationUpdate,
  ProductDelete,
  ProductUpdate,
} from "~/webhooks/payloads";
import type { ReceivedWebhook, WebhookOutcome } from "~/webhooks/receive.server";
import { now as clockNow } from "~/clock.server";
import { chunks, inChunks } from "~/db-chunks.server";

/**
 * What Shopify's catalogue, inventory and location webhooks change in Inbound. Each handler runs
 * inside the delivery's transaction and writes only a few rows: cached titles and SKUs on open
 * orders' lines, flags on lines and orders, a debounced drift check for the worker. Closed
 * orders (completed, cancelled, deleted) keep what they recorded.
 *
 * Out of order: Shopify may deliver an older update after a newer one. Each object's newest
 * applied `updated_at` is kept (ShopifyObjectVersion); an update no newer than it is stale and
 * changes nothing. A delete has no `updated_at`: it is final, and is remembered at the time
 * Shopify triggered it, so an update from before the delete arriving late is stale too.
 *
 * Only a shop that has Inbound installed is changed: a delivery for a shop that never installed
 * it, or uninstalled it, stores nothing (no object version, no drift check, no flag).
 */

/** How long inventory_levels/update waits for further changes before the drift check runs. */
export const DRIFT_CHECK_DEBOUNCE_MS = 60_000;

const handled = (summary: string): WebhookOutcome => ({ result: "handled", summary });

type CatalogueHandler<Payload> = (tx: Prisma.TransactionClient, webhook: ReceivedWebhook, payload: Payload) => Promise<WebhookOutcome>;

/** `handle` for a shop that has Inbound installed (given its id); for any other shop, nothing. */
function forInstalledShop<Payload>(
  handle: (tx: Prisma.TransactionClient, webhook: ReceivedWebhook, payload: Payload, shopId: string) => Promise<WebhookOutcome>,
): CatalogueHandler<Payload> {
  return async (tx, webhook, payload) => {
    const shop = await tx.shop.findFirst({ where: { domain: webhook.shopDomain, uninstalledAt: null }, select: { id: true } });
    return shop ? handle(tx, webhook, payload, shop.id) : handled("Inbound is not installed in this shop: nothing changed");
  };
}

function openOrderOf(shopDomain: string): Prisma.PurchaseOrderWhereInput {
  return { shop: { domain: shopDomain }, deletedAt: null, status: { notIn: [...CLOSED_STATUSES] } };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * Claims `updatedAt` as the object's newest version: true (and remembered) when it is newer than
 * any Inbound applied, false when it is not (the delivery is stale).
 */
async function claimVersion(tx: Prisma.TransactionClient, shopDomain: string, objectId: string, updatedAt: Date) {
  const key = { shopDomain_objectId: { shopDomain, objectId } };
  const known = await tx.shopifyObjectVersion.findUnique({ where: key, select: { updatedAt: true } });
  if (known && known.updatedAt >= updatedAt) return false;
  await tx.shopifyObjectVersion.upsert({
    where: key,
    create: { shopDomain, objectId, updatedAt },
    update: { updatedAt },
  });
  return true;
}

/** Out of order: an update older than what Inbound already applied is answered "stale" and changes nothing. */
async function staleUnlessNewer(tx: Prisma.TransactionClient, shopDomain: string, objectId: string, updatedAt: Date): Promise<WebhookOutcome | null> {
  if (await claimVersion(tx, shopDomain, objectId, updatedAt)) return null;
  return {
    result: "stale",
    summary: `${objectId} updated at ${updatedAt.toISOString()}: Inbound already applied a newer version`,
  };
}

const lineSelect = {
  id: true,
  variantId: true,
  inventoryItemId: true,
  productTitle: true,
  variantTitle: true,
  sku: true,
  purchaseOrder: { select: { id: true, shopId: true, status: true } },
} satisfies Prisma.PurchaseOrderLineSelect;

type OpenLine = Prisma.PurchaseOrderLineGetPayload<{ select: typeof lineSelect }>;

/** Sets the cached fields of each line that differ from Shopify's; the number of lines changed. */
async function refreshLines(
  tx: Prisma.TransactionClient,
  lines: OpenLine[],
  current: (line: OpenLine) => Partial<Pick<OpenLine, "productTitle" | "variantTitle" | "sku">> | undefined,
): Promise<number> {
  let refreshed = 0;
  for (const line of lines) {
    const fields = current(line);
    if (!fields) continue;
    const changed = Object.entries(fields).some(([field, value]) => line[field as keyof typeof fields] !== value);
    if (!changed) continue;
    await tx.purchaseOrderLine.update({ where: { id: line.id }, data: fields });
    refreshed += 1;
  }
  return refreshed;
}

/**
 * Flags lines whose variant Shopify deleted (the effect planner skips them and the order screen
 * tells the merchant), with one audit entry per order naming the lines.
 */
async function flagDeletedVariants(tx: Prisma.TransactionClient, webhook: ReceivedWebhook, lines: OpenLine[]) {
  if (lines.length === 0) return 0;
  for (const chunk of chunks(lines.map((line) => line.id))) {
    await tx.purchaseOrderLine.updateMany({ where: { id: { in: chunk } }, data: { variantDeletedAt: webhook.triggeredAt } });
  }
  const byOrder = new Map<string, OpenLine[]>();
  for (const line of lines) byOrder.set(line.purchaseOrder.id, [...(byOrder.get(line.purchaseOrder.id) ?? []), line]);
  for (const orderLines of byOrder.values()) {
    const order = orderLines[0]!.purchaseOrder;
    await tx.auditEntry.create({
      data: {
        shopId: order.shopId,
        purchaseOrderId: order.id,
        actorType: "webhook",
        actorId: webhook.eventId,
        action: "variant_deleted_in_shopify",
        fromStatus: order.status,
        toStatus: order.status,
        changes: JSON.stringify({
          lines: orderLines.map((line) => ({
            lineId: line.id,
            variantId: line.variantId,
            title: [line.productTitle, line.variantTitle].filter(Boolean).join(" — "),
            sku: line.sku,
          })),
        }),
      },
    });
  }
  return lines.length;
}

function unflaggedLines(tx: Prisma.TransactionClient, webhook: ReceivedWebhook, where: Prisma.PurchaseOrderLineWhereInput) {
  return tx.purchaseOrderLine.findMany({
    where: { ...where, variantDeletedAt: null, purchaseOrder: openOrderOf(webhook.shopDomain) },
    select: lineSelect,
    orderBy: [{ purchaseOrderId: "asc" }, { position: "asc" }],
  });
}

/**
 * products/update: the product's and its variants' titles and SKUs onto open orders' lines.
 * A variant missing from the payload is not taken as deleted: Shopify may leave variants out of
 * this payload (products have up to 2,048); deletions come as inventory_items/delete and
 * products/delete, which flag the lines.
 */
export const productUpdated = forInstalledShop(async (tx, webhook, product: ProductUpdate) => {
  const stale = await staleUnlessNewer(tx, webhook.shopDomain, product.id, product.updated_at);
  if (stale) return stale;
  const variants = new Map(product.variants.map((variant) => [variant.id, variant]));
  // A product has up to 2,048 variants: its lines are found by product, then by variant a chunk at a time.
  const found = [
    ...(await unflaggedLines(tx, webhook, { productId: product.id })),
    ...(await inChunks([...variants.keys()], (chunk) => unflaggedLines(tx, webhook, { variantId: { in: chunk } }))),
  ];
  const lines = [...new Map(found.map((line) => [line.id, line])).values()];
  const refreshed = await refreshLines(tx, lines, (line) => {
    const variant = line.variantId ? variants.get(line.variantId) : undefined;
    return variant && { productTitle: product.title, variantTitle: variant.title, sku: variant.sku };
  });
  return handled(`${count(refreshed, "line")} refreshed`);
});

/** products/delete: every open line of the product loses its variant. */
export const productDeleted = forInstalledShop(async (tx, webhook, product: ProductDelete) => {
  await claimVersion(tx, webhook.shopDomain, product.id, webhook.triggeredAt);
  const flagged = await flagDeletedVariants(tx, webhook, await unflaggedLines(tx, webhook, { productId: product.id }));
  return handled(`${count(flagged, "line")} flagged`);
});

/** inventory_items/update: the item's SKU onto open orders' lines. */
export const inventoryItemUpdated = forInstalledShop(async (tx, webhook, item: InventoryItemUpdate) => {
  const stale = await staleUnlessNewer(tx, webhook.shopDomain, item.id, item.updated_at);
  if (stale) return stale;
  const lines = await unflaggedLines(tx, webhook, { inventoryItemId: item.id });
  const refreshed = await refreshLines(tx, lines, () => ({ sku: item.sku }));
  return handled(`${count(refreshed, "line")} refreshed`);
});

/** inventory_items/delete: Shopify deletes a variant's inventory item with the variant. */
export const inventoryItemDeleted = forInstalledShop(async (tx, webhook, item: InventoryItemDelete) => {
  await claimVersion(tx, webhook.shopDomain, item.id, webhook.triggeredAt);
  const flagged = await flagDeletedVariants(tx, webhook, await unflaggedLines(tx, webhook, { inventoryItemId: item.id }));
  return handled(`${count(flagged, "line")} flagged`);
});

/**
 * inventory_levels/update: a drift check for the item at the location, DRIFT_CHECK_DEBOUNCE_MS
 * from now; a further update before then moves it (one row per item and location), so a burst
 * of changes costs one check. Only items an order of the shop holds or held are Inbound's
 * concern. Not versioned: the check reads Shopify's state when it runs, whatever the order of
 * the deliveries that asked for it.
 */
export const inventoryLevelUpdated = forInstalledShop(async (tx, _webhook, level: InventoryLevelUpdate, shopId) => {
  const inventoryItemId = level.inventory_item_id;
  if (!(await shopKnowsItem(tx, shopId, inventoryItemId))) {
    return handled("No purchase order holds this item: no drift check");
  }
  const dueAt = new Date(clockNow().getTime() + DRIFT_CHECK_DEBOUNCE_MS);
  await tx.driftCheck.upsert({
    where: { shopId_inventoryItemId_locationId: { shopId, inventoryItemId, locationId: level.location_id } },
    create: { shopId, inventoryItemId, locationId: level.location_id, dueAt },
    update: { dueAt },
  });
  return handled(`Drift check due at ${dueAt.toISOString()}`);
});

/** Whether any order of the shop (open or not) has a line of the item or holds incoming of it. */
async function shopKnowsItem(tx: Prisma.TransactionClient, shopId: string, inventoryItemId: string) {
  const line = await tx.purchaseOrderLine.findFirst({
    where: { inventoryItemId, purchaseOrder: { shopId } },
    select: { id: true },
  });
  if (line) return true;
  // Inventory item gids are unique across shops, but one item may be held by many orders.
  const ledger = await tx.incomingLedger.findMany({ where: { inventoryItemId }, select: { purchaseOrderId: true } });
  const holders = await inChunks(
    ledger.map((row) => row.purchaseOrderId),
    (chunk) => tx.purchaseOrder.findMany({ where: { shopId, id: { in: chunk } }, select: { id: true }, take: 1 }),
  );
  return holders.length > 0;
}

/** Sets (or clears) locationLostAt on the shop's open orders receiving at the location. */
async function markLocation(tx: Prisma.TransactionClient, webhook: ReceivedWebhook, locationId: string, lost: boolean): Promise<number> {
  const orders = await tx.purchaseOrder.findMany({
    where: { ...openOrderOf(webhook.shopDomain), locationId, locationLostAt: lost ? null : { not: null } },
    select: { id: true, shopId: true, status: true },
  });
  for (const order of orders) {
    await tx.purchaseOrder.update({
      where: { id: order.id },
      data: { locationLostAt: lost ? webhook.triggeredAt : null },
    });
    await tx.auditEntry.create({
      data: {
        shopId: order.shopId,
        purchaseOrderId: order.id,
        actorType: "webhook",
        actorId: webhook.eventId,
        action: lost ? "location_lost_in_shopify" : "location_restored_in_shopify",
        fromStatus: order.status,
        toStatus: order.status,
        changes: JSON.stringify({ locationId }),
      },
    });
  }
  return orders.length;
}

/**
 * locations/create and locations/update: the location is kept as it now is among the shop's
 * locations (what screens offer, app/services/locations.server.ts); a deactivated one flags the
 * orders receiving there, and reactivating clears it.
 */
export const locationUpdated = forInstalledShop(async (tx, webhook, location: LocationUpdate, shopId) => {
  const stale = await staleUnlessNewer(tx, webhook.shopDomain, location.id, location.updated_at);
  if (stale) return stale;
  const kept = { name: location.name, isActive: location.active };
  if (location.legacy) await tx.shopLocation.deleteMany({ where: { shopId, locationId: location.id } });
  else {
    await tx.shopLocation.upsert({
      where: { shopId_locationId: { shopId, locationId: location.id } },
      create: { shopId, locationId: location.id, ...kept },
      update: kept,
    });
  }
  const orders = await markLocation(tx, webhook, location.id, !location.active);
  return handled(`${location.active ? "Active" : "Inactive"}: ${count(orders, "order")} ${location.active ? "restored" : "flagged"}`);
});

/** locations/delete: no longer among the shop's locations; the orders receiving there are flagged for good. */
export const locationDeleted = forInstalledShop(async (tx, webhook, location: LocationDelete, shopId) => {
  await claimVersion(tx, webhook.shopDomain, location.id, webhook.triggeredAt);
  await tx.shopLocation.deleteMany({ where: { shopId, locationId: location.id } });
  return handled(`${count(await markLocation(tx, webhook, location.id, true), "order")} flagged`);
});
