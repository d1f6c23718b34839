import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { DEFAULT_SETTINGS } from "~/domain/settings";
import { saveSettings } from "~/services/settings.server";

import { startApiFixture, type ApiFixture } from "../support/api";
import { daysFrom, fixClock } from "../support/clock";
import { createOrder } from "../support/orders";
import { installShop, standinGateway } from "../support/shopify";

/**
 * Writing whole purchase orders over REST: create (variant id, SKU, supplier code, custom; all or
 * nothing), PATCH (only given fields; `items` and `payments` replace, all or nothing; derived and
 * unknown fields refused), delete, and Idempotency-Key replay on create.
 */
const SHOP = "po-writes.myshopify.com";
const OTHER_SHOP = "po-writes-other.myshopify.com";

// Hold and promise dates below are built as days after this "now", so they stay in its future.
const NOW = new Date("2026-11-20T12:00:00Z");
fixClock(NOW);
const PROMISE_DATE = daysFrom(NOW, 25).toISOString().slice(0, 10);
const HOLD_UNTIL = daysFrom(NOW, 11);
/** HOLD_UNTIL written with a +01:00 offset, as a merchant in Paris would send it. */
const HOLD_UNTIL_PARIS = new Date(HOLD_UNTIL.getTime() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "+01:00");

let f: ApiFixture;
let otherOrderId: string;

const widget = () => f.products[0]!.variants[0]!;
const gadget = () => f.products[1]!.variants[0]!;
const gizmo = () => f.products[2]!.variants[0]!;

beforeAll(async () => {
  f = await startApiFixture(SHOP, [
    { title: "Widget", vendor: "Acme", variants: [{ sku: "W-1", price: "5.00", unitCost: "2.00" }] },
    { title: "Gadget", vendor: "Acme", variants: [{ sku: "G-1", price: "9.00", unitCost: "4.00" }] },
    { title: "Gizmo", vendor: "Acme", variants: [{ sku: "Z-1", price: "7.00", unitCost: "3.00" }] },
  ]);
  const supplier = await f.db.supplier.findUniqueOrThrow({ where: { id: f.supplierId } });
  // The supplier knows the gadget as ACME-77 and sells it for 3.75.
  await f.db.catalogueItem.create({
    data: {
      supplierId: f.supplierId,
      variantId: gadget().variantId,
      inventoryItemId: gadget().inventoryItemId,
      sku: "G-1",
      supplierSku: "ACME-77",
      alternateSkus: JSON.stringify(["GAD-OLD"]),
      unitCost: "3.75",
      currencyCode: supplier.currencyCode,
    },
  });
  const other = await installShop(f.db, { domain: OTHER_SHOP }, ["Other"]);
  otherOrderId = (await createOrder(f.db, OTHER_SHOP, other.suppliers[0]!.id, [1])).id;
});

afterAll(async () => f.close());
beforeEach(async () => f.refill());

async function createDraft(items: unknown[] = [{ variant_id: widget().variantId, quantity: 4 }], extra: Record<string, unknown> = {}) {
  const result = await f.writer.call("create_purchase_order", {
    body: { supplier_id: f.supplierId, location_id: f.locationId, items, ...extra },
  });
  expect(result.status, JSON.stringify(result.error)).toBe(201);
  return result.body as { id: string; version: number; lines: Array<{ id: string; sku: string | null }> };
}

const linesOf = (orderId: string) => f.db.purchaseOrderLine.findMany({ where: { purchaseOrderId: orderId }, orderBy: { position: "asc" } });
const orderCount = () => f.db.purchaseOrder.count({ where: { shop: { domain: SHOP } } });

