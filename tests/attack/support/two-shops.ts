import { expect } from "vitest";

import { startApiFixture, widget, type ApiClient } from "../../support/api";
import { createOrderOfVariants } from "../../support/orders";
import { standinShop } from "../../support/shopify";

import { storedState } from "./state";

/**
 * The attack suite's world: two shops installed in one stand-in and one database. The shop under
 * attack (the demo shop the screens act as, and the owner of the API keys the attacks use) and
 * its neighbour, whose records every attack also aims at and must never reach. Each has a
 * supplier, a draft and a sent order with a delivery draft. Call `refill()` before each case: a
 * key's rate-limit bucket holds 60 calls.
 */
export async function startTwoShops(name: string) {
  const domain = `${name}.myshopify.com`;
  const f = await startApiFixture(domain, [widget(3)]);
  const { offlineSessionId } = await import("~/services/shops.server");
  const { createApiKey } = await import("~/services/api-keys.server");

  const neighbourDomain = `${name}-neighbour.myshopify.com`;
  const neighbourShop = await standinShop(f.standin, f.db, neighbourDomain, [widget(2)]);
  await f.db.session.create({
    data: { id: offlineSessionId(neighbourDomain), shop: neighbourDomain, state: "", accessToken: neighbourShop.accessToken },
  });
  const neighbourKey = (await createApiKey(f.db, neighbourDomain, { type: "merchant", id: "neighbour-merchant" }, { name: "Writer", scope: "write" }))
    .key;

  async function records(domainOf: string, client: ApiClient, shop: { supplierId: string; locationId: string; products: typeof f.products }) {
    const variants = shop.products[0]!.variants;
    const draft = await createOrderOfVariants(f.db, domainOf, shop.supplierId, shop.locationId, [
      { ...variants[0]!, quantity: 4 },
      { ...variants[1]!, quantity: 2 },
    ]);
    const sent = await createOrderOfVariants(f.db, domainOf, shop.supplierId, shop.locationId, [{ ...variants[0]!, quantity: 6 }]);
    expect((await client.call("mark_purchase_order_sent", { params: { id: sent.id }, body: {} })).status).toBe(200);
    const delivery = await client.call("create_purchase_order_delivery", { params: { id: sent.id }, body: {} });
    expect(delivery.status).toBe(201);
    const lines = await f.db.purchaseOrderLine.findMany({ where: { purchaseOrderId: { in: [draft.id, sent.id] } }, orderBy: { position: "asc" } });
    return {
      supplierId: shop.supplierId,
      locationId: shop.locationId,
      variantId: variants[0]!.variantId,
      draftId: draft.id,
      draftLineId: lines.find((line) => line.purchaseOrderId === draft.id)!.id,
      sentId: sent.id,
      sentLineId: lines.find((line) => line.purchaseOrderId === sent.id)!.id,
      deliveryId: delivery.body.id as string,
    };
  }

  const neighbourClient = f.server.client(neighbourKey);
  const own = await records(domain, f.writer, f);
  const neighbour = {
    domain: neighbourDomain,
    key: neighbourKey,
    client: neighbourClient,
    ...(await records(neighbourDomain, neighbourClient, neighbourShop)),
  };
  return {
    ...f,
    own,
    neighbour,
    /** Stored state of both shops (see storedState), to compare before and after a refusal. */
    state: () => storedState(f.db),
  };
}

export type TwoShops = Awaited<ReturnType<typeof startTwoShops>>;
