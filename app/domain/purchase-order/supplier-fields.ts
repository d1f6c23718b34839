import { parseAddress, type Address } from "../address";
import { ValidationError, type FieldErrors } from "../errors";
import { orderRefusal } from "./lifecycle";
import type { PurchaseOrderState } from "./order";
import { lineQuantities } from "./quantities";
import type { PurchaseOrderStatus } from "./status";
import { DAY_MESSAGE, parseDay, parseTimestamp, TIMESTAMP_MESSAGE } from "../dates";

/**
 * What a purchase order tells the supplier beyond its lines and lifecycle: addresses (a
 * drop-ship order ships to the end customer), the supplier's own reference, the order's numbers
 * in other systems, the supplier's confirmation, promise date, hold, line comments, custom
 * fields and tags. None of it moves the lifecycle; decisions here are pure and return exactly
 * what to write and what changed, for the audit entry.
 */

/** Blank text clears (null); undefined leaves the field alone; anything else must be a day. */
function optionalDay(text: string | null | undefined, field: string, errors: FieldErrors): Date | null | undefined {
  if (text === undefined) return undefined;
  if (text === null || !text.trim()) return null;
  const day = parseDay(text);
  if (!day) errors[field] = DAY_MESSAGE;
  return day;
}

/** Like optionalDay, for a moment: see parseTimestamp. */
function optionalTimestamp(text: string | null | undefined, field: string, errors: FieldErrors): Date | null | undefined {
  if (text === undefined) return undefined;
  if (text === null || !text.trim()) return null;
  const moment = parseTimestamp(text);
  if (!moment) errors[field] = TIMESTAMP_MESSAGE;
  return moment;
}

/** Trimmed text of at most `max` characters; blank is null. */
export function optionalText(text: string | null | undefined, max: number, field: string, errors: FieldErrors): string | null {
  const trimmed = text?.trim() ?? "";
  if (trimmed.length > max) errors[field] = `At most ${max} characters`;
  return trimmed || null;
}

// ---------------------------------------------------------------------------------------------
// Addresses and drop-ship

export type AddressInput = Partial<Record<keyof Address, unknown>>;

export interface OrderAddresses {
  billingAddress: Address | null;
  shippingAddress: Address | null;
  dropShip: boolean;
}

/** Undefined leaves a field as it is; null clears an address. */
export interface AddressesPatch {
  billingAddress?: AddressInput | null;
  shippingAddress?: AddressInput | null;
  dropShip?: boolean;
}

export interface FieldsDecision<T> {
  /** Only the fields that change. */
  next: Partial<T>;
  /** For the audit entry: each changed field before and after. */
  changes: Record<string, { before: unknown; after: unknown }>;
}

/**
 * A drop-ship order ships straight to the end customer, so the supplier cannot ship it without
 * that address: drop-ship may only be on while a shipping address is set. Keeping this true on
 * every write means no drop-ship order reaches Sent without one.
 */
export function decideAddresses(current: OrderAddresses, patch: AddressesPatch): FieldsDecision<OrderAddresses> {
  const errors: FieldErrors = {};
  const next: Partial<OrderAddresses> = {};
  for (const key of ["billingAddress", "shippingAddress"] as const) {
    const input = patch[key];
    if (input === undefined) continue;
    try {
      next[key] = input === null ? null : parseAddress(input, key);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      Object.assign(errors, error.fieldErrors);
    }
  }
  if (patch.dropShip !== undefined) next.dropShip = patch.dropShip;
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);

  const after = { ...current, ...next };
  if (after.dropShip && !after.shippingAddress) {
    throw new ValidationError({
      shippingAddress:
        patch.shippingAddress === null
          ? "This is a drop-ship order: its shipping address is the end customer's and cannot be cleared. Turn off drop-ship first."
          : "A drop-ship order ships to the end customer: enter their shipping address.",
    });
  }
  return changedOnly(current, next);
}

// ---------------------------------------------------------------------------------------------
// Supplier-facing fields

