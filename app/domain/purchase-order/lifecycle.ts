import { GuardrailError, ValidationError, type FieldErrors, type GuardrailCode } from "../errors";
import { parseMoney } from "../money";
import { INTAKE_REASONS, type IntakeReason } from "../intake-reasons";
import { type Booking, type BookingLine, type CompletionRequest, type OrderHeader, type OrderLine, type PurchaseOrderState } from "./order";
import { activeBookings, bookedQuantity, lineQuantities, orderQuantities } from "./quantities";
import type { QuantityDelta } from "../effects";
import { STATUS_LABELS, type PurchaseOrderStatus } from "./status";

/**
 * The purchase order lifecycle: which action is allowed from which status (LIFECYCLE, the one
 * table of moves), and `decide(order, command)`, which checks every rule and returns the next
 * state without running anything. Services load, decide, and save in one transaction.
 */

export const LIFECYCLE_ACTIONS = [
  "edit_header",
  "add_line",
  "update_line",
  "remove_line",
  "send",
  "confirm_lines",
  "confirm_all",
  "start",
  "receive",
  "close_deliveries",
  "unreceive",
  "complete",
  "quick_complete",
  "pause",
  "resume",
  "dispute",
  "resolve_dispute",
  "cancel",
  "reopen",
  "delete",
  "sync_to_shopify",
  "reset_sync",
  "adjust_incoming",
] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

const EDITABLE: readonly PurchaseOrderStatus[] = ["draft", "sent", "partially_confirmed", "confirmed", "in_progress", "partially_received"];
const AWAITING_GOODS: readonly PurchaseOrderStatus[] = ["sent", "partially_confirmed", "confirmed", "in_progress", "partially_received"];

/** Every status but Draft: where goods may have been booked. */
const AFTER_SEND: readonly PurchaseOrderStatus[] = [...AWAITING_GOODS, "received", "completed", "paused", "disputed", "cancelled"];

/** Each action: the statuses it is allowed from, and what it leads to (shown in docs/lifecycle.md). */
export const LIFECYCLE: Record<LifecycleAction, { from: readonly PurchaseOrderStatus[]; result: string }> = {
  edit_header: { from: [...EDITABLE, "received", "paused", "disputed"], result: "same status" },
  add_line: { from: EDITABLE, result: "status follows quantities" },
  update_line: { from: EDITABLE, result: "status follows quantities" },
  remove_line: { from: EDITABLE, result: "status follows quantities" },
  send: { from: ["draft"], result: "Sent" },
  confirm_lines: { from: ["sent", "partially_confirmed", "confirmed"], result: "Partially confirmed / Confirmed" },
  confirm_all: { from: ["sent", "partially_confirmed", "confirmed"], result: "In progress" },
  start: { from: ["confirmed"], result: "In progress" },
  receive: { from: AWAITING_GOODS, result: "Partially received / Received" },
  close_deliveries: { from: AWAITING_GOODS, result: "Received (what was pending is released)" },
  unreceive: { from: ["partially_received", "received"], result: "status follows quantities" },
  complete: { from: ["received", "partially_received"], result: "Completed (from Partially received only closing the rest)" },
  // "From any sent-and-not-yet-completed status": a paused or disputed order is one too.
  quick_complete: { from: [...AWAITING_GOODS, "received", "paused", "disputed"], result: "Completed" },
  pause: { from: AWAITING_GOODS, result: "Paused" },
  resume: { from: ["paused"], result: "previous status" },
  dispute: { from: [...AWAITING_GOODS, "received"], result: "Disputed" },
  resolve_dispute: { from: ["disputed"], result: "previous status" },
  // "Cancel from any open status" (issue 3): Received is open until completed. Nothing is pending
  // there, so cancelling only changes the status; reopen brings it back to Received.
  cancel: { from: [...EDITABLE, "received", "paused", "disputed"], result: "Cancelled" },
  reopen: { from: ["completed", "cancelled"], result: "previous status" },
  delete: { from: ["draft", "cancelled"], result: "deleted (Cancelled: hidden, audit kept)" },
  // Recovery actions: they change what Shopify was told, never the order's status.
  sync_to_shopify: { from: AFTER_SEND, result: "same status (unsynced receipts pushed to on hand)" },
  reset_sync: { from: AFTER_SEND, result: "same status (receipts marked unsynced; Shopify untouched)" },
  adjust_incoming: { from: ["completed", "cancelled"], result: "same status (a stuck incoming quantity corrected)" },
};

export const MAX_QUANTITY = 1_000_000;
/** Why an order was paused, disputed or cancelled (kept in the audit log): at most this long. */
export const MAX_REASON_LENGTH = 500;
/** A receipt's note: at most this long. */
export const MAX_RECEIPT_NOTE_LENGTH = 2000;

