import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";

import { CONTROL_CHARACTER_MESSAGE, LONE_SURROGATE_MESSAGE, RECORD_ID_MESSAGE, RESERVED_KEY_MESSAGE, shopifyIdMessage } from "~/domain/input";
import { MONEY_PATTERN } from "~/domain/money";

import { startApiFixture, widget, type ApiFixture } from "../support/api";
import type { Json } from "../support/json";
import { connectMcp, toolAnswer } from "../support/mcp";
import { createOrderOfVariants } from "../support/orders";

/**
 * Hostile input over real HTTP, REST and MCP alike (issue #14): malformed Shopify ids and record
 * ids (422 naming the field, Shopify never asked), locations the shop does not have, broken
 * multipart bodies, control characters and odd Unicode, reserved keys, and the list filters,
 * which must give the same answer through both doors.
 */
const SHOP = "hostile-input.myshopify.com";
const UNKNOWN_LOCATION = "gid://shopify/Location/999999999";

let f: ApiFixture;
let mcp: Client;

beforeAll(async () => {
  f = await startApiFixture(SHOP, [widget(2)]);
  mcp = await connectMcp(f.server.origin, f.writeKey);
}, 60_000);

afterAll(async () => {
  await mcp.close();
  await f.close();
});
beforeEach(async () => f.refill());

const variant = (index: number) => f.products[0]!.variants[index]!;

/** A tool's answer: its structured content, or the error it returned (status and error body). */
async function tool(name: string, args: Record<string, unknown>) {
  const { status, error, body } = await toolAnswer(mcp, name, args);
  return { status, error, body };
}

async function sentOrder(quantity = 5) {
  const order = await createOrderOfVariants(f.db, SHOP, f.supplierId, f.locationId, [{ ...variant(0), quantity }]);
  expect((await f.writer.call("mark_purchase_order_sent", { params: { id: order.id }, body: {} })).status).toBe(200);
  const [line] = await f.db.purchaseOrderLine.findMany({ where: { purchaseOrderId: order.id } });
  return { id: order.id, lineId: line!.id };
}

const draft = async () => (await createOrderOfVariants(f.db, SHOP, f.supplierId, f.locationId, [{ ...variant(0), quantity: 2 }])).id;
const orderCount = () => f.db.purchaseOrder.count({ where: { shop: { domain: SHOP } } });
const bookings = (orderId: string) => f.db.booking.count({ where: { purchaseOrderId: orderId } });

