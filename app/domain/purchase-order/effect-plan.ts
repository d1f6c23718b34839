import { inventoryEffects, purchaseOrderDocumentUri, type PlannedEffect, type QuantityDelta } from "../effects";
import { WRITE_BACK_FIELDS, type ShopSettingsValues, type TagRule, type WriteBackRule } from "../settings";
import { incomingChanges, incomingTargets, type IncomingChange, type IncomingPosition } from "./incoming";
import { reachesShopify, type PurchaseOrderState } from "./order";
import { purchaseOrderName, STATUS_LABELS, type PurchaseOrderStatus } from "./status";

/**
 * What Shopify must be told after one saved change to an order, in the order it must be told:
 * on hand for receipts newly synced (and compensations), incoming brought to what the order now
 * holds (only the difference from what it held), then product tags and write-back metafields
 * when the status (or, in a status that holds them, the set of products) changed.
 * Custom lines never touch Shopify.
 */

/** Another open order of the shop that holds some of the same products or variants. */
export interface OtherOrderHolding {
  status: PurchaseOrderStatus;
  productIds: readonly string[];
  variantIds: readonly string[];
}

export interface EffectPlanInput {
  before: PurchaseOrderState;
  next: PurchaseOrderState;
  action: string;
  incomingCorrection?: QuantityDelta;
  settings: ShopSettingsValues;
  /** What the order held as incoming before the change (its ledger). */
  heldIncoming: readonly IncomingPosition[];
  /** The shop's other orders that are not deleted and share products or variants with this one. */
  otherOrders: readonly OtherOrderHolding[];
  supplierName: string;
}

export interface EffectPlan {
  /** The order's new incoming per position that changed (quantity 0: the position is released). */
  ledger: IncomingChange[];
  effects: PlannedEffect[];
}

export function planEffects(input: EffectPlanInput): EffectPlan {
  // Sync reset only forgets what was pushed; Shopify stays exactly as it is.
  if (input.action === "reset_sync") return { ledger: [], effects: [] };
  const { before, next, settings } = input;
  const uri = purchaseOrderDocumentUri(next.id);
  const ledger = settings.incomingTracking ? incomingChanges(incomingTargets(next), input.heldIncoming) : [];
  // Items whose variant Shopify deleted leave the ledger without a word to Shopify: it would
  // refuse the whole call for an item it no longer has.
  const deleted = new Set(next.lines.flatMap((line) => (line.variantDeletedAt && line.inventoryItemId ? [line.inventoryItemId] : [])));
  const incoming = ledger.filter((change) => !deleted.has(change.inventoryItemId));
  const effects = [
    ...inventoryEffects("adjust_on_hand", uri, onHandChanges(before, next)),
    ...inventoryEffects("adjust_incoming", uri, input.incomingCorrection ? [...incoming, input.incomingCorrection] : incoming),
    ...tagEffects(input),
    ...metafieldEffects(input),
  ];
  return { ledger, effects };
}

/** Received quantities of bookings synced by this change, per inventory item and location. */
export function onHandChanges(before: PurchaseOrderState, next: PurchaseOrderState): QuantityDelta[] {
  const wasSynced = new Map(before.bookings.map((booking) => [booking.id, booking.syncedAt !== null]));
  const itemOf = new Map(next.lines.map((line) => [line.id, reachesShopify(line) ? line.inventoryItemId : null]));
  const totals = new Map<string, QuantityDelta>();
  for (const booking of next.bookings) {
    if (booking.syncedAt === null || wasSynced.get(booking.id) === true) continue;
    const locationId = booking.locationId ?? next.header.locationId;
    if (!locationId) continue;
    for (const entry of booking.lines) {
      const inventoryItemId = itemOf.get(entry.lineId);
      if (!inventoryItemId || entry.received === 0) continue;
      const key = `${inventoryItemId}@${locationId}`;
      const total = totals.get(key) ?? { inventoryItemId, locationId, delta: 0 };
      total.delta += entry.received;
      totals.set(key, total);
    }
  }
  return [...totals.values()].filter((total) => total.delta !== 0);
}

function productIds(order: PurchaseOrderState): string[] {
  return unique(order.lines.flatMap((line) => (reachesShopify(line) && line.productId ? [line.productId] : [])));
}