/** Statuses that are a function of the order's quantities and dates (see flowStatus). */
export const QUANTITY_DRIVEN: readonly PurchaseOrderStatus[] = [...AWAITING_GOODS, "received"];

/** A line as it is added: everything but its id, and not yet confirmed. */
export type NewLineInput = Omit<OrderLine, "id" | "confirmed" | "variantDeletedAt">;

export interface ReceiptLineInput {
  lineId: string;
  received: number;
  rejected: number;
  cancelled: number;
  reason: string | null;
}

export type HeaderChanges = Partial<OrderHeader>;

export type LifecycleCommand =
  | { action: "edit_header"; changes: HeaderChanges }
  | { action: "add_line"; line: NewLineInput }
  | { action: "update_line"; lineId: string; ordered?: number; unitCost?: string }
  | { action: "remove_line"; lineId: string }
  | { action: "send"; via: "email" | "manual" }
  | { action: "confirm_lines"; lines: Array<{ lineId: string; confirmed: number }> }
  | { action: "confirm_all" }
  | { action: "start" }
  | { action: "receive"; lines: ReceiptLineInput[]; locationId?: string | null; note?: string | null }
  | { action: "close_deliveries" }
  | { action: "unreceive"; bookingId: string }
  | { action: "complete"; closeRemainder?: boolean }
  | { action: "quick_complete" }
  | { action: "pause"; reason?: string | null }
  | { action: "resume" }
  | { action: "dispute"; reason?: string | null }
  | { action: "resolve_dispute" }
  | { action: "cancel"; reason?: string | null }
  | { action: "reopen" }
  | { action: "delete" }
  | { action: "sync_to_shopify" }
  | { action: "reset_sync" }
  | { action: "adjust_incoming"; inventoryItemId: string; locationId?: string | null; delta: number };

export interface DecisionContext {
  now: Date;
  /** Ids for new lines and bookings. */
  newId: () => string;
  /** The shop's "auto-sync to Shopify on receiving" setting: receipts are synced as they are booked. */
  autoSyncOnReceive?: boolean;
}

export interface Decision {
  next: PurchaseOrderState;
  /** adjust_incoming: the correction to send for this order's ledger document (nothing else changes). */
  incomingCorrection?: QuantityDelta;
  /** "hard": delete the row (drafts); "soft": hide it, keep the audit (cancelled orders). */
  removal: "none" | "hard" | "soft";
  audit: {
    action: LifecycleAction;
    fromStatus: PurchaseOrderStatus;
    toStatus: PurchaseOrderStatus;
    changes: Record<string, unknown>;
  };
}

/** An order as a refusal needs it: its status, and whether it was deleted (then nothing is allowed). */
export type RefusedOrder = Pick<PurchaseOrderState, "status"> & { deletedAt?: Date | null; completing?: PurchaseOrderState["completing"] };

/** What each action is called on the screens and in refusals. */
export const ACTION_LABELS: Record<LifecycleAction, string> = {
  edit_header: "Edit details",
  add_line: "Add a line",
  update_line: "Change a line",
  remove_line: "Remove a line",
  send: "Send",
  confirm_lines: "Confirm quantities",
  confirm_all: "Confirm all",
  start: "Start (shipping)",
  receive: "Receive goods",
  close_deliveries: "Close deliveries",
  unreceive: "Un-receive",
  complete: "Complete",
  quick_complete: "Quick complete",
  pause: "Pause",
  resume: "Resume",
  dispute: "Dispute",
  resolve_dispute: "Resolve dispute",
  cancel: "Cancel order",
  reopen: "Reopen",
  delete: "Delete",
  sync_to_shopify: "Sync to Shopify",
  reset_sync: "Reset Shopify sync",
  adjust_incoming: "Correct incoming",
};

/** Actions allowed from the order's status; the guidance every refusal carries. */
export function allowedActions(order: RefusedOrder): LifecycleAction[] {
  if (order.deletedAt || order.completing) return [];
  return LIFECYCLE_ACTIONS.filter((action) => LIFECYCLE[action].from.includes(order.status));
}

/**
 * Every refusal of something asked of an order is built here (the lifecycle's own, and the
 * money, split, supplier-field, delivery and cost-sync ones): the rule, and as guidance what the
 * lifecycle table allows from the order's status as it is now — never from the status the
 * refused action would have led to. The message is written for the merchant (the API and
 * assistants read it too): what is wrong and how to fix it, naming only actions allowed now.
 */
