import { describe, expect, it } from "vitest";
import { isValidEan13 } from "./demo-seed";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN, DEMO_VENDORS } from "./index";
import { dig, errorsOf, gql, standinPerFile } from "./test-helpers";

const standin = standinPerFile();
const PRODUCT = "gid://shopify/Product/80000000001";

async function skus(query: string): Promise<string[]> {
  const reply = await gql(standin.server, DEMO_ACCESS_TOKEN, "query($q: String) { productVariants(first: 250, query: $q) { nodes { sku } } }", {
    q: query,
  });
  return dig<Array<{ sku: string }>>(reply.body.data, "productVariants", "nodes").map((n) => n.sku);
}

describe("demo seed", () => {
  it("is a deterministic catalogue of three vendors, unique SKUs and valid EAN-13 barcodes", () => {
    const shop = standin.server.store.shop(DEMO_SHOP_DOMAIN);
    const variants = [...shop.variants.values()];
    expect(shop.name).toBe("Inbound Demo Store");
    expect([...shop.locations.values()].map((l) => l.name)).toEqual(["Main Warehouse", "Downtown Store"]);
    expect(shop.products.size).toBe(50);
    expect(variants.length).toBeGreaterThanOrEqual(190);
    expect(new Set([...shop.products.values()].map((p) => p.vendor))).toEqual(new Set(DEMO_VENDORS));
    expect(new Set(variants.map((v) => v.sku)).size).toBe(variants.length);
    expect(variants.every((v) => v.barcode !== null && isValidEan13(v.barcode))).toBe(true);
    expect([...shop.inventoryItems.values()].every((i) => i.unitCost !== null)).toBe(true);
    const levels = [...shop.levels.values()];
    expect(levels.length).toBe(variants.length * 2);
    expect(levels.some((l) => l.stored.available === 0)).toBe(true);
    // Same data on every seeding; only the wall-clock timestamps may differ.
    const timeless = () =>
      JSON.stringify(standin.server.store.inspect(DEMO_SHOP_DOMAIN), (key, value: unknown) => (key === "updatedAt" ? undefined : value));
    const snapshot = timeless();
    standin.server.store.reset();
    expect(timeless()).toBe(snapshot);
  });

  it("rejects a wrong EAN-13 check digit", () => {
    expect(isValidEan13("4006381333931")).toBe(true);
    expect(isValidEan13("4006381333932")).toBe(false);
  });
});

describe("search syntax", () => {
  it("matches sku, barcode, vendor, tag, title and free text, ANDed", async () => {
    expect(await skus("sku:NWT-TEE-BLK-M")).toEqual(["NWT-TEE-BLK-M"]);
    const barcode = standin.server.store.shop(DEMO_SHOP_DOMAIN).variants.values().next().value?.barcode ?? "";
    expect(await skus(`barcode:${barcode}`)).toHaveLength(1);
    expect((await skus(`vendor:"Harbor Ceramics"`)).every((s) => s.startsWith("HBC-"))).toBe(true);
    expect(await skus(`vendor:"Harbor Ceramics" tag:drinkware title:teapot`)).toEqual(["HBC-TEAPOT-CEL", "HBC-TEAPOT-WHT"]);
    expect(await skus("sku:SOS-BTL-*")).toHaveLength(6);
    expect(await skus("mug")).toEqual(["HBC-MUG-SPK", "HBC-MUG-SGE", "HBC-MUG-CHR", "HBC-MUG-BLS"]);
    expect(await skus(`vendor:"Harbor Ceramics" sku:NWT-TEE-BLK-M`)).toEqual([]);
  });

  it("filters products by product_id and tag", async () => {
    const reply = await gql(standin.server, DEMO_ACCESS_TOKEN, `{ products(first: 5, query: "product_id:80000000001") { nodes { id title } } }`);
    expect(dig(reply.body.data, "products", "nodes")).toEqual([{ id: PRODUCT, title: "Organic Cotton Tee" }]);
    const tagged = await gql(standin.server, DEMO_ACCESS_TOKEN, `{ products(first: 50, query: "tag:winter") { nodes { tags } } }`);
    expect(dig<Array<{ tags: string[] }>>(tagged.body.data, "products", "nodes").every((p) => p.tags.includes("winter"))).toBe(true);
  });

  it("refuses syntax it does not implement", async () => {
    const reply = await gql(standin.server, DEMO_ACCESS_TOKEN, `{ products(first: 5, query: "tag:a OR tag:b") { nodes { id } } }`);
    expect(errorsOf(reply)[0]?.message).toContain("stand-in does not implement search syntax");
    const range = await gql(standin.server, DEMO_ACCESS_TOKEN, `{ products(first: 5, query: "sku:<5") { nodes { id } } }`);
    expect(errorsOf(range)[0]?.message).toContain("stand-in does not implement search syntax: range");
  });

  it('takes a quoted value literally, as Shopify does: `sku:"<script>"` is a SKU, not a range (the app\'s lookups quote what merchants type)', async () => {
    expect(await skus(`sku:"<script>alert(1)</script>"`)).toEqual([]);
    expect(await skus(`sku:"NWT-TEE-BLK-M"`)).toEqual(["NWT-TEE-BLK-M"]);
  });
});

