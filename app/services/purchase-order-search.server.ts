import { Prisma, type PrismaClient } from "@prisma/client";

import { readAddress } from "~/domain/address";
import { formatDay, parseDay } from "~/domain/dates";
import { Decimal } from "~/domain/money";
import { decodeCursor, encodeCursor, type IndexQuery, type PageCursor, type SortDirection, type SortKey } from "~/domain/purchase-order/index-query";
import { expectedQuantity } from "~/domain/purchase-order/quantities";
import { purchaseOrderName, statusesOfTab, type PurchaseOrderStatus } from "~/domain/purchase-order/status";
import { dayInTimeZone, wallClockInstant } from "~/domain/time-zones";

import { containsPattern, ordersWithLineText } from "./line-text.server";
import { COST_LINE_SELECT, MONEY_INCLUDE, moneyOfRecord } from "./payments.server";
import { purchaseOrderSummary, SUMMARY_INCLUDE, type PurchaseOrderSummary } from "./purchase-orders.server";
import { requireShop } from "./shops.server";
import { now as clockNow } from "~/clock.server";
import { inChunks, LIST_CHUNK_SIZE } from "~/db-chunks.server";

/**
 * Searching a shop's purchase orders by structured filters, for clients (REST, assistants).
 *
 * Case-insensitive text matching has to behave the same on SQLite and PostgreSQL. Prisma's
 * `contains` is a LIKE: case-insensitive on SQLite (ASCII), case-sensitive on PostgreSQL, and its
 * `mode: "insensitive"` does not exist for SQLite. So the text filters are a few lines of raw SQL
 * written only in what both databases share: quoted identifiers, LOWER(…) LIKE … ESCAPE '!', and
 * bound parameters, the text taken literally. (SQLite's built-in LOWER folds ASCII letters only, so
 * there `É` and `é` stay different.) A line's item name goes through the lines' text index instead
 * (line-text.server.ts), which on SQLite folds every letter. The index's search is written so too.
 * They find the ids of the shop's matching orders; every other filter, the count and the page are
 * an ordinary Prisma query. (Prisma's own `contains` elsewhere ignores case on both
 * too: the PostgreSQL client adds the mode to every such filter, app/db-client.server.ts.)
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

/**
 * One page of the shop's orders matching `filters`, newest first, how many match in all, and
 * where the next page starts (null on the last). The page is the `page`th, or (keyset) the first of the orders numbered
 * below `afterNumber`, which no order created or deleted meanwhile can shift.
 */