export function orderRefusal(order: RefusedOrder, code: GuardrailCode, rule: string, message: string): GuardrailError {
  return new GuardrailError(code, rule, order.status, allowedActions(order), message);
}

/** `sentence` when `action` is allowed from the order's status now, else nothing: refusals only suggest what can be done. */
export function ifAllowed(order: RefusedOrder, action: LifecycleAction, sentence: string): string {
  return allowedActions(order).includes(action) ? ` ${sentence}` : "";
}

export function decide(order: PurchaseOrderState, command: LifecycleCommand, context: DecisionContext): Decision {
  if (order.deletedAt) {
    refuse(order, "invalid_transition", "order_deleted", "This purchase order was deleted; nothing more can be done with it.");
  }
  refuseWhileCompleting(order);
  const rule = LIFECYCLE[command.action] as (typeof LIFECYCLE)[LifecycleAction] | undefined;
  // Commands arrive from forms, the API and assistants: an unknown action is bad input, not a crash.
  if (!rule) throw new ValidationError({ action: `Must be one of: ${LIFECYCLE_ACTIONS.join(", ")}` });
  if (!rule.from.includes(order.status)) {
    // The actions allowed instead travel with the refusal (the API's allowed_actions, the screen's buttons).
    refuse(
      order,
      "invalid_transition",
      "action_not_allowed_in_status",
      `${ACTION_LABELS[command.action]} is not possible while the order is ${STATUS_LABELS[order.status]}.`,
    );
  }
  const draft = structuredClone(order);
  const result = apply(draft, command, context);
  if (result.removal === "none" && QUANTITY_DRIVEN.includes(draft.status)) {
    draft.status = flowStatus(draft);
  }
  stampDates(order, draft, context.now);
  draft.version = order.version + 1;
  return {
    next: draft,
    removal: result.removal,
    ...(result.incomingCorrection ? { incomingCorrection: result.incomingCorrection } : {}),
    audit: { action: command.action, fromStatus: order.status, toStatus: draft.status, changes: result.changes },
  };
}

/**
 * The status an order awaiting or receiving goods has, from its facts alone: anything booked →
 * Partially received / Received; otherwise by confirmation (In progress once shipping started).
 */
export function flowStatus(order: Pick<PurchaseOrderState, "lines" | "bookings" | "dates">): PurchaseOrderStatus {
  const quantities = [...orderQuantities(order).values()];
  if (quantities.some((line) => bookedQuantity(line) > 0)) {
    return quantities.every((line) => line.pending === 0) ? "received" : "partially_received";
  }
  const confirmedLines = order.lines.filter((line) => line.confirmed !== null).length;
  if (order.lines.length > 0 && confirmedLines === order.lines.length) {
    return order.dates.shippedAt ? "in_progress" : "confirmed";
  }
  return confirmedLines > 0 ? "partially_confirmed" : "sent";
}

interface Applied {
  removal: Decision["removal"];
  changes: Record<string, unknown>;
  incomingCorrection?: QuantityDelta;
}

