import { Prisma, type PrismaClient } from "@prisma/client";

import { readAddress } from "~/domain/address";
import { formatDay } from "~/domain/dates";
import type { PurchaseOrderStatus } from "~/domain/purchase-order/status";
import { dayInTimeZone, wallClockInstant } from "~/domain/time-zones";

import { purchaseOrderSummary, SUMMARY_INCLUDE, type PurchaseOrderSummary } from "./purchase-orders.server";
import { requireShop } from "./shops.server";
import { now as clockNow } from "~/clock.server";
import { inChunks } from "~/db-chunks.server";

/**
 * Searching a shop's purchase orders by structured filters, for clients (REST, assistants).
 *
 * Case-insensitive text matching has to behave the same on SQLite and PostgreSQL. Prisma's
 * `contains` is a LIKE: case-insensitive on SQLite (ASCII), case-sensitive on PostgreSQL, and its
 * `mode: "insensitive"` does not exist for SQLite. So the text filters are a few lines of raw SQL
 * written only in what both databases share: quoted identifiers, LOWER(…) LIKE … ESCAPE '!', and
 * bound parameters. (SQLite's built-in LOWER folds ASCII letters only, so there `É` and `é` stay
 * different.) They find the ids of the shop's matching orders; every other filter, the count and
 * the page are an ordinary Prisma query.
 */

/** A time bound as the client gave it: an instant (it carried an offset), or a wall-clock time in the shop's zone. */
export type SearchTime =
  | { instant: Date }
  /** The time's fields read as UTC (see wallClockInstant); `wholeDay` when the client gave a day alone. */
  | { wallClockMs: number; wholeDay: boolean };

export interface TimeRange {
  min?: SearchTime;
  max?: SearchTime;
}

/** Every filter given must match. */
export interface PurchaseOrderFilters {
  ids?: string[];
  statuses?: PurchaseOrderStatus[];
  supplierId?: string;
  /** Part of the name on the shipping address. */
  customerName?: string;
  /** The order number (PO-0012 is 12). */
  number?: number;
  /** One of the order's numbers in other systems (externalNumbers), whole; the leading # optional. */
  orderPublicReference?: string;
  /** The supplier's reference, whole. */
  vendorReference?: string;
  /** Part of a line's product title, variant title or SKU. */
  itemName?: string;
  fulfilled?: boolean;
  late?: boolean;
  confirmed?: boolean;
  canceled?: boolean;
  createdAt?: TimeRange;
  updatedAt?: TimeRange;
  sentAt?: TimeRange;
}

/** A summary with what the search filters on, so a client sees why an order matched. */
export interface PurchaseOrderSearchHit extends PurchaseOrderSummary {
  vendorReference: string | null;
  externalNumbers: string[];
  customerName: string | null;
  supplierConfirmed: boolean;
  /** Calendar days, YYYY-MM-DD. */
  promiseDate: string | null;
  expectedArrivalDate: string | null;
  updatedAt: string;
  sentAt: string | null;
}

const FULFILLED_STATUSES: PurchaseOrderStatus[] = ["received", "completed"];
/** Goods are no longer awaited: none of these can be late. */
const SETTLED_STATUSES: PurchaseOrderStatus[] = [...FULFILLED_STATUSES, "cancelled"];
/** Confirmed as a whole (confirm_all leads to in_progress). */
const CONFIRMED_STATUSES: PurchaseOrderStatus[] = ["confirmed", "in_progress"];

const DAY_MS = 24 * 60 * 60 * 1000;

/** One page of the shop's orders matching `filters`, newest first, and how many match in all. */
export async function searchPurchaseOrders(
  db: PrismaClient,
  shopDomain: string,
  filters: PurchaseOrderFilters,
  paging: { page: number; perPage: number },
  now: Date = clockNow(),
): Promise<{ orders: PurchaseOrderSearchHit[]; total: number }> {
  const shop = await requireShop(db, shopDomain);
  const where: Prisma.PurchaseOrderWhereInput = {
    shopId: shop.id,
    // Soft-deleted (cancelled, then deleted) orders stay in the database for their audit trail only.
    deletedAt: null,
    AND: structuredConditions(filters, shop.ianaTimezone, now),
  };
  const ids = await matchingIds(db, shop.id, filters);
  const page = { skip: (paging.page - 1) * paging.perPage, take: paging.perPage };
  const { total, orders } = ids ? await pageAmong(db, where, ids, page) : await pageOf(db, where, page);
  return {
    total,
    orders: orders.map((order) => ({
      ...purchaseOrderSummary(order),
      vendorReference: order.vendorReference,
      externalNumbers: JSON.parse(order.externalNumbers) as string[],
      customerName: readAddress(order.shippingAddress)?.name ?? null,
      supplierConfirmed: order.supplierConfirmed,
      promiseDate: order.promiseDate && formatDay(order.promiseDate),
      expectedArrivalDate: order.expectedArrivalAt && formatDay(order.expectedArrivalAt),
      updatedAt: order.updatedAt.toISOString(),
      sentAt: order.sentAt?.toISOString() ?? null,
    })),
  };
}