describe("malformed Shopify ids: 422 naming the field, before Shopify is asked", () => {
  const VARIANT_MESSAGE = shopifyIdMessage("ProductVariant");

  it("create_purchase_order with items.0.variant_id = abc (was a 500: Invalid global id)", async () => {
    const before = await orderCount();
    const result = await f.writer.call("create_purchase_order", {
      body: { supplier_id: f.supplierId, location_id: f.locationId, items: [{ variant_id: "abc", quantity: 1 }] },
    });
    expect(result.status).toBe(422);
    expect(result.error).toMatchObject({ field: "items.0.variant_id", fields: { "items.0.variant_id": VARIANT_MESSAGE } });
    expect(await orderCount()).toBe(before);
  });

  it("PATCH items, delivery lines, orders by supplier and catalogue items refuse it the same way", async () => {
    const id = await draft();
    const patched = await f.writer.call("update_purchase_order", { params: { id }, body: { items: [{ variant_id: "abc", quantity: 1 }] } });
    expect(patched.status).toBe(422);
    expect(patched.error!.fields).toMatchObject({ "items.0.variant_id": VARIANT_MESSAGE });

    const order = await sentOrder();
    const delivery = await f.writer.call("create_purchase_order_delivery", { params: { id: order.id }, body: {} });
    const lines = await f.writer.call("update_purchase_order_delivery", {
      params: { id: order.id, delivery_id: delivery.body.id },
      body: { lines: [{ variant_id: "gid://shopify/ProductVariant/abc", quantity_delivered: 1 }] },
    });
    expect(lines.status).toBe(422);
    expect(lines.error!.fields).toMatchObject({ "lines.0.variant_id": VARIANT_MESSAGE });

    const bySupplier = await f.writer.call("create_purchase_orders_by_supplier", { body: { items: [{ variant_id: "abc", quantity: 1 }] } });
    expect(bySupplier.status).toBe(422);
    expect(bySupplier.error!.fields).toMatchObject({ "items.0.variant_id": VARIANT_MESSAGE });

    const catalogue = await f.writer.call("create_supplier_catalogue_item", {
      params: { id: f.supplierId },
      body: { variant_id: "abc", unit_cost: "1" },
    });
    expect(catalogue.status).toBe(422);
    expect(catalogue.error!.fields).toMatchObject({ variant_id: VARIANT_MESSAGE });
  });

  it("every Shopify id a request body takes, found in the operation table, refuses a malformed value by name", async () => {
    const cases = f.server.operations.flatMap((operation) =>
      operation.body
        ? shopifyIdFields(z.toJSONSchema(operation.body, { io: "input", unrepresentable: "any" })).map((path) => ({ operation, path }))
        : [],
    );
    expect(cases.map(({ operation, path }) => `${operation.name} ${path.join(".")}`)).toEqual(
      expect.arrayContaining([
        "create_purchase_order items.0.variant_id",
        "receive_purchase_order location_id",
        "adjust_purchase_order_incoming inventory_item_id",
      ]),
    );
    const id = await draft();
    for (const { operation, path } of cases) {
      const params = Object.fromEntries(Object.keys(operation.params?.shape ?? {}).map((name) => [name, name === "id" ? id : "unknown"]));
      for (const malformed of ["abc", "gid://shopify/Nope/1", "x".repeat(1024 * 1024)]) {
        const result = await f.writer.call(operation.name, { params, body: bodyWith(path, malformed) });
        expect(result.status, `${operation.name} ${path.join(".")}`).toBe(422);
        expect(result.error!.fields?.[path.join(".")], `${operation.name} ${path.join(".")}`).toMatch(/^Must be a Shopify .* id/);
      }
      await f.refill();
    }
  });

  it("every path parameter refuses an id of no possible shape (422 naming it), while an unknown id is not found", async () => {
    const operations = f.server.operations.filter((operation) => operation.params);
    expect(operations.length).toBeGreaterThan(20);
    for (const operation of operations) {
      const names = Object.keys(operation.params!.shape);
      for (const name of names) {
        const params = Object.fromEntries(names.map((other) => [other, other === name ? "no such id!" : "unknown"]));
        const sendsJson = operation.body !== undefined && !operation.multipart;
        const result = await f.writer.call(operation.name, { params, body: sendsJson ? {} : undefined });
        expect(result.status, `${operation.name} ${name}`).toBe(422);
        expect(result.error!.fields?.[name], `${operation.name} ${name}`).toBe(RECORD_ID_MESSAGE);
      }
      await f.refill();
    }
    expect((await f.writer.call("get_purchase_order", { params: { id: "no-such-order" } })).status).toBe(404);
    // A segment whose percent-encoding does not decode (was a 500: URIError) is no id either.
    const undecodable = await f.reader.request("GET", "/api/v1/purchase_orders/%E0%A4%A");
    expect(undecodable.error).toMatchObject({ field: "id", fields: { id: RECORD_ID_MESSAGE } });
  });

  it("ids in bodies and filters are record ids too: search[ids], supplier_id, line ids", async () => {
    const search = await f.reader.call("list_purchase_orders", { query: { "search[ids]": "ok-id,not ok" } });
    expect(search.status).toBe(422);
    expect(search.error!.field).toBe("search[ids]");
    const created = await f.writer.call("create_purchase_order", {
      body: { supplier_id: "x".repeat(100_000), items: [{ variant_id: variant(0).variantId, quantity: 1 }] },
    });
    expect(created.error!.fields).toMatchObject({ supplier_id: RECORD_ID_MESSAGE });
  });
});

