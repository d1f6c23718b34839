import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startStandin, type StandinServer } from "./index";
import { levelKey, levelQuantity, type QuantityName } from "./store";
import { dig, errorsOf, gql } from "./test-helpers";

const SHOP = "inventory-test.myshopify.com";
const TOKEN = "shpat_inventory_test";

const ADJUST = `
  mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
    inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup {
        createdAt reason referenceDocumentUri
        changes { name delta quantityAfterChange ledgerDocumentUri item { id } location { id } }
      }
      userErrors { field message code }
    }
  }`;
const SET = `
  mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
    inventorySetQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange } }
      userErrors { field message code }
    }
  }`;

let server: StandinServer;
let itemId: string;
let locationId: string;

function quantity(name: QuantityName): number {
  const level = server.store.shop(SHOP).levels.get(levelKey(itemId, locationId));
  return level ? levelQuantity(level, name) : 0;
}

function adjust(input: Record<string, unknown>, key: string = crypto.randomUUID()) {
  return gql(server, TOKEN, ADJUST, { input, key });
}

function payload(reply: Awaited<ReturnType<typeof gql>>, field = "inventoryAdjustQuantities") {
  return dig<{
    inventoryAdjustmentGroup: null | { changes: Array<Record<string, unknown>> };
    userErrors: Array<{ field: string[] | null; code: string | null; message: string }>;
  }>(reply.body.data, field);
}

beforeAll(async () => {
  server = await startStandin({ seedDemoShop: false });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.store.reset();
  server.store.addShop({ domain: SHOP, accessToken: TOKEN });
  locationId = server.store.addLocation(SHOP, { name: "Warehouse" });
  const created = server.store.addProduct(SHOP, {
    title: "Test Mug",
    vendor: "Harbor Ceramics",
    variants: [{ sku: "MUG-1", price: "10.00", unitCost: "4.00" }],
  });
  itemId = created.variants[0]!.inventoryItemId;
  server.store.setQuantity(SHOP, { inventoryItemId: itemId, locationId, name: "available", quantity: 10 });
});

const available = (delta: number, extra: Record<string, unknown> = {}) => ({
  name: "available",
  reason: "correction",
  changes: [{ inventoryItemId: itemId, locationId, delta, changeFromQuantity: null, ...extra }],
});

describe("@idempotent", () => {
  it("refuses an inventory mutation without @idempotent and changes nothing", async () => {
    const reply = await gql(
      server,
      TOKEN,
      `
      mutation NoKey($input: InventoryAdjustQuantitiesInput!) {
        inventoryAdjustQuantities(input: $input) { userErrors { code } }
      }`,
      { input: available(5) },
    );
    expect(reply.status).toBe(200);
    expect(reply.body.data).toBeUndefined();
    expect(errorsOf(reply)[0]?.extensions?.code).toBe("IDEMPOTENCY_KEY_REQUIRED");
    expect(quantity("available")).toBe(10);
    expect(server.store.shop(SHOP).history).toHaveLength(0);
  });

  it("refuses a blank key", async () => {
    const reply = await adjust(available(5), "   ");
    expect(errorsOf(reply)[0]?.extensions?.code).toBe("INVALID_IDEMPOTENCY_KEY");
    expect(quantity("available")).toBe(10);
  });

  it("applies a repeated key once and answers the same both times", async () => {
    const first = await adjust(available(5), "key-1");
    const second = await adjust(available(5), "key-1");
    expect(payload(first).userErrors).toEqual([]);
    expect(second.body.data).toEqual(first.body.data);
    expect(quantity("available")).toBe(15);
    expect(server.store.shop(SHOP).history).toHaveLength(1);
  });

  it("refuses the same key with different arguments and applies nothing", async () => {
    await adjust(available(5), "key-2");
    const reused = await adjust(available(7), "key-2");
    expect(payload(reused).userErrors[0]?.code).toBe("IDEMPOTENCY_KEY_PARAMETER_MISMATCH");
    expect(payload(reused).inventoryAdjustmentGroup).toBeNull();
    expect(quantity("available")).toBe(15);
  });

  it("keeps keys per shop", async () => {
    server.store.addShop({ domain: "other.myshopify.com", accessToken: "shpat_other" });
    const otherLocation = server.store.addLocation("other.myshopify.com", { name: "Other" });
    const otherItem = server.store.addProduct("other.myshopify.com", { title: "X", vendor: "V", variants: [{ sku: "X", price: "1.00" }] })
      .variants[0]!.inventoryItemId;
    await adjust(available(5), "shared-key");
    const reply = await gql(server, "shpat_other", ADJUST, {
      key: "shared-key",
      input: {
        name: "available",
        reason: "correction",
        changes: [{ inventoryItemId: otherItem, locationId: otherLocation, delta: 3, changeFromQuantity: null }],
      },
    });
    expect(payload(reply).userErrors).toEqual([]);
  });
});

