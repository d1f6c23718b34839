import { ValidationError, type FieldErrors } from "./errors";
import { isShopifyId, shopifyIdMessage } from "./input";
import { PURCHASE_ORDER_STATUSES, type PurchaseOrderStatus } from "./purchase-order/status";

/**
 * A shop's settings for Shopify effects: incoming tracking, auto-sync on receiving, product tag
 * rules and write-back metafield rules. A shop that never saved settings uses DEFAULT_SETTINGS.
 */

export type TagRemovalPolicy = "always" | "protected";

export interface TagRule {
  tag: string;
  /** Entering one of these statuses applies the tag to every product on the order. */
  applyStatuses: PurchaseOrderStatus[];
  /** Entering one of these statuses removes it (see removalPolicy). */
  removeStatuses: PurchaseOrderStatus[];
  /** protected: remove only when no other active order still holds the product. */
  removalPolicy: TagRemovalPolicy;
}

/** PO fields a value rule can write, and the metafield type each is written as. */
export const WRITE_BACK_FIELDS = {
  expectedArrivalAt: "date",
  number: "single_line_text_field",
  status: "single_line_text_field",
  supplierName: "single_line_text_field",
  reference: "single_line_text_field",
} as const;
export type WriteBackField = keyof typeof WRITE_BACK_FIELDS;

export type MetafieldOwner = "product" | "variant";

interface WriteBackTarget {
  /** Metafield namespace and key, e.g. "inbound" and "expected_arrival". */
  namespace: string;
  key: string;
  owner: MetafieldOwner;
}

export type WriteBackRule =
  | (WriteBackTarget & { kind: "value"; field: WriteBackField; triggerStatuses: PurchaseOrderStatus[] })
  | (WriteBackTarget & { kind: "boolean"; trueStatuses: PurchaseOrderStatus[]; falseStatuses: PurchaseOrderStatus[] });

/** How labels are printed by default: a PDF sheet of labels, one label per PDF page, CSV or XLSX. */
export const LABEL_FORMATS = ["pdf_sheet", "pdf_single", "csv", "xlsx"] as const;
export type LabelFormat = (typeof LABEL_FORMATS)[number];

export interface ShopSettingsValues {
  /** Push "incoming" to Shopify from Sent until the order completes or is cancelled. */
  incomingTracking: boolean;
  /** Push on hand as soon as goods are received (otherwise on Sync to Shopify). */
  autoSyncOnReceive: boolean;
  tagRules: TagRule[];
  writeBackRules: WriteBackRule[];
  labelFormat: LabelFormat;
  /** Where new orders are received unless another location is chosen; null: the first active location. */
  defaultLocationId: string | null;
}

export const DEFAULT_TAG_RULE: TagRule = {
  tag: "on-purchase-order",
  applyStatuses: ["sent"],
  removeStatuses: ["completed", "cancelled"],
  removalPolicy: "protected",
};

export const DEFAULT_SETTINGS: ShopSettingsValues = {
  incomingTracking: true,
  autoSyncOnReceive: false,
  tagRules: [DEFAULT_TAG_RULE],
  writeBackRules: [],
  labelFormat: "pdf_sheet",
  defaultLocationId: null,
};

export const MAX_TAG_RULES = 20;
export const MAX_WRITE_BACK_RULES = 20;
const TAG_PATTERN = /^[^,]{1,255}$/;
// Shopify: namespace 3–255 and key 2–64 characters of letters, digits, "-" and "_".
const NAMESPACE_PATTERN = /^[A-Za-z0-9_-]{3,255}$/;
const KEY_PATTERN = /^[A-Za-z0-9_-]{2,64}$/;

/**
 * Checks settings as they arrive from a form or the API (unknown shape) and returns them
 * normalised, or throws a ValidationError naming each bad field (e.g. `tagRules.0.tag`).
 */
export function validateSettings(input: unknown): ShopSettingsValues {
  const errors: FieldErrors = {};
  const record = isRecord(input) ? input : {};
  if (!isRecord(input)) errors.settings = "Settings must be an object";
  const bool = (name: "incomingTracking" | "autoSyncOnReceive"): boolean => {
    const value = record[name];
    if (typeof value !== "boolean") errors[name] = "Must be true or false";
    return value === true;
  };
  const settings: ShopSettingsValues = {
    incomingTracking: bool("incomingTracking"),
    autoSyncOnReceive: bool("autoSyncOnReceive"),
    tagRules: list(record.tagRules, "tagRules", MAX_TAG_RULES, errors).map((rule, index) => tagRule(rule, `tagRules.${index}`, errors)),
    writeBackRules: list(record.writeBackRules, "writeBackRules", MAX_WRITE_BACK_RULES, errors).map((rule, index) =>
      writeBackRule(rule, `writeBackRules.${index}`, errors),
    ),
    labelFormat: labelFormat(record.labelFormat, errors),
    defaultLocationId: defaultLocationId(record.defaultLocationId, errors),
  };
  const tags = settings.tagRules.map((rule) => rule.tag.toLowerCase());
  tags.forEach((tag, index) => {
    if (tag && tags.indexOf(tag) !== index) errors[`tagRules.${index}.tag`] ??= "Each tag has one rule";
  });
  const targets = settings.writeBackRules.map((rule) => `${rule.owner}:${rule.namespace}.${rule.key}`);
  targets.forEach((target, index) => {
    if (targets.indexOf(target) !== index) errors[`writeBackRules.${index}.key`] ??= "Each metafield has one rule";
  });
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return settings;
}

