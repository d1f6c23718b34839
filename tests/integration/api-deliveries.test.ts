import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { DEFAULT_SETTINGS } from "~/domain/settings";
import { saveSettings } from "~/services/settings.server";

import { startApiFixture, type ApiFixture } from "../support/api";
import { EXE, minimalPdf } from "../support/files";
import { createOrder, createOrderOfVariants } from "../support/orders";
import { installShop } from "../support/shopify";

/**
 * Deliveries through the REST API, over real HTTP against the stand-in: a draft is opened,
 * counted, previewed and submitted (the order's status follows and Shopify effects are staged),
 * cancelled, credited, and given files — through the same services as the receiving screen.
 */
const SHOP = "api-deliveries.myshopify.com";
const OTHER_SHOP = "api-deliveries-other.myshopify.com";
const merchant = { type: "merchant", id: "merchant-1" } as const;

let f: ApiFixture;
let otherOrderId: string;

beforeAll(async () => {
  f = await startApiFixture(SHOP, [
    {
      title: "Bolt",
      vendor: "Acme",
      variants: [
        { sku: "BOLT-S", price: "1.00", unitCost: "0.40", barcode: "1111111111111" },
        { sku: "BOLT-M", price: "1.50", unitCost: "0.60" },
        { sku: "BOLT-L", price: "2.00", unitCost: "0.80" },
      ],
    },
  ]);
  await saveSettings(f.db, SHOP, merchant, { ...DEFAULT_SETTINGS, autoSyncOnReceive: true });
  const other = await installShop(f.db, { domain: OTHER_SHOP }, ["Other"]);
  otherOrderId = (await createOrder(f.db, OTHER_SHOP, other.suppliers[0]!.id, [3])).id;
});

afterAll(async () => f.close());
beforeEach(async () => f.refill());

const variant = (index: number) => f.products[0]!.variants[index]!;

/** An order of BOLT-S × 10 and BOLT-M × 5, sent to the supplier (so it takes deliveries). */
async function sentOrder() {
  const order = await createOrderOfVariants(f.db, SHOP, f.supplierId, f.locationId, [
    { ...variant(0), quantity: 10 },
    { ...variant(1), quantity: 5 },
  ]);
  const sent = await f.writer.call("mark_purchase_order_sent", { params: { id: order.id }, body: {} });
  expect(sent.status).toBe(200);
  const lines = await f.db.purchaseOrderLine.findMany({ where: { purchaseOrderId: order.id }, orderBy: { position: "asc" } });
  return { id: order.id, lineIds: lines.map((line) => line.id) };
}

