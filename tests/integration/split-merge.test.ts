import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ValidationError } from "~/domain/errors";
import { lineQuantities } from "~/domain/purchase-order/quantities";
import { loadOrderState, performAction } from "~/services/purchase-order-lifecycle.server";
import { createOrdersBySupplier, moveLinesBetween, splitBySupplier } from "~/services/split-merge.server";

import { startStandin, type StandinServer } from "../standin";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { installShop, standinGateway } from "../support/shopify";

/** Split and merge end to end: real SQLite file, Shopify over HTTP to the stand-in. */
const SHOP = "split.myshopify.com";
const OTHER = "other-split.myshopify.com";
const actor = { type: "merchant", id: "staff-1" } as const;
let standin: StandinServer;
let database: TestDatabase;
let suppliers: Record<"acme" | "bolt", string>;
let variants: Array<{ variantId: string; inventoryItemId: string; sku: string | null }>;

beforeAll(async () => {
  standin = await startStandin({ seedDemoShop: false });
  database = await createTestDatabase();
  standin.store.addShop({ domain: SHOP, accessToken: "token" });
  variants = standin.store.addProduct(SHOP, {
    title: "Widget",
    vendor: "Mixed",
    variants: [
      { sku: "W-1", price: "5", unitCost: "2.00" },
      { sku: "W-2", price: "5", unitCost: "2.00" },
      { sku: "W-3", price: "5", unitCost: "2.00" },
    ],
  }).variants;
  const installed = await installShop(database.db, { domain: SHOP }, ["Acme", "Bolt"]);
  suppliers = { acme: installed.suppliers[0]!.id, bolt: installed.suppliers[1]!.id };
  await installShop(database.db, { domain: OTHER }, ["Elsewhere"]);
  // Acme lists W-1; Bolt lists W-2 and W-3 (Bolt's price 1.75).
  const list = (supplierId: string, index: number, unitCost: string) =>
    database.db.catalogueItem.create({
      data: { supplierId, variantId: variants[index]!.variantId, sku: variants[index]!.sku, unitCost, currencyCode: "USD" },
    });
  await list(suppliers.acme, 0, "1.90");
  await list(suppliers.bolt, 1, "1.75");
  await list(suppliers.bolt, 2, "1.80");
});
afterAll(async () => {
  await database.cleanup();
  await standin.close();
});

/** A draft for Acme whose lines are the stand-in's variants W-1, W-2, W-3. */
async function mixedDraft(quantities: number[]) {
  const order = await createOrder(database.db, SHOP, suppliers.acme, quantities);
  const lines = await database.db.purchaseOrderLine.findMany({ where: { purchaseOrderId: order.id }, orderBy: { position: "asc" } });
  for (const [index, line] of lines.entries()) {
    await database.db.purchaseOrderLine.update({
      where: { id: line.id },
      data: { variantId: variants[index]!.variantId, inventoryItemId: variants[index]!.inventoryItemId, sku: variants[index]!.sku },
    });
  }
  return loadOrderState(database.db, SHOP, order.id);
}

async function auditActions(orderId: string) {
  return (await database.db.auditEntry.findMany({ where: { purchaseOrderId: orderId } })).map((entry) => entry.action);
}

describe("split and merge", () => {
  it("splits a mixed order by supplier, priced from the new supplier's catalogue", async () => {
    const source = await mixedDraft([4, 6, 2]);
    const created = await splitBySupplier(database.db, SHOP, actor, source.id);
    expect(created).toHaveLength(1);
    expect(created[0]!.supplierId).toBe(suppliers.bolt);
    const kept = await loadOrderState(database.db, SHOP, source.id);
    expect(kept.lines.map((line) => line.sku)).toEqual(["W-1"]);
    const bolt = await loadOrderState(database.db, SHOP, created[0]!.id);
    expect(bolt.lines.map((line) => [line.sku, line.ordered, line.unitCost])).toEqual([
      ["W-2", 6, "1.75"],
      ["W-3", 2, "1.8"],
    ]);
    expect(bolt.status).toBe("draft");
    expect(await auditActions(source.id)).toEqual(["move_lines_out"]);
    expect(await auditActions(bolt.id)).toEqual(["move_lines_in"]);
  });

  it("moves pending quantities between orders, leaving receipts where they were", async () => {
    const source = await mixedDraft([10, 2]);
    await performAction({ db: database.db }, SHOP, actor, source.id, { action: "send", via: "manual" });
    const [first] = source.lines;
    await performAction({ db: database.db }, SHOP, actor, source.id, {
      action: "receive",
      lines: [{ lineId: first!.id, received: 3, rejected: 0, cancelled: 0, reason: null }],
    });
    const target = await createOrder(database.db, SHOP, suppliers.acme, [1]);
    const result = await moveLinesBetween(database.db, SHOP, actor, source.id, target.id, [{ lineId: first!.id }]);
    const kept = result.source.lines.find((line) => line.id === first!.id)!;
    expect(lineQuantities(kept, result.source.bookings)).toMatchObject({ ordered: 3, received: 3, pending: 0 });
    expect(result.target.lines.at(-1)).toMatchObject({ sku: "W-1", ordered: 7 });
  });

  it("creates one draft per supplier from a mixed list, all or nothing", async () => {
    const before = await database.db.purchaseOrder.count();
    await expect(
      createOrdersBySupplier({ db: database.db, gateway: standinGateway(standin, SHOP, "token") }, SHOP, actor, {
        locationId: null,
        items: [
          { sku: "W-1", quantity: 2 },
          { sku: "NOPE", quantity: 1 },
        ],
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await database.db.purchaseOrder.count()).toBe(before);

    const created = await createOrdersBySupplier({ db: database.db, gateway: standinGateway(standin, SHOP, "token") }, SHOP, actor, {
      locationId: null,
      items: [
        { sku: "W-1", quantity: 2 },
        { sku: "W-2", quantity: 5 },
        { variantId: variants[2]!.variantId, quantity: 1 },
      ],
    });
    expect(created.map((order) => order.supplierId).sort()).toEqual([suppliers.acme, suppliers.bolt].sort());
    const bolt = await loadOrderState(database.db, SHOP, created.find((order) => order.supplierId === suppliers.bolt)!.id);
    expect(bolt.lines.map((line) => [line.sku, line.ordered, line.unitCost])).toEqual([
      ["W-2", 5, "1.75"],
      ["W-3", 1, "1.8"],
    ]);
  });

  it("never reaches another shop's orders", async () => {
    const source = await mixedDraft([1, 1]);
    const [foreign] = await Promise.all([database.db.supplier.findFirstOrThrow({ where: { name: "Elsewhere" } })]);
    const theirs = await createOrder(database.db, OTHER, foreign.id, [1]);
    await expect(moveLinesBetween(database.db, SHOP, actor, source.id, theirs.id, [{ lineId: source.lines[0]!.id }])).rejects.toThrow(/not found/);
    expect((await loadOrderState(database.db, SHOP, source.id)).lines).toHaveLength(2);
  });
});