function apply(order: PurchaseOrderState, command: LifecycleCommand, context: DecisionContext): Applied {
  const { now } = context;
  const changed = (changes: Record<string, unknown>): Applied => ({ removal: "none", changes });

  switch (command.action) {
    case "edit_header":
      return changed(editHeader(order, command.changes));

    case "add_line": {
      const line = validNewLine(command.line, "line");
      const added: OrderLine = { id: context.newId(), ...line, confirmed: null, variantDeletedAt: null };
      order.lines.push(added);
      return changed({ added: { lineId: added.id, sku: added.sku, ordered: added.ordered } });
    }

    case "update_line": {
      const line = findLine(order, command.lineId);
      const errors: FieldErrors = {};
      const before = { ordered: line.ordered, unitCost: line.unitCost };
      if (command.ordered !== undefined) {
        if (!isQuantity(command.ordered, 1)) errors.ordered = quantityMessage(1);
        else {
          const booked = bookedQuantity(lineQuantities(line, order.bookings));
          if (command.ordered < booked) {
            refuse(
              order,
              "blocked_by_quantities",
              "received_quantities_block",
              `${lineName(line)} already has ${booked} booked; the ordered quantity cannot go below that.${ifAllowed(order, "unreceive", "Un-receive its receipt first.")}`,
            );
          }
          line.ordered = command.ordered;
        }
      }
      if (command.unitCost !== undefined) {
        if (!parseMoney(command.unitCost)) errors.unitCost = "Unit cost must be 0 or more, with at most 4 decimals";
        else line.unitCost = command.unitCost.trim();
      }
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return changed({ lineId: line.id, before, after: { ordered: line.ordered, unitCost: line.unitCost } });
    }

    case "remove_line": {
      const line = findLine(order, command.lineId);
      const booked = order.bookings.some((booking) => booking.lines.some((entry) => entry.lineId === line.id));
      if (booked) {
        refuse(
          order,
          "blocked_by_quantities",
          "received_quantities_block",
          `${lineName(line)} has received, rejected or cancelled quantities on record, so it cannot be removed.`,
        );
      }
      if (order.status !== "draft" && order.lines.length === 1) {
        refuse(order, "precondition_failed", "sent_order_needs_lines", "A sent order keeps at least one line; cancel the order instead.");
      }
      order.lines = order.lines.filter((candidate) => candidate.id !== line.id);
      return changed({ removed: { lineId: line.id, sku: line.sku, ordered: line.ordered } });
    }

    case "send": {
      // The issue: sending needs a supplier, a receiving location and at least one line.
      if (!order.header.supplierId.trim()) {
        refuse(order, "precondition_failed", "send_requires_supplier", "Choose a supplier before sending the order.");
      }
      if (!order.header.locationId) {
        refuse(order, "precondition_failed", "send_requires_location", "Choose a receiving location before sending the order.");
      }
      if (order.lines.length === 0) {
        refuse(order, "precondition_failed", "send_requires_lines", "Add at least one line before sending the order.");
      }
      if (order.shipping.dropShip && !order.shipping.hasShippingAddress) {
        refuse(
          order,
          "precondition_failed",
          "send_requires_drop_ship_address",
          "A drop-ship order ships to the end customer: set its shipping address before sending.",
        );
      }
      if (order.shipping.holdUntil && order.shipping.holdUntil > now) {
        refuse(
          order,
          "precondition_failed",
          "send_on_hold",
          `This order is on hold until ${utcMinute(order.shipping.holdUntil)}: clear the hold in the supplier details, or send it after that.`,
        );
      }
      order.status = "sent";
      order.dates.sentAt = now;
      return changed({ via: command.via });
    }

    case "confirm_lines": {
      if (command.lines.length === 0) throw new ValidationError({ lines: "Confirm at least one line" });
      const errors: FieldErrors = {};
      const seen = new Set<string>();
      command.lines.forEach((entry, index) => {
        const line = order.lines.find((candidate) => candidate.id === entry.lineId);
        if (!line) errors[`lines.${index}.lineId`] = "Not a line of this order";
        // As in a receipt: a line twice is ambiguous (which quantity did the supplier confirm?).
        else if (seen.has(entry.lineId)) errors[`lines.${index}.lineId`] = "This line appears twice in the confirmation";
        else if (!isQuantity(entry.confirmed, 0)) errors[`lines.${index}.confirmed`] = quantityMessage(0);
        seen.add(entry.lineId);
      });
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      for (const entry of command.lines) {
        const line = findLine(order, entry.lineId);
        const booked = bookedQuantity(lineQuantities(line, order.bookings));
        if (entry.confirmed < booked) {
          refuse(
            order,
            "blocked_by_quantities",
            "received_quantities_block",
            `${lineName(line)} already has ${booked} booked; it cannot be confirmed below that.`,
          );
        }
        line.confirmed = entry.confirmed;
      }
      if (order.lines.every((line) => line.confirmed !== null)) order.dates.confirmedAt ??= now;
      return changed({ confirmed: command.lines });
    }

    case "confirm_all": {
      const confirmed = order.lines.filter((line) => line.confirmed === null).map((line) => ({ lineId: line.id, confirmed: line.ordered }));
      for (const line of order.lines) line.confirmed ??= line.ordered;
      order.dates.confirmedAt ??= now;
      order.dates.shippedAt ??= now;
      order.status = "in_progress";
      return changed({ confirmed });
    }

    case "start":
      order.dates.shippedAt = now;
      order.status = "in_progress";
      return changed({});

    case "receive": {
      refuseWhenDeliveriesClosed(order);
      if (command.note && command.note.length > MAX_RECEIPT_NOTE_LENGTH) {
        throw new ValidationError({ note: `At most ${MAX_RECEIPT_NOTE_LENGTH} characters` });
      }
      const lines = validReceipt(order, command.lines);
      const booking = newBooking(context, "receipt", lines, command.locationId ?? order.header.locationId, command.note ?? null);
      if (context.autoSyncOnReceive) booking.syncedAt = now;
      order.bookings.push(booking);
      return changed({ bookingId: booking.id, lines, synced: booking.syncedAt !== null });
    }

    case "close_deliveries": {
      refuseWhenDeliveriesClosed(order);
      // Nothing more is expected: what is still pending is released (incoming rolls back with it).
      const released = closePending(order, context, "deliveries_closed");
      order.dates.deliveriesClosedAt = now;
      return changed(released ? { releasedBookingId: released.id, released: released.lines } : {});
    }

    case "unreceive": {
      const target = order.bookings.find((booking) => booking.id === command.bookingId);
      if (!target || target.kind !== "receipt") {
        throw new ValidationError({ bookingId: "Not a receipt of this order" });
      }
      if (order.bookings.some((booking) => booking.reversesId === target.id)) {
        refuse(order, "precondition_failed", "receipt_already_reversed", "This receipt was already reversed.");
      }
      const reversal = reverse(context, target);
      // Shopify already counts a synced receipt on hand: its reversal is the compensating change,
      // pushed at once, so Shopify never holds goods Inbound no longer does.
      if (target.syncedAt) reversal.syncedAt = now;
      order.bookings.push(reversal);
      order.dates.receivedAt = null;
      return changed({ bookingId: reversal.id, reverses: target.id, compensated: target.syncedAt !== null });
    }

    case "complete": {
      if (order.status === "partially_received" && !command.closeRemainder) {
        refuse(
          order,
          "invalid_transition",
          "completed_is_earned",
          "Not everything has been received yet: receive the rest, quick complete the order, or complete it and cancel what is still pending.",
        );
      }
      const closed = closePending(order, context, "closure");
      // Completing releases the order's incoming: goods received but never synced would then be
      // neither incoming nor on hand in Shopify, so they are pushed now.
      const synced = syncReceipts(order, now);
      order.previousStatus = order.status;
      order.status = "completed";
      order.dates.completedAt = now;
      return changed({ ...(closed ? { closedBookingId: closed.id, closed: closed.lines } : {}), ...syncedChange(synced) });
    }

    case "quick_complete": {
      // The audit says what changed: lines confirmed here at their ordered quantity included.
      const confirmed = order.lines.filter((line) => line.confirmed === null).map((line) => ({ lineId: line.id, confirmed: line.ordered }));
      for (const line of order.lines) line.confirmed ??= line.ordered;
      const pending = order.lines.flatMap((line): BookingLine[] => {
        const quantity = lineQuantities(line, order.bookings).pending;
        return quantity > 0 ? [{ lineId: line.id, received: quantity, rejected: 0, cancelled: 0, reason: "accepted" }] : [];
      });
      const booking = pending.length > 0 ? newBooking(context, "receipt", pending, order.header.locationId, "Quick complete") : null;
      if (booking) order.bookings.push(booking);
      const synced = syncReceipts(order, now);
      order.dates.confirmedAt ??= now;
      order.dates.receivedAt ??= now;
      order.previousStatus = "received";
      order.status = "completed";
      order.dates.completedAt = now;
      return changed({
        ...(confirmed.length > 0 ? { confirmed } : {}),
        ...(booking ? { bookingId: booking.id, received: booking.lines } : {}),
        ...syncedChange(synced),
      });
    }

    case "pause":
    case "dispute":
    case "cancel": {
      const reason = command.reason?.trim() || null;
      if (reason && reason.length > MAX_REASON_LENGTH) throw new ValidationError({ reason: `At most ${MAX_REASON_LENGTH} characters` });
      order.previousStatus = order.status;
      if (command.action === "cancel") {
        // A draft never promised Shopify any incoming stock, so it has nothing to release.
        const released = order.status === "draft" ? null : closePending(order, context, "cancellation");
        order.status = "cancelled";
        order.dates.cancelledAt = now;
        return changed({ reason, ...(released ? { releasedBookingId: released.id, released: released.lines } : {}) });
      }
      order.status = command.action === "pause" ? "paused" : "disputed";
      return changed({ reason });
    }

    case "resume":
    case "resolve_dispute":
      order.status = returnTo(order);
      order.previousStatus = null;
      return changed({});

    case "reopen": {
      const closingKind = order.status === "cancelled" ? "cancellation" : "closure";
      const closing = activeBookings(order.bookings)
        .filter((booking) => booking.kind === closingKind)
        .at(-1);
      const reversal = closing ? reverse(context, closing) : null;
      if (reversal) order.bookings.push(reversal);
      order.status = returnTo(order);
      // Cancelled while paused or disputed: the order goes back on hold, and resume / resolve must
      // still have a status to return to. Pause and dispute are only allowed from statuses that
      // follow from the quantities, and nothing changed them since, so flowStatus gives it back.
      order.previousStatus = order.status === "paused" || order.status === "disputed" ? flowStatus(order) : null;
      order.dates.completedAt = null;
      order.dates.cancelledAt = null;
      return changed(reversal ? { bookingId: reversal.id, reverses: closing?.id } : {});
    }

    case "delete":
      if (order.status === "draft") return { removal: "hard", changes: { number: order.number } };
      order.deletedAt = now;
      return { removal: "soft", changes: {} };

    case "sync_to_shopify": {
      const synced = syncReceipts(order, now);
      if (synced.length === 0) {
        refuse(order, "precondition_failed", "nothing_to_sync", "Every received quantity is already in Shopify on hand; there is nothing to sync.");
      }
      return changed(syncedChange(synced));
    }

    case "reset_sync": {
      const reset = order.bookings.filter((booking) => booking.syncedAt !== null);
      if (reset.length === 0) {
        refuse(order, "precondition_failed", "nothing_synced", "Nothing of this order was synced to Shopify on hand yet; there is nothing to reset.");
      }
      for (const booking of reset) booking.syncedAt = null;
      return changed({ unsyncedBookingIds: reset.map((booking) => booking.id) });
    }

    case "adjust_incoming": {
      const correction = validIncomingCorrection(order, command);
      return { ...changed({ adjustment: correction }), incomingCorrection: correction };
    }
  }
}