describe("inventoryAdjustQuantities rules", () => {
  it("reports available and on_hand changes", async () => {
    const reply = await adjust({ ...available(4), referenceDocumentUri: "gid://inbound/PurchaseOrder/7" });
    const group = payload(reply).inventoryAdjustmentGroup;
    expect(group?.changes.map((c) => [c.name, c.delta, c.quantityAfterChange])).toEqual([
      ["available", 4, 14],
      ["on_hand", 4, 14],
    ]);
    expect(dig(reply.body.data, "inventoryAdjustQuantities", "inventoryAdjustmentGroup", "referenceDocumentUri")).toBe(
      "gid://inbound/PurchaseOrder/7",
    );
  });

  it("requires a ledger document for incoming", async () => {
    const reply = await adjust({ ...available(5), name: "incoming" });
    expect(payload(reply).userErrors).toEqual([
      expect.objectContaining({ code: "INVALID_QUANTITY_DOCUMENT", field: ["input", "changes", "0", "ledgerDocumentUri"] }),
    ]);
    expect(quantity("incoming")).toBe(0);
  });

  it("refuses a ledger document for available", async () => {
    const reply = await adjust(available(5, { ledgerDocumentUri: "gid://inbound/PurchaseOrder/1" }));
    expect(payload(reply).userErrors[0]?.code).toBe("INVALID_AVAILABLE_DOCUMENT");
    expect(quantity("available")).toBe(10);
  });

  it("refuses Shopify's own gid://shopify/ ledger documents", async () => {
    const reply = await adjust({ ...available(5, { ledgerDocumentUri: "gid://shopify/PurchaseOrder/1" }), name: "incoming" });
    expect(payload(reply).userErrors[0]?.code).toBe("INTERNAL_LEDGER_DOCUMENT");
  });

  it("refuses an unknown reason, name, item and location", async () => {
    const reply = await adjust({
      name: "sold",
      reason: "because",
      changes: [{ inventoryItemId: "gid://shopify/InventoryItem/1", locationId: "gid://shopify/Location/1", delta: 1, changeFromQuantity: null }],
    });
    expect(
      payload(reply)
        .userErrors.map((e) => e.code)
        .sort(),
    ).toEqual(["INVALID_INVENTORY_ITEM", "INVALID_LOCATION", "INVALID_QUANTITY_NAME", "INVALID_REASON"]);
  });

  it("refuses more than 250 changes before executing", async () => {
    const changes = Array.from({ length: 251 }, () => ({ inventoryItemId: itemId, locationId, delta: 1, changeFromQuantity: null }));
    const reply = await adjust({ name: "available", reason: "correction", changes });
    expect(reply.body.data).toBeUndefined();
    expect(errorsOf(reply)[0]?.extensions?.code).toBe("MAX_INPUT_SIZE_EXCEEDED");
    expect(quantity("available")).toBe(10);
  });

  it("accepts exactly 250 changes", async () => {
    const changes = Array.from({ length: 250 }, () => ({ inventoryItemId: itemId, locationId, delta: 1, changeFromQuantity: null }));
    const reply = await adjust({ name: "available", reason: "correction", changes });
    expect(payload(reply).userErrors).toEqual([]);
    expect(quantity("available")).toBe(260);
  });

  it("requires changeFromQuantity to be present and checks it when not null", async () => {
    const absent = await adjust({ name: "available", reason: "correction", changes: [{ inventoryItemId: itemId, locationId, delta: 1 }] });
    expect(payload(absent).userErrors[0]?.field).toEqual(["input", "changes", "0", "changeFromQuantity"]);
    const stale = await adjust(available(1, { changeFromQuantity: 9 }));
    expect(payload(stale).userErrors[0]?.code).toBe("CHANGE_FROM_QUANTITY_STALE");
    const fresh = await adjust(available(1, { changeFromQuantity: 10 }));
    expect(payload(fresh).userErrors).toEqual([]);
    expect(quantity("available")).toBe(11);
  });

  it("keeps incoming per ledger document and refuses taking a document below zero", async () => {
    const incoming = (delta: number, ledgerDocumentUri: string) =>
      adjust({
        name: "incoming",
        reason: "movement_created",
        referenceDocumentUri: "gid://inbound/PurchaseOrder/1",
        changes: [{ inventoryItemId: itemId, locationId, delta, ledgerDocumentUri, changeFromQuantity: null }],
      });
    await incoming(12, "gid://inbound/PurchaseOrderLine/1");
    await incoming(5, "gid://inbound/PurchaseOrderLine/2");
    expect(quantity("incoming")).toBe(17);
    const tooMuch = await incoming(-6, "gid://inbound/PurchaseOrderLine/2");
    expect(payload(tooMuch).userErrors[0]?.code).toBe("INVALID_QUANTITY_TOO_LOW");
    const received = await incoming(-5, "gid://inbound/PurchaseOrderLine/2");
    expect(payload(received).userErrors).toEqual([]);
    const level = server.store.shop(SHOP).levels.get(levelKey(itemId, locationId));
    expect(Object.fromEntries(level?.incomingByLedger ?? [])).toEqual({ "gid://inbound/PurchaseOrderLine/1": 12 });
    expect(quantity("on_hand")).toBe(10);
  });

  it("allows one ledger document per call", async () => {
    const reply = await adjust({
      name: "incoming",
      reason: "movement_created",
      changes: [
        { inventoryItemId: itemId, locationId, delta: 1, ledgerDocumentUri: "gid://inbound/Line/1", changeFromQuantity: null },
        { inventoryItemId: itemId, locationId, delta: 1, ledgerDocumentUri: "gid://inbound/Line/2", changeFromQuantity: null },
      ],
    });
    expect(payload(reply).userErrors[0]?.code).toBe("MAX_ONE_LEDGER_DOCUMENT");
    expect(quantity("incoming")).toBe(0);
  });

  it("records applied changes in the inspectable history", async () => {
    await adjust({ ...available(2), referenceDocumentUri: "gid://inbound/PurchaseOrder/3" }, "history-key");
    const snapshot = (await (await fetch(`${server.origin}/__standin/shops/${SHOP}`)).json()) as Record<string, unknown>;
    expect(dig(snapshot, "inventoryHistory", 0)).toMatchObject({
      reason: "correction",
      referenceDocumentUri: "gid://inbound/PurchaseOrder/3",
      idempotencyKey: "history-key",
    });
    expect(dig(snapshot, "idempotencyKeys", 0, "key")).toBe("history-key");
  });
});