async function newDraft(orderId: string): Promise<string> {
  const created = await f.writer.call("create_purchase_order_delivery", { params: { id: orderId }, body: {} });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

const deliveryParams = (orderId: string, deliveryId: string) => ({ id: orderId, delivery_id: deliveryId });

describe("draft → update → submit", () => {
  it("opens a draft, counts lines by line id, SKU and variant, previews, and submits: Partially received, then Received", async () => {
    const order = await sentOrder();
    const created = await f.writer.call("create_purchase_order_delivery", { params: { id: order.id }, body: {} });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ purchase_order_id: order.id, number: 1, status: "draft", lines: [], files: [] });
    const deliveryId = created.body.id as string;
    expect(await f.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject({ status: "draft", purchaseOrderId: order.id });

    const updated = await f.writer.call("update_purchase_order_delivery", {
      params: deliveryParams(order.id, deliveryId),
      body: {
        lines: [
          { line_id: order.lineIds[0], quantity_delivered: 4 },
          { sku: "BOLT-M", quantity_returned: 1, intake_reason: "damaged_returned" },
          { variant_id: variant(2).variantId, quantity_delivered: 2, intake_reason: "wrongly_delivered_accepted" },
        ],
        note: "Pallet 1 of 2",
        delivered_at: "2026-11-20",
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ note: "Pallet 1 of 2", delivered_at: "2026-11-20T00:00:00.000Z" });
    const stored = await f.db.deliveryLine.findMany({ where: { deliveryId }, orderBy: { position: "asc" } });
    expect(stored.map((line) => [line.lineId, line.variantId, line.sku, line.quantityDelivered, line.quantityReturned, line.intakeReason])).toEqual([
      // Lines of the order keep its details (the test orders' lines are SKU-1, SKU-2); Shopify's BOLT-M is its line 2.
      [order.lineIds[0], variant(0).variantId, "SKU-1", 4, 0, 0],
      [order.lineIds[1], variant(1).variantId, "SKU-2", 0, 1, 3],
      [null, variant(2).variantId, "BOLT-L", 2, 0, 6],
    ]);
    // The catalogue has no price for BOLT-L: Shopify's unit cost is its price.
    expect(updated.body.lines[2]).toMatchObject({
      line_id: null,
      sku: "BOLT-L",
      not_ordered: true,
      unit_price: "0.8",
      intake_reason: "wrongly_delivered_accepted",
    });

    // Only the note: the lines stay as they were.
    const noted = await f.writer.call("update_purchase_order_delivery", { params: deliveryParams(order.id, deliveryId), body: { note: "Pallet 1" } });
    expect(noted.body).toMatchObject({ note: "Pallet 1", delivered_at: "2026-11-20T00:00:00.000Z" });
    expect(await f.db.deliveryLine.count({ where: { deliveryId } })).toBe(3);

    const preview = await f.reader.call("preview_purchase_order_delivery", { params: deliveryParams(order.id, deliveryId) });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ status_from: "sent", status_to: "partially_received", auto_sync_on_receive: true });
    expect(preview.body.on_hand.map((change: { sku: string; delta: number }) => [change.sku, change.delta]).sort()).toEqual([
      ["BOLT-L", 2],
      ["SKU-1", 4],
    ]);
    expect(await f.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject({ status: "draft" });

    const submitted = await f.writer.call("submit_purchase_order_delivery", { params: deliveryParams(order.id, deliveryId), body: {} });
    expect(submitted.status).toBe(200);
    expect(submitted.body.delivery).toMatchObject({ status: "submitted", booking_id: expect.any(String) });
    expect(submitted.body.purchase_order).toMatchObject({ id: order.id, status: "partially_received" });
    expect(submitted.body.audit).toMatchObject({ action: "submit_delivery", from_status: "sent", to_status: "partially_received" });
    expect(submitted.body.audit.changes).toMatchObject({ deliveryId, bookingId: submitted.body.delivery.booking_id });

    // The order, as saved: received on BOLT-S, rejected on BOLT-M, and BOLT-L added as not ordered.
    const saved = await f.db.purchaseOrder.findUniqueOrThrow({
      where: { id: order.id },
      include: { lines: { orderBy: { position: "asc" } }, bookings: { include: { lines: true } } },
    });
    expect(saved.status).toBe("partially_received");
    expect(saved.lines.map((line) => [line.sku, line.quantityOrdered, line.notOrdered])).toEqual([
      ["SKU-1", 10, false],
      ["SKU-2", 5, false],
      ["BOLT-L", 2, true],
    ]);
    const receipt = saved.bookings.find((booking) => booking.id === submitted.body.delivery.booking_id)!;
    expect(receipt.lines.map((line) => [line.lineId, line.received, line.rejected]).sort()).toEqual(
      [
        [order.lineIds[0], 4, 0],
        [order.lineIds[1], 0, 1],
        [saved.lines[2]!.id, 2, 0],
      ].sort(),
    );

    // The side-effect report names the effects staged in the same transaction, on hand among them.
    const staged = submitted.body.side_effects.staged as Array<{ id: string; kind: string; status: string }>;
    const effects = await f.db.shopifyEffect.findMany({ where: { id: { in: staged.map((effect) => effect.id) } } });
    expect(effects).toHaveLength(staged.length);
    expect(effects.every((effect) => effect.purchaseOrderId === order.id && effect.status === "staged")).toBe(true);
    const onHand = effects.find((effect) => effect.kind === "adjust_on_hand");
    expect(onHand).toBeDefined();
    const changes = (JSON.parse(onHand!.payload) as { changes: Array<{ inventoryItemId: string; delta: number }> }).changes;
    expect(changes.map((change) => [change.inventoryItemId, change.delta]).sort()).toEqual(
      [
        [variant(0).inventoryItemId, 4],
        [variant(2).inventoryItemId, 2],
      ].sort(),
    );

    // A second delivery brings the rest: the order is Received.
    const second = await newDraft(order.id);
    await f.writer.call("update_purchase_order_delivery", {
      params: deliveryParams(order.id, second),
      body: {
        lines: [
          { sku: "sku-1", quantity_delivered: 6 },
          { line_id: order.lineIds[1], quantity_delivered: 4 },
        ],
      },
    });
    const last = await f.writer.call("submit_purchase_order_delivery", {
      params: deliveryParams(order.id, second),
      body: { delivered_at: "2026-11-22" },
    });
    expect(last.status).toBe(200);
    expect(last.body.purchase_order.status).toBe("received");
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("received");
    expect((await f.db.delivery.findUniqueOrThrow({ where: { id: second } })).deliveredAt?.toISOString()).toBe("2026-11-22T00:00:00.000Z");

    const listed = await f.reader.call("list_purchase_order_deliveries", { params: { id: order.id } });
    expect(listed.body.deliveries.map((delivery: { id: string; status: string }) => [delivery.id, delivery.status])).toEqual([
      [deliveryId, "submitted"],
      [second, "submitted"],
    ]);
    const one = await f.reader.call("get_purchase_order_delivery", { params: deliveryParams(order.id, second) });
    expect(one.body).toMatchObject({ id: second, number: 2, status: "submitted" });
  });

  it("refuses invalid lines (422 naming each field) and saves nothing", async () => {
    const order = await sentOrder();
    const deliveryId = await newDraft(order.id);
    const params = deliveryParams(order.id, deliveryId);

    const wrongReason = await f.writer.call("update_purchase_order_delivery", {
      params,
      body: {
        lines: [
          { line_id: order.lineIds[0], quantity_returned: 2 },
          { sku: "NO-SUCH-SKU", quantity_delivered: 1 },
        ],
      },
    });
    expect(wrongReason.status).toBe(422);
    expect(Object.keys(wrongReason.error!.fields!)).toEqual(["lines.1.sku"]);

    const quantities = await f.writer.call("update_purchase_order_delivery", {
      params,
      body: { lines: [{ line_id: order.lineIds[0], quantity_returned: 2 }] },
    });
    expect(quantities.status).toBe(422);
    expect(quantities.error!.fields).toMatchObject({
      "lines.0.quantity_delivered": expect.any(String),
      "lines.0.quantity_returned": expect.any(String),
    });

    const ambiguous = await f.writer.call("update_purchase_order_delivery", {
      params,
      body: { lines: [{ line_id: order.lineIds[0], sku: "BOLT-S", quantity_delivered: 1 }] },
    });
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.error!.field).toBe("lines.0.line_id");

    const badDate = await f.writer.call("update_purchase_order_delivery", { params, body: { delivered_at: "20 November" } });
    expect(badDate.status).toBe(422);
    expect(badDate.error!.field).toBe("delivered_at");

    const unknown = await f.writer.call("update_purchase_order_delivery", { params, body: { lines: [], received: 3 } });
    expect(unknown.status).toBe(422);
    expect(unknown.error!.field).toBe("received");
    expect(await f.db.deliveryLine.count({ where: { deliveryId } })).toBe(0);

    // More than is pending: refused at submit with what to do instead, nothing booked.
    await f.writer.call("update_purchase_order_delivery", { params, body: { lines: [{ line_id: order.lineIds[1], quantity_delivered: 9 }] } });
    const tooMany = await f.writer.call("submit_purchase_order_delivery", { params, body: {} });
    expect(tooMany.status).toBe(422);
    expect(tooMany.error!.fields!["lines.0.quantity_delivered"]).toMatch(/Delivered too much \(accepted\)/);
    expect(await f.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject({ status: "draft", bookingId: null });
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("sent");
  });

  it("refuses a delivery on an order that was not sent (409 with the rule and the allowed actions)", async () => {
    const draft = await createOrder(f.db, SHOP, f.supplierId, [2]);
    const refused = await f.writer.call("create_purchase_order_delivery", { params: { id: draft.id }, body: {} });
    expect(refused.status).toBe(409);
    expect(refused.error).toMatchObject({ rule: "order_not_sent", allowed_actions: expect.arrayContaining(["send"]) });
    expect(await f.db.delivery.count({ where: { purchaseOrderId: draft.id } })).toBe(0);
  });
});