type Page = { skip: number; take: number };

async function pageOf(db: PrismaClient, where: Prisma.PurchaseOrderWhereInput, page: Page) {
  const [total, orders] = await Promise.all([
    db.purchaseOrder.count({ where }),
    db.purchaseOrder.findMany({ where, orderBy: { number: "desc" }, ...page, include: SUMMARY_INCLUDE }),
  ]);
  return { total, orders };
}

/**
 * The page among the orders a text filter matched. They can be thousands, more than one
 * statement may bind (app/db-chunks.server.ts): the other filters are applied a chunk of ids at
 * a time, reading only id and number, and only the page's orders are loaded whole.
 */
async function pageAmong(db: PrismaClient, where: Prisma.PurchaseOrderWhereInput, ids: readonly string[], page: Page) {
  const matching = await inChunks(ids, (chunk) =>
    db.purchaseOrder.findMany({ where: { AND: [where, { id: { in: chunk } }] }, select: { id: true, number: true } }),
  );
  matching.sort((a, b) => b.number - a.number);
  const pageIds = matching.slice(page.skip, page.skip + page.take).map((order) => order.id);
  const loaded = await inChunks(pageIds, (chunk) => db.purchaseOrder.findMany({ where: { id: { in: chunk } }, include: SUMMARY_INCLUDE }));
  return { total: matching.length, orders: loaded.sort((a, b) => b.number - a.number) };
}

/** The filters Prisma expresses directly, each one condition. */
function structuredConditions(filters: PurchaseOrderFilters, timeZone: string, now: Date): Prisma.PurchaseOrderWhereInput[] {
  const conditions: Prisma.PurchaseOrderWhereInput[] = [];
  const add = (condition: Prisma.PurchaseOrderWhereInput | undefined) => condition && conditions.push(condition);
  if (filters.statuses) add({ status: { in: filters.statuses } });
  if (filters.supplierId) add({ supplierId: filters.supplierId });
  if (filters.number !== undefined) add({ number: filters.number });
  if (filters.fulfilled !== undefined) add({ status: filters.fulfilled ? { in: FULFILLED_STATUSES } : { notIn: FULFILLED_STATUSES } });
  if (filters.canceled !== undefined) add({ status: filters.canceled ? "cancelled" : { not: "cancelled" } });
  if (filters.confirmed !== undefined) {
    add(
      filters.confirmed
        ? { OR: [{ supplierConfirmed: true }, { confirmedAt: { not: null } }, { status: { in: CONFIRMED_STATUSES } }] }
        : { supplierConfirmed: false, confirmedAt: null, status: { notIn: CONFIRMED_STATUSES } },
    );
  }
  if (filters.late !== undefined) add(lateCondition(filters.late, dayInTimeZone(now, timeZone)));
  add(timeCondition("createdAt", filters.createdAt, timeZone));
  add(timeCondition("updatedAt", filters.updatedAt, timeZone));
  add(timeCondition("sentAt", filters.sentAt, timeZone));
  return conditions;
}

/**
 * Late: goods still awaited and the due day over. The due day is the supplier's promise date,
 * else the expected arrival date; both are calendar days (midnight UTC), compared with the day
 * it is where the shop is. Both forms are written out, not one negated: SQL's NOT over a missing
 * date is unknown, not true, and would drop orders without dates from `late=false`.
 */
function lateCondition(late: boolean, today: Date): Prisma.PurchaseOrderWhereInput {
  if (late) {
    return {
      status: { notIn: SETTLED_STATUSES },
      OR: [{ promiseDate: { lt: today } }, { promiseDate: null, expectedArrivalAt: { lt: today } }],
    };
  }
  return {
    OR: [
      { status: { in: SETTLED_STATUSES } },
      { promiseDate: { gte: today } },
      { promiseDate: null, OR: [{ expectedArrivalAt: null }, { expectedArrivalAt: { gte: today } }] },
    ],
  };
}

