import { describe, expect, it } from "vitest";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "./index";
import { dig, errorsOf, gql, standinPerFile } from "./test-helpers";

const standin = standinPerFile();

function post(path: string, body: string, token: string | null = DEMO_ACCESS_TOKEN): Promise<Response> {
  return fetch(`${standin.server.origin}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token === null ? {} : { "x-shopify-access-token": token }) },
    body,
  });
}

describe("HTTP surface", () => {
  it("answers 401 with Shopify's body for a missing or wrong token", async () => {
    for (const token of [null, "shpat_wrong"]) {
      const response = await post("/admin/api/2026-10/graphql.json", JSON.stringify({ query: "{ shop { id } }" }), token);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    }
  });

  it("answers 404 for any other API version", async () => {
    const response = await post("/admin/api/2026-07/graphql.json", JSON.stringify({ query: "{ shop { id } }" }));
    expect(response.status).toBe(404);
  });

  it("answers 400 for a body that is not JSON or has no query", async () => {
    expect((await post("/admin/api/2026-10/graphql.json", "not json")).status).toBe(400);
    expect((await post("/admin/api/2026-10/graphql.json", JSON.stringify({ variables: {} }))).status).toBe(400);
  });

  it("logs every request with its operation name and status", async () => {
    await gql(standin.server, DEMO_ACCESS_TOKEN, "query ShopName { shop { name } }");
    await post("/admin/api/2026-10/graphql.json", "{}", "shpat_wrong");
    expect(standin.server.store.requests).toEqual([
      { method: "POST", path: "/admin/api/2026-10/graphql.json", operationName: "ShopName", shop: DEMO_SHOP_DOMAIN, status: 200, fault: null },
      { method: "POST", path: "/admin/api/2026-10/graphql.json", operationName: null, shop: null, status: 401, fault: null },
    ]);
  });

  it("serves the inspection view read-only", async () => {
    const view = (await (await fetch(`${standin.server.origin}/__standin/shops/${DEMO_SHOP_DOMAIN}`)).json()) as Record<string, unknown>;
    expect(dig(view, "shop", "name")).toBe("Inbound Demo Store");
    expect(dig<unknown[]>(view, "products").length).toBeGreaterThan(40);
    expect(dig(view, "products", 0, "variants", 0, "inventoryLevels", 0, "quantities")).toHaveProperty("on_hand");
    const put = await fetch(`${standin.server.origin}/__standin/shops/${DEMO_SHOP_DOMAIN}`, { method: "PUT", body: "{}" });
    expect(put.status).toBe(405);
  });
});

describe("validation before execution", () => {
  it("rejects an unknown field with located errors and executes nothing", async () => {
    const before = standin.server.store.shop(DEMO_SHOP_DOMAIN).history.length;
    const reply = await gql(
      standin.server,
      DEMO_ACCESS_TOKEN,
      `
      mutation Bad($key: String!) {
        inventoryAdjustQuantities(input: { name: "available", reason: "correction", changes: [] }) @idempotent(key: $key) {
          userErrors { nonsense }
        }
      }`,
      { key: "k" },
    );
    expect(reply.status).toBe(200);
    expect(reply.body.data).toBeUndefined();
    const [error] = errorsOf(reply);
    expect(error?.message).toContain("nonsense");
    expect(error?.extensions?.code).toBe("undefinedField");
    expect(error?.path).toEqual(["mutation Bad", "inventoryAdjustQuantities", "userErrors", "nonsense"]);
    expect(standin.server.store.shop(DEMO_SHOP_DOMAIN).history.length).toBe(before);
  });

  it("rejects variables of the wrong type", async () => {
    const reply = await gql(standin.server, DEMO_ACCESS_TOKEN, "query P($first: Int!) { products(first: $first) { nodes { id } } }", {
      first: "ten",
    });
    expect(reply.body.data).toBeUndefined();
    expect(errorsOf(reply)[0]?.extensions?.code).toBe("INVALID_VARIABLE");
  });

  it("names a schema-valid field the stand-in does not implement instead of returning null", async () => {
    const reply = await gql(standin.server, DEMO_ACCESS_TOKEN, "{ products(first: 1) { nodes { id descriptionHtml } } }");
    expect(reply.body.data).toBeUndefined();
    expect(errorsOf(reply)[0]?.message).toBe("stand-in does not implement Product.descriptionHtml");
  });

  it("names an argument the stand-in does not implement", async () => {
    const reply = await gql(standin.server, DEMO_ACCESS_TOKEN, "{ products(first: 1, sortKey: TITLE) { nodes { id } } }");
    expect(errorsOf(reply)[0]?.message).toBe("stand-in does not implement argument QueryRoot.products(sortKey)");
  });

  it("requires first or last on connections", async () => {
    const reply = await gql(standin.server, DEMO_ACCESS_TOKEN, "{ products { nodes { id } } }");
    expect(errorsOf(reply)[0]?.message).toBe("you must provide one of first or last");
  });
});

describe("multi-tenancy", () => {
  it("serves each token only its own shop", async () => {
    standin.server.store.addShop({ domain: "shop-b.myshopify.com", accessToken: "shpat_b", name: "Shop B", currencyCode: "EUR" });
    const productB = standin.server.store.addProduct("shop-b.myshopify.com", {
      title: "Secret",
      vendor: "B",
      variants: [{ sku: "B-1", price: "1.00" }],
    });

    const asDemo = await gql(standin.server, DEMO_ACCESS_TOKEN, "query($id: ID!) { product(id: $id) { id } node(id: $id) { id } }", {
      id: productB.productId,
    });
    expect(asDemo.body.data).toEqual({ product: null, node: null });
    const search = await gql(standin.server, DEMO_ACCESS_TOKEN, `{ productVariants(first: 5, query: "sku:B-1") { nodes { id } } }`);
    expect(dig(search.body.data, "productVariants", "nodes")).toEqual([]);

    const asB = await gql(standin.server, "shpat_b", "{ shop { name currencyCode } products(first: 5) { nodes { title } } }");
    expect(asB.body.data).toEqual({ shop: { name: "Shop B", currencyCode: "EUR" }, products: { nodes: [{ title: "Secret" }] } });
  });
});
