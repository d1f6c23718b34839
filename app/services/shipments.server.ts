import type { PrismaClient, Shipment } from "@prisma/client";

import { NotFoundError } from "~/domain/errors";
import { formatDay } from "~/domain/dates";
import { parseShipment, trackingUrl, type ShipmentInput } from "~/domain/shipments";

import type { Actor } from "./actor";
import { auditOrderChange, findOrder } from "./purchase-order-fields.server";
import { now as clockNow } from "~/clock.server";

/**
 * Shipments on a purchase order: add, edit, remove, each audited on the order. They are
 * informational: they never change the order's status, and (like the supplier-facing fields,
 * see purchase-order-fields.server.ts) never bump its lifecycle `version`, which they do not
 * depend on at all.
 */

export interface ShipmentDeps {
  db: PrismaClient;
}

type ShipmentView = ReturnType<typeof toView>;

function toView(shipment: Shipment) {
  return {
    id: shipment.id,
    carrier: shipment.carrier,
    trackingNumber: shipment.trackingNumber,
    trackingUrl: trackingUrl(shipment.carrier, shipment.trackingNumber),
    estimatedArrivalAt: shipment.estimatedArrivalAt && formatDay(shipment.estimatedArrivalAt),
    arrivedAt: shipment.arrivedAt && formatDay(shipment.arrivedAt),
    note: shipment.note,
  };
}

/** What the audit entry records of a shipment. */
function audited(shipment: Shipment) {
  const { id, carrier, trackingNumber, estimatedArrivalAt, arrivedAt, note } = shipment;
  return { id, carrier, trackingNumber, estimatedArrivalAt, arrivedAt, note };
}

export async function listShipments(db: PrismaClient, shopDomain: string, orderId: string): Promise<ShipmentView[]> {
  const order = await findOrder(db, shopDomain, orderId);
  const shipments = await db.shipment.findMany({ where: { purchaseOrderId: order.id }, orderBy: { createdAt: "asc" } });
  return shipments.map(toView);
}

export async function addShipment(deps: ShipmentDeps, shopDomain: string, actor: Actor, orderId: string, input: ShipmentInput) {
  const fields = parseShipment(input, clockNow());
  const shipment = await deps.db.$transaction(async (tx) => {
    const order = await findOrder(tx, shopDomain, orderId);
    const created = await tx.shipment.create({ data: { purchaseOrderId: order.id, ...fields } });
    await auditOrderChange(tx, order, actor, "add_shipment", { after: audited(created) });
    return created;
  });
  return toView(shipment);
}

export async function updateShipment(
  deps: ShipmentDeps,
  shopDomain: string,
  actor: Actor,
  orderId: string,
  shipmentId: string,
  input: ShipmentInput,
) {
  const fields = parseShipment(input, clockNow());
  const shipment = await deps.db.$transaction(async (tx) => {
    const { order, before } = await findShipment(tx, shopDomain, orderId, shipmentId);
    const after = await tx.shipment.update({ where: { id: before.id }, data: fields });
    await auditOrderChange(tx, order, actor, "update_shipment", { before: audited(before), after: audited(after) });
    return after;
  });
  return toView(shipment);
}

export async function removeShipment(deps: ShipmentDeps, shopDomain: string, actor: Actor, orderId: string, shipmentId: string) {
  await deps.db.$transaction(async (tx) => {
    const { order, before } = await findShipment(tx, shopDomain, orderId, shipmentId);
    await tx.shipment.delete({ where: { id: before.id } });
    await auditOrderChange(tx, order, actor, "remove_shipment", { before: audited(before) });
  });
}

/** A shipment of this order of this shop: an id from elsewhere is not found. */
async function findShipment(tx: Parameters<typeof findOrder>[0], shopDomain: string, orderId: string, shipmentId: string) {
  const order = await findOrder(tx, shopDomain, orderId);
  const before = await tx.shipment.findFirst({ where: { id: shipmentId, purchaseOrderId: order.id } });
  if (!before) throw new NotFoundError("Shipment", shipmentId);
  return { order, before };
}
