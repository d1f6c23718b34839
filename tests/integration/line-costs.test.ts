import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { ValidationError } from "~/domain/errors";

import { startApiFixture, type ApiFixture } from "../support/api";
import type { Json } from "../support/json";
import { connectMcp, toolAnswer } from "../support/mcp";

/**
 * A new line's default unit cost, on every path that adds one, against one rule
 * (app/domain/purchase-order/new-line.ts): the supplier's catalogue price in the order's currency,
 * else Shopify's unit cost when in the order's currency or converted at its exchange rate, else
 * the merchant is asked for one. The shop is in USD; the supplier Faience de Lyon in EUR lists
 * BOWL-1 at 14.90 EUR, which Shopify costs at 16.29 USD (issue 14: the create screen showed
 * "16.29 EUR"). A line of another supplier's vendor is allowed and flagged.
 */
const SHOP = "line-costs.myshopify.com";
const merchant = { type: "merchant", id: "staff-1" } as const;
const NO_COST_BOWL_2 =
  "Enter a unit cost: the supplier's catalogue does not list this variant, and Shopify's unit cost (16.29 USD) is not in EUR " +
  "and the order has no exchange rate to convert it.";

let f: ApiFixture;
let lyon: string;
let harbor: string;
const bowl1 = () => f.products[0]!.variants[0]!;
const bowl2 = () => f.products[0]!.variants[1]!;
const mug = () => f.products[1]!.variants[0]!;

beforeAll(async () => {
  f = await startApiFixture(SHOP, [
    {
      title: "Stoneware Bowl",
      vendor: "Faience de Lyon",
      variants: [
        { sku: "BOWL-1", price: "39.00", unitCost: "16.29", title: "Large" },
        { sku: "BOWL-2", price: "29.00", unitCost: "16.29", title: "Small" },
      ],
    },
    { title: "Harbor Mug", vendor: "Harbor Ceramics", variants: [{ sku: "MUG-1", price: "18.00", unitCost: "5.00" }] },
  ]);
  lyon = (await f.db.supplier.create({ data: { shopId: f.shopId, name: "Faience de Lyon", vendor: "Faience de Lyon", currencyCode: "EUR" } })).id;
  harbor = (await f.db.supplier.create({ data: { shopId: f.shopId, name: "Harbor Ceramics", vendor: "Harbor Ceramics", currencyCode: "USD" } })).id;
  const listing = (
    supplierId: string,
    variant: { variantId: string; inventoryItemId: string; sku: string | null },
    unitCost: string,
    currencyCode: string,
  ) =>
    f.db.catalogueItem.create({
      data: { supplierId, variantId: variant.variantId, inventoryItemId: variant.inventoryItemId, sku: variant.sku, unitCost, currencyCode },
    });
  await listing(lyon, bowl1(), "14.90", "EUR");
  await listing(harbor, bowl2(), "12.00", "USD");
});

afterAll(async () => f.close());
beforeEach(async () => f.refill());

async function linesOf(orderId: string) {
  const lines = await f.db.purchaseOrderLine.findMany({ where: { purchaseOrderId: orderId }, orderBy: { position: "asc" } });
  return lines.map((line) => [line.sku, line.unitCost.toString()]);
}

async function createScreen() {
  return import("~/routes/app.purchase-orders.new");
}

function rejection(promise: Promise<unknown>): Promise<ValidationError> {
  return promise.then(
    () => {
      throw new Error("expected a ValidationError");
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(ValidationError);
      return error as ValidationError;
    },
  );
}

async function apiDraft(supplierId: string, items: unknown[]) {
  const result = await f.writer.call("create_purchase_order", { body: { supplier_id: supplierId, location_id: f.locationId, items } });
  expect(result.status, JSON.stringify(result.error)).toBe(201);
  return result.body as { id: string; version: number };
}

async function sentApiDraft(supplierId: string, items: unknown[]) {
  const draft = await apiDraft(supplierId, items);
  expect((await f.writer.call("mark_purchase_order_sent", { params: { id: draft.id }, body: {} })).status).toBe(200);
  return draft;
}

