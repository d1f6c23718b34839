import { z } from "zod";

import { parseDay } from "~/domain/dates";
import { decodeCursor, encodeCursor } from "~/domain/purchase-order/index-query";
import { PURCHASE_ORDER_STATUSES } from "~/domain/purchase-order/status";
import type { PurchaseOrderSearchHit, SearchTime } from "~/services/purchase-order-search.server";

import { apiSchemas, money, recordId, timestamp } from "./schemas";

/** Searching purchase orders: the query the list operation takes and the summaries it answers. */

const day = z.iso.date().describe("A calendar day, YYYY-MM-DD.");

export const PurchaseOrderSummary = z
  .strictObject({
    id: z.string(),
    name: z.string().describe("The PO number as printed, e.g. PO-0012."),
    status: z.enum(PURCHASE_ORDER_STATUSES),
    supplier_id: z.string(),
    supplier_name: z.string(),
    line_count: z.int().nonnegative(),
    total_quantity: z.int().nonnegative(),
    subtotal: money.describe("What the lines are owed for: Σ (confirmed, else ordered) − cancelled, × unit cost − discount."),
    ordered_value: money.describe("What the lines were ordered for: Σ ordered × unit cost − discount."),
    currency_code: z.string(),
    vendor_reference: z.string().nullable().describe("The supplier's own reference for the order."),
    order_public_references: z.array(z.string()).describe("The sales order numbers (in Shopify or elsewhere) the order is linked to."),
    customer_name: z.string().nullable().describe("The name on the shipping address (a drop-ship order's end customer), if one is set."),
    supplier_confirmed: z.boolean().describe("The supplier said it confirmed the order (set by the merchant, apart from line confirmations)."),
    promise_date: day.nullable().describe("The day the supplier promised delivery."),
    expected_arrival_date: day.nullable().describe("The day the merchant expects the goods."),
    created_at: timestamp,
    updated_at: timestamp,
    sent_at: timestamp.nullable(),
  })
  .register(apiSchemas, { id: "PurchaseOrderSummary" });

export const PurchaseOrderList = z
  .strictObject({
    purchase_orders: z.array(PurchaseOrderSummary),
    paging: z.strictObject({
      page: z.int().positive(),
      per_page: z.int().positive(),
      total: z.int().nonnegative().describe("Orders matching the search, on all pages."),
      total_pages: z.int().nonnegative().describe("Pages of `per_page` orders (0 when nothing matches)."),
      next_after: z
        .string()
        .nullable()
        .describe(
          "Where the next page starts: give it as `after` to read on (null on the last page). Pages read so stay exact while orders are created or deleted.",
        ),
    }),
  })
  .register(apiSchemas, { id: "PurchaseOrderList" });

/**
 * A list: comma-separated, the parameter repeated (`?search[status]=sent&search[status]=draft`), or
 * over MCP a JSON array (blanks between commas ignored); an entry at fault is named in the message,
 * not as a sub-field.
 */
function commaList<Item extends z.ZodType<string, string>>(item: Item) {
  return z.union([z.string(), z.array(z.string())]).transform((value, context) => {
    const entries = (Array.isArray(value) ? value : [value])
      .flatMap((entry) => entry.split(","))
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0);
    if (entries.length === 0) context.addIssue({ code: "custom", message: "Give at least one value" });
    const parsed: Array<z.output<Item>> = [];
    for (const entry of entries) {
      const result = item.safeParse(entry);
      if (result.success) parsed.push(result.data);
      else context.addIssue({ code: "custom", message: `"${entry}": ${result.error.issues[0]?.message ?? "not accepted"}` });
    }
    return parsed;
  });
}

const text = z.string().trim().min(1, "Must not be blank").max(200);

/**
 * A whole number within `number`'s bounds: its digits in a query string, text or a JSON integer
 * over MCP. Nothing else stands for one (z.coerce read " 1 ", 1e1, 0x10, true and [2] as numbers).
 */
function wholeNumber(number: z.ZodNumber) {
  return z.union(
    [
      number,
      z
        .string()
        .regex(/^\d{1,15}$/)
        .transform(Number)
        .pipe(number),
    ],
    { error: "Must be a whole number, e.g. 2" },
  );
}

const FLAG_MESSAGE = "Must be true, 1 or yes, or false, 0 or no";
/** A yes/no filter: text in a query string, text or a JSON boolean over MCP. */
const flag = z
  .union([z.boolean(), z.stringbool({ truthy: ["true", "1", "yes"], falsy: ["false", "0", "no"], case: "insensitive", error: FLAG_MESSAGE })], {
    error: FLAG_MESSAGE,
  })
  .describe("true, 1 or yes; false, 0 or no (any case).");

