import type { Prisma, PrismaClient } from "@prisma/client";

import { readAddress } from "~/domain/address";
import { NotFoundError, StaleVersionError } from "~/domain/errors";
import type { PurchaseOrderState } from "~/domain/purchase-order/order";
import { lineQuantities } from "~/domain/purchase-order/quantities";
import {
  canChangeHold,
  decideAddresses,
  decideSupplierFields,
  unfulfilledLineIds,
  type AddressesPatch,
  type SupplierFields,
  type SupplierFieldsPatch,
} from "~/domain/purchase-order/supplier-fields";

import { formatDay } from "~/domain/dates";
import { updateByValue } from "~/db-chunks.server";

import type { Actor } from "./actor";
import { loadOrder } from "./purchase-order-lifecycle.server";
import { now as clockNow } from "~/clock.server";

/**
 * Addresses, drop-ship and the supplier-facing fields of a purchase order (load → decide with
 * the domain → save with an audit entry, in one transaction).
 *
 * These writes do not bump the order's `version`. The version is the lifecycle's
 * optimistic-concurrency counter: it tells a lifecycle action that the facts it decided on
 * (status, lines, quantities, bookings) are still current. Nothing here is such a fact, and the
 * lifecycle never writes these columns, so neither side can overwrite the other; bumping it would
 * only turn a receipt being typed on another screen into a "reload needed" because someone
 * added a tag. What these writes do depend on (the status for a hold, pending quantities for
 * the promise date) they check against the version they read, and retry on fresh state if the
 * lifecycle moved meanwhile.
 */

type Tx = Prisma.TransactionClient;

export interface FieldsDeps {
  db: PrismaClient;
}

const MAX_ATTEMPTS = 3;

