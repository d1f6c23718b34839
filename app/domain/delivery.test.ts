import { describe, expect, it } from "vitest";

import {
  assertAcceptsDeliveries,
  decideSubmission,
  returnsCreditAmount,
  orderLineItem,
  parseDeliveredAt,
  parseDeliveryNote,
  splitSummaryReason,
  validateDeliveryLines,
  type DeliveredItem,
  type DeliveryLine,
  type DeliveryLineInput,
} from "./delivery";
import { GuardrailError } from "./errors";
import { INTAKE_REASON_TABLE } from "./intake-reasons";
import { testDraftOrder, testLine } from "./purchase-order/fixtures";
import type { PurchaseOrderState } from "./purchase-order/order";
import { PURCHASE_ORDER_STATUSES, type PurchaseOrderStatus } from "./purchase-order/status";
import { fieldErrors } from "./test-support";

const NOW = new Date("2026-11-20T12:00:00Z");
let ids = 0;
const context = () => ({ now: NOW, newId: () => `new-${++ids}` });

function sentOrder(overrides: Partial<PurchaseOrderState> = {}): PurchaseOrderState {
  return testDraftOrder([testLine("a", 10), testLine("b", 4)], {
    status: "sent",
    dates: { ...testDraftOrder([]).dates, sentAt: NOW },
    ...overrides,
  });
}

const order = sentOrder();
const NEW_VARIANT = "gid://shopify/ProductVariant/new";
const newVariant: DeliveredItem = {
  variantId: NEW_VARIANT,
  inventoryItemId: "gid://shopify/InventoryItem/new",
  productId: "gid://shopify/Product/new",
  productTitle: "Surprise",
  variantTitle: "Blue",
  sku: "NEW-1",
  vendor: "Acme",
  barcode: "4006381333931",
  unitCost: "3.10",
};
const items = {
  orderLines: new Map(order.lines.map((line) => [line.id, orderLineItem(line, null)])),
  variants: new Map([[NEW_VARIANT, newVariant]]),
};

function input(overrides: Partial<DeliveryLineInput> = {}): DeliveryLineInput {
  return { lineId: "a", variantId: null, quantityDelivered: 1, quantityReturned: 0, unitPrice: null, discount: "0", intakeReason: 0, ...overrides };
}

/** Validated lines, as a saved draft holds them. */
const draftLines = (...lines: Array<Partial<DeliveryLineInput>>): DeliveryLine[] => validateDeliveryLines(lines.map(input), items);

function refusal(run: () => unknown): GuardrailError {
  try {
    run();
  } catch (error) {
    if (error instanceof GuardrailError) return error;
    throw error;
  }
  throw new Error("expected a GuardrailError");
}

