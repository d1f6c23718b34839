import { describe, expect, it } from "vitest";

import { parseInput } from "~/api/input";
import { ValidationError } from "~/domain/errors";
import { LIFECYCLE, LIFECYCLE_ACTIONS, MAX_QUANTITY, MAX_REASON_LENGTH, MAX_RECEIPT_NOTE_LENGTH } from "~/domain/purchase-order/lifecycle";
import { actionRule } from "~/domain/purchase-order/lifecycle-docs";
import { PURCHASE_ORDER_STATUSES, STATUS_LABELS } from "~/domain/purchase-order/status";

import { COMMANDS } from ".";
import { cancel } from "./close";
import { readCommandForm, parseCommandForm } from "./form";

const LINE = "line-1";

/** The fields a command's schema refuses `input` for (parsed as REST, MCP and the forms parse it). */
function refusedFields(action: keyof typeof COMMANDS, input: unknown): Record<string, string> {
  try {
    parseInput(COMMANDS[action].schema, input);
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldErrors;
    throw error;
  }
  return {};
}

describe("every lifecycle action has its command", () => {
  it.each(LIFECYCLE_ACTIONS)("%s", (action) => {
    expect(COMMANDS[action].action).toBe(action);
  });
});

describe("schemas hold the limits, naming the field", () => {
  it("receive: quantities are whole numbers from 0, the note at most 2000 characters, reasons known, at least one line", () => {
    expect(refusedFields("receive", { lines: [{ line_id: LINE, received: -1 }] })).toEqual({ "lines.0.received": expect.stringMatching(/from 0/) });
    expect(refusedFields("receive", { lines: [{ line_id: LINE, rejected: 1.5 }] })).toHaveProperty(["lines.0.rejected"]);
    expect(refusedFields("receive", { lines: [{ line_id: LINE, cancelled: MAX_QUANTITY + 1 }] })).toHaveProperty(["lines.0.cancelled"]);
    expect(refusedFields("receive", { lines: [{ line_id: LINE, received: 1, reason: "lost in space" }] })).toHaveProperty(["lines.0.reason"]);
    expect(refusedFields("receive", { lines: [{ line_id: LINE, received: 1 }], note: "x".repeat(MAX_RECEIPT_NOTE_LENGTH + 1) })).toHaveProperty([
      "note",
    ]);
    expect(refusedFields("receive", { lines: [{ line_id: LINE, received: 1 }], note: "x".repeat(MAX_RECEIPT_NOTE_LENGTH) })).toEqual({});
    expect(refusedFields("receive", { lines: [] })).toEqual({ lines: "Enter a quantity on at least one line" });
    expect(refusedFields("receive", { lines: [{ line_id: "../etc", received: 1 }] })).toHaveProperty(["lines.0.line_id"]);
    expect(refusedFields("receive", { lines: [{ line_id: LINE, received: 1 }], location_id: "Location/1" })).toHaveProperty(["location_id"]);
    expect(refusedFields("receive", { lines: [{ line_id: LINE, received: 1 }], extra: 1 })).toEqual({ extra: "Unknown field" });
  });

  it("pause, dispute and cancel: a reason of at most 500 characters", () => {
    for (const action of ["pause", "dispute", "cancel"] as const) {
      expect(refusedFields(action, { reason: "x".repeat(MAX_REASON_LENGTH + 1) })).toHaveProperty(["reason"]);
      expect(refusedFields(action, { reason: "x".repeat(MAX_REASON_LENGTH) })).toEqual({});
    }
  });

  it("confirm_lines: whole quantities from 0 per line, at least one line", () => {
    expect(refusedFields("confirm_lines", { lines: [{ line_id: LINE, confirmed: -1 }] })).toHaveProperty(["lines.0.confirmed"]);
    expect(refusedFields("confirm_lines", { lines: [] })).toEqual({ lines: "Confirm at least one line" });
  });

  it("update_line: a quantity from 1 or a unit cost of at most 4 decimals, one of them at least", () => {
    expect(refusedFields("update_line", { line_id: LINE, ordered: 0 })).toHaveProperty(["ordered"]);
    expect(refusedFields("update_line", { line_id: LINE, unit_cost: "1.23456" })).toHaveProperty(["unit_cost"]);
    expect(refusedFields("update_line", { line_id: LINE })).toEqual({ ordered: "Give a new quantity or unit cost" });
    expect(refusedFields("update_line", { line_id: LINE, unit_cost: "2.5" })).toEqual({});
  });

  it("adjust_incoming: a whole delta other than 0; unreceive: a booking id; edit_header: its text limits", () => {
    const item = "gid://shopify/InventoryItem/1";
    expect(refusedFields("adjust_incoming", { inventory_item_id: item, delta: 0 })).toHaveProperty(["delta"]);
    expect(refusedFields("adjust_incoming", { inventory_item_id: "1", delta: 1 })).toHaveProperty(["inventory_item_id"]);
    expect(refusedFields("unreceive", {})).toHaveProperty(["booking_id"]);
    expect(refusedFields("edit_header", { reference: "x".repeat(101), note: "x".repeat(5001), shipping_cost: "-1" })).toEqual({
      reference: expect.any(String),
      note: expect.any(String),
      shipping_cost: expect.any(String),
    });
  });
});

