import type { PlannedEffect } from "../effects";
import type { IntakeReason } from "../intake-reasons";
import type { OrderLine, PurchaseOrderState } from "./order";
import type { PurchaseOrderStatus } from "./status";

/**
 * What a decided change will do, told before the merchant confirms it (a delivery's submit, a
 * quick complete, a cancel…): the status it leads to, what it books on each line, and what
 * Shopify will be told, read from the same decision and effect plan that saving uses, so the
 * preview can only say what will happen.
 */

export interface InventoryChangePreview {
  inventoryItemId: string;
  locationId: string;
  sku: string | null;
  productTitle: string;
  variantTitle: string | null;
  delta: number;
}

export interface BookedLinePreview {
  lineId: string;
  sku: string | null;
  productTitle: string;
  variantTitle: string | null;
  /** Net of this change's bookings: a reversal counts negative. */
  received: number;
  rejected: number;
  cancelled: number;
  reason: IntakeReason | null;
  /** Added by this change: a line the order did not have (a delivery's unordered variant). */
  newLine: boolean;
}

export interface ChangePreview {
  statusFrom: PurchaseOrderStatus;
  statusTo: PurchaseOrderStatus;
  /** Per order line, what the change books (receipts, cancellations, reversals); returned units per reason. */
  booked: BookedLinePreview[];
  /** Shopify on hand per variant and location. */
  onHand: InventoryChangePreview[];
  /** Shopify incoming per variant and location (this order's share of it). */
  incoming: InventoryChangePreview[];
  tagsAdded: Array<{ productId: string; tags: string[] }>;
  tagsRemoved: Array<{ productId: string; tags: string[] }>;
  metafieldWrites: number;
  /** How many Shopify effects the change stages. */
  effectCount: number;
}

export function previewChange(before: PurchaseOrderState, after: PurchaseOrderState, effects: readonly PlannedEffect[]): ChangePreview {
  // A removed line is only in `before`; a line the change adds only in `after`.
  const lines = [...after.lines, ...before.lines];
  const existing = new Set(before.lines.map((line) => line.id));
  const described = (line: OrderLine | undefined, fallback: string) => ({
    sku: line?.sku ?? null,
    productTitle: line?.productTitle ?? fallback,
    variantTitle: line?.variantTitle ?? null,
  });

  // Units booked under a reason of their own keep it apart ("5 received", "2 received · Late
  // delivery (accepted)", "1 returned · Damaged"); plain accepted and cancelled units are one row.
  const booked = new Map<string, BookedLinePreview>();
  const earlier = new Set(before.bookings.map((booking) => booking.id));
  for (const booking of after.bookings.filter((candidate) => !earlier.has(candidate.id))) {
    for (const entry of booking.lines) {
      const key = entry.reason && entry.reason !== "accepted" && entry.reason !== "canceled" ? `${entry.lineId} ${entry.reason}` : entry.lineId;
      const line = booked.get(key) ?? {
        lineId: entry.lineId,
        ...described(
          lines.find((candidate) => candidate.id === entry.lineId),
          entry.lineId,
        ),
        received: 0,
        rejected: 0,
        cancelled: 0,
        reason: null,
        newLine: !existing.has(entry.lineId),
      };
      line.received += entry.received;
      line.rejected += entry.rejected;
      line.cancelled += entry.cancelled;
      line.reason = entry.reason ?? line.reason;
      booked.set(key, line);
    }
  }

  const inventory = (kind: "adjust_on_hand" | "adjust_incoming") => {
    const totals = new Map<string, InventoryChangePreview>();
    for (const effect of effects) {
      if (effect.kind !== kind) continue;
      for (const change of effect.payload.changes) {
        const key = `${change.inventoryItemId}@${change.locationId}`;
        const total = totals.get(key) ?? {
          inventoryItemId: change.inventoryItemId,
          locationId: change.locationId,
          ...described(
            lines.find((line) => line.inventoryItemId === change.inventoryItemId),
            change.inventoryItemId,
          ),
          delta: 0,
        };
        total.delta += change.delta;
        totals.set(key, total);
      }
    }
    return [...totals.values()].filter((total) => total.delta !== 0);
  };
  const tags = (kind: "add_tags" | "remove_tags") =>
    effects.flatMap((effect) => (effect.kind === kind ? effect.payload.items.map((item) => ({ productId: item.id, tags: item.tags })) : []));

  return {
    statusFrom: before.status,
    statusTo: after.status,
    booked: [...booked.values()],
    onHand: inventory("adjust_on_hand"),
    incoming: inventory("adjust_incoming"),
    tagsAdded: tags("add_tags"),
    tagsRemoved: tags("remove_tags"),
    metafieldWrites: effects.reduce((sum, effect) => sum + (effect.kind === "set_metafields" ? effect.payload.metafields.length : 0), 0),
    effectCount: effects.length,
  };
}