function timeCondition(
  column: "createdAt" | "updatedAt" | "sentAt",
  range: TimeRange | undefined,
  timeZone: string,
): Prisma.PurchaseOrderWhereInput | undefined {
  if (!range?.min && !range?.max) return undefined;
  const filter: Prisma.DateTimeFilter = {};
  if (range.min) filter.gte = "instant" in range.min ? range.min.instant : wallClockInstant(range.min.wallClockMs, timeZone);
  if (range.max) {
    const max = range.max;
    if ("instant" in max) filter.lte = max.instant;
    // A day alone as the upper bound includes that whole day: up to the next day's start there.
    else if (max.wholeDay) filter.lt = wallClockInstant(max.wallClockMs + DAY_MS, timeZone);
    else filter.lte = wallClockInstant(max.wallClockMs, timeZone);
  }
  return { [column]: filter };
}

// ---------------------------------------------------------------------------------------------
// Text filters (portable SQL, see the top of the file)

/** The ids of the shop's orders matching every text filter given; undefined when none is given (no narrowing). */
async function matchingIds(db: PrismaClient, shopId: string, filters: PurchaseOrderFilters): Promise<string[] | undefined> {
  const matches: Array<Promise<Set<string>>> = [];
  if (filters.ids) matches.push(Promise.resolve(new Set(filters.ids)));
  if (filters.customerName) matches.push(customerNameMatches(db, shopId, filters.customerName));
  if (filters.itemName) {
    const pattern = containsPattern(filters.itemName);
    matches.push(
      orderIdsWhere(
        db,
        shopId,
        Prisma.sql`EXISTS (SELECT 1 FROM "PurchaseOrderLine" l WHERE l."purchaseOrderId" = o."id" AND (
          LOWER(l."productTitle") LIKE ${pattern} ESCAPE '!' OR LOWER(l."variantTitle") LIKE ${pattern} ESCAPE '!'
          OR LOWER(l."sku") LIKE ${pattern} ESCAPE '!'))`,
      ),
    );
  }
  if (filters.vendorReference) {
    matches.push(orderIdsWhere(db, shopId, Prisma.sql`LOWER(o."vendorReference") = ${filters.vendorReference.toLowerCase()}`));
  }
  if (filters.orderPublicReference) {
    // A whole entry of the JSON array, quotes included; with and without Shopify's leading #.
    const number = filters.orderPublicReference.replace(/^#/, "");
    const [bare, hashed] = [number, `#${number}`].map((entry) => containsPattern(JSON.stringify(entry)));
    matches.push(
      orderIdsWhere(
        db,
        shopId,
        Prisma.sql`(LOWER(o."externalNumbers") LIKE ${bare} ESCAPE '!' OR LOWER(o."externalNumbers") LIKE ${hashed} ESCAPE '!')`,
      ),
    );
  }
  if (matches.length === 0) return undefined;
  const [first, ...rest] = await Promise.all(matches);
  return [...first!].filter((id) => rest.every((match) => match.has(id)));
}

async function orderIdsWhere(db: PrismaClient, shopId: string, condition: Prisma.Sql): Promise<Set<string>> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT o."id" AS "id" FROM "PurchaseOrder" o WHERE o."shopId" = ${shopId} AND ${condition}`;
  return new Set(rows.map((row) => row.id));
}

/**
 * The shipping address is JSON text, and neither database's JSON functions are portable. So
 * SQL narrows to the addresses containing the name anywhere (as JSON writes it), and only those
 * few are read to check that it is the `name` that contains it.
 */
async function customerNameMatches(db: PrismaClient, shopId: string, name: string): Promise<Set<string>> {
  const pattern = containsPattern(JSON.stringify(name).slice(1, -1));
  const rows = await db.$queryRaw<Array<{ id: string; shippingAddress: string }>>`
    SELECT o."id" AS "id", o."shippingAddress" AS "shippingAddress" FROM "PurchaseOrder" o
    WHERE o."shopId" = ${shopId} AND LOWER(o."shippingAddress") LIKE ${pattern} ESCAPE '!'`;
  const needle = name.toLowerCase();
  return new Set(rows.filter((row) => readAddress(row.shippingAddress)?.name.toLowerCase().includes(needle)).map((row) => row.id));
}

/** `%text%` for LIKE … ESCAPE '!', lower-cased, with the text's own %, _ and ! taken literally. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[!%_]/g, "!$&")}%`;
}