/**
 * `2026-01-31`, `2026-01-31T09:30`, `2026-01-31T09:30:00(.123)` with or without an offset (`Z`,
 * `+01:00`, `-05:00`). A `+` left unencoded in a query string arrives as a space: read it as `+`.
 */
const SEARCH_TIME = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/i;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** A search time as the service takes it, or null when the text is no real time. */
function parseSearchTime(value: string): SearchTime | null {
  const match = SEARCH_TIME.exec(value.trim().replace(/ (\d{2}:\d{2})$/, "+$1"));
  const date = match && parseDay(match[1]!);
  if (!match || !date) return null;
  const [hours, minutes, seconds] = [match[2], match[3], match[4]].map((part) => Number(part ?? 0)) as [number, number, number];
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const wallClockMs = date.getTime() + hours * HOUR_MS + minutes * MINUTE_MS + seconds * 1000 + Number((match[5] ?? "").padEnd(3, "0").slice(0, 3));
  const offset = match[6]?.toUpperCase();
  if (offset === undefined) return { wallClockMs, wholeDay: match[2] === undefined };
  if (offset === "Z") return { instant: new Date(wallClockMs) };
  const [offsetHours, offsetMinutes] = offset.slice(1).split(":").map(Number) as [number, number];
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const sign = offset.startsWith("-") ? -1 : 1;
  return { instant: new Date(wallClockMs - sign * (offsetHours * HOUR_MS + offsetMinutes * MINUTE_MS)) };
}

/** `happened`: what the time bounds, e.g. "created" (orders created at or after this time). */
function searchTime(bound: "min" | "max", happened: string) {
  const reading =
    bound === "min" ? "A day alone means from the start of that day." : "A day alone means to the end of that day (the whole day included).";
  return z
    .string()
    .transform((value, context) => {
      const time = parseSearchTime(value);
      if (time) return time;
      context.addIssue({
        code: "custom",
        message: "Must be an ISO 8601 date or time, e.g. 2026-01-31, 2026-01-31T09:00:00 or 2026-01-31T09:00:00+01:00",
      });
      return z.NEVER;
    })
    .optional()
    .describe(
      `Orders ${happened} ${bound === "min" ? "at or after" : "at or before"} this time. ISO 8601: with an offset ` +
        "(2026-01-31T09:00:00+01:00, or Z) it is that instant; without one (2026-01-31T09:00:00, 2026-01-31) it is read in the " +
        `shop's time zone (Shopify's shop time zone, daylight saving included). ${reading} Anything else is refused (422).`,
    );
}

export const PER_PAGE_MAX = 250;

export const PurchaseOrderListQuery = z.strictObject({
  "search[ids]": commaList(recordId).optional().describe("Comma-separated order ids: only these orders."),
  "search[status]": commaList(z.enum(PURCHASE_ORDER_STATUSES))
    .optional()
    .describe(`One status, or several comma-separated (any of them): ${PURCHASE_ORDER_STATUSES.join(", ")}.`),
  "search[customer_name]": text
    .optional()
    .describe("Part of the name on the order's shipping address (for a drop-ship order, the end customer), any case: `smith` finds Jane Smith."),
  "search[public_reference]": z
    .string()
    // Not trimmed: the pattern is the document's, and " 12" does not match it. No /i flag: the pattern is published in the OpenAPI document, and JSON Schema patterns take none.
    .regex(/^(?:[Pp][Oo]-?)?\d{1,9}$/, "Must be a PO number such as PO-0012 (or 12)")
    .transform((value) => Number(/\d+$/.exec(value)![0]))
    .optional()
    .describe("The PO number as printed, PO-0012; PO12 and 12 find the same order."),
  "search[order_public_reference]": text
    .optional()
    .describe(
      "A sales order number the purchase order is linked to (its `order_public_references`), whole, any case; the leading # is " +
        "optional: 1001 and #1001 both find an order linked to #1001.",
    ),
  "search[vendor_reference]": text.optional().describe("The supplier's reference for the order, whole (not a part of it), any case."),
  "search[order_item_name]": text
    .optional()
    .describe('Part of a line\'s product title, variant title or SKU, any case: `mug` finds a line "Blue Mug / Large".'),
  "search[fulfilled]": flag
    .optional()
    .describe("true: every line is received or closed (status received or completed). false: every other order. " + flag.description),
  "search[late]": flag
    .optional()
    .describe(
      "true: the goods are overdue: the order is not received, completed or cancelled, and the supplier's promise date (or, " +
        "when none was given, the expected arrival date) is a day before today in the shop's time zone (an order due today is " +
        "not late yet). Orders with neither date are never late. false: every other order. " +
        flag.description,
    ),
  "search[confirmed]": flag
    .optional()
    .describe(
      "true: the supplier confirmed the order: marked supplier-confirmed, every line confirmed, or status confirmed or " +
        "in_progress. false: none of these. " +
        flag.description,
    ),
  "search[canceled]": flag.optional().describe("true: only cancelled orders. false: no cancelled orders. " + flag.description),
  "search[supplier_id]": recordId.optional().describe("Only this supplier's orders (a supplier id)."),
  "search[created_at_min]": searchTime("min", "created"),
  "search[created_at_max]": searchTime("max", "created"),
  "search[updated_at_min]": searchTime("min", "last changed"),
  "search[updated_at_max]": searchTime("max", "last changed"),
  "search[sent_at_min]": searchTime("min", "sent to the supplier (orders never sent never match)"),
  "search[sent_at_max]": searchTime("max", "sent to the supplier (orders never sent never match)"),
  page: wholeNumber(z.int().min(1, "Must be 1 or more"))
    .optional()
    .describe("1 (the default) for the first page; a page past the last is empty (see `paging.total`). Not with `after`."),
  after: z
    .string()
    .max(2000)
    .transform((text, context) => {
      const cursor = decodeCursor(text);
      if (cursor && typeof cursor.value === "number" && Number.isInteger(cursor.value)) return cursor.value;
      context.addIssue({ code: "custom", message: "Not a cursor this list gave: use a page's `paging.next_after`" });
      return z.NEVER;
    })
    .optional()
    .describe(
      "The page after the one whose `paging.next_after` this is (the orders older than its last one, with the same filters): " +
        "paging by cursor skips nothing and repeats nothing while orders are created or deleted, unlike `page`.",
    ),
  per_page: wholeNumber(z.int().min(1, "Must be 1 or more").max(PER_PAGE_MAX, `At most ${PER_PAGE_MAX} per page`))
    .default(PER_PAGE_MAX)
    .describe(`Orders per page. Default and most: ${PER_PAGE_MAX}; more is refused (422), not capped.`),
});

