import { parseDay } from "./dates";
import { GuardrailError, ValidationError, type FieldErrors } from "./errors";
import { INTAKE_REASON_TABLE, intakeReasonByCode, type IntakeReason } from "./intake-reasons";
import { Decimal, parseMoney } from "./money";
import {
  decide,
  LIFECYCLE,
  MAX_QUANTITY,
  type Decision,
  type DecisionContext,
  orderRefusal,
  type ReceiptLineInput,
} from "./purchase-order/lifecycle";
import { lineItem, type LineItem, type OrderLine, type PurchaseOrderState } from "./purchase-order/order";
import { activeBookings, orderQuantities } from "./purchase-order/quantities";
import { STATUS_LABELS } from "./purchase-order/status";

/**
 * Deliveries: goods counted at the dock as a draft (lines need not match the order), then
 * submitted, which books them on the order as one receipt. These rules decide; the service
 * (app/services/deliveries.server.ts) loads, asks them, and saves.
 */

export type DeliveryStatus = "draft" | "submitted";

/** What can still be done with a delivery in each status (the guidance its refusals carry). */
export const DELIVERY_ACTIONS: Record<DeliveryStatus, readonly string[]> = {
  draft: ["save_delivery", "submit_delivery", "cancel_delivery", "update_delivery_note"],
  submitted: ["update_delivery_note", "credit_returns"],
};

/**
 * What the goods sent back with a submitted delivery are worth: the amount of the supplier credit
 * the merchant may choose to create. Only returned units of the order's own lines count, at the
 * line's unit cost — the value they add to what the order costs (docs/decisions/004), so the
 * credit, once applied, takes exactly that off. Goods a delivery brought that were never ordered
 * (a delivery line of no order line, or a line the delivery added as not ordered) go back without
 * a credit: the merchant never owed for them. Refused when the delivery is a draft, was credited
 * already, its receipt was un-received (nothing stays returned), or it returned nothing creditable.
 */
export function returnsCreditAmount(
  delivery: {
    number: number;
    status: DeliveryStatus;
    creditId: string | null;
    bookingId: string | null;
    lines: ReadonlyArray<{ lineId: string | null; quantityReturned: number }>;
  },
  order: Pick<PurchaseOrderState, "lines" | "bookings">,
): Decimal {
  const refuse = (rule: string, message: string) => {
    throw new GuardrailError("precondition_failed", rule, delivery.status, DELIVERY_ACTIONS[delivery.status], message);
  };
  const name = `Delivery #${delivery.number}`;
  if (delivery.status !== "submitted") refuse("delivery_not_submitted", `${name} is a draft: submit it before crediting its returns.`);
  if (delivery.creditId) refuse("returns_already_credited", `The returns of ${name.toLowerCase()} were already credited.`);
  if (delivery.bookingId && !activeBookings(order.bookings).some((booking) => booking.id === delivery.bookingId)) {
    refuse("delivery_receipt_reversed", `${name} was un-received: its returns are no longer booked on the order, so there is nothing to credit.`);
  }
  const ordered = new Map(order.lines.filter((line) => !line.notOrdered).map((line) => [line.id, line]));
  const amount = delivery.lines.reduce((sum, line) => {
    const orderLine = line.lineId === null ? undefined : ordered.get(line.lineId);
    return orderLine ? sum.plus(new Decimal(orderLine.unitCost).times(line.quantityReturned)) : sum;
  }, new Decimal(0));
  if (amount.isZero()) {
    const returnedAny = delivery.lines.some((line) => line.quantityReturned > 0);
    refuse(
      "nothing_returned",
      returnedAny
        ? `${name} returned only goods that were never ordered: they go back without a credit, since the order never paid for them.`
        : `${name} returned nothing worth a credit.`,
    );
  }
  return amount;
}

export const MAX_DELIVERY_LINES = 1000;
export const MAX_DELIVERY_NOTE_LENGTH = 5000;

/** One part of a line's delivered units and why it went where it did ("5 accepted", "1 damaged (returned)"). */
export interface IntakeSplit {
  intakeReason: number;
  quantity: number;
}

