import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startApiFixture, type ApiFixture } from "../support/api";
import { createOrder, createOrderOfVariants } from "../support/orders";
import { installShop } from "../support/shopify";

/**
 * Orders by supplier over REST: splitting an order among the suppliers whose catalogues list its
 * variants, and one draft per supplier from a mixed list, quantities conserved, all or nothing.
 */
const SHOP = "api-split.myshopify.com";
const OTHER = "api-split-other.myshopify.com";

let f: ApiFixture;
let boltId: string;
let foreignOrderId: string;

beforeAll(async () => {
  f = await startApiFixture(SHOP, [
    {
      title: "Widget",
      vendor: "Mixed",
      variants: [
        { sku: "W-1", price: "5.00", unitCost: "2.00" },
        { sku: "W-2", price: "5.00", unitCost: "2.00" },
        { sku: "W-3", price: "5.00", unitCost: "2.00" },
        { sku: "W-4", price: "5.00", unitCost: "2.25" },
      ],
    },
  ]);
  boltId = (await f.db.supplier.create({ data: { shopId: f.shopId, name: "Bolt", currencyCode: "USD" } })).id;
  // Acme lists W-1; Bolt lists W-2 (1.75) and W-3 (1.80); no one lists W-4.
  const list = (supplierId: string, index: number, unitCost: string) =>
    f.db.catalogueItem.create({
      data: { supplierId, variantId: variant(index).variantId, sku: variant(index).sku, unitCost, currencyCode: "USD" },
    });
  await list(f.supplierId, 0, "1.90");
  await list(boltId, 1, "1.75");
  await list(boltId, 2, "1.80");
  const other = await installShop(f.db, { domain: OTHER }, ["Elsewhere"]);
  foreignOrderId = (await createOrder(f.db, OTHER, other.suppliers[0]!.id, [1])).id;
});

afterAll(async () => f.close());
beforeEach(async () => f.refill());

function variant(index: number) {
  return f.products[0]!.variants[index]!;
}

/** A draft of Acme's ordering the given quantities of W-1, W-2, W-3… in turn. */
async function acmeDraft(quantities: number[]) {
  const lines = quantities.map((quantity, index) => ({ ...variant(index), quantity }));
  const order = await createOrderOfVariants(f.db, SHOP, f.supplierId, f.locationId, lines);
  for (const { variantId, sku } of lines) {
    await f.db.purchaseOrderLine.updateMany({ where: { purchaseOrderId: order.id, variantId }, data: { sku } });
  }
  return order.id;
}

interface Line {
  sku: string;
  unit_cost: string;
  quantities: { ordered: number };
}

const skuQuantities = (lines: Line[]) => lines.map((line) => [line.sku, line.quantities.ordered]);

describe("split_purchase_order_by_supplier", () => {
  it("moves the lines another supplier lists to a draft for it; the two orders add up to the original", async () => {
    const id = await acmeDraft([4, 6, 2]);
    const split = await f.writer.call("split_purchase_order_by_supplier", { params: { id } });
    expect(split.status, JSON.stringify(split.error)).toBe(200);

    expect(split.body.purchase_order).toMatchObject({ id, supplier_id: f.supplierId });
    expect(skuQuantities(split.body.purchase_order.lines)).toEqual([["W-1", 4]]);
    expect(split.body.created).toHaveLength(1);
    const [bolt] = split.body.created;
    expect(bolt).toMatchObject({ supplier_id: boltId, status: "draft", location_id: f.locationId });
    expect(bolt.lines.map((line: Line) => [line.sku, line.quantities.ordered, line.unit_cost])).toEqual([
      ["W-2", 6, "1.75"],
      ["W-3", 2, "1.8"],
    ]);
    const all = [...split.body.purchase_order.lines, ...bolt.lines] as Line[];
    expect(Object.fromEntries(skuQuantities(all))).toEqual({ "W-1": 4, "W-2": 6, "W-3": 2 });

    const saved = await f.db.purchaseOrderLine.findMany({ where: { purchaseOrderId: { in: [id, bolt.id] } } });
    expect(saved.map((line) => [line.purchaseOrderId === id ? "source" : "bolt", line.sku, line.quantityOrdered]).sort()).toEqual([
      ["bolt", "W-2", 6],
      ["bolt", "W-3", 2],
      ["source", "W-1", 4],
    ]);
  });

  it("refuses an order with nothing to split, keeping it whole", async () => {
    const id = await acmeDraft([3]);
    const ordersBefore = await f.db.purchaseOrder.count();
    const refused = await f.writer.call("split_purchase_order_by_supplier", { params: { id } });
    expect(refused.status).toBe(422);
    expect(refused.error?.field).toBe("lines");
    expect(await f.db.purchaseOrder.count()).toBe(ordersBefore);
  });

  it("refuses a cancelled order with the rule and the allowed actions", async () => {
    const id = await acmeDraft([1, 1]);
    expect((await f.writer.call("cancel_purchase_order", { params: { id } })).status).toBe(200);
    const ordersBefore = await f.db.purchaseOrder.count();
    const refused = await f.writer.call("split_purchase_order_by_supplier", { params: { id } });
    expect(refused.status).toBe(409);
    expect(refused.error).toMatchObject({ rule: "lines_locked_in_status" });
    expect(refused.error?.allowed_actions).toContain("reopen");
    expect(await f.db.purchaseOrder.count()).toBe(ordersBefore);
    expect(await f.db.purchaseOrderLine.count({ where: { purchaseOrderId: id } })).toBe(2);
  });

  it("refuses read keys, unknown fields and other shops' orders", async () => {
    const id = await acmeDraft([1, 1]);
    expect((await f.reader.call("split_purchase_order_by_supplier", { params: { id } })).status).toBe(403);
    const unknown = await f.writer.call("split_purchase_order_by_supplier", { params: { id }, body: { supplier_id: boltId } });
    expect(unknown.status).toBe(422);
    expect(unknown.error?.field).toBe("supplier_id");
    expect((await f.writer.call("split_purchase_order_by_supplier", { params: { id: foreignOrderId } })).status).toBe(404);
    expect(await f.db.purchaseOrderLine.count({ where: { purchaseOrderId: id } })).toBe(2);
  });
});