describe("locations the shop does not have are refused as create refuses them", () => {
  const ACTIVE = "Choose one of the shop's active locations";

  it("receive with an unknown location (was 200, booked, then failed at Shopify) or a megabyte of text books nothing", async () => {
    const order = await sentOrder();
    for (const [location, message] of [
      [UNKNOWN_LOCATION, ACTIVE],
      ["x".repeat(1024 * 1024), shopifyIdMessage("Location")],
    ] as const) {
      const result = await f.writer.call("receive_purchase_order", {
        params: { id: order.id },
        body: { lines: [{ line_id: order.lineId, received: 1 }], location_id: location },
      });
      expect(result.status).toBe(422);
      expect(result.error).toMatchObject({ field: "location_id", fields: { location_id: message } });
    }
    expect(await bookings(order.id)).toBe(0);
    const received = await f.writer.call("receive_purchase_order", {
      params: { id: order.id },
      body: { lines: [{ line_id: order.lineId, received: 1 }], location_id: f.locationId },
    });
    expect(received.status).toBe(200);
  });

  it("create, PATCH, orders by supplier and incoming adjustment refuse it too, and change nothing", async () => {
    const id = await draft();
    const before = await orderCount();
    const created = await f.writer.call("create_purchase_order", {
      body: { supplier_id: f.supplierId, location_id: UNKNOWN_LOCATION, items: [{ variant_id: variant(0).variantId, quantity: 1 }] },
    });
    expect(created.error!.fields).toEqual({ location_id: ACTIVE });
    const patched = await f.writer.call("update_purchase_order", { params: { id }, body: { location_id: UNKNOWN_LOCATION } });
    expect(patched.error!.fields).toEqual({ location_id: ACTIVE });
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id } })).locationId).toBe(f.locationId);
    const bySupplier = await f.writer.call("create_purchase_orders_by_supplier", {
      body: { items: [{ variant_id: variant(0).variantId, quantity: 1, supplier_id: f.supplierId }], location_id: UNKNOWN_LOCATION },
    });
    expect(bySupplier.error!.fields).toEqual({ location_id: ACTIVE });
    expect(await orderCount()).toBe(before);

    const order = await sentOrder();
    await f.writer.call("cancel_purchase_order", { params: { id: order.id }, body: {} });
    const effects = await f.db.shopifyEffect.count({ where: { purchaseOrderId: order.id } });
    const adjusted = await f.writer.call("adjust_purchase_order_incoming", {
      params: { id: order.id },
      body: { inventory_item_id: variant(0).inventoryItemId, location_id: UNKNOWN_LOCATION, delta: 1 },
    });
    expect(adjusted.status).toBe(422);
    expect(adjusted.error!.fields).toEqual({ location_id: ACTIVE });
    expect(await f.db.shopifyEffect.count({ where: { purchaseOrderId: order.id } })).toBe(effects);
  });
});

describe("malformed multipart on the delivery-file upload", () => {
  it("is a 422 with a message on `body` (was a 500 with a stack trace), and stores nothing", async () => {
    const order = await sentOrder();
    const delivery = await f.writer.call("create_purchase_order_delivery", { params: { id: order.id }, body: {} });
    const path = `/api/v1/purchase_orders/${order.id}/deliveries/${delivery.body.id}/files`;
    const unclosed = '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4';
    for (const [contentType, body] of [
      ["multipart/form-data; boundary=xyz", unclosed],
      ["multipart/form-data; boundary=xyz", "--abc\r\nnot the boundary\r\n--abc--\r\n"],
      ["multipart/form-data", unclosed],
    ] as const) {
      const result = await f.writer.request("POST", path, { body, headers: { "Content-Type": contentType } });
      expect(result.status, `${contentType}: ${body.slice(0, 20)}`).toBe(422);
      expect(result.error).toMatchObject({ field: "body", message: expect.stringMatching(/not a readable form/) });
    }
    expect(await f.db.deliveryFile.count({ where: { deliveryId: delivery.body.id } })).toBe(0);
  });
});

