import { describe, expect, it } from "vitest";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "./index";
import { TEST_API_SECRET } from "../support/app-env";
import { sessionToken } from "../support/session-token";

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

describe("token exchange (POST /admin/oauth/access_token)", () => {
  const APP = { client_id: "test-api-key", client_secret: TEST_API_SECRET };
  const exchange = async (fields: Record<string, string>) => {
    const response = await fetch(`${standin.server.origin}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        ...APP,
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: sessionToken(DEMO_SHOP_DOMAIN),
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
        ...fields,
      }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("trades a session token of the registered app for an expiring offline token that the Admin API accepts", async () => {
    standin.server.store.tokens.registerApp(APP.client_id, APP.client_secret);
    const answer = await exchange({ expiring: "1" });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ expires_in: 3600, refresh_token: expect.stringMatching(/^shprt_/) as unknown });
    const shop = await gql(standin.server, answer.body.access_token as string, "{ shop { myshopifyDomain } }");
    expect(shop.body.data).toEqual({ shop: { myshopifyDomain: DEMO_SHOP_DOMAIN } });
    const permanent = await exchange({});
    expect(Object.keys(permanent.body).sort()).toEqual(["access_token", "scope"]);
  });

  it("refuses unknown app credentials (401), and a session token signed with another secret, for another app or expired (400)", async () => {
    standin.server.store.tokens.registerApp(APP.client_id, APP.client_secret);
    expect(await exchange({ client_secret: "not-the-secret" })).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const refused = { status: 400, body: { error: "invalid_subject_token" } };
    expect(await exchange({ subject_token: sessionToken(DEMO_SHOP_DOMAIN, "another-secret") })).toMatchObject(refused);
    expect(await exchange({ subject_token: sessionToken("unknown.myshopify.com") })).toMatchObject(refused);
    const expired = sessionToken(DEMO_SHOP_DOMAIN);
    standin.server.store.useClock(() => Date.now() + 120_000);
    try {
      expect(await exchange({ subject_token: expired })).toMatchObject(refused);
    } finally {
      standin.server.store.useClock(() => Date.now());
    }
  });
});