/** Marks every booking with received quantities not yet in Shopify as synced now; returns them. */
function syncReceipts(order: PurchaseOrderState, now: Date): Booking[] {
  const unsynced = order.bookings.filter((booking) => booking.syncedAt === null && booking.lines.some((line) => line.received !== 0));
  for (const booking of unsynced) booking.syncedAt = now;
  return unsynced;
}

function syncedChange(synced: readonly Booking[]): Record<string, unknown> {
  return synced.length > 0 ? { syncedBookingIds: synced.map((booking) => booking.id) } : {};
}

/**
 * A correction of what this closed order holds as incoming in Shopify, for an item of one of
 * its lines: Shopify may still show incoming for it after a failed or lost effect.
 */
function validIncomingCorrection(order: PurchaseOrderState, command: Extract<LifecycleCommand, { action: "adjust_incoming" }>): QuantityDelta {
  const errors: FieldErrors = {};
  if (!order.lines.some((line) => line.kind === "variant" && line.inventoryItemId === command.inventoryItemId)) {
    errors.inventoryItemId = "Not an inventory item of this order's lines";
  }
  const locationId = command.locationId?.trim() || order.header.locationId;
  if (!locationId) errors.locationId = "Choose the location whose incoming is wrong";
  if (!Number.isSafeInteger(command.delta) || command.delta === 0 || Math.abs(command.delta) > MAX_QUANTITY) {
    errors.delta = `Must be a whole number other than 0, from -${MAX_QUANTITY.toLocaleString("en-US")} to ${MAX_QUANTITY.toLocaleString("en-US")}`;
  }
  if (Object.keys(errors).length > 0 || !locationId) throw new ValidationError(errors);
  return { inventoryItemId: command.inventoryItemId, locationId, delta: command.delta };
}