describe("text is stored exactly as accepted, or refused naming the field", () => {
  it('refuses a NUL in a note (was silently cut to "a") over REST and MCP, and keeps the note', async () => {
    const id = await draft();
    await f.writer.call("update_purchase_order", { params: { id }, body: { note: "kept" } });
    const rest = await f.writer.call("update_purchase_order", { params: { id }, body: { note: "a\u0000b" } });
    expect(rest.status).toBe(422);
    expect(rest.error).toMatchObject({ field: "note", fields: { note: CONTROL_CHARACTER_MESSAGE } });
    const viaMcp = await tool("update_purchase_order", { id, note: "a\u0000b" });
    expect(viaMcp).toMatchObject({ status: 422, error: { field: "note" } });
    for (const control of ["\u0007", "\u001b[31m", "\u007f", "\u0085", "\u000b"]) {
      expect((await f.writer.call("update_purchase_order", { params: { id }, body: { reference: `x${control}y` } })).error!.field).toBe("reference");
    }
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id } })).note).toBe("kept");
  });

  it("refuses a lone surrogate sent as a JSON escape, naming the field", async () => {
    const id = await draft();
    const result = await f.writer.request("PATCH", `/api/v1/purchase_orders/${id}`, { body: '{"note":"broken \\ud800 text"}' });
    expect(result.status).toBe(422);
    expect(result.error!.fields).toEqual({ note: LONE_SURROGATE_MESSAGE });
  });

  it("keeps unusual Unicode intact, and refuses strings past a field's length by name (never cut)", async () => {
    const id = await draft();
    const unusual = "Zoë 👩🏽‍🔧 e\u0301 \u202eevil\u202c \u200b\ufeff 𝔘𝔫𝔦 \u{10FFFF} tab\there\r\nnext line";
    const saved = await f.writer.call("update_purchase_order", {
      params: { id },
      body: { note: unusual, vendor_reference: "ÄÖÜ-€-𝟙", tags: ["🔥 hot"], custom_fields: { colour: "ünïcode 🎨" } },
    });
    expect(saved.status, JSON.stringify(saved.error)).toBe(200);
    const read = (await f.reader.call("get_purchase_order", { params: { id } })).body;
    expect(read).toMatchObject({ note: unusual, vendor_reference: "ÄÖÜ-€-𝟙", tags: ["🔥 hot"], custom_fields: { colour: "ünïcode 🎨" } });

    const long = "y".repeat(200_000);
    for (const field of ["note", "private_note", "reference", "vendor_reference"]) {
      const result = await f.writer.call("update_purchase_order", { params: { id }, body: { [field]: long } });
      expect(result.status, field).toBe(422);
      expect(result.error!.field, field).toBe(field);
    }
    expect((await f.reader.call("get_purchase_order", { params: { id } })).body.note).toBe(unusual);
  });
});

describe("JSON bodies that are not UTF-8", () => {
  it("refuses a JSON body that is not UTF-8 (was stored with U+FFFD in its place), naming the body", async () => {
    const suppliers = await f.db.supplier.count();
    const [before, after] = ['{"name": "a', 'b"}'];
    for (const bytes of [[0xff], [0xc0, 0xaf], [0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      const body = new Uint8Array(Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]));
      const result = await f.writer.request("POST", "/api/v1/suppliers", { body, headers: { "Content-Type": "application/json" } });
      expect(result.status, `bytes ${bytes.join(" ")}`).toBe(422);
      expect(result.error).toMatchObject({ field: "body", message: expect.stringMatching(/UTF-8/) });
    }
    expect(await f.db.supplier.count()).toBe(suppliers);
    // A byte order mark is no reason to refuse UTF-8 (RFC 8259 lets a parser ignore it).
    const marked = new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name": "Marked"}')]));
    expect((await f.writer.request("POST", "/api/v1/suppliers", { body: marked, headers: { "Content-Type": "application/json" } })).status).toBe(201);
  });
});

describe("reserved keys", () => {
  it('names __proto__ as the field (was "Invalid input: " with no field), over REST and MCP', async () => {
    const id = await draft();
    const rest = await f.writer.request("PATCH", `/api/v1/purchase_orders/${id}`, { body: '{"__proto__": {"note": "sneaked"}}' });
    expect(rest.status).toBe(422);
    expect(rest.error).toMatchObject({ field: "__proto__", fields: { __proto__: RESERVED_KEY_MESSAGE } });
    expect(rest.error!.message).toBe(`Invalid input: __proto__: ${RESERVED_KEY_MESSAGE}`);

    const nested = await f.writer.request("PATCH", `/api/v1/purchase_orders/${id}`, {
      body: '{"items": [{"id": "x", "constructor": {"prototype": {"polluted": "yes"}}}]}',
    });
    expect(nested.error).toMatchObject({ field: "items.0.constructor" });

    // Over MCP the SDK's request parsing drops the key before any tool runs: nothing of it applies.
    const arguments_ = JSON.parse(`{"id": "${id}", "__proto__": {"note": "a\\u0000b"}, "constructor": {"prototype": {"note": "x"}}}`);
    const viaMcp = (await mcp.request(
      { method: "tools/call", params: { name: "update_purchase_order", arguments: arguments_ } },
      z.any(),
    )) as CallToolResult;
    expect(JSON.parse((viaMcp.content[0] as { text: string }).text)).toMatchObject({ status: 422, error: { field: "constructor" } });
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id } })).note).toBeNull();

    const query = await f.reader.request("GET", "/api/v1/purchase_orders?__proto__=x&constructor=y");
    expect(query.error).toMatchObject({ field: "__proto__", fields: { __proto__: RESERVED_KEY_MESSAGE, constructor: RESERVED_KEY_MESSAGE } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).note).toBeUndefined();
  });
});