export async function searchPurchaseOrders(
  db: PrismaClient,
  shopDomain: string,
  filters: PurchaseOrderFilters,
  paging: { page: number; perPage: number; afterNumber?: number },
  now: Date = clockNow(),
): Promise<{ orders: PurchaseOrderSearchHit[]; total: number; next: PageCursor | null }> {
  const shop = await requireShop(db, shopDomain);
  const where: Prisma.PurchaseOrderWhereInput = {
    shopId: shop.id,
    // Soft-deleted (cancelled, then deleted) orders stay in the database for their audit trail only.
    deletedAt: null,
    AND: structuredConditions(filters, shop.ianaTimezone, now),
  };
  const ids = await matchingIds(db, shop.id, filters);
  // One order more than the page says whether more follow.
  const page: Page = { skip: (paging.page - 1) * paging.perPage, take: paging.perPage + 1, below: paging.afterNumber };
  const found = ids ? await pageAmong(db, where, ids, page) : await pageOf(db, where, page);
  const shown = found.orders.slice(0, paging.perPage);
  const last = shown.at(-1);
  return {
    total: found.total,
    next: found.orders.length > shown.length && last ? { value: last.number, id: last.id } : null,
    orders: shown.map((order) => ({
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

/** Rows `skip`…`skip + take` of the matches, newest first; with `below`, of the matches numbered below it. */
type Page = { skip: number; take: number; below: number | undefined };

async function pageOf(db: PrismaClient, where: Prisma.PurchaseOrderWhereInput, { skip, take, below }: Page) {
  const [total, orders] = await Promise.all([
    db.purchaseOrder.count({ where }),
    db.purchaseOrder.findMany({
      where: below === undefined ? where : { AND: [where, { number: { lt: below } }] },
      orderBy: { number: "desc" },
      skip,
      take,
      include: SUMMARY_INCLUDE,
    }),
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
  const below = page.below;
  const pageIds = (below === undefined ? matching : matching.filter((order) => order.number < below))
    .slice(page.skip, page.skip + page.take)
    .map((order) => order.id);
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
    matches.push(ordersWithLineText(db, shopId, filters.itemName, ["productTitle", "variantTitle", "sku"]).then((ids) => new Set(ids)));
  }
  if (filters.vendorReference) {
    matches.push(orderIdsWhere(db, shopId, Prisma.sql`LOWER(o."vendorReference") = LOWER(${filters.vendorReference})`));
  }
  if (filters.orderPublicReference) {
    // A whole entry of the JSON array, quotes included; with and without Shopify's leading #.
    const number = filters.orderPublicReference.replace(/^#/, "");
    const [bare, hashed] = [number, `#${number}`].map((entry) => containsPattern(JSON.stringify(entry)));
    matches.push(
      orderIdsWhere(
        db,
        shopId,
        Prisma.sql`(LOWER(o."externalNumbers") LIKE LOWER(${bare}) ESCAPE '!' OR LOWER(o."externalNumbers") LIKE LOWER(${hashed}) ESCAPE '!')`,
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
    WHERE o."shopId" = ${shopId} AND LOWER(o."shippingAddress") LIKE LOWER(${pattern}) ESCAPE '!'`;
  const needle = name.toLowerCase();
  return new Set(rows.filter((row) => readAddress(row.shippingAddress)?.name.toLowerCase().includes(needle)).map((row) => row.id));
}

// ---------------------------------------------------------------------------------------------
// The purchase orders index: status tab, filters, sort and keyset pages (app/domain/purchase-order/index-query.ts)

/** One row of the index. */
export interface IndexRow {
  id: string;
  name: string;
  status: PurchaseOrderStatus;
  /** A completion waits for Shopify to have the unit costs. */
  completing: boolean;
  supplierName: string;
  locationId: string | null;
  /** Calendar day, YYYY-MM-DD. */
  expectedArrivalDate: string | null;
  overdue: boolean;
  /** Units received, of the units still owed (confirmed, else ordered, less cancelled). */
  receivedUnits: number;
  owedUnits: number;
  /** The order's total (lines, shipping, tax), in its currency. */
  total: string;
  currencyCode: string;
  paid: boolean;
}

export interface IndexPage {
  orders: IndexRow[];
  /** Cursors for the pages before and after this one; null at either end. */
  previous: string | null;
  next: string | null;
  /** Whether the shop has any order at all (to tell "none yet" from "none match"). */
  shopHasOrders: boolean;
}

export const INDEX_PAGE_SIZE = 50;

/** The page's edge: `after` the rows after a cursor (Next), `before` those before it (Previous). */
export type IndexPaging = { after?: string | null; before?: string | null; pageSize?: number };

const INDEX_ROW_INCLUDE = {
  ...MONEY_INCLUDE,
  supplier: { select: { name: true } },
  lines: { select: { ...COST_LINE_SELECT, bookingLines: { select: { received: true, rejected: true, cancelled: true } } } },
} satisfies Prisma.PurchaseOrderInclude;

type IndexRecord = Prisma.PurchaseOrderGetPayload<{ include: typeof INDEX_ROW_INCLUDE }>;

/** The sort keys that are columns, sorted and paged by the database; `total` is derived (docs/decisions/004). */
const COLUMN_SORTS = {
  number: { field: "number", nullable: false },
  created: { field: "createdAt", nullable: false },
  expected: { field: "expectedArrivalAt", nullable: true },
  supplier: { field: "supplierName", nullable: false },
} as const;

export async function searchIndex(
  db: PrismaClient,
  shopDomain: string,
  query: IndexQuery,
  paging: IndexPaging = {},
  now: Date = clockNow(),
): Promise<IndexPage> {
  const shop = await requireShop(db, shopDomain);
  const today = dayInTimeZone(now, shop.ianaTimezone);
  const pageSize = paging.pageSize ?? INDEX_PAGE_SIZE;
  const backward = Boolean(paging.before) && !paging.after;
  const cursor = validCursor(query.sort, decodeCursor((backward ? paging.before : paging.after) ?? null));
  const where: Prisma.PurchaseOrderWhereInput = { shopId: shop.id, deletedAt: null, AND: indexConditions(query, today) };
  const matches = query.search ? await searchMatches(db, shop.id, query.search) : undefined;

  // One row more than a page says whether there is a page beyond it.
  const read: PageRead = { where, query, cursor, backward, direction: backward ? flip(query.direction) : query.direction, take: pageSize + 1 };
  const found = query.sort === "total" || query.paid !== null ? await derivedPage(db, read, matches) : await columnPage(db, read, matches);
  const more = found.length > pageSize;
  const rows = (backward ? found.slice(0, pageSize).reverse() : found.slice(0, pageSize)).map((record) => indexRow(record, today));
  const shopHasOrders =
    rows.length > 0 || (await db.purchaseOrder.findFirst({ where: { shopId: shop.id, deletedAt: null }, select: { id: true } })) !== null;
  const edge = (row: IndexRow | undefined) => (row ? encodeCursor({ value: sortValue(query.sort, row, found), id: row.id }) : null);
  // Arrived from one side, there is a page on that side (its cursor row is there).
  const hasPrevious = backward ? more : cursor !== null;
  const hasNext = backward ? cursor !== null : more;
  return {
    orders: rows,
    previous: hasPrevious ? edge(rows[0]) : null,
    next: hasNext ? edge(rows.at(-1)) : null,
    shopHasOrders,
  };
}

/** The tab's statuses and every filter given, each one condition. */
function indexConditions(query: IndexQuery, today: Date): Prisma.PurchaseOrderWhereInput[] {
  const conditions: Prisma.PurchaseOrderWhereInput[] = [];
  const statuses = statusesOfTab(query.tab);
  if (statuses) conditions.push({ status: { in: [...statuses] } });
  if (query.supplierIds.length > 0) conditions.push({ supplierId: { in: query.supplierIds } });
  if (query.locationIds.length > 0) conditions.push({ locationId: { in: query.locationIds } });
  if (query.expectedFrom) conditions.push({ expectedArrivalAt: { gte: parseDay(query.expectedFrom)! } });
  if (query.expectedTo) conditions.push({ expectedArrivalAt: { lte: parseDay(query.expectedTo)! } });
  if (query.overdue) conditions.push(lateCondition(true, today));
  return conditions;
}

/**
 * The ids of the shop's orders the index's search matches: its PO number (PO-0007, or 7), or part
 * of its supplier's name, the supplier's reference, its reference, one of its numbers in other
 * systems, or a line's SKU (through the lines' text index). The text is taken literally, any case,
 * as the API's text filters take it. They can be thousands: the page is read among them a chunk
 * at a time (columnPage, derivedPage).
 */
async function searchMatches(db: PrismaClient, shopId: string, search: string): Promise<string[]> {
  const number = /^(?:po-?)?0*(\d{1,9})$/i.exec(search);
  // The other systems' numbers are stored as a JSON list: the text is looked for as JSON writes it inside a string.
  const inJsonString = JSON.stringify(search).slice(1, -1);
  const like = (column: Prisma.Sql, text: string) => Prisma.sql`LOWER(${column}) LIKE LOWER(${containsPattern(text)}) ESCAPE '!'`;
  const [byOrder, bySku] = await Promise.all([
    db.$queryRaw<Array<{ id: string }>>`
      SELECT o."id" AS "id" FROM "PurchaseOrder" o JOIN "Supplier" s ON s."id" = o."supplierId"
      WHERE o."shopId" = ${shopId} AND o."deletedAt" IS NULL AND (
        ${number ? Prisma.sql`o."number" = ${Number(number[1])} OR` : Prisma.empty}
        ${like(Prisma.sql`s."name"`, search)} OR ${like(Prisma.sql`o."vendorReference"`, search)} OR ${like(Prisma.sql`o."reference"`, search)}
        OR ${like(Prisma.sql`o."externalNumbers"`, inJsonString)})`,
    ordersWithLineText(db, shopId, search, ["sku"]),
  ]);
  return [...new Set([...byOrder.map((order) => order.id), ...bySku])];
}

/** A cursor whose value is of the sort key's kind; another (a link from another sort) starts over. */
function validCursor(sort: SortKey, cursor: PageCursor | null): PageCursor | null {
  if (!cursor) return null;
  const { value } = cursor;
  const valid =
    sort === "number"
      ? Number.isInteger(value)
      : sort === "created"
        ? typeof value === "string" && !Number.isNaN(Date.parse(value))
        : sort === "expected"
          ? value === null || (typeof value === "string" && parseDay(value) !== null)
          : sort === "total"
            ? typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)
            : typeof value === "string";
  return valid ? cursor : null;
}

/** One page's read: the matching orders beyond `cursor`, `take` of them, read in `direction` (the shown one, flipped when going backward). */
interface PageRead {
  where: Prisma.PurchaseOrderWhereInput;
  query: IndexQuery;
  cursor: PageCursor | null;
  backward: boolean;
  direction: SortDirection;
  take: number;
}

/**
 * A column sort, paged by the database: rows beyond the cursor's (value, id) in the order shown.
 * Orders without an expected date come last in either direction. Going backward reads the order
 * reversed from the cursor (the caller turns the rows round).
 */
async function columnPage(db: PrismaClient, read: PageRead, matches?: readonly string[]): Promise<IndexRecord[]> {
  if (!matches) return db.purchaseOrder.findMany({ ...columnPageQuery(read), include: INDEX_ROW_INCLUDE });
  // Among a search's matches, more than one statement binds: each chunk's page, then the page
  // among those pages, until the candidates fit one statement. The database orders every round,
  // so the page is the one a single statement would give; a round keeps at most `take` of every
  // chunk, fewer than half of it, so the candidates shrink each round.
  const among = (ids: readonly string[]) => ({ ...read, where: { AND: [read.where, { id: { in: [...ids] } }] } });
  let candidates = matches;
  while (candidates.length > LIST_CHUNK_SIZE) {
    if (read.take * 2 > LIST_CHUNK_SIZE) throw new Error(`A page of ${read.take} rows is more than a search's many matches can be paged by`);
    const pages = await inChunks(candidates, (chunk) => db.purchaseOrder.findMany({ ...columnPageQuery(among(chunk)), select: { id: true } }));
    candidates = pages.map((order) => order.id);
  }
  return db.purchaseOrder.findMany({ ...columnPageQuery(among(candidates)), include: INDEX_ROW_INCLUDE });
}

/** A column sort's page as a query: its rows' condition, their order and how many. */
function columnPageQuery({ where, query, cursor, backward, direction, take }: PageRead) {
  const sort = COLUMN_SORTS[query.sort as keyof typeof COLUMN_SORTS];
  const beyond = direction === "asc" ? "gt" : "lt";
  const column = (condition: unknown): Prisma.PurchaseOrderWhereInput =>
    sort.field === "supplierName" ? { supplier: { name: condition as Prisma.StringFilter } } : { [sort.field]: condition };
  const orderBy: Prisma.PurchaseOrderOrderByWithRelationInput[] = [
    sort.field === "supplierName"
      ? { supplier: { name: direction } }
      : sort.nullable
        ? { [sort.field]: { sort: direction, nulls: backward ? "first" : "last" } }
        : { [sort.field]: direction },
    { id: direction },
  ];
  let after: Prisma.PurchaseOrderWhereInput | undefined;
  if (cursor) {
    const value = cursorColumnValue(query.sort, cursor.value);
    const tie = { id: { [beyond]: cursor.id } };
    if (value === null) {
      // Among the undated (last as shown): forward, only undated ones follow; backward, every dated one precedes.
      after = backward ? { OR: [{ NOT: column(null) }, { AND: [column(null), tie] }] } : { AND: [column(null), tie] };
    } else {
      const beyondValue = [column({ [beyond]: value }), { AND: [column(value), tie] }];
      after = { OR: sort.nullable && !backward ? [...beyondValue, column(null)] : beyondValue };
    }
  }
  return { where: after ? { AND: [where, after] } : where, orderBy, take };
}

function cursorColumnValue(sort: SortKey, value: PageCursor["value"]): string | number | Date | null {
  if (value === null) return null;
  if (sort === "created") return new Date(value);
  if (sort === "expected") return parseDay(String(value));
  return value;
}

/**
 * A sort or filter on derived money (total, paid): every matching order's money is derived and
 * they are ordered here, by (value, id) as the database orders columns, and the page is the rows
 * beyond the cursor. It reads all matching orders: totals are derived, not stored (decision 004).
 */
async function derivedPage(
  db: PrismaClient,
  { where, query, cursor, backward, direction, take }: PageRead,
  matches?: readonly string[],
): Promise<IndexRecord[]> {
  const records = matches
    ? await inChunks(matches, (chunk) => db.purchaseOrder.findMany({ where: { AND: [where, { id: { in: chunk } }] }, include: INDEX_ROW_INCLUDE }))
    : await db.purchaseOrder.findMany({ where, include: INDEX_ROW_INCLUDE });
  const keyed = records
    .map((record) => ({ record, money: moneyOfRecord(record) }))
    .filter(({ money }) => query.paid === null || money.paid === (query.paid === "paid"))
    .map(({ record, money }) => ({ record, value: derivedSortValue(query.sort, record, money.total) }));
  const compare = (a: SortableRow, b: SortableRow) => compareSortable(a, b, direction, backward);
  keyed.sort((a, b) => compare({ value: a.value, id: a.record.id }, { value: b.value, id: b.record.id }));
  const start = cursor ? { value: derivedCursorValue(query.sort, cursor.value), id: cursor.id } : null;
  const beyond = start ? keyed.filter((entry) => compare({ value: entry.value, id: entry.record.id }, start) > 0) : keyed;
  return beyond.slice(0, take).map((entry) => entry.record);
}

type SortableValue = Decimal | number | string | null;
type SortableRow = { value: SortableValue; id: string };

/** Ordered by value then id in `direction`; nulls last as shown (so first when reading backward). */
function compareSortable(a: SortableRow, b: SortableRow, direction: SortDirection, backward: boolean): number {
  const sign = direction === "asc" ? 1 : -1;
  if (a.value === null || b.value === null) {
    if (a.value !== b.value) return (a.value === null ? 1 : -1) * (backward ? -1 : 1);
  } else {
    const byValue = a.value instanceof Decimal ? a.value.comparedTo(b.value as Decimal) : a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
    if (byValue !== 0) return byValue * sign;
  }
  return (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * sign;
}

function derivedSortValue(sort: SortKey, record: IndexRecord, total: Decimal): SortableValue {
  switch (sort) {
    case "total":
      return total;
    case "number":
      return record.number;
    case "created":
      return record.createdAt.toISOString();
    case "expected":
      return record.expectedArrivalAt && formatDay(record.expectedArrivalAt);
    case "supplier":
      return record.supplier.name;
  }
}

function derivedCursorValue(sort: SortKey, value: PageCursor["value"]): SortableValue {
  return sort === "total" && value !== null ? new Decimal(value) : value;
}

/** The sort key's value on a row, as its cursor carries it. */
function sortValue(sort: SortKey, row: IndexRow, records: IndexRecord[]): PageCursor["value"] {
  const record = records.find((candidate) => candidate.id === row.id)!;
  switch (sort) {
    case "total":
      return row.total;
    case "number":
      return record.number;
    case "created":
      return record.createdAt.toISOString();
    case "expected":
      return row.expectedArrivalDate;
    case "supplier":
      return record.supplier.name;
  }
}

function flip(direction: SortDirection): SortDirection {
  return direction === "asc" ? "desc" : "asc";
}

function indexRow(record: IndexRecord, today: Date): IndexRow {
  const money = moneyOfRecord(record);
  let receivedUnits = 0;
  let owedUnits = 0;
  for (const line of record.lines) {
    const booked = line.bookingLines.reduce(
      (sum, entry) => ({ received: sum.received + entry.received, cancelled: sum.cancelled + entry.cancelled }),
      {
        received: 0,
        cancelled: 0,
      },
    );
    receivedUnits += booked.received;
    owedUnits += Math.max(0, expectedQuantity({ ordered: line.quantityOrdered, confirmed: line.quantityConfirmed }) - booked.cancelled);
  }
  const status = record.status as PurchaseOrderStatus;
  const due = record.promiseDate ?? record.expectedArrivalAt;
  return {
    id: record.id,
    name: purchaseOrderName(record.number),
    status,
    completing: record.completingSince !== null,
    supplierName: record.supplier.name,
    locationId: record.locationId,
    expectedArrivalDate: record.expectedArrivalAt && formatDay(record.expectedArrivalAt),
    overdue: !SETTLED_STATUSES.includes(status) && due !== null && due < today,
    receivedUnits,
    owedUnits,
    total: money.total.toFixed(2),
    currencyCode: record.currencyCode,
    paid: money.paid,
  };
}

/** The index's rows of the given orders of the shop (a bulk action's selection), in the order given; others' ids are left out. */
export async function indexRowsOf(db: PrismaClient, shopDomain: string, orderIds: readonly string[], now: Date = clockNow()): Promise<IndexRow[]> {
  const shop = await requireShop(db, shopDomain);
  const today = dayInTimeZone(now, shop.ianaTimezone);
  const records = await inChunks(orderIds, (chunk) =>
    db.purchaseOrder.findMany({ where: { shopId: shop.id, deletedAt: null, id: { in: chunk } }, include: INDEX_ROW_INCLUDE }),
  );
  const byId = new Map(records.map((record) => [record.id, indexRow(record, today)]));
  return orderIds.flatMap((id) => byId.get(id) ?? []);
}