describe("the create screen", () => {
  it("fills in the catalogue's 14.90 EUR, never Shopify's 16.29 USD labelled EUR, and asks for a cost it cannot know", async () => {
    const screen = await createScreen();
    const params = new URLSearchParams({ defaults: "1", supplierId: lyon });
    for (const variant of [bowl1(), bowl2(), mug()]) params.append("variantId", variant.variantId);
    const response = (await screen.loader({
      request: new Request(`http://app/app/purchase-orders/new?${params}`),
      params: {},
      context: {},
    } as never)) as Response;
    const body = (await response.json()) as {
      defaults: Array<{ variantId: string; unitCost: string | null; note: string; otherSupplier: string | null }>;
    };
    expect(body.defaults).toEqual([
      { variantId: bowl1().variantId, unitCost: "14.9", note: "The supplier's catalogue price", otherSupplier: null },
      { variantId: bowl2().variantId, unitCost: null, note: NO_COST_BOWL_2, otherSupplier: null },
      { variantId: mug().variantId, unitCost: null, note: expect.stringMatching(/^Enter a unit cost:/), otherSupplier: "Harbor Ceramics" },
    ]);

    // A malformed id or another shop's supplier answer nothing (never a 500 from Shopify's "Invalid global id").
    for (const query of [
      `defaults=1&supplierId=${lyon}&variantId=abc`,
      `defaults=1&supplierId=nope&variantId=${encodeURIComponent(bowl1().variantId)}`,
    ]) {
      const answer = (await screen.loader({
        request: new Request(`http://app/app/purchase-orders/new?${query}`),
        params: {},
        context: {},
      } as never)) as Response;
      expect(((await answer.json()) as { defaults: unknown[] }).defaults).toEqual([]);
    }
  });

  it("adds by a Shopify SKU or the supplier's own code, and says when nothing has the code", async () => {
    const screen = await createScreen();
    await f.db.catalogueItem.updateMany({ where: { supplierId: lyon, variantId: bowl1().variantId }, data: { supplierSku: "LYON-77" } });
    const lookup = async (code: string, supplierId = lyon) => {
      const query = new URLSearchParams({ code, supplierId });
      const response = (await screen.loader({
        request: new Request(`http://app/app/purchase-orders/new?${query}`),
        params: {},
        context: {},
      } as never)) as Response;
      return (await response.json()) as { variant: { id: string; sku: string | null } | null; problem: string | null };
    };
    expect((await lookup("bowl-2")).variant).toMatchObject({ id: bowl2().variantId, sku: "BOWL-2" });
    expect((await lookup("LYON-77")).variant).toMatchObject({ id: bowl1().variantId });
    // The supplier's code is that supplier's: another supplier (or none known to this shop) does not resolve it.
    expect(await lookup("LYON-77", harbor)).toMatchObject({ variant: null, problem: expect.stringContaining('"LYON-77"') });
    expect(await lookup("LYON-77", "not-a-supplier")).toMatchObject({ variant: null });
    expect(await lookup("   ")).toEqual(expect.objectContaining({ variant: null, problem: "Enter a SKU or barcode" }));
    expect(await lookup("x".repeat(101))).toEqual(expect.objectContaining({ variant: null, problem: "At most 100 characters" }));
  });

  it("saves a blank cost at its default, and refuses a line whose cost nobody knows, naming it and saving nothing", async () => {
    const screen = await createScreen();
    const submit = (bowl2Cost: string) => {
      const form = new URLSearchParams({ supplierId: lyon, locationId: f.locationId, note: "" });
      for (const [variant, cost] of [
        [bowl1(), ""],
        [bowl2(), bowl2Cost],
      ] as const) {
        form.append("variantId", variant.variantId);
        form.append("quantity", "3");
        form.append("unitCost", cost);
      }
      const request = new Request("http://app/app/purchase-orders/new", { method: "POST", body: form });
      return screen.action({ request, params: {}, context: {} } as never) as Promise<Response>;
    };
    const before = await f.db.purchaseOrder.count();
    const refused = await submit("");
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ fieldErrors: { "lines.1.unitCost": NO_COST_BOWL_2 } });
    expect(await f.db.purchaseOrder.count()).toBe(before);

    const saved = await submit("15.10");
    expect(saved.status).toBe(302);
    const orderId = saved.headers.get("Location")!.split("/").at(-1)!;
    expect(await linesOf(orderId)).toEqual([
      ["BOWL-1", "14.9"],
      ["BOWL-2", "15.1"],
    ]);
  });
});

