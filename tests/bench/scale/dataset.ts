import type { PrismaClient } from "@prisma/client";

import { PURCHASE_ORDER_STATUSES } from "~/domain/purchase-order/status";

import { installShop } from "../../support/shopify";

/**
 * The merchant-scale shop the benchmark measures (issue #17): one shop with `orders` orders of
 * `linesPerOrder` lines on average (one order of `largeOrderLines`), spread over 20 suppliers,
 * every status, receipts on the orders past confirmation and a payment on a third of them. The
 * same sizes give the same rows (no randomness), inserted in batches so seeding stays a small part
 * of the run.
 */
export interface ScaleSize {
  orders: number;
  linesPerOrder: number;
  largeOrderLines: number;
  /** The orders the write paths act on: a send, a confirmation, a receipt and a completion of this many lines. */
  writes: { sendLines: number; confirmLines: number; receiveLines: number; completeLines: number };
}

export const MERCHANT_SCALE: ScaleSize = {
  orders: 10_000,
  linesPerOrder: 20,
  largeOrderLines: 500,
  writes: { sendLines: 1_000, confirmLines: 500, receiveLines: 100, completeLines: 250 },
};

export interface ScaleShop {
  shopDomain: string;
  supplierIds: string[];
  largeOrderId: string;
  largeOrderLines: number;
  writes: ScaleSize["writes"];
  orders: number;
  lines: number;
}

const SUPPLIERS = 20;
const BATCH = 500;
const RECEIVED_STATUSES = new Set(["partially_received", "received", "completed"]);

export async function seedScaleShop(db: PrismaClient, shopDomain: string, size: ScaleSize): Promise<ScaleShop> {
  const names = Array.from({ length: SUPPLIERS }, (_, index) => `Supplier ${String(index + 1).padStart(2, "0")}`);
  const { shop, suppliers } = await installShop(db, { domain: shopDomain }, names);
  const supplierIds = suppliers.map((supplier) => supplier.id);
  const start = Date.UTC(2025, 0, 1);
  let lines = 0;
  let largeOrderId = "";
  for (let first = 0; first < size.orders; first += BATCH) {
    const count = Math.min(BATCH, size.orders - first);
    const orders = Array.from({ length: count }, (_, offset) => {
      const index = first + offset;
      const status = PURCHASE_ORDER_STATUSES[index % PURCHASE_ORDER_STATUSES.length]!;
      const createdAt = new Date(start + index * 3_600_000);
      return {
        id: `bench-order-${index}`,
        shopId: shop.id,
        number: index + 1,
        status,
        supplierId: supplierIds[index % SUPPLIERS]!,
        locationId: `gid://shopify/Location/${1 + (index % 3)}`,
        currencyCode: "USD",
        reference: `REF-${index}`,
        expectedArrivalAt: new Date(start + (index + 14 * 24) * 3_600_000),
        sentAt: status === "draft" ? null : createdAt,
        createdAt,
      };
    });
    await db.purchaseOrder.createMany({ data: orders });
    const orderLines = orders.flatMap((order, offset) => {
      const index = first + offset;
      const lineCount = index === 0 ? size.largeOrderLines : 1 + ((index * 7) % (2 * size.linesPerOrder - 1));
      return Array.from({ length: lineCount }, (_, position) => {
        const line = scaleLine(order.id, index, position, 1);
        return {
          id: `${order.id}-line-${position}`,
          ...line,
          quantityConfirmed: order.status === "draft" || order.status === "sent" ? null : line.quantityOrdered,
        };
      });
    });
    lines += orderLines.length;
    for (let from = 0; from < orderLines.length; from += BATCH) await db.purchaseOrderLine.createMany({ data: orderLines.slice(from, from + BATCH) });
    const received = orders.filter((order) => RECEIVED_STATUSES.has(order.status));
    await db.booking.createMany({
      data: received.map((order) => ({
        id: `${order.id}-receipt`,
        purchaseOrderId: order.id,
        kind: "receipt",
        bookedAt: order.createdAt,
        actorType: "system",
        actorId: "bench",
      })),
    });
    const receivedIds = new Set(received.map((order) => order.id));
    const bookingLines = orderLines
      .filter((line) => receivedIds.has(line.purchaseOrderId))
      .map((line) => ({
        bookingId: `${line.purchaseOrderId}-receipt`,
        lineId: line.id,
        received: line.quantityOrdered,
        rejected: 0,
        cancelled: 0,
        reason: "accepted",
      }));
    for (let from = 0; from < bookingLines.length; from += BATCH) await db.bookingLine.createMany({ data: bookingLines.slice(from, from + BATCH) });
    await db.payment.createMany({
      data: orders
        .filter((_, offset) => (first + offset) % 3 === 0)
        .map((order) => ({ purchaseOrderId: order.id, amount: "10", currencyCode: "USD", paidAt: order.createdAt, status: "completed" })),
    });
    if (first === 0) largeOrderId = orders[0]!.id;
  }
  await db.shop.update({ where: { id: shop.id }, data: { nextPoNumber: size.orders + 1 } });
  return { shopDomain, supplierIds, largeOrderId, largeOrderLines: size.largeOrderLines, writes: size.writes, orders: size.orders, lines };
}

/** A new draft of the scale shop with `lines` lines of at least `quantity` each, inserted in batches; its id. */
export async function createScaleOrder(db: PrismaClient, scale: ScaleShop, size: { lines: number; quantity: number }): Promise<string> {
  const shop = await db.shop.update({ where: { domain: scale.shopDomain }, data: { nextPoNumber: { increment: 1 } } });
  const number = shop.nextPoNumber - 1;
  const order = await db.purchaseOrder.create({
    data: {
      shopId: shop.id,
      number,
      status: "draft",
      supplierId: scale.supplierIds[number % scale.supplierIds.length]!,
      locationId: "gid://shopify/Location/1",
      currencyCode: "USD",
    },
  });
  const lines = Array.from({ length: size.lines }, (_, position) => scaleLine(order.id, number, position, size.quantity));
  for (let from = 0; from < lines.length; from += BATCH) await db.purchaseOrderLine.createMany({ data: lines.slice(from, from + BATCH) });
  return order.id;
}

/** Line `position` of the scale shop's order number `orderIndex`: 5 000 variants shared by the orders, at least `quantity` ordered. */
function scaleLine(purchaseOrderId: string, orderIndex: number, position: number, quantity: number) {
  const variant = (orderIndex * 31 + position) % 5_000;
  return {
    purchaseOrderId,
    position,
    variantId: `gid://shopify/ProductVariant/${100_000 + variant}`,
    inventoryItemId: `gid://shopify/InventoryItem/${200_000 + variant}`,
    productId: `gid://shopify/Product/${300_000 + Math.floor(variant / 4)}`,
    productTitle: `Product ${Math.floor(variant / 4)}`,
    variantTitle: `Variant ${variant % 4}`,
    sku: `SKU-${variant}`,
    quantityOrdered: quantity + (position % 12),
    unitCost: `${2 + (variant % 40)}.${String(variant % 100).padStart(2, "0")}`,
  };
}