describe("intake reasons and quantities", () => {
  const combinations = INTAKE_REASON_TABLE.flatMap((reason) =>
    [0, 3].flatMap((delivered) => [0, 2].map((returned) => ({ reason, delivered, returned }))),
  );

  it.each(combinations)("$reason.code $reason.label with $delivered delivered and $returned returned", ({ reason, delivered, returned }) => {
    const line = input({ intakeReason: reason.code, quantityDelivered: delivered, quantityReturned: returned });
    const expected: Record<string, boolean> = {
      // Accepted reasons go with goods into stock, and nothing sent back on the same line.
      accepted: delivered > 0 && returned === 0,
      // "(returned)" reasons: nothing into stock, something sent back.
      returned: delivered === 0 && returned > 0,
      // Not delivered and canceled record that nothing came.
      not_delivered: delivered === 0 && returned === 0,
      canceled: delivered === 0 && returned === 0,
    };
    if (expected[reason.outcome]) {
      expect(validateDeliveryLines([line], items)[0]).toMatchObject({ quantityDelivered: delivered, quantityReturned: returned });
      return;
    }
    const errors = fieldErrors(() => validateDeliveryLines([line], items));
    const deliveredWrong = reason.outcome === "accepted" ? delivered === 0 : delivered > 0;
    const returnedWrong = reason.outcome === "returned" ? returned === 0 : returned > 0;
    expect(Object.keys(errors).sort()).toEqual(
      [deliveredWrong ? "lines.0.quantityDelivered" : null, returnedWrong ? "lines.0.quantityReturned" : null].filter(Boolean).sort(),
    );
    expect(Object.values(errors).join(" ")).toContain(reason.label);
  });

  it("explains the refusals", () => {
    expect(fieldErrors(() => validateDeliveryLines([input({ intakeReason: 0, quantityDelivered: 0 })], items))).toEqual({
      "lines.0.quantityDelivered": '"Accepted" is for goods taken into stock: enter the delivered quantity',
    });
    expect(fieldErrors(() => validateDeliveryLines([input({ intakeReason: 3, quantityDelivered: 2, quantityReturned: 2 })], items))).toEqual({
      "lines.0.quantityDelivered":
        '"Damaged (returned)" means nothing went into stock: delivered must be 0 (choose an accepted reason for goods kept)',
    });
    expect(fieldErrors(() => validateDeliveryLines([input({ intakeReason: 0, quantityReturned: 1 })], items))).toEqual({
      "lines.0.quantityReturned": '"Accepted" is not a return: returned must be 0 (choose a "(returned)" reason for goods sent back)',
    });
  });

  it.each([-1, 16, 1.5, Number.NaN])("refuses the intake reason %s", (code) => {
    expect(fieldErrors(() => validateDeliveryLines([input({ intakeReason: code })], items))).toEqual({
      "lines.0.intakeReason": "Must be an intake reason code from 0 to 15",
    });
  });

  it.each([-1, 2.5, 1_000_001])("refuses the quantity %s", (quantity) => {
    expect(fieldErrors(() => validateDeliveryLines([input({ quantityDelivered: quantity, quantityReturned: quantity })], items))).toEqual({
      "lines.0.quantityDelivered": "Must be a whole number from 0 to 1,000,000",
      "lines.0.quantityReturned": "Must be a whole number from 0 to 1,000,000",
    });
  });
});

describe("draft lines", () => {
  it("prices a line at its order line's unit cost, or a new variant's known cost, unless a price is given", () => {
    const [ordered, unordered, priced] = draftLines(
      { lineId: "a", quantityDelivered: 2 },
      { lineId: null, variantId: NEW_VARIANT, quantityDelivered: 1, intakeReason: 10 },
      { lineId: "b", quantityDelivered: 4, unitPrice: " 1.2500 ", discount: "5" },
    );
    expect(ordered).toMatchObject({ lineId: "a", sku: "SKU-a", unitPrice: "2.5", discount: "0" });
    expect(unordered).toEqual({
      lineId: null,
      variantId: NEW_VARIANT,
      inventoryItemId: "gid://shopify/InventoryItem/new",
      productId: "gid://shopify/Product/new",
      productTitle: "Surprise",
      variantTitle: "Blue",
      sku: "NEW-1",
      vendor: "Acme",
      barcode: "4006381333931",
      quantityDelivered: 1,
      quantityReturned: 0,
      unitPrice: "3.1",
      discount: "0",
      intakeReason: 10,
      splits: [{ intakeReason: 10, quantity: 1 }],
    });
    expect(priced).toMatchObject({ unitPrice: "1.25", discount: "5" });
  });

  it("asks for a price for a new variant whose cost is not known in the order's currency, saying why", () => {
    const unpriced = {
      ...newVariant,
      unitCost: null,
      noCostReason: "the supplier's catalogue does not list this variant, and Shopify has no unit cost for it",
    };
    const withUnpriced = { ...items, variants: new Map([[NEW_VARIANT, unpriced]]) };
    const line = input({ lineId: null, variantId: NEW_VARIANT, quantityDelivered: 1, intakeReason: 10 });
    expect(fieldErrors(() => validateDeliveryLines([line], withUnpriced))).toEqual({
      "lines.0.unitPrice": "Enter a unit price: the supplier's catalogue does not list this variant, and Shopify has no unit cost for it.",
    });
    expect(validateDeliveryLines([{ ...line, unitPrice: "2.20" }], withUnpriced)[0]).toMatchObject({ unitPrice: "2.2" });
  });

  it("names every bad field of every line at once", () => {
    expect(
      fieldErrors(() =>
        validateDeliveryLines(
          [
            input({ lineId: "gone" }),
            input({ lineId: null, variantId: null }),
            input({ lineId: null, variantId: "gid://shopify/ProductVariant/unknown" }),
            input({ unitPrice: "1,50", discount: "-1" }),
            input({ quantityDelivered: 2, unitPrice: "3", discount: "6.01" }),
          ],
          items,
        ),
      ),
    ).toEqual({
      "lines.0.lineId": "Not a line of this order",
      "lines.1.variantId": "Choose the variant delivered: this line is not on the order",
      "lines.2.variantId": "Shopify has no such product variant in this shop",
      "lines.3.unitPrice": "Must be 0 or more, with at most 4 decimals",
      "lines.3.discount": "Must be 0 or more, with at most 4 decimals",
      "lines.4.discount": "Cannot be more than the line's total (6)",
    });
  });

  it("lets a line of nothing through only as not delivered or canceled", () => {
    expect(draftLines({ quantityDelivered: 0, intakeReason: 1 }, { quantityDelivered: 0, intakeReason: 2 })).toHaveLength(2);
  });

  it("caps the number of lines", () => {
    expect(
      fieldErrors(() =>
        validateDeliveryLines(
          Array.from({ length: 1001 }, () => input()),
          items,
        ),
      ),
    ).toEqual({
      lines: "At most 1,000 lines per delivery",
    });
  });
});