describe("cancel, note and credit", () => {
  it("cancels a draft for good; a submitted delivery cannot be cancelled, but its note still changes", async () => {
    const order = await sentOrder();
    const draft = await newDraft(order.id);
    const cancelled = await f.writer.call("cancel_purchase_order_delivery", { params: deliveryParams(order.id, draft) });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({ id: draft, cancelled: true });
    expect(await f.db.delivery.findUnique({ where: { id: draft } })).toBeNull();
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("sent");

    const delivery = await newDraft(order.id);
    const params = deliveryParams(order.id, delivery);
    await f.writer.call("update_purchase_order_delivery", { params, body: { lines: [{ line_id: order.lineIds[0], quantity_delivered: 1 }] } });
    expect((await f.writer.call("submit_purchase_order_delivery", { params, body: {} })).status).toBe(200);

    const refused = await f.writer.call("cancel_purchase_order_delivery", { params });
    expect(refused.status).toBe(409);
    expect(refused.error).toMatchObject({
      code: "invalid_transition",
      rule: "delivery_submitted",
      allowed_actions: ["update_delivery_note", "credit_returns"],
    });
    expect(await f.db.delivery.findUniqueOrThrow({ where: { id: delivery } })).toMatchObject({ status: "submitted" });

    const relined = await f.writer.call("update_purchase_order_delivery", { params, body: { lines: [] } });
    expect(relined.status).toBe(409);
    expect(relined.error!.rule).toBe("delivery_submitted");
    const noted = await f.writer.call("update_purchase_order_delivery", { params, body: { note: "Box was dented" } });
    expect(noted.status).toBe(200);
    expect((await f.db.delivery.findUniqueOrThrow({ where: { id: delivery } })).note).toBe("Box was dented");
  });

  it("credits a submitted delivery's returns once, as a supplier credit", async () => {
    const order = await sentOrder();
    const delivery = await newDraft(order.id);
    const params = deliveryParams(order.id, delivery);
    await f.writer.call("update_purchase_order_delivery", {
      params,
      body: { lines: [{ line_id: order.lineIds[0], quantity_returned: 3, intake_reason: "quality_issue_returned", unit_price: "2.50" }] },
    });
    const early = await f.writer.call("credit_purchase_order_delivery_returns", { params, body: {} });
    expect(early.status).toBe(409);
    expect(early.error!.rule).toBe("delivery_not_submitted");
    await f.writer.call("submit_purchase_order_delivery", { params, body: {} });

    const credited = await f.writer.call("credit_purchase_order_delivery_returns", { params, body: {} });
    expect(credited.status).toBe(200);
    const credit = await f.db.supplierCredit.findUniqueOrThrow({ where: { id: credited.body.credit_id } });
    expect(credit).toMatchObject({ supplierId: f.supplierId, source: "return" });
    expect(credit.amount.toString()).toBe("7.5");
    const again = await f.writer.call("credit_purchase_order_delivery_returns", { params, body: {} });
    expect(again.status).toBe(409);
    expect(again.error!.rule).toBe("returns_already_credited");
    expect(await f.db.supplierCredit.count({ where: { source: "return", supplierId: f.supplierId } })).toBe(1);
  });
});

