import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startApiFixture, type ApiFixture } from "../support/api";
import { createOrder } from "../support/orders";
import { installShop } from "../support/shopify";

/**
 * Shipments and addresses of a purchase order through the REST API, over real HTTP: the same
 * services as the order screen's cards, audited on the order, never touching its status or version.
 */
const SHOP = "api-shipments.myshopify.com";
const OTHER_SHOP = "api-shipments-other.myshopify.com";

let f: ApiFixture;
let otherOrderId: string;

beforeAll(async () => {
  f = await startApiFixture(SHOP);
  const other = await installShop(f.db, { domain: OTHER_SHOP }, ["Other"]);
  otherOrderId = (await createOrder(f.db, OTHER_SHOP, other.suppliers[0]!.id, [1])).id;
});

afterAll(async () => f.close());
beforeEach(async () => f.refill());

const newOrder = async () => (await createOrder(f.db, SHOP, f.supplierId, [3])).id;
const orderRow = (id: string) => f.db.purchaseOrder.findUniqueOrThrow({ where: { id }, select: { status: true, version: true } });

describe("shipments", () => {
  it("adds, lists, updates only the given fields, and removes a shipment, each audited", async () => {
    const orderId = await newOrder();
    const before = await orderRow(orderId);

    const added = await f.writer.call("add_purchase_order_shipment", {
      params: { id: orderId },
      body: { carrier: "ups", tracking_number: "1Z 999 AA1 0123456784", estimated_arrival_at: "2026-12-01", note: "Two cartons" },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      carrier: "UPS",
      tracking_number: "1Z999AA10123456784",
      tracking_url: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
      estimated_arrival_at: "2026-12-01",
      arrived_at: null,
      note: "Two cartons",
    });
    const shipmentId = added.body.id as string;
    expect(await f.db.shipment.findUniqueOrThrow({ where: { id: shipmentId } })).toMatchObject({ purchaseOrderId: orderId, carrier: "UPS" });

    const updated = await f.writer.call("update_purchase_order_shipment", {
      params: { id: orderId, shipment_id: shipmentId },
      body: { arrived_at: "2026-11-20", note: null },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      carrier: "UPS",
      tracking_number: "1Z999AA10123456784",
      estimated_arrival_at: "2026-12-01",
      arrived_at: "2026-11-20",
      note: null,
    });
    const stored = await f.db.shipment.findUniqueOrThrow({ where: { id: shipmentId } });
    expect([stored.carrier, stored.arrivedAt?.toISOString(), stored.note]).toEqual(["UPS", "2026-11-20T00:00:00.000Z", null]);

    const listed = await f.reader.call("list_purchase_order_shipments", { params: { id: orderId } });
    expect(listed.body.shipments).toEqual([updated.body]);

    const removed = await f.writer.call("remove_purchase_order_shipment", { params: { id: orderId, shipment_id: shipmentId } });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ id: shipmentId, removed: true });
    expect(await f.db.shipment.count({ where: { purchaseOrderId: orderId } })).toBe(0);

    const audit = await f.db.auditEntry.findMany({ where: { purchaseOrderId: orderId }, orderBy: { createdAt: "asc" } });
    expect(audit.map((entry) => [entry.action, entry.actorType])).toEqual([
      ["add_shipment", "api_key"],
      ["update_shipment", "api_key"],
      ["remove_shipment", "api_key"],
    ]);
    expect(await orderRow(orderId)).toEqual(before);
  });

  it("refuses invalid fields by their request names (422), unknown fields, and the read key", async () => {
    const orderId = await newOrder();
    const empty = await f.writer.call("add_purchase_order_shipment", { params: { id: orderId }, body: { note: "nothing to track" } });
    expect(empty.status).toBe(422);
    expect(empty.error!.field).toBe("carrier");

    const bad = await f.writer.call("add_purchase_order_shipment", {
      params: { id: orderId },
      body: { tracking_number: "ABC/123", estimated_arrival_at: "next week" },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.error!.fields!).sort()).toEqual(["estimated_arrival_at", "tracking_number"]);

    const unknown = await f.writer.call("add_purchase_order_shipment", { params: { id: orderId }, body: { carrier: "DHL", eta: "2026-12-01" } });
    expect(unknown.status).toBe(422);
    expect(unknown.error!.field).toBe("eta");

    const readOnly = await f.reader.call("add_purchase_order_shipment", { params: { id: orderId }, body: { carrier: "DHL" } });
    expect(readOnly.status).toBe(403);
    expect(await f.db.shipment.count({ where: { purchaseOrderId: orderId } })).toBe(0);

    const shipmentId = (await f.writer.call("add_purchase_order_shipment", { params: { id: orderId }, body: { carrier: "DHL" } })).body.id as string;
    const cleared = await f.writer.call("update_purchase_order_shipment", {
      params: { id: orderId, shipment_id: shipmentId },
      body: { carrier: null },
    });
    expect(cleared.status).toBe(422);
    expect(cleared.error!.field).toBe("carrier");
    expect((await f.reader.call("remove_purchase_order_shipment", { params: { id: orderId, shipment_id: shipmentId } })).status).toBe(403);
    expect(await f.db.shipment.findUniqueOrThrow({ where: { id: shipmentId } })).toMatchObject({ carrier: "DHL" });
  });

  it("answers another shop's order, and a shipment of another order, as not found (404)", async () => {
    const orderId = await newOrder();
    const otherId = await newOrder();
    expect((await f.writer.call("list_purchase_order_shipments", { params: { id: otherOrderId } })).status).toBe(404);
    expect((await f.writer.call("add_purchase_order_shipment", { params: { id: otherOrderId }, body: { carrier: "DHL" } })).status).toBe(404);
    expect(await f.db.shipment.count({ where: { purchaseOrderId: otherOrderId } })).toBe(0);

    const shipmentId = (await f.writer.call("add_purchase_order_shipment", { params: { id: orderId }, body: { carrier: "DPD" } })).body.id as string;
    const elsewhere = { id: otherId, shipment_id: shipmentId };
    expect((await f.writer.call("update_purchase_order_shipment", { params: elsewhere, body: { note: "x" } })).status).toBe(404);
    expect((await f.writer.call("remove_purchase_order_shipment", { params: elsewhere })).status).toBe(404);
    expect(await f.db.shipment.findUniqueOrThrow({ where: { id: shipmentId } })).toMatchObject({ note: null });
  });
});