describe("create_purchase_order", () => {
  it("creates a draft with lines by variant id, Shopify SKU, supplier code and custom, and the header fields", async () => {
    const result = await f.writer.call("create_purchase_order", {
      body: {
        supplier_id: f.supplierId,
        location_id: f.locationId,
        reference: "Spring restock",
        note: "Deliver to dock 2",
        private_note: "Negotiated",
        expected_arrival_at: "2026-04-15",
        shipping_cost: "12.50",
        tax: "3",
        items: [
          { variant_id: widget().variantId, quantity: 2 },
          { title: "Pallet fee", unit_cost: "20", quantity: 1 },
          { sku: "Z-1", quantity: 3, unit_cost: "2.90" },
          { alternate_sku: "acme-77", quantity: 5 },
        ],
      },
    });
    expect(result.status, JSON.stringify(result.error)).toBe(201);
    const order = result.body;
    expect(order).toMatchObject({
      status: "draft",
      supplier_id: f.supplierId,
      location_id: f.locationId,
      reference: "Spring restock",
      note: "Deliver to dock 2",
      private_note: "Negotiated",
      expected_arrival_at: "2026-04-15T00:00:00.000Z",
      payments: [],
    });
    // Widget 2 × 2.00 (Shopify's cost) + gizmo 3 × 2.90 + gadget 5 × 3.75 (catalogue) + pallet 20.
    expect(order.totals).toEqual({
      ordered_value: "51.45",
      subtotal: "51.45",
      returned_value: "0.00",
      shipping_cost: "12.50",
      tax: "3.00",
      total: "66.95",
      credits_applied: "0.00",
      paid: "0.00",
      due: "66.95",
    });

    const lines = await linesOf(order.id);
    expect(lines.map((line) => [line.kind, line.sku, line.quantityOrdered, line.unitCost.toString()])).toEqual([
      ["variant", "W-1", 2, "2"],
      ["variant", "Z-1", 3, "2.9"],
      ["variant", "G-1", 5, "3.75"],
      ["custom", null, 1, "20"],
    ]);
    const saved = await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id } });
    expect(saved.shippingCost.toString()).toBe("12.5");
    expect(saved.privateNote).toBe("Negotiated");
    // One transaction: the draft as the screen creates it, then the rest, audited as two steps.
    const audit = await f.db.auditEntry.findMany({ where: { purchaseOrderId: order.id } });
    expect(audit.map((entry) => entry.action).sort()).toEqual(["create_draft", "update_purchase_order"]);
  });

  it("left without location_id, receives at the shop's default receiving location (Settings), else its first active one; null: none yet", async () => {
    // Listed after "Warehouse" (Shopify sorts locations by name): the first active location stays the Warehouse.
    const annex = f.standin.store.addLocation(SHOP, { name: "Yard" });
    const items = [{ variant_id: widget().variantId, quantity: 1 }];
    const locationOf = async (body: Record<string, unknown>) => {
      const result = await f.writer.call("create_purchase_order", { body: { supplier_id: f.supplierId, items, ...body } });
      expect(result.status, JSON.stringify(result.error)).toBe(201);
      return (result.body as { location_id: string | null }).location_id;
    };
    expect(await locationOf({})).toBe(f.locationId);
    try {
      await saveSettings(
        f.db,
        SHOP,
        { type: "merchant", id: "merchant-1" },
        { ...DEFAULT_SETTINGS, defaultLocationId: annex },
        standinGateway(f.standin, SHOP, f.accessToken),
      );
      expect(await locationOf({})).toBe(annex);
      expect(await locationOf({ location_id: f.locationId })).toBe(f.locationId);
      expect(await locationOf({ location_id: null })).toBeNull();
    } finally {
      await saveSettings(f.db, SHOP, { type: "merchant", id: "merchant-1" }, DEFAULT_SETTINGS);
    }
  });

  it("refuses an unknown SKU naming the item, and creates nothing", async () => {
    const before = await orderCount();
    const result = await f.writer.call("create_purchase_order", {
      body: {
        supplier_id: f.supplierId,
        items: [
          { variant_id: widget().variantId, quantity: 1 },
          { title: "Fee", unit_cost: "1", quantity: 1 },
          { sku: "NOPE-1", quantity: 1 },
          { alternate_sku: "NOT-IN-CATALOGUE", quantity: 1 },
        ],
      },
    });
    expect(result.status).toBe(422);
    expect(result.error?.field).toBe("items.2.sku");
    expect(result.error?.fields).toEqual({
      "items.2.sku": expect.stringContaining("NOPE-1"),
      "items.3.alternate_sku": expect.stringContaining("NOT-IN-CATALOGUE"),
    });
    expect(await orderCount()).toBe(before);
  });

  it("refuses an unknown variant id, another shop's supplier and a custom item without unit cost", async () => {
    const before = await orderCount();
    const unknownVariant = await f.writer.call("create_purchase_order", {
      body: { supplier_id: f.supplierId, items: [{ variant_id: "gid://shopify/ProductVariant/999999", quantity: 1 }] },
    });
    expect(unknownVariant.status).toBe(422);
    expect(unknownVariant.error?.field).toBe("items.0.variant_id");

    const otherSupplier = await f.db.supplier.findFirstOrThrow({ where: { shop: { domain: OTHER_SHOP } } });
    const foreign = await f.writer.call("create_purchase_order", {
      body: { supplier_id: otherSupplier.id, items: [{ variant_id: widget().variantId, quantity: 1 }] },
    });
    expect(foreign.status).toBe(422);
    expect(foreign.error?.field).toBe("supplier_id");

    const custom = await f.writer.call("create_purchase_order", {
      body: {
        supplier_id: f.supplierId,
        items: [
          { variant_id: widget().variantId, quantity: 1 },
          { title: "Fee", quantity: 1 },
        ],
      },
    });
    expect(custom.status).toBe(422);
    expect(custom.error?.field).toBe("items.1.unit_cost");

    // The new-order screen's rule: a variant is ordered on one line.
    const twice = await f.writer.call("create_purchase_order", {
      body: {
        supplier_id: f.supplierId,
        items: [
          { title: "Fee", unit_cost: "1", quantity: 1 },
          { sku: "W-1", quantity: 1 },
          { variant_id: widget().variantId, quantity: 2 },
        ],
      },
    });
    expect(twice.status).toBe(422);
    expect(twice.error?.fields).toEqual({ "items.2.variant_id": expect.stringContaining("already on the order") });
    expect(await orderCount()).toBe(before);
  });

  it("refuses unknown and derived fields, and a read key", async () => {
    const body = { supplier_id: f.supplierId, items: [{ variant_id: widget().variantId, quantity: 1 }] };
    const unknown = await f.writer.call("create_purchase_order", { body: { ...body, colour: "red" } });
    expect(unknown.status).toBe(422);
    expect(unknown.error?.field).toBe("colour");

    const derived = await f.writer.call("create_purchase_order", { body: { ...body, total: "10.00" } });
    expect(derived.status).toBe(422);
    expect(derived.error?.field).toBe("total");
    expect(derived.error?.message).toMatch(/derived/);

    const before = await orderCount();
    const read = await f.reader.call("create_purchase_order", { body });
    expect(read.status).toBe(403);
    expect(await orderCount()).toBe(before);
  });

  it("replays a retried create with the same Idempotency-Key, and refuses the key for another request", async () => {
    const body = { supplier_id: f.supplierId, reference: "Retry me", items: [{ variant_id: widget().variantId, quantity: 2 }] };
    const headers = { "Idempotency-Key": "create-po-7f3a" };
    const first = await f.writer.call("create_purchase_order", { body, headers });
    expect(first.status).toBe(201);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    const second = await f.writer.call("create_purchase_order", { body, headers });
    expect(second.status).toBe(201);
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    expect(second.body).toEqual(first.body);
    expect(await f.db.purchaseOrder.count({ where: { reference: "Retry me" } })).toBe(1);

    const other = await f.writer.call("create_purchase_order", { body: { ...body, reference: "Something else" }, headers });
    expect(other.status).toBe(422);
    expect(other.error).toMatchObject({ code: "idempotency_key_reused", field: "Idempotency-Key" });
    expect(await f.db.purchaseOrder.count({ where: { reference: "Something else" } })).toBe(0);
  });
});

