import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startApiFixture, widget, type ApiFixture } from "../support/api";
import { createOrderOfVariants } from "../support/orders";

/**
 * The order page, in demo mode:
 * - its view asks Shopify nothing (issue #17): the order, its cards and the shop's locations come
 *   from Inbound's database; the locations are read from Shopify once (the first screen that needs
 *   them, or Settings, which reads them afresh), and the locations webhooks keep them;
 * - its lines edited in place are saved from the save bar (`update_lines` on the lines route):
 *   every changed line is read by update_line's schema before anything is saved, then saved by the
 *   lifecycle one after another; a refusal names the line's own field.
 */
const SHOP = "order-page.myshopify.com";
const APP = "http://127.0.0.1:3000";

let f: ApiFixture;

beforeAll(async () => {
  f = await startApiFixture(SHOP, [widget(2)]);
}, 60_000);
afterAll(async () => f.close());
beforeEach(async () => f.refill());

async function view(path: string, module: Promise<{ loader: (args: never) => Promise<Response> }>, params: Record<string, string> = {}) {
  const { loader } = await module;
  const response = await loader({ request: new Request(`${APP}${path}`), params, context: {} } as never);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const adminApiCalls = () => f.standin.store.requests.filter((request) => request.shop === SHOP && request.path.includes("graphql")).length;

describe("the order page's view", () => {
  it("reads the shop's locations from Shopify the first time only; after that a view asks Shopify nothing", async () => {
    const [variant] = f.products[0]!.variants;
    const order = await createOrderOfVariants(f.db, SHOP, f.supplierId, f.locationId, [{ ...variant!, quantity: 3 }]);
    const orderPage = () => view(`/app/purchase-orders/${order.id}`, import("~/routes/app.purchase-orders.$id/route"), { id: order.id });

    f.standin.store.requests.length = 0;
    expect((await orderPage()).status).toBe(200);
    expect(adminApiCalls()).toBe(1);
    expect(await f.db.shopLocation.count({ where: { shop: { domain: SHOP } } })).toBeGreaterThan(0);

    f.standin.store.requests.length = 0;
    const again = await orderPage();
    expect(again.status).toBe(200);
    expect(again.body.locationName).toBe("Warehouse");
    expect(adminApiCalls()).toBe(0);

    // A location added in Shopify shows once Settings reads them afresh (or its webhook arrives).
    const annex = f.standin.store.addLocation(SHOP, { name: "Annex" });
    const names = async () => ((await orderPage()).body.locations as Array<{ id: string }>).map((location) => location.id);
    expect(await names()).not.toContain(annex);
    expect((await view("/app/settings", import("~/routes/app.settings"))).status).toBe(200);
    expect(await names()).toContain(annex);
  });
});

async function sentOrder() {
  const [first, second] = f.products[0]!.variants;
  const order = await createOrderOfVariants(f.db, SHOP, f.supplierId, f.locationId, [
    { ...first!, quantity: 3 },
    { ...second!, quantity: 4 },
  ]);
  expect((await f.writer.call("mark_purchase_order_sent", { params: { id: order.id }, body: {} })).status).toBe(200);
  const saved = await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id }, include: { lines: { orderBy: { position: "asc" } } } });
  return { id: saved.id, version: saved.version, lineIds: saved.lines.map((line) => line.id) };
}