describe("adding a line", () => {
  it("takes Shopify's cost only converted at the order's exchange rate, and flags another supplier's product", async () => {
    const { addLine } = await import("~/services/purchase-order-lines.server");
    const { setExchangeRate } = await import("~/services/payments.server");
    const draft = await apiDraft(lyon, [{ variant_id: bowl1().variantId, quantity: 1 }]);
    const add = (variantId: string, unitCost: string | null = null) =>
      addLine({ db: f.db, gateway: f.gateway, apply: async () => {} } as never, SHOP, merchant, draft.id, {
        source: { type: "variant", variantId },
        ordered: 2,
        unitCost,
      });
    expect((await rejection(add(bowl2().variantId))).fieldErrors).toEqual({ "line.unitCost": NO_COST_BOWL_2 });
    // 1 EUR = 1.086 USD: 16.29 USD = 15 EUR.
    await setExchangeRate(f.db, SHOP, merchant, draft.id, { exchangeRate: "1.086" });
    await add(bowl2().variantId);
    await add(mug().variantId, "4.60");
    expect(await linesOf(draft.id)).toEqual([
      ["BOWL-1", "14.9"],
      ["BOWL-2", "15"],
      ["MUG-1", "4.6"],
    ]);

    const order = (await f.reader.call("get_purchase_order", { params: { id: draft.id } })).body;
    expect(order.lines.map((line: Json) => [line.sku, line.vendor, line.other_supplier])).toEqual([
      ["BOWL-1", "Faience de Lyon", null],
      ["BOWL-2", "Faience de Lyon", null],
      ["MUG-1", "Harbor Ceramics", { id: harbor, name: "Harbor Ceramics" }],
    ]);
    const screen = await import("~/routes/app.purchase-orders.$id/route");
    const loaded = (await screen.loader({
      request: new Request(`http://app/app/purchase-orders/${draft.id}`),
      params: { id: draft.id },
      context: {},
    } as never)) as Response;
    const view = (await loaded.json()) as { lines: Array<{ sku: string; otherSupplier: string | null }> };
    expect(view.lines.map((line) => [line.sku, line.otherSupplier])).toEqual([
      ["BOWL-1", null],
      ["BOWL-2", null],
      ["MUG-1", "Harbor Ceramics"],
    ]);
  });
});