describe("delivery note files (multipart)", () => {
  const form = (...files: Array<[bytes: Uint8Array, name: string, type: string]>) => {
    const body = new FormData();
    for (const [bytes, name, type] of files) body.append("file", new Blob([Buffer.from(bytes)], { type }), name);
    return body;
  };

  it("stores a PDF, lists it on the delivery, and removes it from a draft", async () => {
    const order = await sentOrder();
    const delivery = await newDraft(order.id);
    const params = deliveryParams(order.id, delivery);
    const pdf = minimalPdf();
    expect(Buffer.from(pdf.subarray(0, 5)).toString("latin1")).toBe("%PDF-");

    const uploaded = await f.writer.call("upload_purchase_order_delivery_files", {
      params,
      form: form([pdf, "packing slip.pdf", "application/pdf"]),
    });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.uploaded).toEqual([
      expect.objectContaining({ file_name: "packing slip.pdf", content_type: "application/pdf", size: pdf.length }),
    ]);
    const row = await f.db.deliveryFile.findFirstOrThrow({ where: { deliveryId: delivery } });
    expect(readFileSync(path.join(f.filesDirectory, row.storageKey))).toEqual(Buffer.from(pdf));

    const got = await f.reader.call("get_purchase_order_delivery", { params });
    expect(got.body.files).toEqual([expect.objectContaining({ id: row.id, file_name: "packing slip.pdf" })]);

    const removed = await f.writer.call("delete_purchase_order_delivery_file", { params: { ...params, file_id: row.id } });
    expect(removed.status).toBe(200);
    expect(removed.body.files).toEqual([]);
    expect(await f.db.deliveryFile.count({ where: { deliveryId: delivery } })).toBe(0);
    expect(existsSync(path.join(f.filesDirectory, row.storageKey))).toBe(false);
  });

  it("refuses a file that is not a PDF or an image (422 naming it), storing none of the request's files", async () => {
    const order = await sentOrder();
    const delivery = await newDraft(order.id);
    const params = deliveryParams(order.id, delivery);
    const refused = await f.writer.call("upload_purchase_order_delivery_files", {
      params,
      form: form([minimalPdf(), "note.pdf", "application/pdf"], [EXE, "invoice.pdf", "application/pdf"]),
    });
    expect(refused.status).toBe(422);
    expect(refused.error!.field).toBe("file.1");
    expect(refused.error!.message).toMatch(/invoice\.pdf/);
    expect(await f.db.deliveryFile.count({ where: { deliveryId: delivery } })).toBe(0);

    const none = await f.writer.call("upload_purchase_order_delivery_files", { params, form: new FormData() });
    expect(none.status).toBe(422);
  });

  it("refuses more files than a delivery holds", async () => {
    const order = await sentOrder();
    const delivery = await newDraft(order.id);
    const files = Array.from({ length: 11 }, (_, index): [Uint8Array, string, string] => [minimalPdf(), `page-${index}.pdf`, "application/pdf"]);
    const refused = await f.writer.call("upload_purchase_order_delivery_files", { params: deliveryParams(order.id, delivery), form: form(...files) });
    expect(refused.status).toBe(422);
    expect(refused.error!.message).toMatch(/at most 10 files/);
    expect(await f.db.deliveryFile.count({ where: { deliveryId: delivery } })).toBe(0);
  });
});