describe("numbers and amounts are taken only in the form the document gives, over REST and MCP", () => {
  it('refuses a page that is not a whole number\'s digits or a JSON integer (z.coerce took " 1 ", 1e1, true and [2]), naming it', async () => {
    for (const page of [" 1 ", "1e1", "0x10", "1.0"]) {
      const rest = await f.reader.request("GET", `/api/v1/purchase_orders?page=${encodeURIComponent(page)}`);
      expect(rest.error, page).toMatchObject({ field: "page", message: expect.stringContaining("whole number") });
    }
    for (const page of [" 1 ", true, [2], "1e1", 1.5]) {
      expect(await tool("list_purchase_orders", { page }), JSON.stringify(page)).toMatchObject({ status: 422, error: { field: "page" } });
    }
    expect(await tool("list_purchase_orders", { per_page: 251 })).toMatchObject({
      status: 422,
      error: { message: expect.stringContaining("At most 250") },
    });
    expect((await tool("list_purchase_orders", { page: 1, per_page: "2" })).body).toMatchObject({ paging: { page: 1, per_page: 2 } });
  });

  it("refuses an amount with spaces around it (was trimmed, though the document's pattern has none), naming it", async () => {
    const before = await orderCount();
    const created = await f.writer.call("create_purchase_order", {
      body: { supplier_id: f.supplierId, items: [{ variant_id: variant(0).variantId, quantity: 1 }], shipping_cost: " 1 " },
    });
    expect(created.error).toMatchObject({ field: "shipping_cost" });
    expect(await orderCount()).toBe(before);
    const { id } = await sentOrder();
    const paidAt = new Date().toISOString().slice(0, 10);
    expect(await tool("record_purchase_order_payment", { id, amount: " 1 ", paid_at: paidAt, status: "completed" })).toMatchObject({
      status: 422,
      error: { field: "amount" },
    });
    expect(await f.db.payment.count({ where: { purchaseOrderId: id } })).toBe(0);
    // PATCH, a line's unit cost and the PO number filter alike.
    const draftId = await draft();
    const line = await f.writer.call("update_purchase_order", {
      params: { id: draftId },
      body: { items: [{ variant_id: variant(1).variantId, quantity: 1, unit_cost: " 2.50" }] },
    });
    expect(line.error).toMatchObject({ field: "items.0.unit_cost" });
    expect((await f.writer.call("update_purchase_order", { params: { id: draftId }, body: { tax: "1 " } })).error).toMatchObject({ field: "tax" });
    expect((await f.reader.call("list_purchase_orders", { query: { "search[public_reference]": " 12" } })).error).toMatchObject({
      field: "search[public_reference]",
    });
  });

  it("quantities up to 1,000,000 and amounts of up to 12 digits and 4 decimals: a client checking the document is refused nothing it allows", async () => {
    const document = (await (await fetch(`${f.server.origin}/api/v1/openapi.json`)).json()) as { components: { schemas: Record<string, Json> } };
    const schemas = document.components.schemas;
    const lines = (id: string) => schemas[id]!.properties.lines.items.properties;
    expect(lines("ReceivePurchaseOrderRequest").received.maximum).toBe(1_000_000);
    expect(lines("ConfirmPurchaseOrderRequest").confirmed.maximum).toBe(1_000_000);
    expect(lines("UpdateDeliveryRequest").quantity_delivered.maximum).toBe(1_000_000);
    expect(schemas.AdjustPurchaseOrderIncomingRequest.properties.delta).toMatchObject({ minimum: -1_000_000, maximum: 1_000_000 });
    expect(schemas.CreatePurchaseOrderRequest.properties.shipping_cost.pattern).toBe(MONEY_PATTERN.source);

    const order = await sentOrder();
    const past = await f.writer.call("receive_purchase_order", {
      params: { id: order.id },
      body: { lines: [{ line_id: order.lineId, received: 1_000_001 }] },
    });
    expect(past.error).toMatchObject({ field: "lines.0.received", message: expect.stringContaining("from 0 to 1,000,000") });
    const id = await draft();
    const digits = await f.writer.call("update_purchase_order", { params: { id }, body: { tax: "1234567890123" } });
    expect(digits.error).toMatchObject({ field: "tax", message: expect.stringContaining("at most 12 digits") });
    expect((await f.writer.call("update_purchase_order", { params: { id }, body: { tax: "123456789012.1234" } })).status).toBe(200);
  });
});

