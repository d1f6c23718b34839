import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { GuardrailError, ValidationError } from "../errors";
import { BLANK_SUPPLIER_FIELDS, testDraftOrder, testLine } from "./fixtures";
import { allowedActions } from "./lifecycle";
import type { Booking } from "./order";
import { decideAddresses, decideSupplierFields, unfulfilledLineIds, type SupplierFieldsOrder, type SupplierFieldsPatch } from "./supplier-fields";
import { parseDay, parseTimestamp } from "../dates";
import { fieldErrors } from "../test-support";

const ADDRESS = { name: "Ada Lovelace", line1: "1 Main St", city: "Springfield", countryCode: "us" };
const BLANK = BLANK_SUPPLIER_FIELDS;

function order(overrides: Partial<SupplierFieldsOrder> = {}): SupplierFieldsOrder {
  return {
    status: "draft",
    fields: BLANK,
    lines: [
      { id: "a", comment: null, promiseDate: null },
      { id: "b", comment: "Blue, not navy", promiseDate: null },
    ],
    unfulfilledLineIds: ["a", "b"],
    ...overrides,
  };
}

describe("dates", () => {
  it("reads real days and zoned moments only", () => {
    expect(parseDay("2026-03-31")).toEqual(new Date("2026-03-31T00:00:00Z"));
    expect(parseDay("2026-02-29")).toBeNull();
    expect(parseDay("31/03/2026")).toBeNull();
    expect(parseTimestamp("2026-03-31T09:30+02:00")).toEqual(new Date("2026-03-31T07:30:00Z"));
    expect(parseTimestamp("2026-03-31")).toEqual(new Date("2026-03-31T00:00:00Z"));
    expect(parseTimestamp("2026-03-31T09:30")).toBeNull();
  });
});

describe("addresses and drop-ship", () => {
  const none = { billingAddress: null, shippingAddress: null, dropShip: false };

  it("sets, keeps and clears addresses, reporting only what changed", () => {
    const set = decideAddresses(none, { shippingAddress: ADDRESS });
    expect(set.next).toEqual({ shippingAddress: expect.objectContaining({ name: "Ada Lovelace", countryCode: "US" }) });
    expect(Object.keys(set.changes)).toEqual(["shippingAddress"]);
    const current = { ...none, shippingAddress: set.next.shippingAddress! };
    expect(decideAddresses(current, { shippingAddress: ADDRESS }).changes).toEqual({});
    expect(decideAddresses(current, { shippingAddress: null }).next).toEqual({ shippingAddress: null });
  });

  it("names each bad field of both addresses with its prefix", () => {
    expect(
      Object.keys(
        fieldErrors(() => decideAddresses(none, { billingAddress: { ...ADDRESS, city: "" }, shippingAddress: { ...ADDRESS, countryCode: "USA" } })),
      ),
    ).toEqual(["billingAddress.city", "shippingAddress.countryCode"]);
  });

  it("keeps a drop-ship order's end-customer address in place", () => {
    expect(fieldErrors(() => decideAddresses(none, { dropShip: true }))).toEqual({
      shippingAddress: "A drop-ship order ships to the end customer: enter their shipping address.",
    });
    const dropShip = decideAddresses(none, { dropShip: true, shippingAddress: ADDRESS });
    expect(dropShip.next.dropShip).toBe(true);
    const current = { ...none, ...dropShip.next };
    expect(fieldErrors(() => decideAddresses(current as typeof none, { shippingAddress: null })).shippingAddress).toMatch(/Turn off drop-ship first/);
    expect(decideAddresses(current as typeof none, { shippingAddress: null, dropShip: false }).next).toEqual({
      shippingAddress: null,
      dropShip: false,
    });
  });
});

