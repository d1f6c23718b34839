import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { CONTROL_CHARACTER_MESSAGE, RESERVED_KEY_MESSAGE } from "~/domain/input";
import { REPEATED_FIELD_MESSAGE } from "~/http/forms.server";
import { DEFAULT_SETTINGS } from "~/domain/settings";

import { emailSendingReady, startApiFixture, widget, type ApiFixture } from "../support/api";
import { createOrderOfVariants } from "../support/orders";
import { actionRoutes as screenActions, screenModule, screenPath } from "../support/screens";

/**
 * Hostile posts to the embedded screens' actions, in demo mode (no session token), every action
 * found among the route files (issue #14): a broken multipart body is a 4xx with a message,
 * never a 500 and its stack; text with control characters is refused naming the field, never
 * stored cut short (also in a CSV import); and another site's form post changes nothing.
 */
const SHOP = "hostile-forms.myshopify.com";
const APP = "http://127.0.0.1:3000";

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
  const routes = (await screenActions()).map(({ id, module }) => {
    const params = { id: id.startsWith("app.suppliers") ? f.supplierId : orderId, deliveryId, fileId: "unknown", documentId: "unknown" };
    return { file: id, url: `${APP}${screenPath(id, params)}`, params, action: module.action! };
  });
  expect(routes.length).toBeGreaterThan(15);
  return routes;
}

/** The status a route answers with, returned or thrown; anything else thrown is a 500. */
async function answer(call: () => Response | Promise<Response>): Promise<{ status: number; text: string }> {
  try {
    const response = await call();
    return { status: response.status, text: await response.text() };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, text: await thrown.text() };
    return { status: 500, text: thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown) };
  }
}

const post = (url: string, body: BodyInit, headers: Record<string, string> = {}) => new Request(url, { method: "POST", body, headers });
const UNCLOSED =
  '--xyz\r\nContent-Disposition: form-data; name="intent"\r\n\r\nimport_catalogue\r\n--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nsku,unit_cost\r\nW-1,2';

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

    const { action } = await screenModule("app.settings_.api");
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
    const fields = await screenModule("app.purchase-orders.$id.fields");
    const url = `${APP}/app/purchase-orders/${orderId}/fields`;
    const saved = await answer(() =>
      fields.action!({ request: post(url, new URLSearchParams({ vendorReference: "SO-1" })), params: { id: orderId }, context: {} } as never),
    );
    expect(saved.status).toBe(200);
    const refused = await answer(() =>
      fields.action!({ request: post(url, new URLSearchParams({ vendorReference: "SO-\u00002" })), params: { id: orderId }, context: {} } as never),
    );
    expect(refused).toEqual({ status: 422, text: `vendorReference: ${CONTROL_CHARACTER_MESSAGE}` });
    expect((await f.reader.call("get_purchase_order", { params: { id: orderId } })).body.vendor_reference).toBe("SO-1");

    const newSupplier = await screenModule("app.suppliers.new");
    const suppliers = await f.db.supplier.count();
    const supplier = await answer(() =>
      newSupplier.action!({
        request: post(`${APP}/app/suppliers/new`, new URLSearchParams({ name: "Evil\u001b[2J", currencyCode: "EUR" })),
        params: {},
        context: {},
      } as never),
    );
    expect(supplier.status).toBe(422);
    expect(supplier.text).toMatch(/^name: /);
    expect(await f.db.supplier.count()).toBe(suppliers);
  });

  it("refuses a control character escaped inside a form's JSON field, naming its path (readForm sees only the escape), and keeps the settings", async () => {
    const before = await f.db.shopSettings.findMany();
    const settings = { ...DEFAULT_SETTINGS, tagRules: [{ ...DEFAULT_SETTINGS.tagRules[0]!, tag: "on\u0000order" }] };
    const body = new URLSearchParams({ settings: JSON.stringify(settings) });
    expect(body.get("settings")).toContain("\\u0000");
    const saved = await fetch(`${f.server.origin}/app/settings`, { method: "POST", body });
    expect({ status: saved.status, body: await saved.json() }).toEqual({
      status: 400,
      body: { ok: false, fieldErrors: { "settings.tagRules.0.tag": CONTROL_CHARACTER_MESSAGE } },
    });
    const notJson = await fetch(`${f.server.origin}/app/settings`, { method: "POST", body: new URLSearchParams({ settings: "{tagRules" }) });
    expect({ status: notJson.status, body: await notJson.json() }).toEqual({
      status: 400,
      body: { ok: false, fieldErrors: { settings: "Settings must be a JSON document" } },
    });
    expect(await f.db.shopSettings.findMany()).toEqual(before);
  });

  it("refuses a CSV import whose cell holds a NUL, naming the column (supplier_sku was stored cut short)", async () => {
    const route = await screenModule("app.suppliers.$id");
    const form = new FormData();
    form.set("intent", "import_catalogue");
    form.set("file", new File([`sku,supplier_sku,unit_cost\nW-1,AC\u0000ME-1,2.50\n`], "catalogue.csv", { type: "text/csv" }));
    const result = await answer(() =>
      route.action!({ request: post(`${APP}/app/suppliers/${f.supplierId}`, form), params: { id: f.supplierId }, context: {} } as never),
    );
    expect(result.status).toBe(400);
    expect(JSON.parse(result.text)).toMatchObject({
      kind: "invalid",
      issues: [{ row: 2, column: "supplier_sku", message: CONTROL_CHARACTER_MESSAGE }],
    });
    expect(await f.db.catalogueItem.count({ where: { supplierId: f.supplierId } })).toBe(0);
  });
});

/**
 * What the attack suite found in the screens' forms (tests/attack/forms.test.ts), each sent over
 * HTTP as a browser's form post.
 */
