import { reachesShopify, type PurchaseOrderState } from "./order";
import { expectedQuantity } from "./quantities";
import { PURCHASE_ORDER_STATUSES, type PurchaseOrderStatus } from "./status";

/**
 * What a purchase order should hold as Shopify "incoming" stock, and the change from what it
 * holds now. From Sent until it is completed or cancelled, each variant line holds its expected
 * quantity (confirmed, else ordered) less what was settled: rejected and cancelled quantities,
 * and received quantities once they were synced to on hand. A manual receipt that was not
 * synced keeps its units incoming until the sync runs, as merchants expect.
 */

/** Statuses in which an order is on its way and holds incoming stock: all but the ends. */
const NOT_ON_ITS_WAY: readonly PurchaseOrderStatus[] = ["draft", "completed", "cancelled"];
export const HOLDS_INCOMING = PURCHASE_ORDER_STATUSES.filter((status) => !NOT_ON_ITS_WAY.includes(status));

export interface IncomingPosition {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
}

export interface IncomingChange extends IncomingPosition {
  /** The change to send to Shopify: quantity − what the order held before. */
  delta: number;
}

export function incomingTargets(order: PurchaseOrderState): IncomingPosition[] {
  const locationId = order.header.locationId;
  if (!locationId || !HOLDS_INCOMING.includes(order.status)) return [];
  const byItem = new Map<string, number>();
  for (const line of order.lines) {
    if (!reachesShopify(line)) continue;
    let settled = 0;
    for (const booking of order.bookings) {
      for (const entry of booking.lines) {
        if (entry.lineId !== line.id) continue;
        settled += entry.rejected + entry.cancelled + (booking.syncedAt ? entry.received : 0);
      }
    }
    const quantity = Math.max(0, expectedQuantity(line) - settled);
    byItem.set(line.inventoryItemId, (byItem.get(line.inventoryItemId) ?? 0) + quantity);
  }
  return [...byItem].map(([inventoryItemId, quantity]) => ({ inventoryItemId, locationId, quantity }));
}

/** The changes that take Shopify from `held` to `targets`; positions no longer wanted go to 0. */
export function incomingChanges(targets: readonly IncomingPosition[], held: readonly IncomingPosition[]): IncomingChange[] {
  const key = (position: IncomingPosition) => `${position.inventoryItemId}@${position.locationId}`;
  const before = new Map(held.map((position) => [key(position), position.quantity]));
  const wanted = new Map(targets.map((position) => [key(position), position]));
  const changes: IncomingChange[] = [];
  for (const target of targets) {
    const delta = target.quantity - (before.get(key(target)) ?? 0);
    if (delta !== 0) changes.push({ ...target, delta });
  }
  for (const position of held) {
    if (!wanted.has(key(position)) && position.quantity !== 0) {
      changes.push({ ...position, quantity: 0, delta: -position.quantity });
    }
  }
  return changes;
}