function editHeader(order: PurchaseOrderState, changes: HeaderChanges): Record<string, unknown> {
  const errors: FieldErrors = {};
  // Reversed bookings (an un-received receipt, a reopened cancellation) no longer hold goods at the
  // location, so they do not lock it: the refusal below promises that un-receiving unlocks it.
  const nothingBooked = activeBookings(order.bookings).length === 0;
  // A blank location is no location (it is saved as null below), so check it as null.
  const locationId = changes.locationId === undefined ? undefined : changes.locationId?.trim() || null;
  if (changes.supplierId !== undefined && !changes.supplierId.trim()) errors.supplierId = "Choose a supplier";
  if (changes.supplierId !== undefined && changes.supplierId !== order.header.supplierId && order.status !== "draft") {
    refuse(order, "precondition_failed", "supplier_locked_after_send", "The supplier can only change while the order is a draft.");
  }
  if (locationId !== undefined && locationId !== order.header.locationId) {
    if (!nothingBooked) {
      refuse(
        order,
        "blocked_by_quantities",
        "location_locked_after_receipt",
        `Goods were already booked at this location, so it cannot change.${ifAllowed(order, "unreceive", "Un-receive them first.")}`,
      );
    }
    if (locationId === null && order.status !== "draft") {
      errors.locationId = "A sent order needs a receiving location";
    }
  }
  for (const field of ["shippingCost", "tax"] as const) {
    const value = changes[field];
    if (value !== undefined && !parseMoney(value)) errors[field] = "Must be 0 or more, with at most 4 decimals";
  }
  for (const field of ["note", "privateNote"] as const) {
    const value = changes[field];
    if (value && value.length > 5000) errors[field] = "At most 5000 characters";
  }
  if (changes.reference && changes.reference.length > 100) errors.reference = "At most 100 characters";
  for (const field of ["orderDate", "expectedArrivalAt", "requestedShipAt"] as const) {
    const value = changes[field];
    if (value && Number.isNaN(value.getTime())) errors[field] = "Must be a valid date";
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);

  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes) as Array<[keyof OrderHeader, OrderHeader[keyof OrderHeader]]>) {
    if (value === undefined) continue;
    const normalised = typeof value === "string" ? value.trim() || (key === "shippingCost" || key === "tax" ? "0" : null) : value;
    // Not String(): that drops milliseconds from dates and confuses null with the text "null".
    if (sameValue(order.header[key], normalised)) continue;
    before[key] = order.header[key];
    after[key] = normalised;
    (order.header as unknown as Record<string, unknown>)[key] = normalised;
  }
  return { before, after };
}

