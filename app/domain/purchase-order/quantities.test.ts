import { describe, expect, it } from "vitest";

import type { Booking, BookingLine, OrderLine } from "./order";
import { activeBookings, bookedQuantity, bookedTotals, expectedQuantity, lineQuantities, orderQuantities } from "./quantities";

function line(id: string, ordered: number, confirmed: number | null = null): OrderLine {
  return {
    id,
    kind: "custom",
    variantId: null,
    inventoryItemId: null,
    productId: null,
    productTitle: `Line ${id}`,
    variantTitle: null,
    sku: null,
    vendor: null,
    notOrdered: false,
    ordered,
    confirmed,
    unitCost: "1.00",
    variantDeletedAt: null,
  };
}

function entry(lineId: string, received: number, rejected = 0, cancelled = 0): BookingLine {
  return { lineId, received, rejected, cancelled, reason: null };
}

let ids = 0;
function booking(kind: Booking["kind"], lines: BookingLine[], reversesId: string | null = null): Booking {
  return {
    id: `b${++ids}`,
    kind,
    reversesId,
    locationId: "gid://shopify/Location/1",
    note: null,
    bookedAt: new Date("2025-03-01T10:00:00Z"),
    syncedAt: null,
    lines,
  };
}

describe("bookedTotals", () => {
  it("sums a line's quantities over every booking, reversals negative, other lines ignored", () => {
    const receipt = booking("receipt", [entry("a", 5, 1, 1), entry("b", 2)]);
    const reversal = booking("reversal", [entry("a", -5, -1, -1), entry("b", -2)], receipt.id);
    const second = booking("receipt", [entry("a", 3)]);
    const cancellation = booking("cancellation", [entry("a", 0, 0, 4)]);
    expect(bookedTotals([receipt, reversal, second, cancellation], "a")).toEqual({
      received: 3,
      rejected: 0,
      cancelled: 4,
    });
    expect(bookedTotals([receipt, reversal], "b")).toEqual({ received: 0, rejected: 0, cancelled: 0 });
    expect(bookedTotals([], "a")).toEqual({ received: 0, rejected: 0, cancelled: 0 });
  });
});

describe("expectedQuantity", () => {
  it("is the confirmed quantity when there is one, else the ordered quantity (0 is a confirmation)", () => {
    expect(expectedQuantity({ ordered: 10, confirmed: null })).toBe(10);
    expect(expectedQuantity({ ordered: 10, confirmed: 8 })).toBe(8);
    expect(expectedQuantity({ ordered: 10, confirmed: 0 })).toBe(0);
  });
});

describe("lineQuantities", () => {
  it("derives pending = expected − received − rejected − cancelled", () => {
    const bookings = [booking("receipt", [entry("a", 4, 1, 2)])];
    expect(lineQuantities(line("a", 10), bookings)).toEqual({
      ordered: 10,
      confirmed: null,
      received: 4,
      rejected: 1,
      cancelled: 2,
      pending: 3,
    });
    expect(lineQuantities(line("a", 10, 7), bookings).pending).toBe(0);
  });

  it("never reports negative pending, even when more was booked than expected", () => {
    const bookings = [booking("receipt", [entry("a", 12)])];
    expect(lineQuantities(line("a", 10), bookings).pending).toBe(0);
    expect(lineQuantities(line("a", 10, 3), bookings)).toMatchObject({ received: 12, pending: 0 });
  });
});

describe("bookedQuantity", () => {
  it("adds received, rejected and cancelled", () => {
    expect(bookedQuantity({ received: 3, rejected: 2, cancelled: 1 })).toBe(6);
    expect(bookedQuantity({ received: 0, rejected: 0, cancelled: 0 })).toBe(0);
  });
});

describe("orderQuantities", () => {
  it("maps every line id to its quantities, in line order", () => {
    const order = { lines: [line("a", 10), line("b", 4, 4)], bookings: [booking("receipt", [entry("b", 1)])] };
    const quantities = orderQuantities(order);
    expect([...quantities.keys()]).toEqual(["a", "b"]);
    expect(quantities.get("a")?.pending).toBe(10);
    expect(quantities.get("b")).toMatchObject({ received: 1, pending: 3 });
  });
});

describe("activeBookings", () => {
  it("leaves out reversals and the bookings they reverse", () => {
    const first = booking("receipt", [entry("a", 1)]);
    const second = booking("receipt", [entry("a", 2)]);
    const undo = booking("reversal", [entry("a", -1)], first.id);
    const cancellation = booking("cancellation", [entry("a", 0, 0, 7)]);
    const reopen = booking("reversal", [entry("a", 0, 0, -7)], cancellation.id);
    const closure = booking("closure", [entry("a", 0, 0, 7)]);
    expect(activeBookings([first, second, undo, cancellation, reopen, closure]).map((b) => b.id)).toEqual([second.id, closure.id]);
    expect(activeBookings([])).toEqual([]);
  });
});