describe("form rules", () => {
  const screen = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${f.server.origin}${path}`, { method: "POST", body, headers });
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

  it("refuses a field sent twice where the form takes one value, naming it (the first value was taken silently); lists still take several", async () => {
    const payments = () => f.db.payment.count({ where: { purchaseOrderId: orderId } });
    const before = await payments();
    const twice = new URLSearchParams([
      ["intent", "record_payment"],
      ["amount", "1.00"],
      ["amount", "900.00"],
      ["paidAt", yesterday],
      ["status", "completed"],
    ]);
    const answer = await screen(`/app/purchase-orders/${orderId}/payments`, twice);
    expect({ status: answer.status, text: await answer.text() }).toEqual({ status: 422, text: `amount: ${REPEATED_FIELD_MESSAGE}` });
    expect(await payments()).toBe(before);

    const rows = new URLSearchParams([
      ["customFields", "replace"],
      ["customFieldKey", "incoterm"],
      ["customFieldValue", "FOB"],
      ["customFieldKey", "port"],
      ["customFieldValue", "Rotterdam"],
    ]);
    expect((await screen(`/app/purchase-orders/${orderId}/fields`, rows)).status).toBe(200);
    expect((await f.reader.call("get_purchase_order", { params: { id: orderId } })).body.custom_fields).toEqual({
      incoterm: "FOB",
      port: "Rotterdam",
    });
  });

  it("refuses an intent the action does not take, or none, naming the field: no action runs by default (an empty intent created an API key)", async () => {
    const counts = async () => ({
      keys: await f.db.apiKey.count(),
      runs: await f.db.incomingReconciliation.count(),
      templates: await f.db.exportTemplate.count(),
    });
    const before = await counts();
    const key = await screen("/app/settings/api", new URLSearchParams({ intent: "", name: "evil", scope: "write" }));
    expect({ status: key.status, text: await key.text() }).toEqual({ status: 422, text: "intent: Must be one of: create, revoke" });
    const run = await screen("/app/reconciliation", new URLSearchParams({}));
    expect({ status: run.status, text: await run.text() }).toEqual({ status: 422, text: "intent: Must be one of: run, fix" });
    const template = await screen("/app/settings/documents", new URLSearchParams({ intent: "save", name: "Mine", columns: "sku" }));
    expect({ status: template.status, text: await template.text() }).toEqual({
      status: 422,
      text: "intent: Must be one of: save_template, supplier_template",
    });
    expect(await counts()).toEqual(before);
  });

  it("answers Settings → Documents naming a supplier the shop does not have with 404 (was a 500)", async () => {
    const answer = await screen(
      "/app/settings/documents",
      new URLSearchParams({ intent: "supplier_template", supplierId: "cm0000000000000000unknown", templateId: "" }),
    );
    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual({ ok: false, fieldErrors: {} });
  });

  it("refuses an upload carrying a field named __proto__, naming it, and stores nothing (its other fields were dropped unread)", async () => {
    const documents = () => f.db.purchaseOrderDocument.count({ where: { purchaseOrderId: orderId } });
    const before = await documents();
    const form = new FormData();
    form.append("__proto__", "x");
    form.append("file", new File(["%PDF-1.4\n%%EOF\n"], "quote.pdf", { type: "application/pdf" }));
    const answer = await screen(`/app/purchase-orders/${orderId}/documents`, form);
    expect(answer.status).toBe(400);
    // Built from entries: a `__proto__` key in an object literal would set its prototype instead.
    expect((await answer.json()).fieldErrors).toEqual(Object.fromEntries([["__proto__", RESERVED_KEY_MESSAGE]]));
    expect(await documents()).toBe(before);
  });

  it("retries only a failed effect of the order in the URL: another order's URL is not found or refused (any order's URL retried any effect)", async () => {
    const effect = await f.db.shopifyEffect.findFirstOrThrow({ where: { purchaseOrderId: orderId } });
    await f.db.shopifyEffect.update({ where: { id: effect.id }, data: { status: "failed" } });
    const other = await createOrderOfVariants(f.db, SHOP, f.supplierId, f.locationId, [{ ...f.products[0]!.variants[0]!, quantity: 1 }]);
    const retry = (order: string) => screen(`/app/purchase-orders/${order}/effects`, new URLSearchParams({ effectId: effect.id }));
    expect((await retry("cm0000000000000000unknown")).status).toBe(404);
    const refused = await retry(other.id);
    expect(refused.status).toBe(400);
    expect((await refused.json()).fieldErrors).toEqual({ effectId: "Only a failed effect of this order can be retried" });
    expect((await f.db.shopifyEffect.findUniqueOrThrow({ where: { id: effect.id } })).status).toBe("failed");
    expect((await retry(orderId)).status).toBe(200);
    expect((await f.db.shopifyEffect.findUniqueOrThrow({ where: { id: effect.id } })).status).toBe("staged");
  });

  it("reads the re-send form like every other: a body that is not a form is refused and no email is queued (it was queued)", async () => {
    await emailSendingReady(f.db, SHOP, f.writer, f.supplierId);
    const emails = () => f.db.supplierEmail.count({ where: { purchaseOrderId: orderId } });
    const before = await emails();
    const answer = await screen(`/app/purchase-orders/${orderId}/emails`, JSON.stringify({ resend: true }), { "Content-Type": "application/json" });
    expect(answer.status).toBe(400);
    expect(await emails()).toBe(before);
    expect((await screen(`/app/purchase-orders/${orderId}/emails`, new URLSearchParams())).status).toBe(200);
    expect(await emails()).toBe(before + 1);
  });
});