/** Runs a change on one order of the shop in a transaction, again on fresh state after a lifecycle race. */
async function changeOrder<T>(
  db: PrismaClient,
  shopDomain: string,
  orderId: string,
  change: (tx: Tx, loaded: Awaited<ReturnType<typeof loadOrder>>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.$transaction(async (tx) => change(tx, await loadOrder(tx, shopDomain, orderId)));
    } catch (error) {
      if (!(error instanceof StaleVersionError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** Writes order columns only if the lifecycle state they were decided on is still current. */
async function writeOrder(tx: Tx, order: PurchaseOrderState, data: Prisma.PurchaseOrderUpdateManyMutationInput) {
  const updated = await tx.purchaseOrder.updateMany({ where: { id: order.id, version: order.version }, data: { ...data, updatedAt: clockNow() } });
  if (updated.count === 0) {
    const current = await tx.purchaseOrder.findUnique({ where: { id: order.id }, select: { version: true } });
    throw new StaleVersionError(order.version, current?.version ?? order.version);
  }
}

/** The shop's order (not deleted), or NotFoundError: every query here starts from the shop. */
export async function findOrder(db: PrismaClient | Tx, shopDomain: string, orderId: string) {
  const order = await db.purchaseOrder.findFirst({
    where: { id: orderId, shop: { domain: shopDomain }, deletedAt: null },
    select: { id: true, shopId: true, status: true },
  });
  if (!order) throw new NotFoundError("Purchase order", orderId);
  return order;
}

/** One audit entry for an informational change: the status stays what it was. */
export async function auditOrderChange(
  tx: Tx,
  order: { id: string; shopId: string; status: string },
  actor: Actor,
  action: string,
  changes: unknown,
) {
  await tx.auditEntry.create({
    data: {
      shopId: order.shopId,
      purchaseOrderId: order.id,
      actorType: actor.type,
      actorId: actor.id,
      action,
      fromStatus: order.status,
      toStatus: order.status,
      changes: JSON.stringify(changes),
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Addresses

export async function loadAddresses(db: PrismaClient, shopDomain: string, orderId: string) {
  return readAddresses(db, (await findOrder(db, shopDomain, orderId)).id);
}

async function readAddresses(db: PrismaClient | Tx, orderId: string) {
  const row = await db.purchaseOrder.findUniqueOrThrow({
    where: { id: orderId },
    select: { billingAddress: true, shippingAddress: true, dropShip: true },
  });
  return { billingAddress: readAddress(row.billingAddress), shippingAddress: readAddress(row.shippingAddress), dropShip: row.dropShip };
}

/** Sets, updates or clears the billing and shipping addresses and the drop-ship flag. */
export async function setAddresses(deps: FieldsDeps, shopDomain: string, actor: Actor, orderId: string, patch: AddressesPatch) {
  await changeOrder(deps.db, shopDomain, orderId, async (tx, { order, shopId }) => {
    const decision = decideAddresses(await readAddresses(tx, order.id), patch);
    if (Object.keys(decision.changes).length === 0) return;
    const { billingAddress, shippingAddress, dropShip } = decision.next;
    await writeOrder(tx, order, {
      dropShip,
      billingAddress: billingAddress === undefined ? undefined : billingAddress && JSON.stringify(billingAddress),
      shippingAddress: shippingAddress === undefined ? undefined : shippingAddress && JSON.stringify(shippingAddress),
    });
    await auditOrderChange(tx, { id: order.id, shopId, status: order.status }, actor, "set_addresses", decision.changes);
  });
  return loadAddresses(deps.db, shopDomain, orderId);
}

// ---------------------------------------------------------------------------------------------
// Supplier-facing fields

export const FIELD_COLUMNS = {
  vendorReference: true,
  externalNumbers: true,
  supplierConfirmed: true,
  promiseDate: true,
  holdUntil: true,
  customFields: true,
  tags: true,
} as const;

/** The supplier-facing fields of an order and its lines' comments and promise dates. */
export async function readSupplierFields(db: PrismaClient | Tx, orderId: string) {
  const row = await db.purchaseOrder.findUniqueOrThrow({
    where: { id: orderId },
    select: { ...FIELD_COLUMNS, lines: { orderBy: { position: "asc" }, select: { id: true, comment: true, promiseDate: true } } },
  });
  const { lines, ...columns } = row;
  return { fields: supplierFieldsOf(columns), lines };
}

/** An order's supplier-facing fields from its FIELD_COLUMNS as stored. */
export function supplierFieldsOf(columns: Prisma.PurchaseOrderGetPayload<{ select: typeof FIELD_COLUMNS }>): SupplierFields {
  return {
    ...columns,
    externalNumbers: JSON.parse(columns.externalNumbers) as string[],
    customFields: JSON.parse(columns.customFields) as Record<string, string>,
    tags: JSON.parse(columns.tags) as string[],
  };
}

export async function loadSupplierFields(db: PrismaClient, shopDomain: string, orderId: string) {
  const { order } = await loadOrder(db, shopDomain, orderId);
  const { fields, lines } = await readSupplierFields(db, order.id);
  const stored = new Map(lines.map((line) => [line.id, line]));
  return {
    status: order.status,
    canHold: canChangeHold(order.status),
    vendorReference: fields.vendorReference ?? "",
    externalNumbers: fields.externalNumbers,
    supplierConfirmed: fields.supplierConfirmed,
    promiseDate: fields.promiseDate ? formatDay(fields.promiseDate) : "",
    holdUntil: fields.holdUntil?.toISOString() ?? null,
    customFields: Object.entries(fields.customFields).map(([key, value]) => ({ key, value })),
    tags: fields.tags,
    lines: order.lines.map((line) => {
      const { comment = null, promiseDate = null } = stored.get(line.id) ?? {};
      return {
        id: line.id,
        title: line.variantTitle ? `${line.productTitle} — ${line.variantTitle}` : line.productTitle,
        comment: comment ?? "",
        promiseDate: promiseDate && formatDay(promiseDate),
        pending: lineQuantities(line, order.bookings).pending,
      };
    }),
  };
}

/** Saves the supplier-facing fields and line comments that changed, with one audit entry. */
export async function updateSupplierFields(deps: FieldsDeps, shopDomain: string, actor: Actor, orderId: string, patch: SupplierFieldsPatch) {
  await changeOrder(deps.db, shopDomain, orderId, (tx, loaded) => applySupplierFields(tx, loaded, actor, patch));
  return loadSupplierFields(deps.db, shopDomain, orderId);
}

/**
 * Decides and writes a supplier-fields patch on an order loaded in `tx` (guarded by its version),
 * with its own audit entry; nothing when nothing changes. For callers that change more of the
 * order in the same transaction (the API's PATCH).
 */
export async function applySupplierFields(
  tx: Tx,
  { order, shopId }: Awaited<ReturnType<typeof loadOrder>>,
  actor: Actor,
  patch: SupplierFieldsPatch,
): Promise<void> {
  const { fields, lines } = await readSupplierFields(tx, order.id);
  const decision = decideSupplierFields({ status: order.status, fields, lines, unfulfilledLineIds: unfulfilledLineIds(order) }, patch);
  if (Object.keys(decision.changes).length === 0) return;
  const { externalNumbers, customFields, tags, ...plain } = decision.next;
  await writeOrder(tx, order, {
    ...plain,
    externalNumbers: externalNumbers && JSON.stringify(externalNumbers),
    customFields: customFields && JSON.stringify(customFields),
    tags: tags && JSON.stringify(tags),
  });
  await updateByValue(
    decision.lineUpdates.map(({ lineId, data }) => ({ id: lineId, data })),
    (ids, data) => tx.purchaseOrderLine.updateMany({ where: { id: { in: ids }, purchaseOrderId: order.id }, data }),
  );
  await auditOrderChange(tx, { id: order.id, shopId, status: order.status }, actor, "update_supplier_fields", decision.changes);
}
