import type { Booking, OrderLine, PurchaseOrderState } from "./order";

/** A line's booked quantities, summed over the order's bookings (reversals are negative). */
export interface LineQuantities {
  ordered: number;
  confirmed: number | null;
  received: number;
  rejected: number;
  cancelled: number;
  /** (confirmed, else ordered) − received − rejected − cancelled, never negative. */
  pending: number;
}

export function bookedTotals(bookings: readonly Booking[], lineId: string) {
  let received = 0;
  let rejected = 0;
  let cancelled = 0;
  for (const booking of bookings) {
    for (const line of booking.lines) {
      if (line.lineId !== lineId) continue;
      received += line.received;
      rejected += line.rejected;
      cancelled += line.cancelled;
    }
  }
  return { received, rejected, cancelled };
}

/** The quantity the supplier is expected to deliver: what they confirmed, else what was ordered. */
export function expectedQuantity(line: Pick<OrderLine, "ordered" | "confirmed">): number {
  return line.confirmed ?? line.ordered;
}

export function lineQuantities(line: OrderLine, bookings: readonly Booking[]): LineQuantities {
  const { received, rejected, cancelled } = bookedTotals(bookings, line.id);
  return {
    ordered: line.ordered,
    confirmed: line.confirmed,
    received,
    rejected,
    cancelled,
    pending: Math.max(0, expectedQuantity(line) - received - rejected - cancelled),
  };
}

/** Received + rejected + cancelled: what no edit may go below. */
export function bookedQuantity(quantities: Pick<LineQuantities, "received" | "rejected" | "cancelled">): number {
  return quantities.received + quantities.rejected + quantities.cancelled;
}

export function orderQuantities(order: Pick<PurchaseOrderState, "lines" | "bookings">): Map<string, LineQuantities> {
  return new Map(order.lines.map((line) => [line.id, lineQuantities(line, order.bookings)]));
}

/** Bookings that were not reversed later. */
export function activeBookings(bookings: readonly Booking[]): Booking[] {
  const reversed = new Set(bookings.flatMap((booking) => (booking.reversesId ? [booking.reversesId] : [])));
  return bookings.filter((booking) => booking.kind !== "reversal" && !reversed.has(booking.id));
}
