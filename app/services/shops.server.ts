import type { Prisma, PrismaClient } from "@prisma/client";

import { NotFoundError } from "~/domain/errors";
import { isTimeZone } from "~/domain/time-zones";

import type { WebhookOutcome } from "~/webhooks/receive.server";

import type { ShopInfo } from "./shopify/gateway.server";
import { now as clockNow } from "~/clock.server";
import { chunks } from "~/db-chunks.server";

import { shopFilesPrefix } from "./attached-files.server";
import { deleteStoredFilesUnder } from "./storage/database.server";

/** The id Shopify's session storage gives a shop's offline (app) session. */
export function offlineSessionId(shopDomain: string): string {
  return `offline_${shopDomain}`;
}

/** What is recorded of a shop; without a time zone a new shop gets UTC and a known one keeps its own. */
export type InstalledShop = Omit<ShopInfo, "ianaTimezone"> & Partial<Pick<ShopInfo, "ianaTimezone">>;

/** Records (or refreshes) a shop when it installs Inbound. Safe to run on every authentication. */
export async function recordInstalledShop(db: PrismaClient, shop: InstalledShop) {
  // A zone this runtime cannot read would make every local time in the API fail: ignore it (see InstalledShop).
  const timeZone = shop.ianaTimezone && isTimeZone(shop.ianaTimezone) ? { ianaTimezone: shop.ianaTimezone } : {};
  return db.shop.upsert({
    where: { domain: shop.domain },
    create: { domain: shop.domain, name: shop.name, currencyCode: shop.currencyCode, ...timeZone },
    update: { name: shop.name, currencyCode: shop.currencyCode, ...timeZone, uninstalledAt: null },
  });
}

export async function requireShop(db: PrismaClient, domain: string) {
  const shop = await db.shop.findUnique({ where: { domain } });
  if (!shop) throw new NotFoundError("Shop", domain);
  return shop;
}

/**
 * app/uninstalled: the access token is dead; keep the shop's data until shop/redact asks. A shop
 * already uninstalled keeps the time it left (a replayed delivery changes nothing).
 */
export async function markShopUninstalled(tx: Prisma.TransactionClient, domain: string) {
  await tx.session.deleteMany({ where: { shop: domain } });
  // Its locations webhooks stop while it is uninstalled: what was kept is read afresh once it is back.
  await tx.shop.updateMany({ where: { domain, uninstalledAt: null }, data: { uninstalledAt: clockNow(), locationsReadAt: null } });
}

/** app/scopes_update: the stored offline session keeps the scopes the merchant now grants. */
export async function updateGrantedScopes(tx: Prisma.TransactionClient, domain: string, scopes: readonly string[]): Promise<WebhookOutcome> {
  const scope = scopes.join(",");
  const { count } = await tx.session.updateMany({ where: { id: offlineSessionId(domain) }, data: { scope } });
  return { result: "handled", summary: count > 0 ? `Scopes now: ${scope || "none"}` : "No stored session to update" };
}

/**
 * shop/redact (48 hours after uninstall): erase every row Inbound holds for the shop, the
 * shop/redact delivery itself included (a redelivery then simply erases nothing again).
 * Returns the erased shop's id (null when it was already gone), for erasing its files too.
 * tests/integration/compliance.test.ts checks every table, so a new one must be handled here.
 */
export async function eraseShopData(tx: Prisma.TransactionClient, domain: string): Promise<string | null> {
  const shop = await tx.shop.findUnique({ where: { domain }, select: { id: true } });
  if (shop) {
    // What each order holds as incoming refers to it without a relation, so nothing cascades to it.
    const orderIds = (await tx.purchaseOrder.findMany({ where: { shopId: shop.id }, select: { id: true } })).map((order) => order.id);
    for (const chunk of chunks(orderIds)) await tx.incomingLedger.deleteMany({ where: { purchaseOrderId: { in: chunk } } });
    // Booking lines restrict deleting the order lines they book, and orders the suppliers they
    // order from: children first, so no cascade meets a restriction, then the shop takes the rest.
    await tx.booking.deleteMany({ where: { purchaseOrder: { shopId: shop.id } } });
    await tx.purchaseOrder.deleteMany({ where: { shopId: shop.id } });
    await tx.shop.delete({ where: { id: shop.id } });
    // Its files kept in the database (INBOUND_FILE_STORAGE=database) are its rows too; files on disk go in the webhook's handler.
    await deleteStoredFilesUnder(tx, shopFilesPrefix(shop.id));
  }
  // Keyed by the shop's domain: they outlive the shop row.
  await tx.session.deleteMany({ where: { shop: domain } });
  await tx.webhookDelivery.deleteMany({ where: { shopDomain: domain } });
  await tx.shopifyObjectVersion.deleteMany({ where: { shopDomain: domain } });
  return shop?.id ?? null;
}