function sameValue(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}

function validNewLine(line: NewLineInput, prefix: string): NewLineInput {
  const errors: FieldErrors = {};
  if (!isQuantity(line.ordered, 1)) errors[`${prefix}.ordered`] = quantityMessage(1);
  if (!parseMoney(line.unitCost)) errors[`${prefix}.unitCost`] = "Unit cost must be 0 or more, with at most 4 decimals";
  if (!line.productTitle.trim()) errors[`${prefix}.productTitle`] = "A line needs a description";
  if (line.kind === "variant" && !line.variantId) errors[`${prefix}.variantId`] = "A variant line needs a variant";
  if (line.kind === "custom" && (line.variantId || line.inventoryItemId)) {
    errors[`${prefix}.variantId`] = "A custom line is not tied to a Shopify variant";
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { ...line, productTitle: line.productTitle.trim(), unitCost: line.unitCost.trim() };
}

function validReceipt(order: PurchaseOrderState, lines: readonly ReceiptLineInput[]): BookingLine[] {
  const quantities = orderQuantities(order);
  if ([...quantities.values()].every((line) => line.pending === 0)) {
    refuse(order, "precondition_failed", "nothing_to_receive", "Every line is fully booked; there is nothing left to receive.");
  }
  const errors: FieldErrors = {};
  // A line may come more than once, each time under another reason ("5 accepted, 1 damaged
  // (returned), 1 wrong item (returned)"): a booking line has one reason. Under the same reason it
  // is ambiguous (which count is right?). What the entries book together must be pending.
  const seen = new Set<string>();
  const bookedOf = new Map<string, number>();
  lines.forEach((entry, index) => {
    const field = (name: string) => `lines.${index}.${name}`;
    const line = quantities.get(entry.lineId);
    if (!line) {
      errors[field("lineId")] = "Not a line of this order";
      return;
    }
    // Without a reason, units are taken as accepted: beside an "accepted" entry it would be the same part twice.
    const key = `${entry.lineId} ${entry.reason ?? "accepted"}`;
    if (seen.has(key)) errors[field("lineId")] = "This line appears twice in the receipt with the same reason";
    seen.add(key);
    for (const name of ["received", "rejected", "cancelled"] as const) {
      if (!isQuantity(entry[name], 0)) errors[field(name)] = quantityMessage(0);
    }
    if (errors[field("received")] || errors[field("rejected")] || errors[field("cancelled")]) return;
    const earlier = bookedOf.get(entry.lineId) ?? 0;
    const total = earlier + entry.received + entry.rejected + entry.cancelled;
    bookedOf.set(entry.lineId, total);
    if (total > line.pending) {
      errors[field("received")] =
        earlier === 0
          ? `Only ${line.pending} are still pending on this line`
          : `Only ${line.pending} are still pending on this line, and this receipt books ${total} of it`;
    }
    if (entry.reason !== null && !(INTAKE_REASONS as readonly string[]).includes(entry.reason)) {
      errors[field("reason")] = `Reason must be one of: ${INTAKE_REASONS.join(", ")}`;
    }
  });
  const booked = lines.filter((entry) => entry.received + entry.rejected + entry.cancelled > 0);
  if (Object.keys(errors).length === 0 && booked.length === 0) errors.lines = "Enter a quantity on at least one line";
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return booked.map((entry) => ({
    lineId: entry.lineId,
    received: entry.received,
    rejected: entry.rejected,
    cancelled: entry.cancelled,
    reason: (entry.reason as IntakeReason | null) ?? null,
  }));
}

function refuseWhenDeliveriesClosed(order: PurchaseOrderState): void {
  if (order.dates.deliveriesClosedAt) {
    refuse(
      order,
      "precondition_failed",
      "deliveries_closed",
      `Deliveries on this order were closed on ${order.dates.deliveriesClosedAt.toISOString().slice(0, 10)}: nothing more can be received.`,
    );
  }
}

/** Books every pending quantity as cancelled (cancel, complete closing the rest, close deliveries). */
function closePending(order: PurchaseOrderState, context: DecisionContext, kind: "cancellation" | "closure" | "deliveries_closed"): Booking | null {
  const lines = order.lines.flatMap((line): BookingLine[] => {
    const pending = lineQuantities(line, order.bookings).pending;
    return pending > 0 ? [{ lineId: line.id, received: 0, rejected: 0, cancelled: pending, reason: "canceled" }] : [];
  });
  if (lines.length === 0) return null;
  const booking = newBooking(context, kind, lines, order.header.locationId, null);
  order.bookings.push(booking);
  return booking;
}

function newBooking(context: DecisionContext, kind: Booking["kind"], lines: BookingLine[], locationId: string | null, note: string | null): Booking {
  return { id: context.newId(), kind, reversesId: null, locationId, note, bookedAt: context.now, syncedAt: null, lines };
}

function reverse(context: DecisionContext, target: Booking): Booking {
  return {
    ...newBooking(
      context,
      "reversal",
      target.lines.map((line) => ({
        lineId: line.lineId,
        received: -line.received,
        rejected: -line.rejected,
        cancelled: -line.cancelled,
        reason: line.reason,
      })),
      target.locationId,
      null,
    ),
    reversesId: target.id,
  };
}

function returnTo(order: PurchaseOrderState): PurchaseOrderStatus {
  if (!order.previousStatus) {
    refuse(order, "invalid_transition", "no_previous_status", "This order has no earlier status to return to.");
  }
  return order.previousStatus;
}

/** Dates that follow from where the quantities put the order, whichever action got it there. */
function stampDates(before: PurchaseOrderState, after: PurchaseOrderState, now: Date): void {
  // Not only confirm_lines makes every line confirmed: removing the last unconfirmed line does too.
  if (after.status === "confirmed" || after.status === "in_progress") after.dates.confirmedAt ??= now;
  if (after.status === "received" && before.status !== "received") after.dates.receivedAt ??= now;
  if (after.status === "partially_received") after.dates.receivedAt = null;
}

function findLine(order: PurchaseOrderState, lineId: string): OrderLine {
  const line = order.lines.find((candidate) => candidate.id === lineId);
  if (!line) throw new ValidationError({ lineId: "Not a line of this order" });
  return line;
}

function isQuantity(value: number, minimum: number): boolean {
  return Number.isSafeInteger(value) && value >= minimum && value <= MAX_QUANTITY;
}

function quantityMessage(minimum: number): string {
  return `Must be a whole number from ${minimum} to ${MAX_QUANTITY.toLocaleString("en-US")}`;
}

function lineName(line: OrderLine): string {
  return line.sku ? `Line ${line.sku}` : `Line "${line.productTitle}"`;
}

/** An instant as a merchant reads it in a message, e.g. "2026-12-01 08:00 UTC". */
function utcMinute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * An order waiting for its completion's cost sync takes no change (lifecycle actions, line moves,
 * deliveries): the completion is decided on the order as it was asked, once Shopify has the costs.
 */