describe("list filters: the same inputs give the same results over REST and MCP", () => {
  beforeAll(async () => {
    // Orders of several statuses, so filters have something to tell apart.
    await sentOrder(3);
    const cancelled = await sentOrder(1);
    await f.refill();
    await f.writer.call("cancel_purchase_order", { params: { id: cancelled.id }, body: {} });
    await draft();
  });

  const lists = () => f.server.operations.filter((operation) => operation.query);

  it("every filter of every list operation has examples (the document shows them)", async () => {
    expect(lists().map((operation) => operation.name)).toContain("list_purchase_orders");
    for (const operation of lists()) {
      expect(Object.keys(operation.queryExamples ?? {}).sort(), operation.name).toEqual(Object.keys(operation.query!.shape).sort());
    }
    const document = (await (await fetch(`${f.server.origin}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, { get: { parameters: Array<{ name: string; examples?: Record<string, { value: string }> }> } }>;
    };
    const status = document.paths["/purchase_orders"]!.get.parameters.find((parameter) => parameter.name === "search[status]")!;
    expect(Object.values(status.examples!).map((example) => example.value)).toContain("draft,sent");
  });

  it("answers every example of every filter alike through both (MCP refused search[status], ids, times and flags)", async () => {
    let cases = 0;
    for (const operation of lists()) {
      for (const [name, examples] of Object.entries(operation.queryExamples!)) {
        for (const example of examples) {
          await f.refill();
          const rest = await f.reader.call(operation.name, { query: { [name]: example } });
          const viaMcp = await tool(operation.name, { [name]: example });
          expect(rest.status, `${name}=${example}: ${JSON.stringify(rest.error)}`).toBe(200);
          expect(viaMcp, `${name}=${example}`).toEqual({ status: 200, error: undefined, body: rest.body });
          cases += 1;
        }
      }
    }
    expect(cases).toBeGreaterThan(30);
  });

  it("takes lists as a JSON array over MCP and as a repeated parameter over REST, flags as JSON booleans", async () => {
    const comma = (await f.reader.call("list_purchase_orders", { query: { "search[status]": "draft,cancelled" } })).body;
    expect(comma.paging.total).toBeGreaterThan(1);
    expect((await tool("list_purchase_orders", { "search[status]": ["draft", "cancelled"] })).body).toEqual(comma);
    expect((await f.reader.request("GET", "/api/v1/purchase_orders?search[status]=draft&search[status]=cancelled")).body).toEqual(comma);
    const ids = comma.purchase_orders.map((order: { id: string }) => order.id);
    expect((await tool("list_purchase_orders", { "search[ids]": ids })).body).toEqual(comma);

    const notLate = (await f.reader.call("list_purchase_orders", { query: { "search[late]": "false" } })).body;
    expect((await tool("list_purchase_orders", { "search[late]": false })).body).toEqual(notLate);
    // A parameter that takes one value refuses several rather than keeping one of them.
    const twice = await f.reader.request("GET", "/api/v1/purchase_orders?page=1&page=2");
    expect(twice.error!.field).toBe("page");
  });
});

/** Paths (`items.0.variant_id`) of every string a JSON Schema constrains to a Shopify gid. */
function shopifyIdFields(schema: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  const node = schema as { pattern?: string; properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[] };
  if (node.pattern?.replaceAll("\\/", "/").startsWith("^gid://shopify/")) return [path];
  if (node.anyOf) return node.anyOf.flatMap((member) => shopifyIdFields(member, path)).slice(0, 1);
  if (node.items) return shopifyIdFields(node.items, [...path, 0]);
  return Object.entries(node.properties ?? {}).flatMap(([name, property]) => shopifyIdFields(property, [...path, name]));
}

/** A body with `value` at `path` (arrays of one object along the way). */
function bodyWith(path: Array<string | number>, value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  return typeof head === "number" ? [bodyWith(rest, value)] : { [head]: bodyWith(rest, value) };
}