/**
 * Values each filter takes, as a client writes them: published in the OpenAPI document, and run
 * through REST and MCP alike by the tests (one entry per filter, so a new filter comes with them).
 */
export const PURCHASE_ORDER_LIST_EXAMPLES = {
  "search[ids]": ["cmx81jsoe0001xw7ds9mpocf6", "cmx81jsoe0001xw7ds9mpocf6,cmx81jsoe0002xw7d1b6vd0a3"],
  "search[status]": ["sent", "draft,sent", "completed, cancelled"],
  "search[customer_name]": ["smith", "Jane Smith"],
  "search[public_reference]": ["PO-0001", "po2", "1"],
  "search[order_public_reference]": ["#1001", "1001"],
  "search[vendor_reference]": ["SO-88"],
  "search[order_item_name]": ["widget", "W-1"],
  "search[fulfilled]": ["true", "false"],
  "search[late]": ["true", "false"],
  "search[confirmed]": ["yes", "0"],
  "search[canceled]": ["true", "no"],
  "search[supplier_id]": ["cmx81jsoe0001xw7ds9mpocf6"],
  "search[created_at_min]": ["2026-01-31", "2026-01-31T09:30:00+01:00"],
  "search[created_at_max]": ["2026-01-31", "2026-01-31T09:30:00Z"],
  "search[updated_at_min]": ["2026-01-31T09:30"],
  "search[updated_at_max]": ["2026-01-31"],
  "search[sent_at_min]": ["2026-01-31"],
  "search[sent_at_max]": ["2026-01-31T23:59:59-05:00"],
  page: ["1", "2"],
  after: [encodeCursor({ value: 12, id: "cmx81jsoe0001xw7ds9mpocf6" })],
  per_page: ["1", "250"],
} satisfies Record<keyof typeof PurchaseOrderListQuery.shape, readonly string[]>;

export function summaryJson(order: PurchaseOrderSearchHit): z.infer<typeof PurchaseOrderSummary> {
  return {
    id: order.id,
    name: order.name,
    status: order.status,
    supplier_id: order.supplierId,
    supplier_name: order.supplierName,
    line_count: order.lineCount,
    total_quantity: order.totalQuantity,
    subtotal: order.subtotal,
    ordered_value: order.orderedValue,
    currency_code: order.currencyCode,
    vendor_reference: order.vendorReference,
    order_public_references: order.externalNumbers,
    customer_name: order.customerName,
    supplier_confirmed: order.supplierConfirmed,
    promise_date: order.promiseDate,
    expected_arrival_date: order.expectedArrivalDate,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    sent_at: order.sentAt,
  };
}
