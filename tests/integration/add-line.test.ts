import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseInput } from "~/api/input";
import { commandDeps } from "~/commands/deps.server";
import { addLine as addLineCommand } from "~/commands/lines";
import { GuardrailError, ValidationError } from "~/domain/errors";
import { addLine } from "~/services/purchase-order-lines.server";
import { loadOrderState, performAction } from "~/services/purchase-order-lifecycle.server";

import { startStandin, type StandinServer } from "../standin";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { installShop, standinGateway } from "../support/shopify";
import { failure } from "../support/responses";

const SHOP = "lines.myshopify.com";
const actor = { type: "api_key", id: "key-1" } as const;
let standin: StandinServer;
let database: TestDatabase;
let supplierId: string;
let deps: Parameters<typeof addLine>[0];

beforeAll(async () => {
  standin = await startStandin({ seedDemoShop: false });
  database = await createTestDatabase();
  standin.store.addShop({ domain: SHOP, accessToken: "token" });
  standin.store.addProduct(SHOP, {
    title: "Enamel Mug",
    vendor: "Acme",
    variants: [
      { sku: "MUG-ENAMEL-WHT", price: "14.00", unitCost: "4.10", title: "White" },
      { sku: "MUG-ENAMEL", price: "14.00", unitCost: "3.90", title: "Plain" },
    ],
  });
  supplierId = (await installShop(database.db, { domain: SHOP }, ["Acme"])).suppliers[0]!.id;
  deps = { db: database.db, gateway: standinGateway(standin, SHOP, "token") };
});
afterAll(async () => {
  await database.cleanup();
  await standin.close();
});

describe("adding lines", () => {
  it("resolves a SKU exactly (not by prefix) and takes Shopify's unit cost", async () => {
    const order = await createOrder(database.db, SHOP, supplierId, [1]);
    const result = await addLine(deps, SHOP, actor, order.id, { source: { type: "sku", sku: "mug-enamel" }, ordered: 5, unitCost: null });
    const added = result.order!.lines.at(-1)!;
    expect(added).toMatchObject({ kind: "variant", sku: "MUG-ENAMEL", variantTitle: "Plain", ordered: 5, unitCost: "3.9" });
    expect(added.variantId).toMatch(/^gid:\/\/shopify\/ProductVariant\//);
  });

  it("adds a custom line that is not tied to Shopify", async () => {
    const order = await createOrder(database.db, SHOP, supplierId, [1]);
    const result = await addLine(deps, SHOP, actor, order.id, {
      source: { type: "custom", title: "Pallet surcharge", sku: null },
      ordered: 1,
      unitCost: "35.00",
    });
    expect(result.order!.lines.at(-1)).toMatchObject({ kind: "custom", variantId: null, inventoryItemId: null, unitCost: "35" });
  });

  it("refuses an unknown SKU or variant, or a custom line without a cost, changing nothing", async () => {
    const order = await createOrder(database.db, SHOP, supplierId, [1]);
    const before = await loadOrderState(database.db, SHOP, order.id);
    const unknownSku = await failure(addLine(deps, SHOP, actor, order.id, { source: { type: "sku", sku: "NOPE" }, ordered: 1, unitCost: null }));
    expect((unknownSku as ValidationError).fieldErrors).toEqual({ "line.sku": 'No variant in this shop has the SKU "NOPE"' });
    const unknownVariant = await failure(
      addLine(deps, SHOP, actor, order.id, { source: { type: "variant", variantId: "gid://shopify/ProductVariant/1" }, ordered: 1, unitCost: null }),
    );
    expect(unknownVariant).toBeInstanceOf(ValidationError);
    const customWithoutCost = await failure(
      addLine(deps, SHOP, actor, order.id, { source: { type: "custom", title: "x", sku: null }, ordered: 1, unitCost: null }),
    );
    expect((customWithoutCost as ValidationError).fieldErrors).toHaveProperty(["line.unitCost"]);
    expect(await loadOrderState(database.db, SHOP, order.id)).toEqual(before);
  });

  it("follows the lifecycle: no new lines once the order is received", async () => {
    const order = await createOrder(database.db, SHOP, supplierId, [1]);
    await performAction(deps, SHOP, actor, order.id, { action: "send", via: "manual" });
    await performAction(deps, SHOP, actor, order.id, { action: "quick_complete" });
    const refused = await failure(addLine(deps, SHOP, actor, order.id, { source: { type: "sku", sku: "MUG-ENAMEL" }, ordered: 1, unitCost: null }));
    expect(refused).toBeInstanceOf(GuardrailError);
    expect((refused as GuardrailError).toJSON()).toMatchObject({
      rule: "action_not_allowed_in_status",
      status: "completed",
      allowed: ["reopen", "sync_to_shopify", "reset_sync", "adjust_incoming"],
    });
  });

  it("adds a variant named by its id through the add_line command (the product picker's path, as REST and MCP name it)", async () => {
    const order = await createOrder(database.db, SHOP, supplierId, [1]);
    const [mugId] = [...standin.store.shop(SHOP).variants].find(([, variant]) => variant.sku === "MUG-ENAMEL-WHT")!;
    const input = parseInput(addLineCommand.schema, { line: { variant_id: mugId, ordered: 1 } });
    const result = await addLineCommand.run(commandDeps(database.db, deps.gateway, SHOP, actor), { orderId: order.id }, input);
    expect(result.order!.lines.at(-1)).toMatchObject({ kind: "variant", variantId: mugId, sku: "MUG-ENAMEL-WHT", ordered: 1, unitCost: "4.1" });
    expect(() => parseInput(addLineCommand.schema, { line: { variant_id: mugId, sku: "MUG-ENAMEL", ordered: 1 } })).toThrow(
      expect.objectContaining({ fieldErrors: { "line.variant_id": expect.any(String) } }),
    );
  });
});