describe("update_purchase_order", () => {
  it("changes only the fields given", async () => {
    const order = await createDraft(undefined, { reference: "Keep me", note: "Old note" });
    const result = await f.writer.call("update_purchase_order", {
      params: { id: order.id },
      body: { note: "New note", tax: "4.20", requested_ship_at: "2026-05-01T09:30:00+02:00" },
    });
    expect(result.status, JSON.stringify(result.error)).toBe(200);
    expect(result.body).toMatchObject({ note: "New note", reference: "Keep me", requested_ship_at: "2026-05-01T07:30:00.000Z" });
    expect(result.body.version).toBeGreaterThan(order.version);
    const saved = await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id } });
    expect([saved.note, saved.reference, saved.tax.toString()]).toEqual(["New note", "Keep me", "4.2"]);
    expect((await linesOf(order.id)).map((line) => line.quantityOrdered)).toEqual([4]);
  });

  it("replaces the lines: updates one, adds one, removes the one left out, in one call and one audit entry", async () => {
    const order = await createDraft([
      { variant_id: widget().variantId, quantity: 4 },
      { variant_id: gizmo().variantId, quantity: 1 },
    ]);
    const [keep, drop] = order.lines;
    const auditsBefore = await f.db.auditEntry.count({ where: { purchaseOrderId: order.id } });
    const result = await f.writer.call("update_purchase_order", {
      params: { id: order.id },
      body: {
        items: [
          { id: keep!.id, quantity: 9, unit_cost: "1.80" },
          { alternate_sku: "GAD-OLD", quantity: 2 },
        ],
      },
    });
    expect(result.status, JSON.stringify(result.error)).toBe(200);

    const lines = await linesOf(order.id);
    expect(lines.map((line) => [line.id === keep!.id, line.sku, line.quantityOrdered, line.unitCost.toString()])).toEqual([
      [true, "W-1", 9, "1.8"],
      [false, "G-1", 2, "3.75"],
    ]);
    expect(lines.some((line) => line.id === drop!.id)).toBe(false);
    expect(result.body.lines.map((line: { sku: string }) => line.sku)).toEqual(["W-1", "G-1"]);
    expect(result.body.totals.subtotal).toBe("23.70");
    const audits = await f.db.auditEntry.findMany({ where: { purchaseOrderId: order.id }, orderBy: { createdAt: "asc" } });
    expect(audits).toHaveLength(auditsBefore + 1);
    expect(audits.at(-1)!.action).toBe("update_purchase_order");
  });

  it("refuses removing a received line with the rule and allowed actions, and changes nothing else", async () => {
    const order = await createDraft([
      { variant_id: widget().variantId, quantity: 4 },
      { variant_id: gizmo().variantId, quantity: 2 },
    ]);
    const [received, other] = order.lines;
    expect((await f.writer.call("mark_purchase_order_sent", { params: { id: order.id }, body: {} })).status).toBe(200);
    const receipt = await f.writer.call("receive_purchase_order", {
      params: { id: order.id },
      body: { lines: [{ line_id: received!.id, received: 1 }] },
    });
    expect(receipt.status, JSON.stringify(receipt.error)).toBe(200);
    const before = await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id }, include: { lines: true } });

    const result = await f.writer.call("update_purchase_order", {
      params: { id: order.id },
      body: {
        note: "Should not stick",
        items: [
          { id: other!.id, quantity: 7 },
          { sku: "G-1", quantity: 1 },
        ],
      },
    });
    expect(result.status).toBe(409);
    expect(result.error).toMatchObject({ code: "blocked_by_quantities", rule: "received_quantities_block" });
    expect(result.error?.message).toMatch(/W-1/);
    expect(result.error?.allowed_actions).toEqual(expect.arrayContaining(["unreceive", "update_line", "receive"]));

    const after = await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id }, include: { lines: true } });
    expect(after.version).toBe(before.version);
    expect(after.note).toBe(before.note);
    expect(after.lines.map((line) => [line.id, line.quantityOrdered]).sort()).toEqual(
      before.lines.map((line) => [line.id, line.quantityOrdered]).sort(),
    );
  });

  it("sets the supplier-facing fields with the lines in the same call, and a refused one leaves everything as it was", async () => {
    const order = await createDraft([{ variant_id: widget().variantId, quantity: 4 }]);
    const result = await f.writer.call("update_purchase_order", {
      params: { id: order.id },
      body: {
        items: [{ id: order.lines[0]!.id, quantity: 6 }],
        vendor_reference: "SO-9876",
        order_public_references: ["#1001"],
        supplier_confirmed: true,
        promise_date: PROMISE_DATE,
        hold_until: HOLD_UNTIL_PARIS,
        tags: ["rush"],
        custom_fields: { season: "Winter" },
      },
    });
    expect(result.status, JSON.stringify(result.error)).toBe(200);
    expect(result.body).toMatchObject({
      vendor_reference: "SO-9876",
      order_public_references: ["#1001"],
      supplier_confirmed: true,
      promise_date: PROMISE_DATE,
      hold_until: HOLD_UNTIL.toISOString(),
      tags: ["rush"],
      custom_fields: { season: "Winter" },
    });
    expect(result.body.lines[0]).toMatchObject({ quantities: { ordered: 6 }, promise_date: PROMISE_DATE });

    // A line's comment rides on its item; refusals name the item.
    const commented = await f.writer.call("update_purchase_order", {
      params: { id: order.id },
      body: { items: [{ id: order.lines[0]!.id, comment: "Gift-wrap each" }] },
    });
    expect(commented.body.lines[0]).toMatchObject({ comment: "Gift-wrap each", quantities: { ordered: 6 } });
    const tooLong = await f.writer.call("update_purchase_order", {
      params: { id: order.id },
      body: { items: [{ id: order.lines[0]!.id, comment: "x".repeat(1001) }] },
    });
    expect(tooLong.error?.field).toBe("items.0.comment");
    const onNew = await f.writer.call("update_purchase_order", {
      params: { id: order.id },
      body: { items: [{ id: order.lines[0]!.id }, { sku: "G-1", quantity: 1, comment: "x" }] },
    });
    expect(onNew.error?.field).toBe("items.1.comment");
    const found = await f.reader.call("list_purchase_orders", { query: { "search[vendor_reference]": "so-9876" } });
    expect(found.body.purchase_orders.map((summary: { id: string }) => summary.id)).toEqual([order.id]);

    // A hold only delays sending: refused once sent, and the line change in the same call does not stick.
    expect((await f.writer.call("mark_purchase_order_sent", { params: { id: order.id } })).status).toBe(409);
    await f.writer.call("update_purchase_order", { params: { id: order.id }, body: { hold_until: null } });
    expect((await f.writer.call("mark_purchase_order_sent", { params: { id: order.id } })).status).toBe(200);
    const refused = await f.writer.call("update_purchase_order", {
      params: { id: order.id },
      body: { items: [{ id: order.lines[0]!.id, quantity: 8 }], hold_until: daysFrom(NOW, 42).toISOString() },
    });
    expect(refused.status).toBe(409);
    expect(refused.error).toMatchObject({ rule: "hold_only_before_send" });
    expect((await linesOf(order.id))[0]!.quantityOrdered).toBe(6);
    const references = await f.writer.call("update_purchase_order", {
      params: { id: order.id },
      body: { order_public_references: ["x".repeat(200)] },
    });
    expect(references.status).toBe(422);
    expect(references.error?.field).toMatch(/^order_public_references/);
    const key = await f.writer.call("update_purchase_order", { params: { id: order.id }, body: { custom_fields: { "Bad Key": "x" } } });
    expect(key.error?.fields).toEqual({ "custom_fields.Bad Key": expect.stringMatching(/lowercase/) });
  });

  it("refuses an unknown line id, derived fields and unknown fields, naming them, and changes nothing", async () => {
    const order = await createDraft();
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ note: "x", items: [{ id: "no-such-line", quantity: 2 }] }, "items.0.id", /Not a line/],
      [{ note: "x", subtotal: "1.00" }, "subtotal", /derived/],
      [{ note: "x", due: "0.00" }, "due", /derived/],
      [{ note: "x", items: [{ id: order.lines[0]!.id, line_cost: "3.00" }] }, "items.0.line_cost", /derived/],
      [{ note: "x", status: "sent" }, "status", /lifecycle actions/],
      [{ note: "x", favourite: true }, "favourite", /Unknown field/],
      [{ note: "x", items: [{ variant_id: widget().variantId }] }, "items.0.quantity", /quantity/],
    ];
    for (const [body, field, message] of cases) {
      const result = await f.writer.call("update_purchase_order", { params: { id: order.id }, body });
      expect(result.status, field).toBe(422);
      expect(result.error?.field).toBe(field);
      expect(result.error?.fields?.[field]).toMatch(message);
    }
    const saved = await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id } });
    expect([saved.note, saved.version]).toEqual([null, order.version]);
  });

  it("refuses a stale expected_version (409) and another shop's order (404)", async () => {
    const order = await createDraft();
    const first = await f.writer.call("update_purchase_order", {
      params: { id: order.id },
      body: { note: "first", expected_version: order.version },
    });
    expect(first.status).toBe(200);
    const stale = await f.writer.call("update_purchase_order", { params: { id: order.id }, body: { note: "late", expected_version: order.version } });
    expect(stale.status).toBe(409);
    expect(stale.error?.code).toBe("stale_version");
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id } })).note).toBe("first");

    const foreign = await f.writer.call("update_purchase_order", { params: { id: otherOrderId }, body: { note: "hijack" } });
    expect(foreign.status).toBe(404);
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: otherOrderId } })).note).toBeNull();

    const read = await f.reader.call("update_purchase_order", { params: { id: order.id }, body: { note: "read" } });
    expect(read.status).toBe(403);
  });
});