/** A line is split across at most one part per reason. */
export const MAX_SPLITS = INTAKE_REASON_TABLE.length;

/** A delivery line as the receiving screen, the API or an assistant sends it. */
export interface DeliveryLineInput {
  /** The order line delivered; null for a variant the order does not have. */
  lineId: string | null;
  /** Required when lineId is null. */
  variantId: string | null;
  /** Into stock: above 0 only with an accepted reason (with splits: the accepted parts' sum). */
  quantityDelivered: number;
  /** Came and went back (booked as rejected): only with a "(returned)" reason (with splits: the returned parts' sum). */
  quantityReturned: number;
  /** Null: the item's known cost. */
  unitPrice: string | null;
  /** Amount off the line; "0" (or blank) when none. */
  discount: string;
  /** The line's one reason; with splits, ignored (the stored line takes the splits' summary, splitSummaryReason). */
  intakeReason: number;
  /**
   * The line's units split across intake reasons, one part per reason: accepted parts add up to
   * quantityDelivered, returned parts to quantityReturned. Absent or empty: the one intakeReason.
   */
  splits?: readonly IntakeSplit[] | null;
}

/** What a delivery line is of, as the service resolved it: an order line's item, or a Shopify variant. */
export interface DeliveredItem extends LineItem {
  barcode: string | null;
  /**
   * The price a line takes when none is given: the order line's unit cost, else the variant's
   * default cost (app/domain/purchase-order/new-line.ts); null when none is known.
   */
  unitCost: string | null;
  /** Why no cost is known (unitCost null): said to the merchant, who enters a price. */
  noCostReason?: string;
}

/** A validated delivery line, as it is stored. */
export interface DeliveryLine extends Omit<DeliveredItem, "unitCost" | "noCostReason"> {
  lineId: string | null;
  quantityDelivered: number;
  quantityReturned: number;
  unitPrice: string;
  discount: string;
  /** The line's reason: its one part's, or for a split line the summary (splitSummaryReason). */
  intakeReason: number;
  /** Always at least one part: a one-reason line is one part of all its units (0 for not delivered / canceled). */
  splits: IntakeSplit[];
}

export interface DeliveredItems {
  /** The order's lines by id. */
  orderLines: ReadonlyMap<string, DeliveredItem>;
  /** Variants the order does not have, by variant id (the ones Shopify knows). */
  variants: ReadonlyMap<string, DeliveredItem>;
}

/** An order line as what a delivery line is of: priced, unless the line says otherwise, at its unit cost. */
export function orderLineItem(line: OrderLine, barcode: string | null): DeliveredItem {
  return { ...lineItem(line), barcode, unitCost: line.unitCost };
}

/**
 * Checks a draft's lines, all of them at once (field errors `lines.N.field`): the intake reason
 * says what the quantities may be (accepted: delivered > 0; returned: returned > 0; not
 * delivered and canceled: nothing at all), and each line is of an order line or of a variant
 * Shopify knows. Returns the lines as they are stored.
 */