describe("a line split across intake reasons", () => {
  const split = (...parts: Array<[number, number]>) => parts.map(([intakeReason, quantity]) => ({ intakeReason, quantity }));

  it("keeps every part with its reason; the line's totals are the accepted and returned parts", () => {
    const [line] = draftLines({ lineId: "a", quantityDelivered: 5, quantityReturned: 1, splits: split([0, 5], [3, 1]) });
    expect(line).toMatchObject({ quantityDelivered: 5, quantityReturned: 1, intakeReason: 3, splits: split([0, 5], [3, 1]) });
  });

  it("stores a one-reason line as one part of the units its reason describes", () => {
    const lines = draftLines(
      { lineId: "a", quantityDelivered: 4 },
      { lineId: "b", quantityDelivered: 0, quantityReturned: 2, intakeReason: 4 },
      { lineId: "a", quantityDelivered: 0, intakeReason: 1 },
    );
    expect(lines.map((line) => line.splits)).toEqual([split([0, 4]), split([4, 2]), split([1, 0])]);
  });

  it("refuses parts that do not add up to the line's delivered and returned, naming the line's field", () => {
    expect(fieldErrors(() => draftLines({ lineId: "a", quantityDelivered: 6, quantityReturned: 1, splits: split([0, 5], [3, 1]) }))).toEqual({
      "lines.0.quantityDelivered": "The accepted parts add up to 5, but the line says 6 delivered into stock",
    });
    expect(fieldErrors(() => draftLines({ lineId: "a", quantityDelivered: 5, quantityReturned: 0, splits: split([0, 5], [3, 1]) }))).toEqual({
      "lines.0.quantityReturned": "The returned parts add up to 1, but the line says 0 returned",
    });
  });

  it("names the part at fault: a reason that is no code, says nothing came, or is there twice; a quantity that is no unit", () => {
    const errors = fieldErrors(() =>
      draftLines(
        { lineId: "a", quantityDelivered: 5, quantityReturned: 0, splits: split([0, 5], [1, 2]) },
        { lineId: "b", quantityDelivered: 3, quantityReturned: 0, splits: split([0, 2], [0, 1]) },
        { lineId: "a", quantityDelivered: 1, quantityReturned: 0, splits: split([0, 1], [99, 1], [3, 0], [4, 1.5]) },
      ),
    );
    expect(Object.keys(errors).sort()).toEqual([
      "lines.0.splits.1.intakeReason",
      "lines.1.splits.1.intakeReason",
      "lines.2.splits.1.intakeReason",
      "lines.2.splits.2.quantity",
      "lines.2.splits.3.quantity",
    ]);
    expect(errors["lines.0.splits.1.intakeReason"]).toContain('"Not delivered" says nothing came');
    expect(errors["lines.1.splits.1.intakeReason"]).toContain('"Accepted" is already a part of this line');
    expect(errors["lines.2.splits.2.quantity"]).toBe("Must be a whole number from 1 to 1,000,000");
  });

  it("books each part under its own reason: accepted parts received, returned parts rejected", () => {
    const submission = decideSubmission(
      order,
      {
        number: 1,
        status: "draft",
        lines: draftLines({ lineId: "a", quantityDelivered: 5, quantityReturned: 3, splits: split([0, 5], [3, 1], [4, 2]) }),
      },
      { ...context(), autoSyncOnReceive: false },
    );
    expect(submission.steps.at(-1)!.next.bookings.at(-1)!.lines).toEqual([
      { lineId: "a", received: 5, rejected: 0, cancelled: 0, reason: "accepted" },
      { lineId: "a", received: 0, rejected: 1, cancelled: 0, reason: "damaged_returned" },
      { lineId: "a", received: 0, rejected: 2, cancelled: 0, reason: "quality_issue_returned" },
    ]);
  });

  it("a variant the order lacks becomes a line of what went into stock; its returned part books nothing", () => {
    const lines = draftLines({
      lineId: null,
      variantId: NEW_VARIANT,
      quantityDelivered: 2,
      quantityReturned: 1,
      splits: split([6, 2], [5, 1]),
      unitPrice: "2",
    });
    const submission = decideSubmission(order, { number: 1, status: "draft", lines }, { ...context(), autoSyncOnReceive: false });
    const next = submission.steps.at(-1)!.next;
    expect(next.lines.at(-1)).toMatchObject({ variantId: NEW_VARIANT, ordered: 2, notOrdered: true });
    expect(next.bookings.at(-1)!.lines).toEqual([
      { lineId: next.lines.at(-1)!.id, received: 2, rejected: 0, cancelled: 0, reason: "wrongly_delivered_accepted" },
    ]);
  });
});