describe("delete_purchase_order", () => {
  it("deletes a draft outright", async () => {
    const order = await createDraft();
    const result = await f.writer.call("delete_purchase_order", { params: { id: order.id } });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ purchase_order: null, audit: { action: "delete", from_status: "draft" } });
    expect(await f.db.purchaseOrder.findUnique({ where: { id: order.id } })).toBeNull();
  });

  it("refuses a sent order with the rule and allowed actions, and soft-deletes a cancelled one", async () => {
    const order = await createDraft();
    expect((await f.writer.call("mark_purchase_order_sent", { params: { id: order.id }, body: {} })).status).toBe(200);
    const refused = await f.writer.call("delete_purchase_order", { params: { id: order.id } });
    expect(refused.status).toBe(409);
    expect(refused.error).toMatchObject({ rule: "action_not_allowed_in_status" });
    expect(refused.error?.allowed_actions).toContain("cancel");
    expect(refused.error?.allowed_actions).not.toContain("delete");

    expect((await f.writer.call("cancel_purchase_order", { params: { id: order.id }, body: {} })).status).toBe(200);
    const deleted = await f.writer.call("delete_purchase_order", { params: { id: order.id } });
    expect(deleted.status).toBe(200);
    const saved = await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id } });
    expect(saved.deletedAt).not.toBeNull();
    expect((await f.writer.call("delete_purchase_order", { params: { id: order.id } })).status).toBe(404);
  });

  it("refuses a read key and another shop's order", async () => {
    const order = await createDraft();
    expect((await f.reader.call("delete_purchase_order", { params: { id: order.id } })).status).toBe(403);
    expect((await f.writer.call("delete_purchase_order", { params: { id: otherOrderId } })).status).toBe(404);
    expect(await f.db.purchaseOrder.count({ where: { id: { in: [order.id, otherOrderId] } } })).toBe(2);
  });
});