export function validateDeliveryLines(lines: readonly DeliveryLineInput[], items: DeliveredItems): DeliveryLine[] {
  if (lines.length > MAX_DELIVERY_LINES) {
    throw new ValidationError({ lines: `At most ${MAX_DELIVERY_LINES.toLocaleString("en-US")} lines per delivery` });
  }
  const errors: FieldErrors = {};
  const validated = lines.map((input, index): DeliveryLine | null => {
    const field = (name: keyof DeliveryLineInput) => `lines.${index}.${name}`;
    const split = input.splits && input.splits.length > 0 ? input.splits : null;
    const countErrors = split ? splitErrors({ ...input, splits: split }, `lines.${index}`) : quantityErrors(input, field);
    Object.assign(errors, countErrors);
    const item = deliveredItem(input, items, field, errors);
    const priceText = input.unitPrice?.trim() ? input.unitPrice : (item?.unitCost ?? null);
    const unitPrice = priceText === null ? null : parseMoney(priceText);
    if (priceText !== null && !unitPrice) errors[field("unitPrice")] = "Must be 0 or more, with at most 4 decimals";
    else if (item && priceText === null)
      errors[field("unitPrice")] = `Enter a unit price: ${item.noCostReason ?? "no cost is known for this variant"}.`;
    const discount = parseMoney(input.discount.trim() || "0");
    if (!discount) errors[field("discount")] = "Must be 0 or more, with at most 4 decimals";
    else if (unitPrice && isQuantity(input.quantityDelivered)) {
      const total = unitPrice.times(input.quantityDelivered);
      if (discount.greaterThan(total)) errors[field("discount")] = `Cannot be more than the line's total (${total.toFixed()})`;
    }
    if (!item || !unitPrice || !discount || Object.keys(countErrors).length > 0) return null;
    const { unitCost: _known, noCostReason: _why, ...details } = item;
    return {
      lineId: input.lineId,
      ...details,
      quantityDelivered: input.quantityDelivered,
      quantityReturned: input.quantityReturned,
      unitPrice: unitPrice.toFixed(),
      discount: discount.toFixed(),
      intakeReason: split ? splitSummaryReason(split.map((part) => part.intakeReason)) : input.intakeReason,
      splits: split ? split.map((part) => ({ intakeReason: part.intakeReason, quantity: part.quantity })) : [onePart(input)],
    };
  });
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return validated as DeliveryLine[];
}

/** The intake reason and the quantities it allows, for one line. */
export function quantityErrors(
  input: Pick<DeliveryLineInput, "quantityDelivered" | "quantityReturned" | "intakeReason">,
  field: (name: "quantityDelivered" | "quantityReturned" | "intakeReason") => string,
): FieldErrors {
  const errors: FieldErrors = {};
  const reason = Number.isInteger(input.intakeReason) ? intakeReasonByCode(input.intakeReason) : undefined;
  if (!reason) errors[field("intakeReason")] = "Must be an intake reason code from 0 to 15";
  for (const name of ["quantityDelivered", "quantityReturned"] as const) {
    if (!isQuantity(input[name])) errors[field(name)] = `Must be a whole number from 0 to ${MAX_QUANTITY.toLocaleString("en-US")}`;
  }
  if (!reason || Object.keys(errors).length > 0) return errors;
  const label = `"${reason.label}"`;
  if (reason.outcome === "accepted") {
    if (input.quantityDelivered === 0) errors[field("quantityDelivered")] = `${label} is for goods taken into stock: enter the delivered quantity`;
  } else if (input.quantityDelivered > 0) {
    errors[field("quantityDelivered")] = `${label} means nothing went into stock: delivered must be 0 (choose an accepted reason for goods kept)`;
  }
  if (reason.outcome === "returned") {
    if (input.quantityReturned === 0) errors[field("quantityReturned")] = `${label} is for goods sent back: enter the returned quantity`;
  } else if (input.quantityReturned > 0) {
    errors[field("quantityReturned")] = `${label} is not a return: returned must be 0 (choose a "(returned)" reason for goods sent back)`;
  }
  return errors;
}

/**
 * A line split across reasons (field errors under `<prefix>.splits.N.*`): each part has an
 * accepted or "(returned)" reason — "Not delivered" and "Canceled" say nothing came, so they are
 * no part of units that did — and at least one unit; a reason is one part only; and the parts add
 * up to the line's quantities (accepted ones to delivered, returned ones to returned).
 */