describe("descriptions come from the lifecycle table", () => {
  it.each(LIFECYCLE_ACTIONS)("%s states its row of LIFECYCLE", (action) => {
    const from = PURCHASE_ORDER_STATUSES.filter((status) => LIFECYCLE[action].from.includes(status)).map((status) => STATUS_LABELS[status]);
    expect(COMMANDS[action].description).toContain(`Allowed from ${from.join(", ")}. Leads to: ${LIFECYCLE[action].result}.`);
  });

  it("cancel says what the table says (Received included), never a rule typed by hand", () => {
    expect(LIFECYCLE.cancel.from).toContain("received");
    expect(cancel.description).toMatch(/Allowed from [^.]*\bReceived\b/);
    expect(cancel.description).not.toMatch(/refused once goods were received/i);
  });

  it("a changed table changes the text", () => {
    const table = { ...LIFECYCLE, cancel: { from: ["draft"] as const, result: "Cancelled" } };
    expect(actionRule("cancel", table)).toBe("Allowed from Draft. Leads to: Cancelled.");
    expect(cancel.description).not.toContain(actionRule("cancel", table));
  });
});

describe("the screens' form, read into the command's schema", () => {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields);

  it("reads per-line fields into lines (blank lines left out, blank quantities 0) and names refusals as the form does", () => {
    const posted = form({
      intent: "receive",
      version: "3",
      "received.a": "2",
      "rejected.a": "",
      "received.b": "",
      "cancelled.c": "-1",
      note: " Pallet ",
    });
    expect(readCommandForm(COMMANDS.receive.schema, posted).input).toEqual({
      lines: [
        { line_id: "a", received: 2 },
        { line_id: "c", cancelled: -1 },
      ],
      note: "Pallet",
    });
    expect(() => parseCommandForm(COMMANDS.receive, posted)).toThrow(ValidationError);
    try {
      parseCommandForm(COMMANDS.receive, posted);
    } catch (error) {
      expect((error as ValidationError).fieldErrors).toEqual({ "cancelled.c": expect.stringMatching(/from 0/) });
    }
    // The domain names lines by their place in the command (`lines.1.lineId`): the form by their fields.
    const reading = readCommandForm(COMMANDS.receive.schema, posted);
    expect(["lines.0.received", "lines.1.lineId", "note"].map(reading.formName)).toEqual(["received.a", "cancelled.c", "note"]);
  });

  it("reads flags, text that is no number, blank as cleared where the schema takes null, and the add-line card's names", () => {
    expect(parseCommandForm(COMMANDS.complete, form({ closeRemainder: "1" })).input).toEqual({ close_remainder: true });
    expect(parseCommandForm(COMMANDS.complete, form({ closeRemainder: "no" })).input).toEqual({ close_remainder: false });
    expect(() => parseCommandForm(COMMANDS.adjust_incoming, form({ inventoryItemId: "gid://shopify/InventoryItem/1", delta: "ten" }))).toThrow(
      expect.objectContaining({ fieldErrors: { delta: expect.any(String) } }),
    );
    expect(parseCommandForm(COMMANDS.edit_header, form({ reference: "", shippingCost: "", tax: "2.5" })).input).toEqual({
      reference: null,
      shipping_cost: null,
      tax: "2.5",
    });
    expect(parseCommandForm(COMMANDS.add_line, form({ lineType: "custom", title: "Labels", ordered: "3", unitCost: "1" })).input).toEqual({
      line: { kind: "custom", product_title: "Labels", ordered: 3, unit_cost: "1" },
    });
    expect(() => parseCommandForm(COMMANDS.add_line, form({ lineType: "sku", ordered: "0" }))).toThrow(
      expect.objectContaining({ fieldErrors: { "line.ordered": expect.any(String), "line.sku": "Enter the variant's SKU" } }),
    );
  });
});
