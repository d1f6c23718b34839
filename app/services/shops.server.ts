import type { Prisma, PrismaClient } from "@prisma/client";

import { NotFoundError } from "~/domain/errors";

import type { ShopInfo } from "./shopify/gateway.server";

/** The id Shopify's session storage gives a shop's offline (app) session. */
export function offlineSessionId(shopDomain: string): string {
  return `offline_${shopDomain}`;
}

/** Records (or refreshes) a shop when it installs Inbound. Safe to run on every authentication. */
export async function recordInstalledShop(db: PrismaClient, shop: ShopInfo) {
  return db.shop.upsert({
    where: { domain: shop.domain },
    create: { domain: shop.domain, name: shop.name, currencyCode: shop.currencyCode },
    update: { name: shop.name, currencyCode: shop.currencyCode, uninstalledAt: null },
  });
}

export async function requireShop(db: PrismaClient, domain: string) {
  const shop = await db.shop.findUnique({ where: { domain } });
  if (!shop) throw new NotFoundError("Shop", domain);
  return shop;
}

/** app/uninstalled: the access token is dead; keep the shop's data until shop/redact asks. */
export async function markShopUninstalled(tx: Prisma.TransactionClient, domain: string) {
  await tx.session.deleteMany({ where: { shop: domain } });
  await tx.shop.updateMany({ where: { domain }, data: { uninstalledAt: new Date() } });
}

/**
 * shop/redact (48 hours after uninstall): erase everything Inbound holds for the shop. Returns
 * the erased shop's id (null when it was already gone), for erasing its files too.
 */
export async function eraseShopData(tx: Prisma.TransactionClient, domain: string): Promise<string | null> {
  const shop = await tx.shop.findUnique({ where: { domain }, select: { id: true } });
  await tx.session.deleteMany({ where: { shop: domain } });
  await tx.shop.deleteMany({ where: { domain } });
  await tx.webhookDelivery.deleteMany({ where: { shopDomain: domain, topic: { not: "SHOP_REDACT" } } });
  return shop?.id ?? null;
}