describe("supplier-facing fields", () => {
  it("saves the supplier's reference, other systems' numbers, tags and custom fields, trimmed", () => {
    const decision = decideSupplierFields(order(), {
      vendorReference: "  SO-991 ",
      externalNumbers: [" ERP-1 ", "", "erp-1", "NS-77"],
      supplierConfirmed: true,
      tags: ["rush", " Rush", "spring  "],
      customFields: [
        { key: "incoterm", value: " FOB " },
        { key: "", value: "" },
      ],
    });
    expect(decision.next).toEqual({
      vendorReference: "SO-991",
      externalNumbers: ["ERP-1", "NS-77"],
      supplierConfirmed: true,
      tags: ["rush", "spring"],
      customFields: { incoterm: "FOB" },
    });
    expect(decision.lineUpdates).toEqual([]);
  });

  it("refuses bad input with the field at fault and saves nothing", () => {
    const errors = fieldErrors(() =>
      decideSupplierFields(order(), {
        vendorReference: "x".repeat(101),
        externalNumbers: ["ok", "y".repeat(101)],
        promiseDate: "next week",
        holdUntil: "2026-04-01T09:00",
        tags: ["ok", "t".repeat(41)],
        customFields: [
          { key: "Bad Key", value: "v" },
          { key: "note", value: "n".repeat(501) },
          { key: "note", value: 5 },
        ],
        lineComments: { a: "c".repeat(1001), nope: "hi" },
      }),
    );
    expect(errors).toEqual({
      vendorReference: "At most 100 characters",
      "externalNumbers.1": expect.stringMatching(/longer than 100 characters/),
      promiseDate: "Must be a date, e.g. 2026-03-31",
      holdUntil: "Must be a date (2026-03-31) or a time with its zone (2026-03-31T09:00:00Z)",
      "tags.1": expect.stringMatching(/longer than 40 characters/),
      "customFields.0.key": "Keys are 1–40 characters: lowercase letters, digits and _",
      "customFields.1.value": "At most 500 characters",
      "customFields.2.key": '"note" is used twice',
      "customFields.2.value": "Must be text",
      "lineComments.a": "At most 1000 characters",
      "lineComments.nope": "No such line on this order",
    });
  });

  it("caps the number of tags, numbers and custom fields", () => {
    const many = (count: number) => Array.from({ length: count }, (_, index) => `v${index}`);
    expect(fieldErrors(() => decideSupplierFields(order(), { tags: many(51) }))).toEqual({ tags: "At most 50 tags" });
    expect(fieldErrors(() => decideSupplierFields(order(), { externalNumbers: many(21) }))).toEqual({ externalNumbers: "At most 20 numbers" });
    expect(fieldErrors(() => decideSupplierFields(order(), { customFields: many(51).map((key) => ({ key, value: "x" })) }))).toEqual({
      customFields: "At most 50 fields",
    });
    expect(decideSupplierFields(order(), { tags: many(50) }).next.tags).toHaveLength(50);
  });

  it("moves every unfulfilled line's promise date with the order's", () => {
    const decision = decideSupplierFields(order({ unfulfilledLineIds: ["b"] }), { promiseDate: "2026-05-01", lineComments: { a: "Ship with b" } });
    const may = new Date("2026-05-01T00:00:00Z");
    expect(decision.next).toEqual({ promiseDate: may });
    expect(decision.lineUpdates).toEqual([
      { lineId: "a", data: { comment: "Ship with b" } },
      { lineId: "b", data: { promiseDate: may } },
    ]);
    expect(Object.keys(decision.changes)).toEqual(["promiseDate", "lineComments.a", "lines.b.promiseDate"]);
  });

  it("leaves the lines' own promise dates when the order's is cleared", () => {
    const current = order({ fields: { ...BLANK, promiseDate: new Date("2026-05-01T00:00:00Z") } });
    const decision = decideSupplierFields(current, { promiseDate: "" });
    expect(decision.next).toEqual({ promiseDate: null });
    expect(decision.lineUpdates).toEqual([]);
  });

  it("lets a hold change only while the order is a draft", () => {
    expect(decideSupplierFields(order(), { holdUntil: "2026-04-01T09:00:00Z" }).next.holdUntil).toEqual(new Date("2026-04-01T09:00:00Z"));
    const sent = order({ status: "sent", fields: { ...BLANK, holdUntil: new Date("2026-04-01T09:00:00Z") } });
    // Submitting the hold it already has changes nothing, so a full form still saves after sending.
    expect(decideSupplierFields(sent, { holdUntil: "2026-04-01T09:00:00Z", supplierConfirmed: true }).next).toEqual({ supplierConfirmed: true });
    for (const holdUntil of ["2026-04-02", ""]) {
      try {
        decideSupplierFields(sent, { holdUntil });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(GuardrailError);
        expect((error as GuardrailError).toJSON()).toMatchObject({
          code: "precondition_failed",
          rule: "hold_only_before_send",
          status: "sent",
          allowed: allowedActions({ status: "sent" }),
        });
      }
    }
  });

  it("counts a line unfulfilled while it has pending quantity", () => {
    const receipt: Booking = {
      id: "r1",
      kind: "receipt",
      reversesId: null,
      locationId: null,
      note: null,
      bookedAt: new Date(),
      syncedAt: null,
      lines: [
        { lineId: "a", received: 4, rejected: 0, cancelled: 0, reason: null },
        { lineId: "b", received: 1, rejected: 0, cancelled: 0, reason: null },
      ],
    };
    expect(unfulfilledLineIds(testDraftOrder([testLine("a", 4), testLine("b", 3)], { bookings: [receipt] }))).toEqual(["b"]);
  });

  it("keeps tags trimmed, unique regardless of case, and stable when saved again", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 45 }), { maxLength: 60 }), (input) => {
        let tags: string[];
        try {
          tags = decideSupplierFields(order(), { tags: input }).next.tags ?? [];
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          return;
        }
        expect(tags.every((tag) => tag === tag.trim() && tag.length > 0 && tag.length <= 40)).toBe(true);
        expect(new Set(tags.map((tag) => tag.toLowerCase())).size).toBe(tags.length);
        expect(tags.length).toBeLessThanOrEqual(50);
        const saved: SupplierFieldsPatch = { tags };
        expect(decideSupplierFields(order({ fields: { ...BLANK, tags } }), saved).changes).toEqual({});
      }),
    );
  });
});
