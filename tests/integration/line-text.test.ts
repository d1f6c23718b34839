import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ordersWithLineText } from "~/services/line-text.server";

import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { installShopAndNeighbour } from "../support/shopify";

/**
 * The lines' text index (migration 0023): what a line is called is found by any part of it, any
 * case, taken literally, in this shop only; and the index follows the lines as they are added,
 * renamed, moved and deleted (SQLite keeps it by triggers, PostgreSQL's indexes are its own).
 */
const SHOP = "line-text.myshopify.com";
const NEIGHBOUR = "line-text-neighbour.myshopify.com";

let database: TestDatabase;
let shopId: string;
let supplierId: string;
let neighbourSupplierId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ supplierId, otherSupplierId: neighbourSupplierId } = await installShopAndNeighbour(database.db, SHOP, NEIGHBOUR));
  shopId = (await database.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).id;
});
afterAll(() => database.cleanup());

/** A new order of one line called so; its id and its line's id. */
async function orderWithLine(line: { productTitle: string; variantTitle?: string | null; sku?: string | null }, shop = SHOP, supplier = supplierId) {
  const order = await createOrder(database.db, shop, supplier, [1]);
  const { id: lineId } = await database.db.purchaseOrderLine.findFirstOrThrow({ where: { purchaseOrderId: order.id } });
  await database.db.purchaseOrderLine.update({ where: { id: lineId }, data: { variantTitle: null, sku: null, ...line } });
  return { orderId: order.id, lineId };
}

const find = (text: string, columns: Parameters<typeof ordersWithLineText>[3] = ["productTitle", "variantTitle", "sku"]) =>
  ordersWithLineText(database.db, shopId, text, columns).then((ids) => ids.sort());

describe("ordersWithLineText", () => {
  it("finds any part of a title or SKU, any case, once per order, in the columns asked", async () => {
    const mug = await orderWithLine({ productTitle: "Blue Mug", variantTitle: "Large", sku: "MUG-LG-01" });
    const second = await createOrder(database.db, SHOP, supplierId, [1, 1]);
    await database.db.purchaseOrderLine.updateMany({ where: { purchaseOrderId: second.id }, data: { productTitle: "Mugwort tea", sku: "TEA-9" } });
    expect(await find("mug")).toEqual([mug.orderId, second.id].sort());
    expect(await find("ARG")).toEqual([mug.orderId]);
    expect(await find("lg-0")).toEqual([mug.orderId]);
    expect(await find("mug", ["sku"])).toEqual([mug.orderId]);
    expect(await find("Blue Mug Large")).toEqual([]);
  });

  it("takes %, _, quotes and FTS syntax literally, and text shorter than a trigram too", async () => {
    const towel = await orderWithLine({ productTitle: 'Towel "100%" cotton', sku: "T_1" });
    await orderWithLine({ productTitle: "Towel 1000 cotton", sku: "TX1" });
    expect(await find("100%")).toEqual([towel.orderId]);
    expect(await find('"100%"')).toEqual([towel.orderId]);
    expect(await find("t_1")).toEqual([towel.orderId]);
    expect(await find("_1")).toEqual([towel.orderId]);
    expect(await find("cotton OR mug")).toEqual([]);
    expect(await find("{sku} : T")).toEqual([]);
  });

  it("finds letters beyond ASCII as written, in text shorter than a trigram and longer", async () => {
    const nordic = await orderWithLine({ productTitle: "Skål", sku: "ØB-7" });
    for (const text of ["Ø", "ØB", "ØB-7", "Skål", "kål"]) expect(await find(text), text).toEqual([nordic.orderId]);
  });

  it("never finds another shop's lines", async () => {
    const neighbour = await database.db.shop.findUniqueOrThrow({ where: { domain: NEIGHBOUR } });
    const theirs = await orderWithLine({ productTitle: "Neighbour Kettle" }, NEIGHBOUR, neighbourSupplierId);
    expect(await find("kettle")).toEqual([]);
    expect(await ordersWithLineText(database.db, neighbour.id, "kettle", ["productTitle"])).toEqual([theirs.orderId]);
  });

  it("follows lines renamed, moved to another order and deleted, with their order", async () => {
    const lamp = await orderWithLine({ productTitle: "Desk Lamp", sku: "LAMP-1" });
    await database.db.purchaseOrderLine.update({ where: { id: lamp.lineId }, data: { productTitle: "Floor Light", sku: "LIGHT-1" } });
    expect(await find("lamp")).toEqual([]);
    expect(await find("floor")).toEqual([lamp.orderId]);

    const other = await createOrder(database.db, SHOP, supplierId, [1]);
    await database.db.purchaseOrderLine.update({ where: { id: lamp.lineId }, data: { purchaseOrderId: other.id, position: 5 } });
    expect(await find("floor")).toEqual([other.id]);

    await database.db.purchaseOrderLine.delete({ where: { id: lamp.lineId } });
    expect(await find("floor")).toEqual([]);

    const vase = await orderWithLine({ productTitle: "Glass Vase" });
    await database.db.purchaseOrder.delete({ where: { id: vase.orderId } });
    expect(await find("vase")).toEqual([]);
  });
});