describe("the API and MCP", () => {
  it("create_purchase_order prices from the catalogue, and names an item with no known cost (REST and MCP alike)", async () => {
    const refused = await f.writer.call("create_purchase_order", {
      body: {
        supplier_id: lyon,
        items: [
          { sku: "BOWL-1", quantity: 2 },
          { variant_id: bowl2().variantId, quantity: 1 },
        ],
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.error).toMatchObject({ field: "items.1.unit_cost", fields: { "items.1.unit_cost": NO_COST_BOWL_2 } });

    const client = await connectMcp(f.server.origin, f.writeKey);
    const tool = await toolAnswer(client, "create_purchase_order", {
      supplier_id: lyon,
      items: [
        { sku: "BOWL-1", quantity: 2 },
        { variant_id: bowl2().variantId, quantity: 1 },
      ],
    });
    await client.close();
    expect(tool.status).toBe(422);
    expect(tool.text).toContain(NO_COST_BOWL_2);

    const created = await apiDraft(lyon, [
      { sku: "BOWL-1", quantity: 2 },
      { variant_id: bowl2().variantId, quantity: 1, unit_cost: "15.50" },
    ]);
    expect(await linesOf(created.id)).toEqual([
      ["BOWL-1", "14.9"],
      ["BOWL-2", "15.5"],
    ]);
  });

  it("update_purchase_order items: a new item with no known cost is refused until the order's exchange rate converts Shopify's", async () => {
    const draft = await apiDraft(lyon, [{ sku: "BOWL-1", quantity: 2 }]);
    const { lines } = (await f.reader.call("get_purchase_order", { params: { id: draft.id } })).body as { lines: Array<{ id: string }> };
    const patch = () =>
      f.writer.call("update_purchase_order", { params: { id: draft.id }, body: { items: [{ id: lines[0]!.id }, { sku: "BOWL-2", quantity: 4 }] } });
    const refused = await patch();
    expect(refused.status).toBe(422);
    expect(refused.error?.fields).toEqual({ "items.1.unit_cost": NO_COST_BOWL_2 });
    expect(await linesOf(draft.id)).toEqual([["BOWL-1", "14.9"]]);

    const rated = await f.writer.call("set_purchase_order_exchange_rate", { params: { id: draft.id }, body: { exchange_rate: "1.086" } });
    expect(rated.status, JSON.stringify(rated.error)).toBe(200);
    expect((await patch()).status).toBe(200);
    expect(await linesOf(draft.id)).toEqual([
      ["BOWL-1", "14.9"],
      ["BOWL-2", "15"],
    ]);
  });

  it("create_purchase_orders_by_supplier asks for unit_cost when no cost is known in the supplier's currency", async () => {
    const items = [{ variant_id: bowl2().variantId, quantity: 2, supplier_id: lyon }];
    const refused = await f.writer.call("create_purchase_orders_by_supplier", { body: { items } });
    expect(refused.status).toBe(422);
    expect(refused.error?.fields).toEqual({ "items.0.unit_cost": NO_COST_BOWL_2 });

    const created = await f.writer.call("create_purchase_orders_by_supplier", {
      body: {
        items: [
          { ...items[0], unit_cost: "15.25" },
          { variant_id: bowl1().variantId, quantity: 1 },
        ],
      },
    });
    expect(created.status, JSON.stringify(created.error)).toBe(201);
    const [order] = created.body.purchase_orders as Array<{ id: string; supplier_id: string }>;
    expect(order!.supplier_id).toBe(lyon);
    expect(await linesOf(order!.id)).toEqual([
      ["BOWL-2", "15.25"],
      ["BOWL-1", "14.9"],
    ]);
  });
});

describe("split by supplier", () => {
  it("prices moved lines from the new supplier's listing in its currency, and refuses a listing in another currency", async () => {
    const source = await apiDraft(f.supplierId, [
      { variant_id: bowl1().variantId, quantity: 2, unit_cost: "17.00" },
      { variant_id: bowl2().variantId, quantity: 3, unit_cost: "17.00" },
    ]);
    const split = await f.writer.call("split_purchase_order_by_supplier", { params: { id: source.id }, body: {} });
    expect(split.status, JSON.stringify(split.error)).toBe(200);
    const created = split.body.created as Array<{ supplier_id: string; currency_code: string; lines: Array<{ sku: string; unit_cost: string }> }>;
    expect(created.map((order) => [order.supplier_id, order.currency_code, order.lines.map((line) => [line.sku, line.unit_cost])])).toEqual([
      [lyon, "EUR", [["BOWL-1", "14.9"]]],
      [harbor, "USD", [["BOWL-2", "12"]]],
    ]);

    // Lyon's listing left in USD (the supplier's currency changed since): never priced as EUR.
    await f.db.catalogueItem.updateMany({ where: { supplierId: lyon }, data: { currencyCode: "USD" } });
    try {
      const again = await apiDraft(f.supplierId, [{ variant_id: bowl1().variantId, quantity: 2, unit_cost: "17.00" }]);
      const refused = await f.writer.call("split_purchase_order_by_supplier", { params: { id: again.id }, body: {} });
      expect(refused.status).toBe(422);
      expect(refused.error?.fields?.["lines.0.unit_cost"]).toBe(
        "BOWL-1 would move to Faience de Lyon: Enter a unit cost: the supplier's catalogue price is in USD, not EUR, and Shopify has no unit cost for it.",
      );
    } finally {
      await f.db.catalogueItem.updateMany({ where: { supplierId: lyon }, data: { currencyCode: "EUR" } });
    }
  });
});

describe("a delivery bringing a variant the order lacks", () => {
  it("prices it by the same rule, and asks for a price when none is known", async () => {
    const order = await sentApiDraft(lyon, [{ sku: "BOWL-1", quantity: 2 }]);
    const delivery = (await f.writer.call("create_purchase_order_delivery", { params: { id: order.id }, body: {} })).body as { id: string };
    const save = () =>
      f.writer.call("update_purchase_order_delivery", {
        params: { id: order.id, delivery_id: delivery.id },
        body: { lines: [{ variant_id: bowl2().variantId, quantity_delivered: 1, intake_reason: "delivered_too_much_accepted" }] },
      });
    const refused = await save();
    expect(refused.status).toBe(422);
    expect(refused.error?.fields).toEqual({ "lines.0.unit_price": NO_COST_BOWL_2.replace("Enter a unit cost", "Enter a unit price") });

    await f.writer.call("set_purchase_order_exchange_rate", { params: { id: order.id }, body: { exchange_rate: "1.086" } });
    const saved = await save();
    expect(saved.status, JSON.stringify(saved.error)).toBe(200);
    expect(saved.body.lines[0]).toMatchObject({ sku: "BOWL-2", unit_price: "15" });
  });
});