export function splitErrors(
  input: Pick<DeliveryLineInput, "quantityDelivered" | "quantityReturned"> & { splits: readonly IntakeSplit[] },
  prefix: string,
): FieldErrors {
  const errors: FieldErrors = {};
  if (input.splits.length > MAX_SPLITS) {
    errors[`${prefix}.splits`] = `At most ${MAX_SPLITS} parts, one per intake reason`;
    return errors;
  }
  const seen = new Set<number>();
  const sums = { accepted: 0, returned: 0 };
  input.splits.forEach((part, index) => {
    const field = (name: keyof IntakeSplit) => `${prefix}.splits.${index}.${name}`;
    const reason = Number.isInteger(part.intakeReason) ? intakeReasonByCode(part.intakeReason) : undefined;
    if (!reason) errors[field("intakeReason")] = "Must be an intake reason code from 0 to 15";
    else if (reason.outcome !== "accepted" && reason.outcome !== "returned") {
      errors[field("intakeReason")] =
        `"${reason.label}" says nothing came: it cannot be a part of units that were delivered (give the line that reason alone)`;
    } else if (seen.has(reason.code)) {
      errors[field("intakeReason")] = `"${reason.label}" is already a part of this line: put those units together in one part`;
    }
    if (!isQuantity(part.quantity) || part.quantity === 0) {
      errors[field("quantity")] = `Must be a whole number from 1 to ${MAX_QUANTITY.toLocaleString("en-US")}`;
    }
    if (!reason) return;
    seen.add(reason.code);
    if ((reason.outcome === "accepted" || reason.outcome === "returned") && isQuantity(part.quantity)) sums[reason.outcome] += part.quantity;
  });
  if (Object.keys(errors).length > 0) return errors;
  if (!isQuantity(input.quantityDelivered) || sums.accepted !== input.quantityDelivered) {
    errors[`${prefix}.quantityDelivered`] =
      `The accepted parts add up to ${sums.accepted}, but the line says ${String(input.quantityDelivered)} delivered into stock`;
  }
  if (!isQuantity(input.quantityReturned) || sums.returned !== input.quantityReturned) {
    errors[`${prefix}.quantityReturned`] =
      `The returned parts add up to ${sums.returned}, but the line says ${String(input.quantityReturned)} returned`;
  }
  return errors;
}

/** A one-reason line as its one part: what its reason says the units did. */
function onePart(input: Pick<DeliveryLineInput, "quantityDelivered" | "quantityReturned" | "intakeReason">): IntakeSplit {
  const outcome = intakeReasonByCode(input.intakeReason)?.outcome;
  const quantity = outcome === "accepted" ? input.quantityDelivered : outcome === "returned" ? input.quantityReturned : 0;
  return { intakeReason: input.intakeReason, quantity };
}

function deliveredItem(
  input: DeliveryLineInput,
  items: DeliveredItems,
  field: (name: keyof DeliveryLineInput) => string,
  errors: FieldErrors,
): DeliveredItem | null {
  if (input.lineId !== null) {
    const item = items.orderLines.get(input.lineId);
    if (!item) errors[field("lineId")] = "Not a line of this order";
    return item ?? null;
  }
  const variantId = input.variantId?.trim();
  if (!variantId) {
    errors[field("variantId")] = "Choose the variant delivered: this line is not on the order";
    return null;
  }
  const item = items.variants.get(variantId);
  if (!item) errors[field("variantId")] = "Shopify has no such product variant in this shop";
  return item ?? null;
}

function isQuantity(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= MAX_QUANTITY;
}

// ---------------------------------------------------------------------------------------------
// Dates and notes

const DELIVERED_AT_PATTERN = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
export const DELIVERED_AT_MESSAGE = "Must be a date (2026-11-20) or a date and time (2026-11-20T10:00, UTC unless an offset is given)";

/**
 * When the goods arrived: a day (midnight UTC) or a date and time. A time without a zone offset
 * is UTC, whatever the server's clock says; an offset is respected. Blank: not given.
 */
export function parseDeliveredAt(text: string | null): Date | null {
  const trimmed = text?.trim() ?? "";
  if (!trimmed) return null;
  const match = DELIVERED_AT_PATTERN.exec(trimmed);
  const day = match ? parseDay(match[1]!) : null;
  if (!match || !day) throw new ValidationError({ deliveredAt: DELIVERED_AT_MESSAGE });
  const [, , hours, minutes, seconds, zone] = match;
  if (hours === undefined) return day;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds ?? 0) > 59 || (zone && !validOffset(zone))) {
    throw new ValidationError({ deliveredAt: DELIVERED_AT_MESSAGE });
  }
  return new Date(zone ? trimmed : `${trimmed}Z`);
}