describe("addresses", () => {
  const warehouse = { name: "Receiving", company: "Inbound Co", line1: "1 Dock Road", city: "Leeds", postal_code: "LS1 1AA", country_code: "gb" };

  it("reads and changes only the given fields, and audits the change", async () => {
    const orderId = await newOrder();
    const before = await orderRow(orderId);
    const empty = await f.reader.call("get_purchase_order_addresses", { params: { id: orderId } });
    expect(empty.body).toEqual({ billing_address: null, shipping_address: null, drop_ship: false });

    const set = await f.writer.call("update_purchase_order_addresses", { params: { id: orderId }, body: { shipping_address: warehouse } });
    expect(set.status).toBe(200);
    const expected = { ...warehouse, country_code: "GB", line2: null, region: null, phone: null };
    expect(set.body).toEqual({ billing_address: null, shipping_address: expected, drop_ship: false });
    const stored = await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: orderId } });
    expect(JSON.parse(stored.shippingAddress!)).toMatchObject({ name: "Receiving", postalCode: "LS1 1AA", countryCode: "GB" });

    // Drop-ship alone: the shipping address stays.
    const dropShip = await f.writer.call("update_purchase_order_addresses", { params: { id: orderId }, body: { drop_ship: true } });
    expect(dropShip.body).toEqual({ billing_address: null, shipping_address: expected, drop_ship: true });
    expect(await f.reader.call("get_purchase_order_addresses", { params: { id: orderId } })).toMatchObject({ body: dropShip.body });

    const audit = await f.db.auditEntry.findMany({ where: { purchaseOrderId: orderId, action: "set_addresses" } });
    expect(audit).toHaveLength(2);
    expect((await orderRow(orderId)).status).toBe(before.status);
  });

  it("refuses invalid addresses naming the field (422), and a drop-ship order without a shipping address", async () => {
    const orderId = await newOrder();
    const invalid = await f.writer.call("update_purchase_order_addresses", {
      params: { id: orderId },
      body: { billing_address: { ...warehouse, city: "", country_code: "Great Britain" } },
    });
    expect(invalid.status).toBe(422);
    expect(Object.keys(invalid.error!.fields!).sort()).toEqual(["billing_address.city", "billing_address.country_code"]);

    const missing = await f.writer.call("update_purchase_order_addresses", { params: { id: orderId }, body: { billing_address: { city: "Leeds" } } });
    expect(missing.status).toBe(422);
    expect(missing.error!.fields).toHaveProperty(["billing_address.name"]);

    const dropShip = await f.writer.call("update_purchase_order_addresses", { params: { id: orderId }, body: { drop_ship: true } });
    expect(dropShip.status).toBe(422);
    expect(dropShip.error!.field).toBe("shipping_address");

    const unknown = await f.writer.call("update_purchase_order_addresses", {
      params: { id: orderId },
      body: { billing_address: { ...warehouse, zip: "1" } },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.error!.field).toBe("billing_address.zip");

    expect((await f.reader.call("update_purchase_order_addresses", { params: { id: orderId }, body: { drop_ship: false } })).status).toBe(403);
    expect(
      (await f.writer.call("update_purchase_order_addresses", { params: { id: otherOrderId }, body: { shipping_address: warehouse } })).status,
    ).toBe(404);
    expect((await f.writer.call("get_purchase_order_addresses", { params: { id: otherOrderId } })).status).toBe(404);

    const stored = await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: orderId } });
    expect([stored.billingAddress, stored.shippingAddress, stored.dropShip]).toEqual([null, null, false]);
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: otherOrderId } })).shippingAddress).toBeNull();
  });
});