function variantIds(order: PurchaseOrderState): string[] {
  return unique(order.lines.flatMap((line) => (reachesShopify(line) && line.variantId ? [line.variantId] : [])));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Whether an order in this status holds a rule's tag (it was applied and not yet removed). */
function holdsTag(rule: TagRule, status: PurchaseOrderStatus): boolean {
  if (rule.removeStatuses.includes(status)) return false;
  return status !== "draft" || rule.applyStatuses.includes("draft");
}

/** The products a tag rule adds its tag to and removes it from, before other orders are asked. */
function tagChanges(rule: TagRule, before: PurchaseOrderState, next: PurchaseOrderState): { adding: string[]; removing: string[] } {
  const statusChanged = before.status !== next.status;
  if (statusChanged && rule.applyStatuses.includes(next.status)) return { adding: productIds(next), removing: [] };
  if (statusChanged && rule.removeStatuses.includes(next.status))
    return { adding: [], removing: unique([...productIds(before), ...productIds(next)]) };
  if (!statusChanged && holdsTag(rule, next.status)) {
    // Lines moved in or out (split, merge, added, removed) while the order holds the tag.
    const had = new Set(productIds(before));
    const has = new Set(productIds(next));
    return { adding: [...has].filter((id) => !had.has(id)), removing: [...had].filter((id) => !has.has(id)) };
  }
  return { adding: [], removing: [] };
}

function tagEffects(input: EffectPlanInput): PlannedEffect[] {
  const { before, next } = input;
  const toAdd = new Map<string, string[]>();
  const toRemove = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, productId: string, tag: string) => map.set(productId, [...(map.get(productId) ?? []), tag]);
  for (const rule of input.settings.tagRules) {
    const { adding, removing } = tagChanges(rule, before, next);
    const heldElsewhere = new Set(
      rule.removalPolicy === "protected"
        ? input.otherOrders.filter((other) => holdsTag(rule, other.status)).flatMap((other) => other.productIds)
        : [],
    );
    for (const productId of adding) push(toAdd, productId, rule.tag);
    for (const productId of removing.filter((id) => !heldElsewhere.has(id))) push(toRemove, productId, rule.tag);
  }
  const effects: PlannedEffect[] = [];
  if (toAdd.size > 0) effects.push({ kind: "add_tags", payload: { items: [...toAdd].map(([id, tags]) => ({ id, tags })) } });
  if (toRemove.size > 0) {
    effects.push({ kind: "remove_tags", payload: { items: [...toRemove].map(([id, tags]) => ({ id, tags })) } });
  }
  return effects;
}

function metafieldEffects(input: EffectPlanInput): PlannedEffect[] {
  const { before, next } = input;
  if (before.status === next.status) return [];
  const metafields = input.settings.writeBackRules.flatMap((rule) => {
    const owners = rule.owner === "product" ? productIds(next) : variantIds(next);
    const write = (ownerIds: string[], type: string, value: string) =>
      ownerIds.map((ownerId) => ({ ownerId, namespace: rule.namespace, key: rule.key, type, value }));
    if (rule.kind === "value") {
      if (!rule.triggerStatuses.includes(next.status)) return [];
      const value = fieldValue(rule, input);
      return value === null ? [] : write(owners, WRITE_BACK_FIELDS[rule.field], value);
    }
    if (rule.trueStatuses.includes(next.status)) return write(owners, "boolean", "true");
    // Stays TRUE while another active order holds the owner in a TRUE status.
    const stillTrue = new Set(
      input.otherOrders
        .filter((other) => rule.trueStatuses.includes(other.status))
        .flatMap((other) => (rule.owner === "product" ? other.productIds : other.variantIds)),
    );
    return write(
      falseOwners(rule, before, next).filter((owner) => !stillTrue.has(owner)),
      "boolean",
      "false",
    );
  });
  return metafields.length > 0 ? [{ kind: "set_metafields", payload: { metafields } }] : [];
}

type ValueRule = Extract<WriteBackRule, { kind: "value" }>;
type BooleanRule = Extract<WriteBackRule, { kind: "boolean" }>;

/** The owners a boolean rule would write FALSE on, before other orders are asked: the order's, when it moves to a FALSE status. */
function falseOwners(rule: BooleanRule, before: PurchaseOrderState, next: PurchaseOrderState): string[] {
  if (before.status === next.status || !rule.falseStatuses.includes(next.status)) return [];
  return rule.owner === "product" ? productIds(next) : variantIds(next);
}

/**
 * The products and variants whose tag removal or FALSE write-back depends on the shop's other
 * orders: the only ones the plan needs other orders' holdings of (none for a change that removes
 * nothing, such as a send or a confirmation under the default rules).
 */
export function holdingsInQuestion(change: Pick<EffectPlanInput, "before" | "next" | "settings">): { productIds: string[]; variantIds: string[] } {
  const products = new Set<string>();
  const variants = new Set<string>();
  for (const rule of change.settings.tagRules) {
    if (rule.removalPolicy === "protected") for (const id of tagChanges(rule, change.before, change.next).removing) products.add(id);
  }
  for (const rule of change.settings.writeBackRules) {
    if (rule.kind !== "boolean") continue;
    for (const id of falseOwners(rule, change.before, change.next)) (rule.owner === "product" ? products : variants).add(id);
  }
  return { productIds: [...products].sort(), variantIds: [...variants].sort() };
}

/** The PO field a value rule writes, as Shopify expects the metafield value; null when the field is empty. */
function fieldValue(rule: ValueRule, input: EffectPlanInput): string | null {
  const { next } = input;
  switch (rule.field) {
    case "expectedArrivalAt":
      return next.header.expectedArrivalAt ? next.header.expectedArrivalAt.toISOString().slice(0, 10) : null;
    case "number":
      return purchaseOrderName(next.number);
    case "status":
      return STATUS_LABELS[next.status];
    case "supplierName":
      return input.supplierName;
    case "reference":
      return next.header.reference;
  }
}