const LIMITS = {
  vendorReference: 100,
  externalNumber: 100,
  externalNumbers: 20,
  customFieldKey: 40,
  customFieldValue: 500,
  customFields: 50,
  tag: 40,
  tags: 50,
  lineComment: 1000,
} as const;

const CUSTOM_FIELD_KEY = /^[a-z0-9_]{1,40}$/;

export interface SupplierFields {
  vendorReference: string | null;
  externalNumbers: string[];
  supplierConfirmed: boolean;
  promiseDate: Date | null;
  holdUntil: Date | null;
  customFields: Record<string, string>;
  tags: string[];
}

/** Every field is optional: undefined leaves it alone. Dates are text; blank clears. */
export interface SupplierFieldsPatch {
  vendorReference?: string | null;
  externalNumbers?: string[];
  supplierConfirmed?: boolean;
  promiseDate?: string | null;
  holdUntil?: string | null;
  /** Replaces all custom fields. Entries (not an object) so a form can name the row at fault. */
  customFields?: Array<{ key: string; value: unknown }>;
  tags?: string[];
  /** Line id → comment (blank clears). */
  lineComments?: Record<string, string>;
}

export interface SupplierFieldsOrder {
  status: PurchaseOrderStatus;
  fields: SupplierFields;
  lines: Array<{ id: string; comment: string | null; promiseDate: Date | null }>;
  /** Lines with quantity still to come: they follow the order's promise date. */
  unfulfilledLineIds: readonly string[];
}

export interface SupplierFieldsDecision extends FieldsDecision<SupplierFields> {
  lineUpdates: Array<{ lineId: string; data: { comment?: string | null; promiseDate?: Date } }>;
}

export function decideSupplierFields(order: SupplierFieldsOrder, patch: SupplierFieldsPatch): SupplierFieldsDecision {
  const errors: FieldErrors = {};
  const next: Partial<SupplierFields> = {};

  if (patch.vendorReference !== undefined) {
    next.vendorReference = optionalText(patch.vendorReference, LIMITS.vendorReference, "vendorReference", errors);
  }
  if (patch.externalNumbers !== undefined) next.externalNumbers = parseExternalNumbers(patch.externalNumbers, errors);
  if (patch.supplierConfirmed !== undefined) next.supplierConfirmed = patch.supplierConfirmed;
  const promiseDate = optionalDay(patch.promiseDate, "promiseDate", errors);
  if (promiseDate !== undefined) next.promiseDate = promiseDate;
  const holdUntil = optionalTimestamp(patch.holdUntil, "holdUntil", errors);
  if (holdUntil !== undefined) next.holdUntil = holdUntil;
  if (patch.customFields !== undefined) next.customFields = parseCustomFields(patch.customFields, errors);
  if (patch.tags !== undefined) next.tags = parseTags(patch.tags, errors);

  const lines = new Map(order.lines.map((line) => [line.id, line]));
  const comments = new Map<string, string | null>();
  for (const [lineId, text] of Object.entries(patch.lineComments ?? {})) {
    if (!lines.has(lineId)) errors[`lineComments.${lineId}`] = "No such line on this order";
    else comments.set(lineId, optionalText(text, LIMITS.lineComment, `lineComments.${lineId}`, errors));
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);

  const decision = changedOnly(order.fields, next);
  if ("holdUntil" in decision.changes && !canChangeHold(order.status)) {
    throw orderRefusal(
      order,
      "precondition_failed",
      "hold_only_before_send",
      "A hold only delays sending: it can be set or cleared while the order is a draft.",
    );
  }

  const lineUpdates = new Map<string, { comment?: string | null; promiseDate?: Date }>();
  const lineChanges: Record<string, { before: unknown; after: unknown }> = {};
  for (const [lineId, comment] of comments) {
    const before = lines.get(lineId)!.comment;
    if (before === comment) continue;
    lineUpdates.set(lineId, { comment });
    lineChanges[`lineComments.${lineId}`] = { before, after: comment };
  }
  // Setting the order's promise date moves every line still owed; clearing it leaves the lines'
  // own dates, which may have been agreed one by one.
  if (decision.next.promiseDate) {
    for (const lineId of order.unfulfilledLineIds) {
      const line = lines.get(lineId);
      if (!line || line.promiseDate?.getTime() === decision.next.promiseDate.getTime()) continue;
      lineUpdates.set(lineId, { ...lineUpdates.get(lineId), promiseDate: decision.next.promiseDate });
      lineChanges[`lines.${lineId}.promiseDate`] = { before: line.promiseDate, after: decision.next.promiseDate };
    }
  }
  return {
    ...decision,
    changes: { ...decision.changes, ...lineChanges },
    lineUpdates: [...lineUpdates].map(([lineId, data]) => ({ lineId, data })),
  };
}