describe("create_purchase_orders_by_supplier", () => {
  const create = (body: unknown, client = () => f.writer) => client().call("create_purchase_orders_by_supplier", { body });

  it("creates one draft per supplier from a mixed list, priced from each catalogue", async () => {
    const created = await create({
      location_id: f.locationId,
      items: [
        { sku: "W-1", quantity: 2 },
        { sku: "w-2", quantity: 5 },
        { variant_id: variant(2).variantId, quantity: 1 },
        { sku: "W-4", quantity: 3, supplier_id: boltId },
      ],
    });
    expect(created.status, JSON.stringify(created.error)).toBe(201);
    const orders = created.body.purchase_orders as Array<{ id: string; supplier_id: string; lines: Line[] }>;
    expect(orders.map((order) => order.supplier_id).sort()).toEqual([f.supplierId, boltId].sort());
    const acme = orders.find((order) => order.supplier_id === f.supplierId)!;
    const bolt = orders.find((order) => order.supplier_id === boltId)!;
    expect(acme.lines.map((line) => [line.sku, line.quantities.ordered, line.unit_cost])).toEqual([["W-1", 2, "1.9"]]);
    // W-4 is in no catalogue: Shopify's unit cost.
    expect(bolt.lines.map((line) => [line.sku, line.quantities.ordered, line.unit_cost])).toEqual([
      ["W-2", 5, "1.75"],
      ["W-3", 1, "1.8"],
      ["W-4", 3, "2.25"],
    ]);
    const saved = await f.db.purchaseOrder.findMany({ where: { id: { in: orders.map((order) => order.id) } }, include: { lines: true } });
    expect(saved.every((order) => order.status === "draft" && order.locationId === f.locationId)).toBe(true);
    expect(saved.flatMap((order) => order.lines).reduce((sum, line) => sum + line.quantityOrdered, 0)).toBe(11);
  });

  it("creates nothing when any item is refused, naming the item's field", async () => {
    const before = await f.db.purchaseOrder.count();
    const cases: Array<[unknown, string]> = [
      [
        {
          items: [
            { sku: "W-1", quantity: 1 },
            { sku: "NOPE", quantity: 1 },
          ],
        },
        "items.1.sku",
      ],
      [{ items: [{ variant_id: "gid://shopify/ProductVariant/999999", quantity: 1 }] }, "items.0.variant_id"],
      [{ items: [{ sku: "W-4", quantity: 1 }] }, "items.0.supplier_id"],
      [{ items: [{ sku: "W-1", quantity: 1, supplier_id: "nope" }] }, "items.0.supplier_id"],
      [{ items: [{ sku: "W-1", variant_id: variant(0).variantId, quantity: 1 }] }, "items.0.variant_id"],
      [{ items: [{ sku: "W-1", quantity: 0 }] }, "items.0.quantity"],
      [{ items: [] }, "items"],
      [{ items: [{ sku: "W-1", quantity: 1 }], location_id: "gid://shopify/Location/999999" }, "location_id"],
      [{ items: [{ sku: "W-1", quantity: 1 }], note: "x" }, "note"],
    ];
    for (const [body, field] of cases) {
      const refused = await create(body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.error?.field, JSON.stringify(body)).toBe(field);
    }
    expect((await create({ items: [{ sku: "W-1", quantity: 1 }] }, () => f.reader)).status).toBe(403);
    expect(await f.db.purchaseOrder.count()).toBe(before);
  });
});
