import type { PrismaClient } from "@prisma/client";

import { addLine } from "~/services/purchase-order-lines.server";
import { performAction } from "~/services/purchase-order-lifecycle.server";
import { createDraftPurchaseOrder } from "~/services/purchase-orders.server";

import type { StandinServer } from "../standin";

import { standinShop } from "./shopify";

const actor = { type: "merchant", id: "staff-1" } as const;

/** Units received per product of the receipt below: 500 in all. */
export const RECEIVED_UNITS = [250, 200, 50] as const;

/**
 * A shop whose order has a 500-unit receipt to print labels for: a variant with a barcode
 * (Lantern), one without (Kettle, labelled by its SKU), one whose title Helvetica cannot fully
 * show, and a custom line ordered but never received.
 */
export async function shopWithReceivedOrder(standin: StandinServer, db: PrismaClient, domain: string) {
  const shop = await standinShop(standin, db, domain, [
    { title: "Lantern", vendor: "Acme", variants: [{ sku: "LAN-S", barcode: "4006381333931", title: "Small", price: "20" }] },
    { title: "Kettle", vendor: "Acme", variants: [{ sku: "KET-1", price: "30" }] },
    { title: "Café ☕ 東京", vendor: "Acme", variants: [{ sku: "CAFE-1", barcode: "CAFE0001", price: "9" }] },
  ]);
  const deps = { db, gateway: shop.gateway };
  const draft = async (quantities: readonly number[]) => {
    const order = await createDraftPurchaseOrder(deps, domain, actor, {
      supplierId: shop.supplierId,
      locationId: shop.locationId,
      note: "",
      lines: quantities.map((quantity, index) => ({
        variantId: shop.products[index]!.variants[0]!.variantId,
        quantity: String(quantity),
        unitCost: "2.00",
      })),
    });
    return order.id;
  };
  const orderId = await draft(RECEIVED_UNITS);
  await addLine(deps, domain, actor, orderId, { source: { type: "custom", title: "Display stand", sku: null }, ordered: 5, unitCost: "10" });
  const { order } = await performAction(deps, domain, actor, orderId, { action: "send", via: "manual" });
  await performAction(deps, domain, actor, orderId, {
    action: "receive",
    lines: order!.lines
      .filter((line) => line.kind === "variant")
      .map((line) => ({ lineId: line.id, received: line.ordered, rejected: 0, cancelled: 0, reason: "accepted" })),
  });
  return { ...shop, orderId, draft };
}