function validOffset(zone: string): boolean {
  if (zone === "Z") return true;
  const [hours, minutes] = zone.slice(1).split(":").map(Number);
  return hours! <= 14 && minutes! <= 59;
}

export function parseDeliveryNote(text: string | null): string | null {
  const trimmed = text?.trim() ?? "";
  if (trimmed.length > MAX_DELIVERY_NOTE_LENGTH) {
    throw new ValidationError({ note: `At most ${MAX_DELIVERY_NOTE_LENGTH.toLocaleString("en-US")} characters` });
  }
  return trimmed || null;
}

// ---------------------------------------------------------------------------------------------
// Guards

/** Only orders that are sent and whose deliveries are not closed take deliveries. */
export function assertAcceptsDeliveries(order: PurchaseOrderState): void {
  const refusal = deliveriesRefusal(order);
  if (refusal) refuseOrder(order, refusal.rule, refusal.message);
}

/** Why the order takes no delivery now (the screens say it before anyone counts), or null. */
export function deliveriesRefusal(order: PurchaseOrderState): { rule: string; message: string } | null {
  if (order.completing) {
    return {
      rule: "completing",
      message: "This order is completing: Shopify is being told its unit costs, and no delivery can be registered any more.",
    };
  }
  if (order.dates.deliveriesClosedAt) {
    return {
      rule: "deliveries_closed",
      message: `Deliveries on this order were closed on ${order.dates.deliveriesClosedAt.toISOString().slice(0, 10)}: no further delivery can be registered.`,
    };
  }
  if (order.status === "draft") {
    return { rule: "order_not_sent", message: "This order has not been sent yet: send it to the supplier before registering deliveries." };
  }
  if (!LIFECYCLE.receive.from.includes(order.status)) {
    return {
      rule: "order_not_receiving",
      message: `This order is ${STATUS_LABELS[order.status]}: deliveries are only registered on orders that are sent and still awaiting goods.`,
    };
  }
  return null;
}

/** Lines, submitting and cancelling are for drafts: a submitted delivery is booked and frozen. */
export function assertDraft(delivery: { number: number; status: DeliveryStatus }, doing: string): void {
  if (delivery.status !== "draft") {
    throw new GuardrailError(
      "invalid_transition",
      "delivery_submitted",
      delivery.status,
      DELIVERY_ACTIONS[delivery.status],
      `Delivery #${delivery.number} was submitted and its receipt booked: it cannot be ${doing}. Only its note can still change; un-receive the receipt on the order to correct it.`,
    );
  }
}

function refuseOrder(order: PurchaseOrderState, rule: string, message: string): never {
  throw orderRefusal(order, "precondition_failed", rule, message);
}

// ---------------------------------------------------------------------------------------------
// Submitting

export interface Submission {
  /** The order's decisions, in the order they are saved: a not-ordered line per new variant, then the receipt. */
  steps: Decision[];
  /** Per delivery line: the order line it is booked on (new lines included); null when nothing is booked for it. */
  lineIds: Array<string | null>;
  /** The receipt booked; null when the delivery brought nothing into stock or back. */
  bookingId: string | null;
}

/**
 * What submitting a draft does to its order, decided on the order as it is now. Each variant the
 * order does not have that came into stock becomes a new line flagged as not ordered (ordered =
 * delivered, at the delivery's price); returned variants the order does not have book nothing.
 * Then one receipt, per order line and intake reason: accepted parts received, returned parts rejected.
 */