describe("inventorySetQuantities rules", () => {
  const set = (name: string, q: Record<string, unknown>, key: string = crypto.randomUUID()) =>
    gql(server, TOKEN, SET, { key, input: { name, reason: "cycle_count_available", quantities: [{ inventoryItemId: itemId, locationId, ...q }] } });

  it("refuses an absent changeFromQuantity, accepts null, refuses a mismatch", async () => {
    const absent = await set("available", { quantity: 3 });
    expect(payload(absent, "inventorySetQuantities").userErrors[0]?.code).toBe("COMPARE_QUANTITY_REQUIRED");
    expect(quantity("available")).toBe(10);
    const mismatch = await set("available", { quantity: 3, changeFromQuantity: 4 });
    expect(payload(mismatch, "inventorySetQuantities").userErrors[0]?.code).toBe("CHANGE_FROM_QUANTITY_STALE");
    expect(quantity("available")).toBe(10);
    const optOut = await set("available", { quantity: 3, changeFromQuantity: null });
    expect(payload(optOut, "inventorySetQuantities").userErrors).toEqual([]);
    expect(quantity("available")).toBe(3);
  });

  it("sets on_hand by moving available", async () => {
    server.store.setQuantity(SHOP, { inventoryItemId: itemId, locationId, name: "committed", quantity: 2 });
    const reply = await set("on_hand", { quantity: 20, changeFromQuantity: 12 });
    expect(payload(reply, "inventorySetQuantities").inventoryAdjustmentGroup?.changes).toEqual([
      { name: "on_hand", delta: 8, quantityAfterChange: 20 },
      { name: "available", delta: 8, quantityAfterChange: 18 },
    ]);
  });

  it("only sets available or on_hand", async () => {
    const reply = await set("damaged", { quantity: 1, changeFromQuantity: null });
    expect(payload(reply, "inventorySetQuantities").userErrors[0]?.code).toBe("INVALID_NAME");
  });
});