describe("delivery dates", () => {
  it.each([
    ["2026-11-20T10:00", "2026-11-20T10:00:00.000Z"],
    ["2026-11-20T10:00:30.5", "2026-11-20T10:00:30.500Z"],
    [" 2026-11-20 ", "2026-11-20T00:00:00.000Z"],
    ["2026-11-20T10:00Z", "2026-11-20T10:00:00.000Z"],
    ["2026-11-20T10:00:00+02:00", "2026-11-20T08:00:00.000Z"],
    ["2026-11-20T23:30-05:00", "2026-11-21T04:30:00.000Z"],
  ])("%s is %s (no zone: UTC; an offset is respected)", (text, iso) => {
    expect(parseDeliveredAt(text)?.toISOString()).toBe(iso);
  });

  it.each(["", "  ", null])("%j is no date", (text) => {
    expect(parseDeliveredAt(text)).toBeNull();
  });

  it.each(["2026-02-30", "2026-11-20T24:00", "2026-11-20T10:60", "2026-11-20T10:00+15:00", "20/11/2026", "tomorrow", "2026-11-20 10:00"])(
    "refuses %s",
    (text) => {
      expect(Object.keys(fieldErrors(() => parseDeliveredAt(text)))).toEqual(["deliveredAt"]);
    },
  );

  it("keeps notes short and blank as none", () => {
    expect(parseDeliveryNote("  ")).toBeNull();
    expect(parseDeliveryNote(" box 2 of 3 ")).toBe("box 2 of 3");
    expect(fieldErrors(() => parseDeliveryNote("x".repeat(5001)))).toEqual({ note: "At most 5,000 characters" });
  });
});

describe("which orders take deliveries", () => {
  const accepting: PurchaseOrderStatus[] = ["sent", "partially_confirmed", "confirmed", "in_progress", "partially_received"];

  it.each(PURCHASE_ORDER_STATUSES.map((status) => [status]))("%s", (status) => {
    const run = () => assertAcceptsDeliveries(sentOrder({ status }));
    if (accepting.includes(status)) {
      expect(run).not.toThrow();
      return;
    }
    const error = refusal(run);
    expect(error.rule).toBe(status === "draft" ? "order_not_sent" : "order_not_receiving");
    expect(error.status).toBe(status);
  });

  it("not after deliveries were closed, saying when", () => {
    const closed = sentOrder({ status: "partially_received", dates: { ...order.dates, deliveriesClosedAt: NOW } });
    const error = refusal(() => assertAcceptsDeliveries(closed));
    expect(error.rule).toBe("deliveries_closed");
    expect(error.message).toContain("2026-11-20");
  });
});