export function refuseWhileCompleting(order: PurchaseOrderState): void {
  if (order.completing) {
    refuse(
      order,
      "invalid_transition",
      "completing",
      "This order is completing: Shopify is being told its unit costs, and it becomes Completed as soon as Shopify has them. Nothing else can be done with it until then.",
    );
  }
}

/**
 * Complete (or quick complete) asked of an order whose unit costs Shopify must have first (cost
 * sync), once `decide` allowed it: instead of completing, the order is marked completing (its
 * version moves, nothing else), and the worker decides the command again, on the order as it is
 * then, once Shopify has the costs.
 */
export function requestCompletion(
  order: PurchaseOrderState,
  command: CompletionRequest["command"],
  actor: CompletionRequest["actor"],
  now: Date,
): Omit<Decision, "audit"> & { audit: Omit<Decision["audit"], "action"> & { action: "complete_requested" } } {
  const next = structuredClone(order);
  next.completing = { since: now, command, actor };
  next.version = order.version + 1;
  return {
    next,
    removal: "none",
    audit: { action: "complete_requested", fromStatus: order.status, toStatus: order.status, changes: { ...command } },
  };
}

function refuse(order: PurchaseOrderState, code: GuardrailCode, rule: string, message: string): never {
  throw orderRefusal(order, code, rule, message);
}
