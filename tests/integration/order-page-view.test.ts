import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startApiFixture, widget, type ApiFixture } from "../support/api";
import { createOrderOfVariants } from "../support/orders";

/**
 * Viewing an order asks Shopify nothing (issue #17): the page reads the order, its cards and the
 * shop's locations from Inbound's database. The locations are read from Shopify once (the first
 * screen that needs them, or Settings, which reads them afresh); the locations webhooks keep them.
 */
const SHOP = "order-page-view.myshopify.com";
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