describe("submitting", () => {
  const submit = (lines: DeliveryLine[], on = order, status: "draft" | "submitted" = "draft", autoSync = false) =>
    decideSubmission(on, { number: 3, status, lines }, { ...context(), autoSyncOnReceive: autoSync });

  it("books per order line and reason: delivered received, returned rejected, lines of one reason together", () => {
    const submission = submit(
      draftLines(
        { lineId: "a", quantityDelivered: 6 },
        { lineId: "a", quantityDelivered: 0, quantityReturned: 2, intakeReason: 3 },
        { lineId: "b", quantityDelivered: 0, intakeReason: 1 },
      ),
    );
    expect(submission.steps.map((step) => step.audit.action)).toEqual(["receive"]);
    const next = submission.steps[0]!.next;
    const receipt = next.bookings.at(-1)!;
    expect(submission.bookingId).toBe(receipt.id);
    expect(receipt).toMatchObject({ kind: "receipt", note: "Delivery #3", locationId: order.header.locationId, syncedAt: null });
    expect(receipt.lines).toEqual([
      { lineId: "a", received: 6, rejected: 0, cancelled: 0, reason: "accepted" },
      { lineId: "a", received: 0, rejected: 2, cancelled: 0, reason: "damaged_returned" },
    ]);
    expect(submission.lineIds).toEqual(["a", "a", "b"]);
    expect(next.status).toBe("partially_received");
  });

  it("receives everything pending: the order is Received; with auto-sync the receipt is synced", () => {
    const submission = submit(
      draftLines({ lineId: "a", quantityDelivered: 10 }, { lineId: "b", quantityDelivered: 4, intakeReason: 12 }),
      order,
      "draft",
      true,
    );
    const next = submission.steps.at(-1)!.next;
    expect(next.status).toBe("received");
    expect(next.bookings.at(-1)!.syncedAt).toEqual(NOW);
  });

  it("adds a variant the order does not have as a not-ordered line, booked received", () => {
    const submission = submit(draftLines({ lineId: null, variantId: NEW_VARIANT, quantityDelivered: 5, intakeReason: 6, unitPrice: "2.2" }));
    expect(submission.steps.map((step) => step.audit.action)).toEqual(["add_line", "receive"]);
    const next = submission.steps.at(-1)!.next;
    const added = next.lines.at(-1)!;
    expect(added).toMatchObject({ variantId: NEW_VARIANT, sku: "NEW-1", notOrdered: true, ordered: 5, unitCost: "2.2", kind: "variant" });
    expect(submission.lineIds).toEqual([added.id]);
    expect(next.bookings.at(-1)!.lines).toEqual([{ lineId: added.id, received: 5, rejected: 0, cancelled: 0, reason: "wrongly_delivered_accepted" }]);
  });

  it("books nothing for a variant the order does not have that was sent back", () => {
    const submission = submit(
      draftLines(
        { lineId: null, variantId: NEW_VARIANT, quantityDelivered: 0, quantityReturned: 3, intakeReason: 5 },
        { lineId: "b", quantityDelivered: 1 },
      ),
    );
    expect(submission.steps.map((step) => step.audit.action)).toEqual(["receive"]);
    expect(submission.lineIds).toEqual([null, "b"]);
    expect(submission.steps[0]!.next.lines).toHaveLength(2);
  });

  it("a delivery of nothing (not delivered, canceled) books nothing", () => {
    const submission = submit(
      draftLines({ lineId: "a", quantityDelivered: 0, intakeReason: 1 }, { lineId: "b", quantityDelivered: 0, intakeReason: 2 }),
    );
    expect(submission).toEqual({ steps: [], lineIds: ["a", "b"], bookingId: null });
  });

  it("refuses more than is pending, on each line concerned, saying how to record the extra units", () => {
    const errors = fieldErrors(() =>
      submit(draftLines({ lineId: "b", quantityDelivered: 3 }, { lineId: "b", quantityDelivered: 0, quantityReturned: 2, intakeReason: 9 })),
    );
    expect(Object.keys(errors)).toEqual(["lines.0.quantityDelivered", "lines.1.quantityDelivered"]);
    expect(errors["lines.0.quantityDelivered"]).toBe(
      'Only 4 of SKU-b are still pending, and this delivery books 5. Record the extra units on a separate line for the variant, without an order line, with the reason "Delivered too much (accepted)".',
    );
  });

  it("refuses a line whose order line was removed since the draft was saved", () => {
    const lines = draftLines({ lineId: "b", quantityDelivered: 1 });
    const without = { ...order, lines: order.lines.filter((line) => line.id !== "b") };
    expect(fieldErrors(() => submit(lines, without))).toEqual({ "lines.0.lineId": "This order line was removed since the delivery was saved" });
  });

  it("refuses an empty delivery, a submitted one, and orders that take no deliveries", () => {
    expect(fieldErrors(() => submit([]))).toEqual({ lines: "Add at least one line before submitting the delivery" });
    expect(refusal(() => submit(draftLines({}), order, "submitted")).rule).toBe("delivery_submitted");
    const closed = sentOrder({ status: "partially_received", dates: { ...order.dates, deliveriesClosedAt: NOW } });
    expect(refusal(() => submit(draftLines({}), closed)).rule).toBe("deliveries_closed");
    expect(refusal(() => submit(draftLines({}), sentOrder({ status: "paused" }))).rule).toBe("order_not_receiving");
  });

  it("sums a split line up in its parts' reason when they agree, else the first that was not accepted", () => {
    expect(splitSummaryReason([0, 0])).toBe(0);
    expect(splitSummaryReason([0, 4, 3])).toBe(4);
    expect(splitSummaryReason([12, 0])).toBe(12);
  });
});

