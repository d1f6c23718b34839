import { parseDay } from "../dates";
import { withoutControlCharacters } from "../input";
import { STATUS_TAB_IDS, type StatusTab } from "./status";

/**
 * What the purchase orders index shows, as its URL carries it: the status tab, filters and sort.
 * The URL is the state (shareable, the back button works); a saved view stores the same query.
 * A value that is not one the index offers reads as not given (a link typed by hand, an old
 * bookmark): the index still opens, showing what it can.
 */
export const SORT_KEYS = ["number", "created", "expected", "total", "supplier"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = "asc" | "desc";

export type PaidFilter = "paid" | "unpaid";

export interface IndexQuery {
  tab: StatusTab;
  /** Free text: the PO number, supplier, references, a line's SKU. */
  search: string;
  supplierIds: string[];
  /** Shopify location gids. */
  locationIds: string[];
  /** Expected arrival between these calendar days (YYYY-MM-DD), both included. */
  expectedFrom: string | null;
  expectedTo: string | null;
  /** Only orders whose goods are overdue (the REST list's `late`). */
  overdue: boolean;
  paid: PaidFilter | null;
  sort: SortKey;
  direction: SortDirection;
}

export const DEFAULT_INDEX_QUERY: IndexQuery = {
  tab: "all",
  search: "",
  supplierIds: [],
  locationIds: [],
  expectedFrom: null,
  expectedTo: null,
  overdue: false,
  paid: null,
  sort: "number",
  direction: "desc",
};

const MAX_LIST = 50;
const MAX_SEARCH = 200;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((candidate) => candidate === value);
}

function day(value: string | null): string | null {
  return value && parseDay(value) ? value : null;
}

/** Ids given, the parameter repeated; blanks and repeats dropped. */
function ids(params: URLSearchParams, name: string): string[] {
  const values = params
    .getAll(name)
    .map((value) => value.trim())
    .filter((value) => value.length > 0 && value.length <= 200);
  return [...new Set(values)].slice(0, MAX_LIST);
}

export function parseIndexQuery(params: URLSearchParams): IndexQuery {
  const [sort, direction] = (params.get("sort") ?? "").split("-");
  const knownSort = oneOf(SORT_KEYS, sort ?? null);
  return {
    tab: oneOf(STATUS_TAB_IDS, params.get("tab")) ?? DEFAULT_INDEX_QUERY.tab,
    // A NUL would cut the text short for SQLite's text index, and PostgreSQL cannot bind one: the search box drops control characters.
    search: withoutControlCharacters(params.get("q") ?? "")
      .trim()
      .slice(0, MAX_SEARCH),
    supplierIds: ids(params, "supplier"),
    locationIds: ids(params, "location"),
    expectedFrom: day(params.get("expected_from")),
    expectedTo: day(params.get("expected_to")),
    overdue: params.get("overdue") === "1",
    paid: oneOf(["paid", "unpaid"] as const, params.get("paid")) ?? null,
    sort: knownSort ?? DEFAULT_INDEX_QUERY.sort,
    direction: knownSort ? (oneOf(["asc", "desc"] as const, direction ?? null) ?? "desc") : DEFAULT_INDEX_QUERY.direction,
  };
}

/** The query as URL parameters, leaving out what is the default (so the plain index has a plain URL). */
export function indexQueryParams(query: IndexQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.tab !== DEFAULT_INDEX_QUERY.tab) params.set("tab", query.tab);
  if (query.search) params.set("q", query.search);
  for (const id of query.supplierIds) params.append("supplier", id);
  for (const id of query.locationIds) params.append("location", id);
  if (query.expectedFrom) params.set("expected_from", query.expectedFrom);
  if (query.expectedTo) params.set("expected_to", query.expectedTo);
  if (query.overdue) params.set("overdue", "1");
  if (query.paid) params.set("paid", query.paid);
  if (query.sort !== DEFAULT_INDEX_QUERY.sort || query.direction !== DEFAULT_INDEX_QUERY.direction) {
    params.set("sort", `${query.sort}-${query.direction}`);
  }
  return params;
}

/** Whether any filter or search narrows the tab (the empty state then offers to clear them). */
export function isFiltered(query: IndexQuery): boolean {
  return (
    query.search !== "" ||
    query.supplierIds.length > 0 ||
    query.locationIds.length > 0 ||
    query.expectedFrom !== null ||
    query.expectedTo !== null ||
    query.overdue ||
    query.paid !== null
  );
}

/**
 * Where a page starts or ends: the sort key's value on the row at the page's edge and that row's
 * id (the tie-breaker: rows with equal keys are ordered by id, so no row is repeated or skipped).
 */
export interface PageCursor {
  /** A number for `number`, an ISO time for `created`, a day for `expected`, a decimal for `total`, text for `supplier`. */
  value: string | number | null;
  id: string;
}

export function encodeCursor(cursor: PageCursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify([cursor.value, cursor.id]));
  return btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(""));
}

/** A cursor read back, or null when the text is not one (the first page is shown instead). */
export function decodeCursor(text: string | null): PageCursor | null {
  if (!text || text.length > 2000) return null;
  try {
    const bytes = Uint8Array.from(atob(text), (character) => character.charCodeAt(0));
    const parsed: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [value, id] = parsed as unknown[];
    if (typeof id !== "string" || !(value === null || typeof value === "string" || typeof value === "number")) return null;
    return { value, id };
  } catch {
    return null;
  }
}
