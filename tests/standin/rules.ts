/**
 * Shopify's documented input rules for the mutations Inbound uses, as pure checks over the
 * current shop state. Each planner either returns the userErrors Shopify would answer with
 * (and nothing may be applied) or the exact changes to apply.
 */
import { GraphQLEnumType } from "graphql";
import { adminSchema } from "../shopify/admin-schema";
import { levelKey, levelQuantity, type InventoryItemRecord, type MetafieldRecord, type QuantityName, type ShopState } from "./store";

/** https://shopify.dev/docs/api/usage/limits#input-limits: every input array. */
export const MAX_INPUT_ARRAY_SIZE = 250;
export const MAX_METAFIELDS_PER_SET = 25;

/** Names inventoryAdjustQuantities accepts; every one but `available` is kept per ledger document. */
export const ADJUSTABLE_QUANTITY_NAMES = ["available", "damaged", "incoming", "quality_control", "reserved", "safety_stock"] as const;
export const SETTABLE_QUANTITY_NAMES = ["available", "on_hand"] as const;

/** The reason values Shopify lists for inventory mutations. */
export const INVENTORY_REASONS = [
  "correction",
  "cycle_count_available",
  "damaged",
  "movement_canceled",
  "movement_created",
  "movement_received",
  "movement_updated",
  "other",
  "promotion",
  "quality_control",
  "received",
  "reservation_created",
  "reservation_deleted",
  "reservation_updated",
  "restock",
  "safety_stock",
  "shrinkage",
] as const;

const ADJUST_LIMIT = 2_000_000_000;
const SET_LIMIT = 1_000_000_000;

/** Metafield types whose values the stand-in validates; others are refused as not implemented. */
export const METAFIELD_TYPES: Record<string, (value: string) => boolean> = {
  single_line_text_field: (v) => !/[\r\n]/.test(v),
  multi_line_text_field: () => true,
  number_integer: (v) => /^-?\d+$/.test(v),
  number_decimal: (v) => /^-?\d+(\.\d+)?$/.test(v),
  boolean: (v) => v === "true" || v === "false",
  json: (v) => {
    try {
      JSON.parse(v);
      return true;
    } catch {
      return false;
    }
  },
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  date_time: (v) => !Number.isNaN(Date.parse(v)),
  url: (v) => /^(https?|mailto|sms|tel):\S+$/.test(v),
};

export interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
}
export interface MetafieldUserError extends UserError {
  elementIndex: number | null;
}

/** Messages come from the schema's own enum descriptions so they read as Shopify's do. */
export function userError(enumName: string, code: string, field: Array<string | number> | null, message?: string): UserError {
  const type = adminSchema().getType(enumName);
  const description = type instanceof GraphQLEnumType ? type.getValue(code)?.description : undefined;
  if (description === undefined) throw new Error(`${enumName}.${code} is not in the schema`);
  return { field: field?.map(String) ?? null, message: message ?? description ?? code, code };
}

export function isValidUri(uri: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(uri)) return false;
  // A GID must name all of app, entity and id.
  return !uri.toLowerCase().startsWith("gid:") || /^gid:\/\/[^/\s]+\/[^/\s]+\/[^/\s]+$/.test(uri);
}

function has<K extends string>(object: object, key: K): object is Record<K, unknown> {
  return Object.prototype.hasOwnProperty.call(object, key);
}

export interface ChangeInput {
  inventoryItemId: string;
  locationId: string;
  delta: number;
  ledgerDocumentUri?: string | null;
  changeFromQuantity?: number | null;
}
export interface AdjustQuantitiesInput {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
  changes: ChangeInput[];
}
export interface QuantityInput {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  changeFromQuantity?: number | null;
}
export interface SetQuantitiesInput {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
  quantities: QuantityInput[];
}

/** One change to apply; `on_hand` is applied to `available`, `incoming` to its ledger document. */
export interface PlannedChange {
  itemId: string;
  locationId: string;
  name: QuantityName;
  delta: number;
  ledgerDocumentUri: string | null;
}
export type Plan<T> = { ok: true; value: T } | { ok: false; userErrors: UserError[] };

/** Running quantities while a call is checked, so two changes to one level see each other. */
class Projection {
  private readonly pending = new Map<string, number>();
  constructor(private readonly shop: ShopState) {}