describe("crediting returns", () => {
  // Line a: 10 ordered at 2.50; line n: brought by a delivery, never ordered.
  const withUnordered = sentOrder({
    lines: [testLine("a", 10), testLine("b", 4, { unitCost: "7" }), testLine("n", 3, { notOrdered: true, unitCost: "9" })],
    bookings: [
      {
        id: "receipt-1",
        kind: "receipt",
        reversesId: null,
        locationId: null,
        note: null,
        bookedAt: NOW,
        syncedAt: null,
        lines: [{ lineId: "a", received: 5, rejected: 2, cancelled: 0, reason: "damaged_returned" }],
      },
    ],
  });
  const submitted = (
    lines: Array<{ lineId: string | null; quantityReturned: number }>,
    more: Partial<{ creditId: string; bookingId: string | null }> = {},
  ) => ({
    number: 1,
    status: "submitted" as const,
    creditId: null,
    bookingId: "receipt-1",
    lines,
    ...more,
  });

  it("credits returned units of the order's own lines at the line's unit cost, never goods that were not ordered", () => {
    const amount = returnsCreditAmount(
      submitted([
        { lineId: "a", quantityReturned: 2 },
        { lineId: "n", quantityReturned: 1 },
        { lineId: null, quantityReturned: 4 },
      ]),
      withUnordered,
    );
    expect(amount.toFixed(2)).toBe("5.00");
  });

  it("refuses a delivery that returned only goods never ordered, saying why", () => {
    const refused = refusal(() => returnsCreditAmount(submitted([{ lineId: null, quantityReturned: 4 }], { bookingId: null }), withUnordered));
    expect(refused.rule).toBe("nothing_returned");
    expect(refused.message).toMatch(/never ordered: they go back without a credit/);
  });

  it("refuses a draft, a delivery credited already, and one whose receipt was un-received", () => {
    const returned = [{ lineId: "a", quantityReturned: 2 }];
    expect(refusal(() => returnsCreditAmount({ ...submitted(returned), status: "draft" }, withUnordered)).rule).toBe("delivery_not_submitted");
    expect(refusal(() => returnsCreditAmount(submitted(returned, { creditId: "credit-1" }), withUnordered)).rule).toBe("returns_already_credited");
    const reversal = { ...withUnordered.bookings[0]!, id: "reversal-1", kind: "reversal" as const, reversesId: "receipt-1" };
    const unreceived = { ...withUnordered, bookings: [...withUnordered.bookings, reversal] };
    expect(refusal(() => returnsCreditAmount(submitted(returned), unreceived)).rule).toBe("delivery_receipt_reversed");
  });
});