/** A hold delays sending, so it means something only until the order is sent. */
export function canChangeHold(status: PurchaseOrderStatus): boolean {
  return status === "draft";
}

/** Lines with a pending quantity: what the supplier still has to deliver. */
export function unfulfilledLineIds(order: Pick<PurchaseOrderState, "lines" | "bookings">): string[] {
  return order.lines.filter((line) => lineQuantities(line, order.bookings).pending > 0).map((line) => line.id);
}

function parseExternalNumbers(input: readonly string[], errors: FieldErrors): string[] {
  const numbers = uniqueTrimmed(input, LIMITS.externalNumber, "externalNumbers", errors);
  if (numbers.length > LIMITS.externalNumbers) errors.externalNumbers = `At most ${LIMITS.externalNumbers} numbers`;
  return numbers;
}

/** Trimmed, without blanks and case-insensitive duplicates (the first spelling stays). */
function parseTags(input: readonly string[], errors: FieldErrors): string[] {
  const tags = uniqueTrimmed(input, LIMITS.tag, "tags", errors);
  if (tags.length > LIMITS.tags) errors.tags = `At most ${LIMITS.tags} tags`;
  return tags;
}

function uniqueTrimmed(input: readonly string[], max: number, field: string, errors: FieldErrors): string[] {
  const seen = new Set<string>();
  const values: string[] = [];
  input.forEach((raw, index) => {
    const value = raw.trim();
    if (!value || seen.has(value.toLowerCase())) return;
    if (value.length > max) errors[`${field}.${index}`] = `"${value.slice(0, 20)}…" is longer than ${max} characters`;
    seen.add(value.toLowerCase());
    values.push(value);
  });
  return values;
}

function parseCustomFields(entries: ReadonlyArray<{ key: string; value: unknown }>, errors: FieldErrors): Record<string, string> {
  const fields: Record<string, string> = {};
  entries.forEach(({ key: rawKey, value }, index) => {
    const key = rawKey.trim();
    const text = typeof value === "string" ? value.trim() : null;
    if (!key && !text) return; // an empty row in a form
    if (!CUSTOM_FIELD_KEY.test(key)) {
      errors[`customFields.${index}.key`] = "Keys are 1–40 characters: lowercase letters, digits and _";
    } else if (Object.hasOwn(fields, key)) {
      errors[`customFields.${index}.key`] = `"${key}" is used twice`;
    }
    if (text === null) errors[`customFields.${index}.value`] = "Must be text";
    else if (text.length > LIMITS.customFieldValue) errors[`customFields.${index}.value`] = `At most ${LIMITS.customFieldValue} characters`;
    fields[key] = text ?? "";
  });
  if (Object.keys(fields).length > LIMITS.customFields) errors.customFields = `At most ${LIMITS.customFields} fields`;
  return fields;
}

function changedOnly<T extends object>(current: T, next: Partial<T>): FieldsDecision<T> {
  const changed: Partial<T> = {};
  const changes: FieldsDecision<T>["changes"] = {};
  for (const key of Object.keys(next) as Array<keyof T & string>) {
    const before = current[key];
    const after = next[key];
    if (sameValue(before, after)) continue;
    changed[key] = after;
    changes[key] = { before, after };
  }
  return { next: changed, changes };
}

/** Dates by instant, lists and objects by content (their JSON), the rest by identity. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}