  current(itemId: string, locationId: string, name: QuantityName): number {
    const level = this.shop.levels.get(levelKey(itemId, locationId));
    const base = level ? levelQuantity(level, name) : 0;
    return base + (this.pending.get(`${levelKey(itemId, locationId)}|${name}`) ?? 0);
  }

  ledger(itemId: string, locationId: string, uri: string): number {
    const base = this.shop.levels.get(levelKey(itemId, locationId))?.incomingByLedger.get(uri) ?? 0;
    return base + (this.pending.get(`${levelKey(itemId, locationId)}|ledger|${uri}`) ?? 0);
  }

  add(change: PlannedChange): void {
    const bump = (key: string) => this.pending.set(key, (this.pending.get(key) ?? 0) + change.delta);
    const level = levelKey(change.itemId, change.locationId);
    bump(`${level}|${change.name}`);
    if (change.name === "incoming" && change.ledgerDocumentUri) bump(`${level}|ledger|${change.ledgerDocumentUri}`);
    if (change.name === "on_hand") bump(`${level}|available`);
    else if (change.name !== "incoming") bump(`${level}|on_hand`);
  }
}

function checkHeader(enumName: string, input: { reason: string; referenceDocumentUri?: string | null }): UserError[] {
  const errors: UserError[] = [];
  if (!(INVENTORY_REASONS as readonly string[]).includes(input.reason)) {
    errors.push(userError(enumName, "INVALID_REASON", ["input", "reason"]));
  }
  if (input.referenceDocumentUri != null && !isValidUri(input.referenceDocumentUri)) {
    errors.push(userError(enumName, "INVALID_REFERENCE_DOCUMENT", ["input", "referenceDocumentUri"]));
  }
  return errors;
}

function checkTarget(
  shop: ShopState,
  enumName: string,
  target: { inventoryItemId: string; locationId: string },
  path: Array<string | number>,
): UserError[] {
  const errors: UserError[] = [];
  if (!shop.inventoryItems.has(target.inventoryItemId)) {
    errors.push(userError(enumName, "INVALID_INVENTORY_ITEM", [...path, "inventoryItemId"]));
  }
  if (!shop.locations.has(target.locationId)) {
    errors.push(userError(enumName, "INVALID_LOCATION", [...path, "locationId"]));
  }
  return errors;
}

/** ledgerDocumentUri: forbidden for available, required otherwise, never Shopify's own. */
function ledgerDocumentRule(name: string, ledger: string | null): string | null {
  if (name === "available") return ledger === null ? null : "INVALID_AVAILABLE_DOCUMENT";
  if (ledger === null) return "INVALID_QUANTITY_DOCUMENT";
  if (ledger.toLowerCase().startsWith("gid://shopify/")) return "INTERNAL_LEDGER_DOCUMENT";
  return isValidUri(ledger) ? null : "INVALID_LEDGER_DOCUMENT";
}