describe("connections", () => {
  it("pages with cursors and pageInfo", async () => {
    const page = (after?: string) =>
      gql(
        standin.server,
        DEMO_ACCESS_TOKEN,
        "query($after: String) { products(first: 20, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } } }",
        { after },
      );
    const ids: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 3; i++) {
      const reply = await page(after);
      const connection = dig<{
        edges: Array<{ node: { id: string } }>;
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string };
      }>(reply.body.data, "products");
      ids.push(...connection.edges.map((e) => e.node.id));
      expect(connection.pageInfo.hasPreviousPage).toBe(i > 0);
      expect(connection.pageInfo.hasNextPage).toBe(i < 2);
      after = connection.pageInfo.endCursor;
    }
    expect(new Set(ids).size).toBe(50);
  });

  it("resolves nodes of mixed types by id", async () => {
    const reply = await gql(
      standin.server,
      DEMO_ACCESS_TOKEN,
      `{ nodes(ids: ["${PRODUCT}", "gid://shopify/Location/70000000001", "gid://shopify/Product/1"]) { __typename id ... on Location { name } } }`,
    );
    expect(dig(reply.body.data, "nodes")).toEqual([
      { __typename: "Product", id: PRODUCT },
      { __typename: "Location", id: "gid://shopify/Location/70000000001", name: "Main Warehouse" },
      null,
    ]);
  });
});

describe("tags", () => {
  it("adds and removes tags, accepting comma-separated values", async () => {
    const add = await gql(
      standin.server,
      DEMO_ACCESS_TOKEN,
      `mutation { tagsAdd(id: "${PRODUCT}", tags: ["inbound-po, reorder", "apparel"]) { node { ... on Product { tags } } userErrors { field message } } }`,
    );
    expect(dig(add.body.data, "tagsAdd", "node", "tags")).toEqual(["apparel", "inbound-po", "nwt", "organic", "reorder", "tops"]);
    const remove = await gql(
      standin.server,
      DEMO_ACCESS_TOKEN,
      `mutation { tagsRemove(id: "${PRODUCT}", tags: ["reorder"]) { node { ... on Product { tags } } userErrors { field message } } }`,
    );
    expect(dig(remove.body.data, "tagsRemove", "node", "tags")).not.toContain("reorder");
    const missing = await gql(
      standin.server,
      DEMO_ACCESS_TOKEN,
      `mutation { tagsAdd(id: "gid://shopify/Product/1", tags: ["x"]) { userErrors { field } } }`,
    );
    expect(dig(missing.body.data, "tagsAdd", "userErrors", 0, "field")).toEqual(["id"]);
  });
});

describe("metafieldsSet", () => {
  const SET = `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { id key value type } userErrors { field code elementIndex } } }`;

  it("creates, then updates in place by owner, namespace and key", async () => {
    const input = { ownerId: PRODUCT, namespace: "inbound", key: "reorder_point", type: "number_integer", value: "12" };
    const created = await gql(standin.server, DEMO_ACCESS_TOKEN, SET, { m: [input] });
    const id = dig<string>(created.body.data, "metafieldsSet", "metafields", 0, "id");
    const updated = await gql(standin.server, DEMO_ACCESS_TOKEN, SET, {
      m: [{ ownerId: PRODUCT, namespace: "inbound", key: "reorder_point", value: "20" }],
    });
    expect(dig(updated.body.data, "metafieldsSet", "metafields", 0)).toEqual({ id, key: "reorder_point", value: "20", type: "number_integer" });
    const read = await gql(
      standin.server,
      DEMO_ACCESS_TOKEN,
      `{ product(id: "${PRODUCT}") { metafield(namespace: "inbound", key: "reorder_point") { value } } }`,
    );
    expect(dig(read.body.data, "product", "metafield", "value")).toBe("20");
  });

  it("requires a type on create and a value of that type", async () => {
    const noType = await gql(standin.server, DEMO_ACCESS_TOKEN, SET, { m: [{ ownerId: PRODUCT, namespace: "inbound", key: "lead", value: "3" }] });
    expect(dig(noType.body.data, "metafieldsSet", "userErrors", 0)).toEqual({ field: ["metafields", "0", "type"], code: "BLANK", elementIndex: 0 });
    const badValue = await gql(standin.server, DEMO_ACCESS_TOKEN, SET, {
      m: [{ ownerId: PRODUCT, namespace: "inbound", key: "lead", type: "number_integer", value: "three" }],
    });
    expect(dig(badValue.body.data, "metafieldsSet", "userErrors", 0, "code")).toBe("INVALID_VALUE");
    expect(standin.server.store.shop(DEMO_SHOP_DOMAIN).metafields.size).toBe(0);
  });

  it("refuses 26 metafields in one call and writes none", async () => {
    const m = Array.from({ length: 26 }, (_, i) => ({
      ownerId: PRODUCT,
      namespace: "inbound",
      key: `k${i}x`,
      type: "single_line_text_field",
      value: "v",
    }));
    const reply = await gql(standin.server, DEMO_ACCESS_TOKEN, SET, { m });
    expect(dig(reply.body.data, "metafieldsSet", "userErrors", 0)).toMatchObject({ field: ["metafields"], code: "LESS_THAN_OR_EQUAL_TO" });
    expect(standin.server.store.shop(DEMO_SHOP_DOMAIN).metafields.size).toBe(0);
  });
});

describe("inventoryItemUpdate", () => {
  it("updates cost and tracked", async () => {
    const item = "gid://shopify/InventoryItem/45000000001";
    const reply = await gql(
      standin.server,
      DEMO_ACCESS_TOKEN,
      `mutation { inventoryItemUpdate(id: "${item}", input: { cost: "7.25", tracked: false }) { inventoryItem { tracked unitCost { amount currencyCode } } userErrors { message } } }`,
    );
    expect(dig(reply.body.data, "inventoryItemUpdate")).toEqual({
      inventoryItem: { tracked: false, unitCost: { amount: "7.25", currencyCode: "USD" } },
      userErrors: [],
    });
  });
});
