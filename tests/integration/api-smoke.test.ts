import { afterAll, beforeAll, expect, it } from "vitest";

import { startApiFixture, type ApiFixture } from "../support/api";

let f: ApiFixture;
beforeAll(async () => {
  f = await startApiFixture("smoke.myshopify.com", [{ title: "Widget", vendor: "Acme", variants: [{ sku: "W-1", price: "5.00", unitCost: "2.00" }] }]);
}, 60_000);
afterAll(async () => f.close());

it("smoke", async () => {
  const list = await f.reader.call("list_purchase_orders");
  expect(list.status).toBe(200);
  const bad = await f.reader.call("send_purchase_order", { params: { id: "x" } });
  expect(bad.status).toBe(403);
  const missing = await f.writer.call("send_purchase_order", { params: { id: "x" } });
  expect(missing.status).toBe(404);
});
