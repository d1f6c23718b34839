import { ValidationError, type FieldErrors } from "../errors";
import { parseMoney } from "../money";
import { flowStatus, LIFECYCLE, orderRefusal, QUANTITY_DRIVEN, refuseWhileCompleting } from "./lifecycle";
import type { OrderLine, PurchaseOrderState } from "./order";
import { bookedQuantity, lineQuantities } from "./quantities";
import { STATUS_LABELS } from "./status";

/**
 * Moving lines between purchase orders (merge, and split by supplier). What was received,
 * rejected or cancelled stays on the source line with its bookings; what is still pending
 * moves. Across both orders every quantity is conserved: ordered, confirmed, received,
 * rejected, cancelled.
 */

export interface LineMove {
  lineId: string;
  /** How much of the pending quantity moves; all of it when absent. */
  quantity?: number;
  /** The unit cost on the target (e.g. the new supplier's catalogue price); the source's otherwise. */
  unitCost?: string;
}

export interface MoveDecision {
  next: PurchaseOrderState;
  removal: "none";
  audit: {
    action: "move_lines_out" | "move_lines_in";
    fromStatus: PurchaseOrderState["status"];
    toStatus: PurchaseOrderState["status"];
    changes: Record<string, unknown>;
  };
}

export function moveLines(
  source: PurchaseOrderState,
  target: PurchaseOrderState,
  moves: readonly LineMove[],
  newId: () => string,
): { source: MoveDecision; target: MoveDecision } {
  for (const order of [source, target]) {
    refuseWhileCompleting(order);
    if (order.deletedAt || !LIFECYCLE.add_line.from.includes(order.status)) {
      throw orderRefusal(
        order,
        "invalid_transition",
        "lines_locked_in_status",
        `Lines cannot move ${order === source ? "out of" : "into"} an order that is ${STATUS_LABELS[order.status]}.`,
      );
    }
  }
  if (source.id === target.id) throw new ValidationError({ targetId: "Choose a different purchase order" });
  if (source.currencyCode !== target.currencyCode && moves.some((move) => move.unitCost === undefined)) {
    throw new ValidationError({
      targetId: `The orders are in different currencies (${source.currencyCode}, ${target.currencyCode}); give each moved line its unit cost in ${target.currencyCode}`,
    });
  }
  if (moves.length === 0) throw new ValidationError({ lines: "Choose at least one line to move" });

  const nextSource = structuredClone(source);
  const nextTarget = structuredClone(target);
  const errors: FieldErrors = {};
  const seen = new Set<string>();
  const moved: Array<{ from: string; to: string; quantity: number }> = [];

  moves.forEach((move, index) => {
    const field = (name: string) => `lines.${index}.${name}`;
    const line = nextSource.lines.find((candidate) => candidate.id === move.lineId);
    if (!line || seen.has(move.lineId)) {
      errors[field("lineId")] = line ? "This line appears twice" : "Not a line of the source order";
      return;
    }
    seen.add(move.lineId);
    const quantities = lineQuantities(line, source.bookings);
    const booked = bookedQuantity(quantities);
    const quantity = move.quantity ?? quantities.pending;
    if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > quantities.pending) {
      errors[field("quantity")] =
        quantities.pending === 0 ? "Nothing is pending on this line" : `Move a whole number from 1 to ${quantities.pending}`;
      return;
    }
    if (move.unitCost !== undefined && !parseMoney(move.unitCost)) {
      errors[field("unitCost")] = "Unit cost must be 0 or more, with at most 4 decimals";
      return;
    }
    const wholeLine = booked === 0 && quantity === quantities.pending && quantity >= line.ordered;
    if (!wholeLine && line.ordered - quantity < Math.max(booked, 1)) {
      errors[field("quantity")] = `At most ${Math.max(line.ordered - Math.max(booked, 1), 0)} can move while the rest stays on this order`;
      return;
    }

    const added: OrderLine = {
      ...line,
      id: newId(),
      ordered: wholeLine ? line.ordered : quantity,
      confirmed: line.confirmed === null ? null : wholeLine ? line.confirmed : quantity,
      unitCost: move.unitCost?.trim() ?? line.unitCost,
    };
    nextTarget.lines.push(added);
    if (wholeLine) {
      nextSource.lines = nextSource.lines.filter((candidate) => candidate.id !== line.id);
    } else {
      line.ordered -= quantity;
      if (line.confirmed !== null) line.confirmed -= quantity;
    }
    moved.push({ from: line.id, to: added.id, quantity });
  });
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  if (nextSource.status !== "draft" && nextSource.lines.length === 0) {
    throw orderRefusal(
      source,
      "precondition_failed",
      "sent_order_needs_lines",
      "A sent order keeps at least one line; cancel it instead of moving everything out.",
    );
  }

  return {
    source: settle(source, nextSource, "move_lines_out", { targetId: target.id, moved }),
    target: settle(target, nextTarget, "move_lines_in", { sourceId: source.id, moved }),
  };
}

function settle(
  before: PurchaseOrderState,
  next: PurchaseOrderState,
  action: MoveDecision["audit"]["action"],
  changes: Record<string, unknown>,
): MoveDecision {
  if (QUANTITY_DRIVEN.includes(next.status)) next.status = flowStatus(next);
  next.version = before.version + 1;
  return { next, removal: "none", audit: { action, fromStatus: before.status, toStatus: next.status, changes } };
}
