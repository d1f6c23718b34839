import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { CONTROL_CHARACTER_MESSAGE } from "~/domain/input";

import { startApiFixture, widget, type ApiFixture } from "../support/api";
import { createOrderOfVariants } from "../support/orders";

/**
 * Hostile posts to the embedded screens' actions, in demo mode (no session token), every action
 * found among the route files (issue #14): a broken multipart body is a 4xx with a message,
 * never a 500 and its stack; text with control characters is refused naming the field, never
 * stored cut short (also in a CSV import); and another site's form post changes nothing.
 */
const SHOP = "hostile-forms.myshopify.com";
const APP = "http://127.0.0.1:3000";

type ActionModule = { action?: (args: never) => Promise<Response> };
const routeFiles = {
  ...import.meta.glob<ActionModule>("../../app/routes/app.*.tsx"),
  ...import.meta.glob<ActionModule>("../../app/routes/app.*/route.tsx"),
};

let f: ApiFixture;
let orderId: string;
let deliveryId: string;

beforeAll(async () => {
  f = await startApiFixture(SHOP, [widget(1)]);
  orderId = (await createOrderOfVariants(f.db, SHOP, f.supplierId, f.locationId, [{ ...f.products[0]!.variants[0]!, quantity: 3 }])).id;
  const sent = await f.writer.call("mark_purchase_order_sent", { params: { id: orderId }, body: {} });
  expect(sent.status).toBe(200);
  deliveryId = (await f.writer.call("create_purchase_order_delivery", { params: { id: orderId }, body: {} })).body.id;
}, 60_000);

afterAll(async () => f.close());
beforeEach(async () => f.refill());

/** Every screen route with an action, its URL and params filled with the shop's own records. */
async function actionRoutes() {
  const routes: Array<{ file: string; url: string; params: Record<string, string>; action: (args: never) => Promise<Response> }> = [];
  for (const [file, load] of Object.entries(routeFiles)) {
    const { action } = await load();
    if (!action) continue;
    const name = file.replace("../../app/routes/", "").replace(/\/route\.tsx$|\.tsx$/, "");
    const params = { id: name.startsWith("app.suppliers") ? f.supplierId : orderId, deliveryId, fileId: "unknown", documentId: "unknown" };
    const url = `${APP}/${name
      .replace(/\[\.(\w+)\]/g, ".$1")
      .split(".")
      .map((segment) => (segment.startsWith("$") ? params[segment.slice(1) as keyof typeof params] : segment.replace(/_$/, "")))
      .join("/")}`;
    routes.push({ file: name, url, params, action });
  }
  expect(routes.length).toBeGreaterThan(15);
  return routes;
}

/** The status a route answers with, returned or thrown; anything else thrown is a 500. */
async function answer(call: () => Promise<Response>): Promise<{ status: number; text: string }> {
  try {
    const response = await call();
    return { status: response.status, text: await response.text() };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, text: await thrown.text() };
    return { status: 500, text: thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown) };
  }
}

const post = (url: string, body: BodyInit, headers: Record<string, string> = {}) => new Request(url, { method: "POST", body, headers });
const UNCLOSED = '--xyz\r\nContent-Disposition: form-data; name="intent"\r\n\r\nimport_catalogue\r\n--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nsku,unit_cost\r\nW-1,2';