async function saveLines(orderId: string, fields: Record<string, string>) {
  const { action } = await import("~/routes/app.purchase-orders.$id.lines");
  const body = new URLSearchParams({ intent: "update_lines", ...fields });
  const request = new Request(`${APP}/app/purchase-orders/${orderId}/lines`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  const response = await action({ request, params: { id: orderId }, context: {} });
  return {
    status: response.status,
    body: (await response.json()) as { ok: boolean; message: string; fieldErrors?: Record<string, string>; changed?: boolean },
  };
}

async function linesOf(orderId: string) {
  const lines = await f.db.purchaseOrderLine.findMany({ where: { purchaseOrderId: orderId }, orderBy: { position: "asc" } });
  return lines.map((line) => ({ ordered: line.quantityOrdered, unitCost: line.unitCost.toString() }));
}

describe("saving lines edited in place", () => {
  it("saves every changed line from one save, each field only where it changed", async () => {
    const order = await sentOrder();
    const [a, b] = order.lineIds;
    const [first, second] = await linesOf(order.id);
    const result = await saveLines(order.id, { version: String(order.version), [`ordered.${a}`]: "5", [`unitCost.${b}`]: "3.25" });
    expect(result).toEqual({ status: 200, body: { ok: true, message: "2 lines saved" } });
    // Each line saved on the version the previous one left: two changes.
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id } })).version).toBe(order.version + 2);
    expect(await linesOf(order.id)).toEqual([
      { ordered: 5, unitCost: first!.unitCost },
      { ordered: second!.ordered, unitCost: "3.25" },
    ]);
  });

  it("refuses a bad field naming that line's field, and saves none of the lines", async () => {
    const order = await sentOrder();
    const [a, b] = order.lineIds;
    const before = await linesOf(order.id);
    const result = await saveLines(order.id, { version: String(order.version), [`ordered.${a}`]: "6", [`ordered.${b}`]: "two" });
    expect(result.status).toBe(400);
    expect(result.body.ok).toBe(false);
    expect(Object.keys(result.body.fieldErrors!)).toEqual([`ordered.${b}`]);
    expect(result.body.changed).toBeFalsy();
    expect(await linesOf(order.id)).toEqual(before);
  });

  it("a line the lifecycle refuses (below what was received) is named; the line saved before it stays saved, and the answer says so", async () => {
    const order = await sentOrder();
    const [a, b] = order.lineIds;
    const received = await f.writer.call("receive_purchase_order", { params: { id: order.id }, body: { lines: [{ line_id: b, received: 3 }] } });
    expect(received.status).toBe(200);
    const version = (await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id } })).version;
    const result = await saveLines(order.id, { version: String(version), [`ordered.${a}`]: "2", [`ordered.${b}`]: "1" });
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ ok: false, changed: true });
    expect(result.body.message).toMatch(/^Line saved; the next was refused: .*3 booked/);
    expect(Object.keys(result.body.fieldErrors!)).toEqual([`ordered.${b}`]);
    expect((await linesOf(order.id)).map((line) => line.ordered)).toEqual([2, 4]);
  });

  it("refuses a field left blank naming it, and a line of another order, saving nothing", async () => {
    const order = await sentOrder();
    const other = await sentOrder();
    const [a, b] = order.lineIds;
    const before = await linesOf(order.id);
    const blank = await saveLines(order.id, { version: String(order.version), [`ordered.${a}`]: "6", [`unitCost.${b}`]: " " });
    expect(blank.status).toBe(400);
    expect(blank.body.fieldErrors).toEqual({ [`unitCost.${b}`]: "Enter a unit cost" });
    const foreign = await saveLines(order.id, { version: String(order.version), [`ordered.${other.lineIds[0]}`]: "6" });
    expect(foreign.status).toBeGreaterThanOrEqual(400);
    expect(foreign.status).toBeLessThan(500);
    expect(Object.keys(foreign.body.fieldErrors ?? {})).toEqual([`ordered.${other.lineIds[0]}`]);
    expect(await linesOf(order.id)).toEqual(before);
    expect(await linesOf(other.id)).toEqual(before);
  });

  it("refuses a save made on a version the order has moved on from, changing nothing", async () => {
    const order = await sentOrder();
    const [a] = order.lineIds;
    const result = await saveLines(order.id, { version: String(order.version - 1), [`ordered.${a}`]: "9" });
    expect(result.status).toBe(409);
    expect(result.body.fieldErrors).toEqual({ [`ordered.${a}`]: expect.stringMatching(/changed since this page was loaded/) });
    expect((await linesOf(order.id))[0]!.ordered).toBe(3);
  });
});
