import type { PrismaClient } from "@prisma/client";

import { offlineSessionId } from "~/services/shops.server";
import { createShopifyGateway, type ShopifyGateway } from "~/services/shopify/gateway.server";
import { adminApiFetch } from "~/services/shopify/transport.server";
import { ADMIN_API_VERSION_STRING } from "~/services/shopify/version";

/**
 * A shop's gateway for work done outside a merchant's request (the worker): it uses the shop's
 * stored offline session. `standinOrigin` is set only by the local demo.
 */
export async function offlineGateway(
  db: PrismaClient,
  shopDomain: string,
  standinOrigin?: string,
): Promise<ShopifyGateway | null> {
  const session = await db.session.findUnique({ where: { id: offlineSessionId(shopDomain) } });
  if (!session?.accessToken) return null;
  return createShopifyGateway({
    shopDomain,
    accessToken: session.accessToken,
    apiVersion: ADMIN_API_VERSION_STRING,
    fetchApi: adminApiFetch(standinOrigin),
  });
}
