/**
 * The Shopify effects an action can call for, as plain data. The core plans them
 * (purchase-order/effect-plan.ts), a service stages them in the transaction that saves the
 * change (the outbox), and the worker applies them through the gateway. One row per effect;
 * a row's id is the idempotency key Shopify sees.
 */

export const EFFECT_KINDS = ["adjust_incoming", "adjust_on_hand", "add_tags", "remove_tags", "set_metafields", "update_unit_costs"] as const;
export type EffectKind = (typeof EFFECT_KINDS)[number];

/** Shopify takes at most 250 changes per inventory mutation: one effect is one call. */
export const MAX_INVENTORY_CHANGES_PER_EFFECT = 250;

export interface QuantityDelta {
  inventoryItemId: string;
  locationId: string;
  delta: number;
}

export interface InventoryEffectPayload {
  /** gid://inbound/PurchaseOrder/<id> (and, for incoming, the ledger document). */
  referenceDocumentUri: string;
  changes: QuantityDelta[];
}

export interface TagsEffectPayload {
  /** Per product gid, the tags to add or remove. */
  items: Array<{ id: string; tags: string[] }>;
}

export interface MetafieldsEffectPayload {
  metafields: Array<{ ownerId: string; namespace: string; key: string; type: string; value: string }>;
}

/** Cost sync of a completing order: each variant's unit cost (shop currency) written to Shopify; the order completes once applied. */
export interface UnitCostsEffectPayload {
  purchaseOrderId: string;
  /** When the completion it is for was asked: its outcome settles that request only. */
  requestedAt: string;
  writes: Array<{ inventoryItemId: string; cost: string }>;
}

export type PlannedEffect =
  | { kind: "adjust_incoming"; payload: InventoryEffectPayload }
  | { kind: "adjust_on_hand"; payload: InventoryEffectPayload }
  | { kind: "add_tags"; payload: TagsEffectPayload }
  | { kind: "remove_tags"; payload: TagsEffectPayload }
  | { kind: "set_metafields"; payload: MetafieldsEffectPayload }
  | { kind: "update_unit_costs"; payload: UnitCostsEffectPayload };

/** How many Shopify changes an effect carries (what the order screen shows per effect). */
export function effectSize(effect: PlannedEffect): number {
  switch (effect.kind) {
    case "adjust_incoming":
    case "adjust_on_hand":
      return effect.payload.changes.length;
    case "add_tags":
    case "remove_tags":
      return effect.payload.items.length;
    case "set_metafields":
      return effect.payload.metafields.length;
    case "update_unit_costs":
      return effect.payload.writes.length;
  }
}

/** The document Shopify's inventory history shows for our changes (and the incoming ledger key). */
export function purchaseOrderDocumentUri(orderId: string): string {
  return `gid://inbound/PurchaseOrder/${orderId}`;
}

/** Splits inventory changes into effects of at most 250 changes (one Shopify call each). */
export function inventoryEffects(
  kind: "adjust_incoming" | "adjust_on_hand",
  referenceDocumentUri: string,
  changes: readonly QuantityDelta[],
): PlannedEffect[] {
  const effects: PlannedEffect[] = [];
  for (let start = 0; start < changes.length; start += MAX_INVENTORY_CHANGES_PER_EFFECT) {
    const slice = changes.slice(start, start + MAX_INVENTORY_CHANGES_PER_EFFECT).map(({ inventoryItemId, locationId, delta }) => ({
      inventoryItemId,
      locationId,
      delta,
    }));
    effects.push({ kind, payload: { referenceDocumentUri, changes: slice } });
  }
  return effects;
}
