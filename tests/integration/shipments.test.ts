import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { NotFoundError, ValidationError } from "~/domain/errors";
import { performAction } from "~/services/purchase-order-lifecycle.server";
import { addShipment, listShipments, removeShipment, updateShipment } from "~/services/shipments.server";

import { fixClock } from "../support/clock";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { installShopAndNeighbour } from "../support/shopify";

/** Shipments through the service on a real SQLite file. */
const SHOP = "shipments.myshopify.com";
const OTHER = "other-shipments.myshopify.com";
const actor = { type: "merchant", id: "staff-1" } as const;
fixClock(new Date("2026-03-31T12:00:00Z"));
let database: TestDatabase;
let supplierId: string;
let otherSupplierId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ supplierId, otherSupplierId } = await installShopAndNeighbour(database.db, SHOP, OTHER));
});
afterAll(() => database.cleanup());

async function sentOrder() {
  const order = await createOrder(database.db, SHOP, supplierId, [5, 3]);
  await performAction({ db: database.db }, SHOP, actor, order.id, { action: "send", via: "manual" });
  return database.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id } });
}

async function lifecycleFacts(orderId: string) {
  const row = await database.db.purchaseOrder.findUniqueOrThrow({ where: { id: orderId } });
  return { status: row.status, previousStatus: row.previousStatus, version: row.version, shippedAt: row.shippedAt, receivedAt: row.receivedAt };
}

async function audit(orderId: string) {
  return database.db.auditEntry.findMany({ where: { purchaseOrderId: orderId }, orderBy: { createdAt: "asc" } });
}

describe("shipments", () => {
  it("adds, edits and removes shipments, each audited on the order", async () => {
    const order = await sentOrder();
    const deps = { db: database.db };
    const added = await addShipment(deps, SHOP, actor, order.id, {
      carrier: "ups",
      trackingNumber: "1Z 999 AA1 01 2345 6784",
      estimatedArrivalAt: "2026-04-03",
    });
    expect(added).toMatchObject({
      carrier: "UPS",
      trackingNumber: "1Z999AA10123456784",
      trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
      estimatedArrivalAt: "2026-04-03",
      arrivedAt: null,
    });
    await addShipment(deps, SHOP, actor, order.id, { carrier: "Local courier", note: "Pallet 2 of 2" });

    const edited = await updateShipment(deps, SHOP, actor, order.id, added.id, {
      carrier: "UPS",
      trackingNumber: "1Z999AA10123456784",
      estimatedArrivalAt: "2026-04-03",
      arrivedAt: "2026-03-30",
    });
    expect(edited.arrivedAt).toBe("2026-03-30");
    expect((await listShipments(database.db, SHOP, order.id)).map((shipment) => [shipment.carrier, shipment.trackingUrl !== null])).toEqual([
      ["UPS", true],
      ["Local courier", false],
    ]);

    await removeShipment(deps, SHOP, actor, order.id, added.id);
    expect((await listShipments(database.db, SHOP, order.id)).map((shipment) => shipment.carrier)).toEqual(["Local courier"]);

    const entries = (await audit(order.id)).filter((entry) => entry.action.endsWith("_shipment"));
    expect(entries.map((entry) => [entry.action, entry.fromStatus, entry.toStatus, entry.actorId])).toEqual([
      ["add_shipment", "sent", "sent", "staff-1"],
      ["add_shipment", "sent", "sent", "staff-1"],
      ["update_shipment", "sent", "sent", "staff-1"],
      ["remove_shipment", "sent", "sent", "staff-1"],
    ]);
    expect(JSON.parse(entries[2]!.changes!)).toMatchObject({
      before: { arrivedAt: null },
      after: { arrivedAt: "2026-03-30T00:00:00.000Z" },
    });
  });

  it("never moves the lifecycle, nor makes a lifecycle action stale", async () => {
    const order = await sentOrder();
    const before = await lifecycleFacts(order.id);
    const deps = { db: database.db };
    const shipment = await addShipment(deps, SHOP, actor, order.id, {
      carrier: "DHL Express",
      trackingNumber: "1234567890",
      arrivedAt: "2026-03-31",
    });
    await updateShipment(deps, SHOP, actor, order.id, shipment.id, { carrier: "DHL Express", trackingNumber: "1234567890" });
    await removeShipment(deps, SHOP, actor, order.id, shipment.id);
    expect(await lifecycleFacts(order.id)).toEqual(before);

    // A screen that loaded the order before the shipment was recorded can still act on it.
    await addShipment(deps, SHOP, actor, order.id, { carrier: "DPD", trackingNumber: "0123" });
    const confirmed = await performAction({ db: database.db }, SHOP, actor, order.id, { action: "confirm_all" }, { expectedVersion: before.version });
    expect(confirmed.order?.status).toBe("in_progress");
  });

  it("refuses bad input by field and saves nothing", async () => {
    const order = await sentOrder();
    const entriesBefore = (await audit(order.id)).length;
    await expect(
      addShipment({ db: database.db }, SHOP, actor, order.id, { carrier: "UPS", trackingNumber: "12/34", arrivedAt: "2026-05-01" }),
    ).rejects.toMatchObject({
      fieldErrors: {
        trackingNumber: "Letters, digits and dashes only, at most 60",
        arrivedAt: "An arrival cannot be in the future; use the estimated arrival",
      },
    });
    await expect(addShipment({ db: database.db }, SHOP, actor, order.id, {})).rejects.toBeInstanceOf(ValidationError);
    expect(await database.db.shipment.count({ where: { purchaseOrderId: order.id } })).toBe(0);
    expect(await audit(order.id)).toHaveLength(entriesBefore);
  });

  it("keeps one shop's shipments out of another shop's reach", async () => {
    const order = await sentOrder();
    const deps = { db: database.db };
    const shipment = await addShipment(deps, SHOP, actor, order.id, { carrier: "FedEx", trackingNumber: "7777" });
    const theirs = await createOrder(database.db, OTHER, otherSupplierId, [1]);

    await expect(listShipments(database.db, OTHER, order.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(addShipment(deps, OTHER, actor, order.id, { carrier: "UPS" })).rejects.toBeInstanceOf(NotFoundError);
    // Their own order id does not open our shipment either.
    await expect(updateShipment(deps, OTHER, actor, theirs.id, shipment.id, { carrier: "UPS" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeShipment(deps, OTHER, actor, theirs.id, shipment.id)).rejects.toBeInstanceOf(NotFoundError);
    // Nor does another of our own orders.
    const sibling = await sentOrder();
    await expect(removeShipment(deps, SHOP, actor, sibling.id, shipment.id)).rejects.toBeInstanceOf(NotFoundError);

    expect(await listShipments(database.db, SHOP, order.id)).toEqual([expect.objectContaining({ carrier: "FedEx", trackingNumber: "7777" })]);
    expect(await database.db.auditEntry.count({ where: { shop: { domain: OTHER } } })).toBe(0);
  });
});
