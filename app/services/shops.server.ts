import type { Prisma, PrismaClient } from "@prisma/client";

import { NotFoundError } from "~/domain/errors";

import type { ShopInfo } from "./shopify/gateway.server";

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

// ---------------------------------------------------------------------------------------------
// The shop's time zone

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    zoneFormats.set(timeZone, format);
  }
  return format;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    zoneFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** How far the zone's wall clock is ahead of UTC at `instantMs` (negative west of Greenwich). */
function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const parts = Object.fromEntries(zoneFormat(timeZone).formatToParts(instantMs).map((part) => [part.type, Number(part.value)]));
  // setUTCFullYear, not Date.UTC, which would read the years 0–99 as 1900–1999.
  const wallClock = new Date(0);
  wallClock.setUTCFullYear(parts.year!, parts.month! - 1, parts.day!);
  wallClock.setUTCHours(parts.hour!, parts.minute!, parts.second!);
  return wallClock.getTime() - Math.floor(instantMs / 1000) * 1000;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar day it is in the zone at `instant`, as midnight UTC (how Inbound stores days). */
export function dayInTimeZone(instant: Date, timeZone: string): Date {
  const wallClockMs = instant.getTime() + zoneOffsetMs(instant.getTime(), timeZone);
  return new Date(Math.floor(wallClockMs / DAY_MS) * DAY_MS);
}

/**
 * The instant a wall-clock time has in an IANA zone, the time given as its fields read as UTC
 * (e.g. `Date.UTC(2026, 0, 2)` for 2 January 2026, 00:00 there). Daylight saving as Temporal's
 * "compatible" reads it: a time the clocks skip (02:30 when they spring from 02:00 to 03:00) is
 * read as after the gap (03:30), a time they repeat in the autumn as its first occurrence.
 */
export function wallClockInstant(wallClockMs: number, timeZone: string): Date {
  // At most one change of offset lies within a day either side: try the offset before and after.
  const before = zoneOffsetMs(wallClockMs - DAY_MS, timeZone);
  const after = zoneOffsetMs(wallClockMs + DAY_MS, timeZone);
  const readings = [wallClockMs - before, wallClockMs - after].filter(
    (instantMs) => zoneOffsetMs(instantMs, timeZone) === wallClockMs - instantMs,
  );
  return new Date(readings.length > 0 ? Math.min(...readings) : wallClockMs - before);
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

const ERASE_BATCH = 500;

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
    // In batches, to stay under the database's limit on bound parameters.
    const orderIds = (await tx.purchaseOrder.findMany({ where: { shopId: shop.id }, select: { id: true } })).map((order) => order.id);
    for (let start = 0; start < orderIds.length; start += ERASE_BATCH) {
      await tx.incomingLedger.deleteMany({ where: { purchaseOrderId: { in: orderIds.slice(start, start + ERASE_BATCH) } } });
    }
    // Booking lines restrict deleting the order lines they book, and orders the suppliers they
    // order from: children first, so no cascade meets a restriction, then the shop takes the rest.
    await tx.booking.deleteMany({ where: { purchaseOrder: { shopId: shop.id } } });
    await tx.purchaseOrder.deleteMany({ where: { shopId: shop.id } });
    await tx.shop.delete({ where: { id: shop.id } });
  }
  // Keyed by the shop's domain: they outlive the shop row.
  await tx.session.deleteMany({ where: { shop: domain } });
  await tx.webhookDelivery.deleteMany({ where: { shopDomain: domain } });
  await tx.shopifyObjectVersion.deleteMany({ where: { shopDomain: domain } });
  return shop?.id ?? null;
}