describe("every screen action", () => {
  it("answers a broken multipart body with a 4xx and a message, never a 500 (uploads and the CSV import were)", async () => {
    for (const { file, url, params, action } of await actionRoutes()) {
      for (const [contentType, body] of [
        ["multipart/form-data; boundary=xyz", UNCLOSED],
        ["multipart/form-data; boundary=xyz", "--abc--\r\n"],
        ["multipart/form-data", UNCLOSED],
      ] as const) {
        const result = await answer(() => action({ request: post(url, body, { "Content-Type": contentType }), params, context: {} } as never));
        expect(result.status, `${file}: ${result.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expect(result.status, `${file}: ${result.text.slice(0, 300)}`).toBeLessThan(500);
        expect(result.text, file).not.toMatch(/\n\s+at /);
      }
    }
  });

  it("the login form answers a broken body with a 400, not the library's 500", async () => {
    const { action } = await import("~/routes/auth.login/route");
    const result = await answer(() =>
      action({ request: post(`${APP}/auth/login`, UNCLOSED, { "Content-Type": "multipart/form-data; boundary=xyz" }), params: {}, context: {} }),
    );
    expect(result.status).toBe(400);
    const asFile = new FormData();
    asFile.set("shop", new File(["x"], "shop.txt"));
    const file = await answer(() => action({ request: post(`${APP}/auth/login`, asFile), params: {}, context: {} }));
    expect(JSON.parse(file.text)).toEqual({ error: "Enter your store's domain to log in" });
  });

  it("refuses another site's form post in demo mode (403) before doing anything; the app's own pages still work", async () => {
    const keys = () => f.db.apiKey.count({ where: { shop: { domain: SHOP } } });
    const before = await keys();
    for (const { file, url, params, action } of await actionRoutes()) {
      for (const headers of <Array<Record<string, string>>>[
        { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
        { Origin: "http://127.0.0.1:9999", "Sec-Fetch-Site": "same-site" },
        { Origin: "null" },
        { "Sec-Fetch-Site": "cross-site" },
      ]) {
        const form = new URLSearchParams({ intent: "create", name: "evil", scope: "write" });
        const result = await answer(() => action({ request: post(url, form, headers), params, context: {} } as never));
        expect(result.status, `${file} ${JSON.stringify(headers)}`).toBe(403);
      }
    }
    expect(await keys()).toBe(before);

    const settings = routeFiles["../../app/routes/app.settings_.api.tsx"]!;
    const { action } = await settings();
    const own = post(`${APP}/app/settings/api`, new URLSearchParams({ intent: "create", name: "mine", scope: "read" }), {
      Origin: APP,
      "Sec-Fetch-Site": "same-origin",
    });
    expect((await answer(() => action!({ request: own, params: {}, context: {} } as never))).status).toBe(200);
    expect(await keys()).toBe(before + 1);
  });
});

describe("text in forms", () => {
  it("refuses a control character naming the field (was stored cut short), and keeps what was there", async () => {
    const fields = await routeFiles["../../app/routes/app.purchase-orders.$id.fields.tsx"]!();
    const url = `${APP}/app/purchase-orders/${orderId}/fields`;
    const saved = await answer(() => fields.action!({ request: post(url, new URLSearchParams({ vendorReference: "SO-1" })), params: { id: orderId }, context: {} } as never));
    expect(saved.status).toBe(200);
    const refused = await answer(() =>
      fields.action!({ request: post(url, new URLSearchParams({ vendorReference: "SO-\u00002" })), params: { id: orderId }, context: {} } as never),
    );
    expect(refused).toEqual({ status: 422, text: `vendorReference: ${CONTROL_CHARACTER_MESSAGE}` });
    expect((await f.reader.call("get_purchase_order", { params: { id: orderId } })).body.vendor_reference).toBe("SO-1");

    const newSupplier = await routeFiles["../../app/routes/app.suppliers.new.tsx"]!();
    const suppliers = await f.db.supplier.count();
    const supplier = await answer(() =>
      newSupplier.action!({ request: post(`${APP}/app/suppliers/new`, new URLSearchParams({ name: "Evil\u001b[2J", currencyCode: "EUR" })), params: {}, context: {} } as never),
    );
    expect(supplier.status).toBe(422);
    expect(supplier.text).toMatch(/^name: /);
    expect(await f.db.supplier.count()).toBe(suppliers);
  });

  it("refuses a CSV import whose cell holds a NUL, naming the column (supplier_sku was stored cut short)", async () => {
    const route = await routeFiles["../../app/routes/app.suppliers.$id/route.tsx"]!();
    const form = new FormData();
    form.set("intent", "import_catalogue");
    form.set("file", new File([`sku,supplier_sku,unit_cost\nW-1,AC\u0000ME-1,2.50\n`], "catalogue.csv", { type: "text/csv" }));
    const result = await answer(() => route.action!({ request: post(`${APP}/app/suppliers/${f.supplierId}`, form), params: { id: f.supplierId }, context: {} } as never));
    expect(result.status).toBe(400);
    expect(JSON.parse(result.text)).toMatchObject({ kind: "invalid", issues: [{ row: 2, column: "supplier_sku", message: CONTROL_CHARACTER_MESSAGE }] });
    expect(await f.db.catalogueItem.count({ where: { supplierId: f.supplierId } })).toBe(0);
  });
});