export function planAdjustQuantities(shop: ShopState, input: AdjustQuantitiesInput): Plan<PlannedChange[]> {
  const E = "InventoryAdjustQuantitiesUserErrorCode";
  const errors = checkHeader(E, input);
  const name = input.name as QuantityName;
  const knownName = (ADJUSTABLE_QUANTITY_NAMES as readonly string[]).includes(input.name);
  if (!knownName) errors.push(userError(E, "INVALID_QUANTITY_NAME", ["input", "name"]));
  const ledgers = new Set(input.changes.map((c) => c.ledgerDocumentUri ?? null));
  if (ledgers.size > 1) errors.push(userError(E, "MAX_ONE_LEDGER_DOCUMENT", ["input", "changes"]));
  const projection = new Projection(shop);
  const planned: PlannedChange[] = [];
  input.changes.forEach((change, i) => {
    const path = ["input", "changes", i];
    const ledger = change.ledgerDocumentUri ?? null;
    const changeErrors = checkTarget(shop, E, change, path);
    // Which ledger rule applies depends on the name, so an unknown name is reported alone.
    const ledgerCode = knownName ? ledgerDocumentRule(input.name, ledger) : null;
    if (ledgerCode) changeErrors.push(userError(E, ledgerCode, [...path, "ledgerDocumentUri"]));
    if (!has(change, "changeFromQuantity")) {
      // The schema documents the field as mandatory but the enum has no code for its absence.
      changeErrors.push({
        field: [...path, "changeFromQuantity"].map(String),
        message: "changeFromQuantity is required: pass the expected quantity, or null to skip the check.",
        code: null,
      });
    }
    if (changeErrors.length > 0 || errors.length > 0) {
      errors.push(...changeErrors);
      return;
    }
    const before = projection.current(change.inventoryItemId, change.locationId, name);
    if (change.changeFromQuantity != null && change.changeFromQuantity !== before) {
      errors.push(userError(E, "CHANGE_FROM_QUANTITY_STALE", [...path, "changeFromQuantity"]));
      return;
    }
    const after = before + change.delta;
    if (after > ADJUST_LIMIT) errors.push(userError(E, "INVALID_QUANTITY_TOO_HIGH", [...path, "delta"]));
    else if (after < -ADJUST_LIMIT) errors.push(userError(E, "INVALID_QUANTITY_TOO_LOW", [...path, "delta"]));
    else if (name === "incoming" && ledger !== null && projection.ledger(change.inventoryItemId, change.locationId, ledger) + change.delta < 0) {
      errors.push(
        userError(E, "INVALID_QUANTITY_TOO_LOW", [...path, "delta"], `The incoming quantity for ledger document ${ledger} can't be lower than 0.`),
      );
    } else if (change.delta !== 0) {
      const next: PlannedChange = {
        itemId: change.inventoryItemId,
        locationId: change.locationId,
        name,
        delta: change.delta,
        ledgerDocumentUri: ledger,
      };
      projection.add(next);
      planned.push(next);
    }
  });
  return errors.length > 0 ? { ok: false, userErrors: errors } : { ok: true, value: planned };
}

export function planSetQuantities(shop: ShopState, input: SetQuantitiesInput): Plan<PlannedChange[]> {
  const E = "InventorySetQuantitiesUserErrorCode";
  const errors = checkHeader(E, input);
  if (!(SETTABLE_QUANTITY_NAMES as readonly string[]).includes(input.name)) {
    errors.push(userError(E, "INVALID_NAME", ["input", "name"]));
  }
  const name = input.name as QuantityName;
  const seen = new Set<string>();
  const planned: PlannedChange[] = [];
  input.quantities.forEach((quantity, i) => {
    const path = ["input", "quantities", i];
    const quantityErrors = checkTarget(shop, E, quantity, path);
    const pair = levelKey(quantity.inventoryItemId, quantity.locationId);
    if (seen.has(pair)) quantityErrors.push(userError(E, "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR", path));
    seen.add(pair);
    if (!has(quantity, "changeFromQuantity")) {
      quantityErrors.push(
        userError(
          E,
          "COMPARE_QUANTITY_REQUIRED",
          [...path, "changeFromQuantity"],
          "changeFromQuantity must be given for each quantity; pass null to skip the check.",
        ),
      );
    }
    if (quantity.quantity < 0) quantityErrors.push(userError(E, "INVALID_QUANTITY_NEGATIVE", [...path, "quantity"]));
    if (quantity.quantity > SET_LIMIT) quantityErrors.push(userError(E, "INVALID_QUANTITY_TOO_HIGH", [...path, "quantity"]));
    if (quantityErrors.length > 0 || errors.length > 0) {
      errors.push(...quantityErrors);
      return;
    }
    const level = shop.levels.get(pair);
    const before = level ? levelQuantity(level, name) : 0;
    if (quantity.changeFromQuantity != null && quantity.changeFromQuantity !== before) {
      errors.push(userError(E, "CHANGE_FROM_QUANTITY_STALE", [...path, "changeFromQuantity"]));
      return;
    }
    const delta = quantity.quantity - before;
    if (delta !== 0) {
      planned.push({ itemId: quantity.inventoryItemId, locationId: quantity.locationId, name, delta, ledgerDocumentUri: null });
    }
  });
  return errors.length > 0 ? { ok: false, userErrors: errors } : { ok: true, value: planned };
}

export interface InventoryItemUpdateInput {
  cost?: unknown;
  tracked?: boolean | null;
  sku?: string | null;
}