/** Optional in input (settings saved before labels existed have none): the default then. */
function labelFormat(value: unknown, errors: FieldErrors): LabelFormat {
  if (value === undefined) return DEFAULT_SETTINGS.labelFormat;
  if (typeof value === "string" && (LABEL_FORMATS as readonly string[]).includes(value)) return value as LabelFormat;
  errors.labelFormat = `Must be one of: ${LABEL_FORMATS.join(", ")}`;
  return DEFAULT_SETTINGS.labelFormat;
}

/** Optional in input (settings saved before it existed have none): none then. */
function defaultLocationId(value: unknown, errors: FieldErrors): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value === "string" && isShopifyId("Location", value)) return value;
  errors.defaultLocationId = shopifyIdMessage("Location");
  return null;
}

/**
 * Where a new order is received unless another location is chosen (the create screen's choice,
 * the API's when `location_id` is left out): the shop's default from Settings while it is an active
 * location, else the first active location; null when the shop has none.
 */
export function defaultReceivingLocation(
  settings: Pick<ShopSettingsValues, "defaultLocationId">,
  activeLocationIds: readonly string[],
): string | null {
  if (settings.defaultLocationId && activeLocationIds.includes(settings.defaultLocationId)) return settings.defaultLocationId;
  return activeLocationIds[0] ?? null;
}

function tagRule(input: unknown, path: string, errors: FieldErrors): TagRule {
  const rule = isRecord(input) ? input : {};
  const tag = typeof rule.tag === "string" ? rule.tag.trim() : "";
  if (!TAG_PATTERN.test(tag)) errors[`${path}.tag`] = "A tag is 1 to 255 characters, without commas";
  const removalPolicy = rule.removalPolicy;
  if (removalPolicy !== "always" && removalPolicy !== "protected") {
    errors[`${path}.removalPolicy`] = "Must be always or protected";
  }
  const applyStatuses = statuses(rule.applyStatuses, `${path}.applyStatuses`, errors);
  const removeStatuses = statuses(rule.removeStatuses, `${path}.removeStatuses`, errors);
  overlap(applyStatuses, removeStatuses, `${path}.removeStatuses`, "apply", errors);
  if (applyStatuses.length === 0) errors[`${path}.applyStatuses`] ??= "Choose at least one status that applies the tag";
  return { tag, applyStatuses, removeStatuses, removalPolicy: removalPolicy === "always" ? "always" : "protected" };
}

function writeBackRule(input: unknown, path: string, errors: FieldErrors): WriteBackRule {
  const rule = isRecord(input) ? input : {};
  const namespace = typeof rule.namespace === "string" ? rule.namespace.trim() : "";
  const key = typeof rule.key === "string" ? rule.key.trim() : "";
  if (!NAMESPACE_PATTERN.test(namespace)) {
    errors[`${path}.namespace`] = "3 to 255 letters, digits, - or _";
  }
  if (!KEY_PATTERN.test(key)) errors[`${path}.key`] = "2 to 64 letters, digits, - or _";
  const owner: MetafieldOwner = rule.owner === "variant" ? "variant" : "product";
  if (rule.owner !== "product" && rule.owner !== "variant") errors[`${path}.owner`] = "Must be product or variant";
  if (rule.kind === "boolean") {
    const trueStatuses = statuses(rule.trueStatuses, `${path}.trueStatuses`, errors);
    const falseStatuses = statuses(rule.falseStatuses, `${path}.falseStatuses`, errors);
    overlap(trueStatuses, falseStatuses, `${path}.falseStatuses`, "TRUE", errors);
    if (trueStatuses.length === 0) errors[`${path}.trueStatuses`] ??= "Choose at least one status that sets TRUE";
    return { kind: "boolean", namespace, key, owner, trueStatuses, falseStatuses };
  }
  if (rule.kind !== "value") errors[`${path}.kind`] = "Must be value or boolean";
  const field = rule.field as WriteBackField;
  if (typeof rule.field !== "string" || !Object.hasOwn(WRITE_BACK_FIELDS, rule.field)) {
    errors[`${path}.field`] = `Must be one of: ${Object.keys(WRITE_BACK_FIELDS).join(", ")}`;
  }
  const triggerStatuses = statuses(rule.triggerStatuses, `${path}.triggerStatuses`, errors);
  if (triggerStatuses.length === 0) errors[`${path}.triggerStatuses`] ??= "Choose at least one trigger status";
  return { kind: "value", namespace, key, owner, field, triggerStatuses };
}

function list(value: unknown, path: string, max: number, errors: FieldErrors): unknown[] {
  if (!Array.isArray(value)) {
    errors[path] = "Must be a list";
    return [];
  }
  if (value.length > max) errors[path] = `At most ${max} rules`;
  return value;
}

function statuses(value: unknown, path: string, errors: FieldErrors): PurchaseOrderStatus[] {
  if (!Array.isArray(value) || value.some((status) => !(PURCHASE_ORDER_STATUSES as readonly unknown[]).includes(status))) {
    errors[path] = `Must be a list of: ${PURCHASE_ORDER_STATUSES.join(", ")}`;
    return [];
  }
  return [...new Set(value as PurchaseOrderStatus[])];
}

function overlap(a: PurchaseOrderStatus[], b: PurchaseOrderStatus[], path: string, other: string, errors: FieldErrors): void {
  const both = b.filter((status) => a.includes(status));
  if (both.length > 0) errors[path] ??= `Also in the ${other} statuses: ${both.join(", ")}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