describe("access", () => {
  it("refuses the read key on every write (403) and changes nothing", async () => {
    const order = await sentOrder();
    const delivery = await newDraft(order.id);
    const params = deliveryParams(order.id, delivery);
    const calls: Array<[string, Parameters<ApiFixture["reader"]["call"]>[1]]> = [
      ["create_purchase_order_delivery", { params: { id: order.id }, body: {} }],
      ["update_purchase_order_delivery", { params, body: { note: "x" } }],
      ["submit_purchase_order_delivery", { params, body: {} }],
      ["cancel_purchase_order_delivery", { params }],
      ["credit_purchase_order_delivery_returns", { params, body: {} }],
      ["upload_purchase_order_delivery_files", { params, form: new FormData() }],
      ["delete_purchase_order_delivery_file", { params: { ...params, file_id: "x" } }],
    ];
    for (const [name, call] of calls) {
      const result = await f.reader.call(name, call);
      expect([name, result.status]).toEqual([name, 403]);
    }
    expect(await f.db.delivery.findMany({ where: { purchaseOrderId: order.id } })).toEqual([
      expect.objectContaining({ id: delivery, status: "draft", note: null }),
    ]);
  });

  it("answers another shop's order, and a delivery under another order, as not found (404)", async () => {
    const order = await sentOrder();
    const otherOrder = await sentOrder();
    const delivery = await newDraft(order.id);
    expect((await f.writer.call("list_purchase_order_deliveries", { params: { id: otherOrderId } })).status).toBe(404);
    expect((await f.writer.call("create_purchase_order_delivery", { params: { id: otherOrderId }, body: {} })).status).toBe(404);
    expect(await f.db.delivery.count({ where: { purchaseOrderId: otherOrderId } })).toBe(0);
    const misplaced = deliveryParams(otherOrder.id, delivery);
    expect((await f.writer.call("get_purchase_order_delivery", { params: misplaced })).status).toBe(404);
    expect((await f.writer.call("cancel_purchase_order_delivery", { params: misplaced })).status).toBe(404);
    expect(await f.db.delivery.count({ where: { id: delivery } })).toBe(1);
  });
});