export function planInventoryItemUpdate(
  item: InventoryItemRecord | undefined,
  input: InventoryItemUpdateInput,
): Plan<Partial<Pick<InventoryItemRecord, "unitCost" | "tracked" | "sku">>> {
  if (!item) return { ok: false, userErrors: [{ field: ["id"], message: "Inventory item does not exist", code: null }] };
  const update: Partial<Pick<InventoryItemRecord, "unitCost" | "tracked" | "sku">> = {};
  if (has(input, "cost")) {
    const cost = input.cost === null ? null : String(input.cost);
    if (cost !== null && !/^\d+(\.\d+)?$/.test(cost)) {
      return { ok: false, userErrors: [{ field: ["input", "cost"], message: "Cost must be a non-negative decimal", code: null }] };
    }
    update.unitCost = cost;
  }
  if (input.tracked != null) update.tracked = input.tracked;
  if (has(input, "sku")) update.sku = input.sku ?? null;
  return { ok: true, value: update };
}

export interface MetafieldSetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  type?: string | null;
  value: string;
  compareDigest?: string | null;
}
export interface MetafieldWrite {
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  existing: MetafieldRecord | undefined;
}

/** The namespace Shopify reserves for the calling app when none is given. */
export const APP_NAMESPACE = "app--standin";
const IDENTIFIER = /^[A-Za-z0-9_-]+$/;

export function planMetafieldsSet(
  shop: ShopState,
  inputs: MetafieldSetInput[],
  ownerExists: (id: string) => boolean,
  digestOf: (metafield: MetafieldRecord) => string,
): { ok: true; value: MetafieldWrite[] } | { ok: false; userErrors: MetafieldUserError[] } {
  const E = "MetafieldsSetUserErrorCode";
  if (inputs.length > MAX_METAFIELDS_PER_SET) {
    return {
      ok: false,
      userErrors: [
        {
          ...userError(E, "LESS_THAN_OR_EQUAL_TO", ["metafields"], `Exceeds the maximum input size of ${MAX_METAFIELDS_PER_SET} metafields.`),
          elementIndex: null,
        },
      ],
    };
  }
  const errors: MetafieldUserError[] = [];
  const writes: MetafieldWrite[] = [];
  inputs.forEach((input, i) => {
    const fail = (code: string, field: string, message?: string) =>
      errors.push({ ...userError(E, code, ["metafields", i, field], message), elementIndex: i });
    const namespace = input.namespace ?? APP_NAMESPACE;
    if (!ownerExists(input.ownerId)) return fail("INVALID", "ownerId", "Owner does not exist.");
    if (namespace.length < 3) return fail("TOO_SHORT", "namespace");
    if (namespace.length > 255) return fail("TOO_LONG", "namespace");
    if (!IDENTIFIER.test(namespace)) return fail("INVALID", "namespace");
    if (input.key.length < 2) return fail("TOO_SHORT", "key");
    if (input.key.length > 64) return fail("TOO_LONG", "key");
    if (!IDENTIFIER.test(input.key)) return fail("INVALID", "key");
    const existing = [...shop.metafields.values()].find((m) => m.ownerId === input.ownerId && m.namespace === namespace && m.key === input.key);
    const type = input.type ?? existing?.type;
    if (!type) return fail("BLANK", "type", "Type can't be blank.");
    const validate = METAFIELD_TYPES[type];
    if (!validate) return fail("INVALID_TYPE", "type", `The stand-in does not implement metafield type ${type}.`);
    if (existing && existing.type !== type) return fail("INVALID_TYPE", "type", `Type must be ${existing.type}, the metafield's existing type.`);
    if (!validate(input.value)) return fail("INVALID_VALUE", "value");
    if (has(input, "compareDigest")) {
      const current = existing ? digestOf(existing) : null;
      if (input.compareDigest !== current) return fail("STALE_OBJECT", "compareDigest");
    }
    writes.push({ ownerId: input.ownerId, namespace, key: input.key, type, value: input.value, existing });
  });
  return errors.length > 0 ? { ok: false, userErrors: errors } : { ok: true, value: writes };
}

/** Tags may arrive as an array, or with comma-separated values inside elements. */
export function parseTags(tags: readonly string[]): string[] {
  return tags
    .flatMap((t) => t.split(","))
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}