export function decideSubmission(
  order: PurchaseOrderState,
  delivery: { number: number; status: DeliveryStatus; lines: readonly DeliveryLine[] },
  context: DecisionContext,
): Submission {
  assertDraft(delivery, "submitted again");
  assertAcceptsDeliveries(order);
  if (delivery.lines.length === 0) throw new ValidationError({ lines: "Add at least one line before submitting the delivery" });

  const steps: Decision[] = [];
  let current = order;
  const lineIds = delivery.lines.map((line) => {
    if (line.lineId !== null || line.quantityDelivered === 0) return line.lineId;
    const step = decide(
      current,
      {
        action: "add_line",
        line: {
          kind: "variant",
          ...lineItem(line),
          notOrdered: true,
          ordered: line.quantityDelivered,
          unitCost: line.unitPrice,
        },
      },
      context,
    );
    steps.push(step);
    current = step.next;
    // add_line appends the new line.
    return step.next.lines.at(-1)!.id;
  });

  const added = new Set(lineIds.filter((id, index): id is string => id !== null && delivery.lines[index]!.lineId === null));
  const receipt = receiptLines(current, delivery.lines, lineIds, added);
  if (receipt.length === 0) return { steps, lineIds, bookingId: null };
  const step = decide(
    current,
    { action: "receive", lines: receipt, locationId: order.header.locationId, note: `Delivery #${delivery.number}` },
    context,
  );
  steps.push(step);
  return { steps, lineIds, bookingId: step.next.bookings.at(-1)!.id };
}

/**
 * The receipt's lines: per order line, one per intake reason its parts name (a booking line has
 * one reason), refusing more than is pending (with what to do instead). A line this delivery added
 * (a variant the order lacked) books what went into stock: its returned units, never ordered, go
 * back without a booking, as a returned-only variant does.
 */
function receiptLines(
  order: PurchaseOrderState,
  lines: readonly DeliveryLine[],
  lineIds: ReadonlyArray<string | null>,
  added: ReadonlySet<string>,
): ReceiptLineInput[] {
  const quantities = orderQuantities(order);
  const errors: FieldErrors = {};
  const byLine = new Map<string, Array<{ index: number; line: DeliveryLine }>>();
  lines.forEach((line, index) => {
    const lineId = lineIds[index];
    // Lines that bring nothing (not delivered, canceled) record that nothing came and book nothing.
    if (!lineId || line.quantityDelivered + line.quantityReturned === 0) return;
    if (!quantities.has(lineId)) {
      errors[`lines.${index}.lineId`] = "This order line was removed since the delivery was saved";
      return;
    }
    byLine.set(lineId, [...(byLine.get(lineId) ?? []), { index, line }]);
  });
  const receipt = [...byLine].flatMap(([lineId, entries]): ReceiptLineInput[] => {
    const byReason = new Map<IntakeReason, ReceiptLineInput>();
    for (const part of entries.flatMap(({ line }) => line.splits)) {
      const reason = intakeReasonByCode(part.intakeReason)!;
      if (reason.outcome === "returned" && added.has(lineId)) continue;
      const entry = byReason.get(reason.key) ?? { lineId, received: 0, rejected: 0, cancelled: 0, reason: reason.key };
      if (reason.outcome === "accepted") entry.received += part.quantity;
      if (reason.outcome === "returned") entry.rejected += part.quantity;
      byReason.set(reason.key, entry);
    }
    const booked = [...byReason.values()];
    const total = booked.reduce((sum, entry) => sum + entry.received + entry.rejected, 0);
    const pending = quantities.get(lineId)!.pending;
    if (total > pending) {
      const orderLine = order.lines.find((candidate) => candidate.id === lineId)!;
      for (const { index } of entries) {
        errors[`lines.${index}.quantityDelivered`] =
          `Only ${pending} of ${orderLine.sku ?? orderLine.productTitle} ${pending === 1 ? "is" : "are"} still pending, and this delivery books ${total}. ` +
          `Record the extra units on a separate line for the variant, without an order line, with the reason "Delivered too much (accepted)".`;
      }
    }
    return booked;
  });
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return receipt;
}

/**
 * A split line's one reason, the summary a delivery line stores (lists and exports show one): the
 * parts' own when they agree, else the first that was not accepted. Every part keeps its own reason,
 * and each is booked under it (receiptLines).
 */
export function splitSummaryReason(codes: readonly number[]): number {
  const reasons = codes.map((code) => intakeReasonByCode(code)!);
  if (reasons.every((reason) => reason.key === reasons[0]!.key)) return reasons[0]!.code;
  return (reasons.find((reason) => reason.outcome !== "accepted") ?? reasons[0]!).code;
}
