import type { CatalogueItem, Prisma, PrismaClient } from "@prisma/client";

import {
  CATALOGUE_PAGE_SIZE,
  checkCatalogueTerms,
  codeKey,
  findCodeConflicts,
  planCatalogueImport,
  readCatalogueCsv,
  writeCatalogueCsv,
  type CatalogueCodes,
  type CatalogueCursor,
  type CatalogueTerms,
  type CatalogueTermsInput,
  type ResolvedVariant,
  MAX_CATALOGUE_SEARCH_LENGTH,
} from "~/domain/catalogue";
import { NotFoundError, ValidationError, type FieldErrors } from "~/domain/errors";

import type { Actor } from "./actor";
import type { ShopifyGateway, VariantSummary } from "./shopify/gateway.server";
import { recordShopChange, requireSupplier } from "./suppliers.server";

/**
 * A supplier's catalogue: add an item by its Shopify SKU, edit or remove it, import and export
 * it as CSV. Shopify is asked before the transaction; the catalogue's own rules (codes unique
 * within it) are decided inside it, on the rows as they are then.
 */

type Db = PrismaClient | Prisma.TransactionClient;

export interface CatalogueItemView {
  id: string;
  variantId: string;
  inventoryItemId: string | null;
  sku: string | null;
  barcode: string | null;
  supplierSku: string | null;
  alternateSkus: string[];
  unitCost: string;
  currencyCode: string;
  minimumOrderQuantity: number;
  packSize: number;
}

export async function listCatalogue(db: PrismaClient, shopDomain: string, supplierId: string) {
  const supplier = await requireSupplier(db, shopDomain, supplierId);
  return supplierCatalogue(db, supplier.id);
}

/** A supplier's items, for callers that already scoped the supplier to the shop. */
export async function supplierCatalogue(db: Db, supplierId: string): Promise<CatalogueItemView[]> {
  const rows = await db.catalogueItem.findMany({ where: { supplierId }, orderBy: [{ sku: "asc" }, { createdAt: "asc" }] });
  return rows.map(toView);
}

export interface CataloguePageRequest {
  /** Part of a SKU, supplier SKU, alternate SKU or barcode, or words of the product's title. */
  query: string;
  /** A page link: the items after this cursor, or before it (at most one of the two). */
  after: string | null;
  before: string | null;
}

export interface CataloguePage {
  items: CatalogueItemView[];
  /** Items matching the query, on every page. */
  matching: number;
  /** Links to the neighbouring pages, null at either end. */
  next: string | null;
  previous: string | null;
}

/** How many of Shopify's variants matching a title search are looked for in the catalogue (a query of 250 exceeds Shopify's cost limit). */
const TITLE_MATCHES = 100;

/**
 * One page of a supplier's catalogue (50 items, keyset on SKU then id), narrowed by a search:
 * codes are matched in the catalogue itself, titles through Shopify's product search (the
 * catalogue keeps no titles, which Shopify owns).
 */
export async function catalogueItemsPage(
  deps: { db: PrismaClient; gateway: ShopifyGateway },
  shopDomain: string,
  supplierId: string,
  request: CataloguePageRequest,
): Promise<CataloguePage> {
  const { db, gateway } = deps;
  const supplier = await requireSupplier(db, shopDomain, supplierId);
  const query = request.query.trim();
  if (query.length > MAX_CATALOGUE_SEARCH_LENGTH) throw new ValidationError({ query: `At most ${MAX_CATALOGUE_SEARCH_LENGTH} characters` });
  if (request.after && request.before) throw new ValidationError({ before: "A page is after one item or before another, not both" });
  const after = request.after ? decodeCursor(request.after, "after") : null;
  const before = request.before ? decodeCursor(request.before, "before") : null;

  let matching: Prisma.CatalogueItemWhereInput = { supplierId: supplier.id };
  if (query) {
    const titled = await gateway.searchVariants({ text: query }, TITLE_MATCHES);
    matching = {
      supplierId: supplier.id,
      OR: [
        { sku: { contains: query } },
        { supplierSku: { contains: query } },
        { alternateSkus: { contains: JSON.stringify(query).slice(1, -1) } },
        { barcode: { contains: query } },
        { variantId: { in: titled.map((variant) => variant.id) } },
      ],
    };
  }
  const backwards = before !== null;
  const edge = before ?? after;
  const rows = await db.catalogueItem.findMany({
    where: edge ? { AND: [matching, beyond(edge, backwards ? "before" : "after")] } : matching,
    orderBy: backwards ? [{ sku: { sort: "desc", nulls: "first" } }, { id: "desc" }] : [{ sku: { sort: "asc", nulls: "last" } }, { id: "asc" }],
    take: CATALOGUE_PAGE_SIZE + 1,
  });
  const more = rows.length > CATALOGUE_PAGE_SIZE;
  const page = rows.slice(0, CATALOGUE_PAGE_SIZE);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  return {
    items: page.map(toView),
    matching: await db.catalogueItem.count({ where: matching }),
    // A page reached from a link has items on the side it came from; the other side has more when a row was left over.
    next: last && (backwards || more) ? encodeCursor(last) : null,
    previous: first && (backwards ? more : after !== null) ? encodeCursor(first) : null,
  };
}

/** The items past a cursor in SKU order (items without a SKU last), ties broken by id. */
function beyond(cursor: CatalogueCursor, side: "after" | "before"): Prisma.CatalogueItemWhereInput {
  const { sku, id } = cursor;
  if (side === "after") {
    return sku === null ? { sku: null, id: { gt: id } } : { OR: [{ sku: { gt: sku } }, { sku, id: { gt: id } }, { sku: null }] };
  }
  return sku === null ? { OR: [{ sku: { not: null } }, { sku: null, id: { lt: id } }] } : { OR: [{ sku: { lt: sku } }, { sku, id: { lt: id } }] };
}

function encodeCursor(item: { sku: string | null; id: string }): string {
  return Buffer.from(JSON.stringify([item.sku, item.id]), "utf8").toString("base64url");
}

/** The cursor a page link carries; anything else is refused, naming the parameter it came in. */
function decodeCursor(text: string, field: "after" | "before"): CatalogueCursor {
  let decoded: unknown = null;
  try {
    decoded = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    // Not JSON: refused below like any other shape.
  }
  if (Array.isArray(decoded) && decoded.length === 2 && (decoded[0] === null || typeof decoded[0] === "string") && typeof decoded[1] === "string") {
    return { sku: decoded[0], id: decoded[1] };
  }
  throw new ValidationError({ [field]: "Not a catalogue page link: open the catalogue's first page again" });
}

/** How many variant ids one lookup binds: SQLite refuses statements with more than 999 parameters. */
const LISTINGS_PER_QUERY = 500;

/** A supplier's listings of these variants, by variant id (variants it does not list are absent). */
export async function catalogueListings(db: Db, supplierId: string, variantIds: readonly string[]): Promise<Map<string, CatalogueItemView>> {
  const unique = [...new Set(variantIds)];
  const listings = new Map<string, CatalogueItemView>();
  for (let start = 0; start < unique.length; start += LISTINGS_PER_QUERY) {
    const rows = await db.catalogueItem.findMany({ where: { supplierId, variantId: { in: unique.slice(start, start + LISTINGS_PER_QUERY) } } });
    for (const row of rows) listings.set(row.variantId, toView(row));
  }
  return listings;
}

export interface NewCatalogueItemInput extends CatalogueTermsInput {
  /** The variant's SKU in Shopify. */
  sku: string;
}

export async function addCatalogueItem(
  deps: { db: PrismaClient; gateway: ShopifyGateway },
  shopDomain: string,
  actor: Actor,
  supplierId: string,
  input: NewCatalogueItemInput,
): Promise<CatalogueItemView> {
  const { db, gateway } = deps;
  const supplier = await requireSupplier(db, shopDomain, supplierId);
  const { terms, errors } = checkCatalogueTerms(input);
  const fieldErrors: FieldErrors = { ...errors };
  const sku = input.sku.trim();
  let variant: VariantSummary | null = null;
  if (!sku) fieldErrors.sku = "Enter the variant's SKU in Shopify";
  else {
    variant = await gateway.variantBySku(sku);
    if (!variant) fieldErrors.sku = `No variant in your Shopify store has the SKU "${sku}"`;
  }
  if (!terms || !variant || Object.keys(fieldErrors).length > 0) throw new ValidationError(fieldErrors);

  return db.$transaction(async (tx) => {
    const existing = await supplierCatalogue(tx, supplier.id);
    if (existing.some((item) => item.variantId === variant.id)) {
      throw new ValidationError({ sku: `${variant.sku ?? sku} is already in this catalogue; edit that item instead` });
    }
    assertCodesFree(existing, { variantId: variant.id, ...terms });
    const created = await tx.catalogueItem.create({
      data: { supplierId: supplier.id, currencyCode: supplier.currencyCode, ...snapshot(variant), ...columns(terms) },
    });
    await recordShopChange(tx, supplier.shopId, actor, "add_catalogue_item", {
      supplierId: supplier.id,
      variantId: variant.id,
      ...describe(terms),
    });
    return toView(created);
  });
}

export async function updateCatalogueItem(
  db: PrismaClient,
  shopDomain: string,
  actor: Actor,
  supplierId: string,
  itemId: string,
  input: CatalogueTermsInput,
): Promise<CatalogueItemView> {
  const item = await requireItem(db, shopDomain, supplierId, itemId);
  const { terms, errors } = checkCatalogueTerms(input);
  if (!terms) throw new ValidationError(errors as FieldErrors);
  return db.$transaction(async (tx) => {
    const others = (await supplierCatalogue(tx, item.supplierId)).filter((other) => other.id !== item.id);
    assertCodesFree(others, { variantId: item.variantId, ...terms });
    const updated = await tx.catalogueItem.update({
      where: { id: item.id },
      // Saved in the supplier's currency as it is now, which is what the merchant was shown.
      data: { ...columns(terms), currencyCode: item.supplier.currencyCode },
    });
    await recordShopChange(tx, item.supplier.shopId, actor, "update_catalogue_item", {
      supplierId: item.supplierId,
      variantId: item.variantId,
      from: describe(toView(item)),
      to: describe(terms),
    });
    return toView(updated);
  });
}

export async function removeCatalogueItem(db: PrismaClient, shopDomain: string, actor: Actor, supplierId: string, itemId: string) {
  const item = await requireItem(db, shopDomain, supplierId, itemId);
  await db.$transaction(async (tx) => {
    await tx.catalogueItem.delete({ where: { id: item.id } });
    await recordShopChange(tx, item.supplier.shopId, actor, "remove_catalogue_item", {
      supplierId: item.supplierId,
      variantId: item.variantId,
      ...describe(toView(item)),
    });
  });
}

export interface ImportResult {
  created: number;
  updated: number;
}

/**
 * Imports a catalogue CSV: every row is checked (format, Shopify lookups, duplicates, codes)
 * before anything is written, and then all rows are upserted in one transaction — or, with
 * any issue, none (CatalogueImportError lists them by row and column).
 */
export async function importCatalogueCsv(
  deps: { db: PrismaClient; gateway: ShopifyGateway },
  shopDomain: string,
  actor: Actor,
  supplierId: string,
  text: string,
): Promise<ImportResult> {
  const { db, gateway } = deps;
  const supplier = await requireSupplier(db, shopDomain, supplierId);
  const read = readCatalogueCsv(text);
  const variantsById = await gateway.variantsByIds(read.rows.flatMap((row) => (row.variantId ? [row.variantId] : [])));
  const variantsBySku = await variantsForSkus(
    gateway,
    read.rows.flatMap((row) => (!row.variantId && row.sku ? [row.sku] : [])),
  );

  return db.$transaction(async (tx) => {
    const existing = await supplierCatalogue(tx, supplier.id);
    const upserts = planCatalogueImport({ read, variantsById, variantsBySku, existing });
    const known = new Set(existing.map((item) => item.variantId));
    for (const { variant, terms } of upserts) {
      const data = { currencyCode: supplier.currencyCode, ...snapshot(variant), ...columns(terms) };
      await tx.catalogueItem.upsert({
        where: { supplierId_variantId: { supplierId: supplier.id, variantId: variant.id } },
        create: { supplierId: supplier.id, ...data },
        update: data,
      });
    }
    const result = {
      created: upserts.filter((upsert) => !known.has(upsert.variant.id)).length,
      updated: upserts.filter((upsert) => known.has(upsert.variant.id)).length,
    };
    await recordShopChange(tx, supplier.shopId, actor, "import_catalogue", { supplierId: supplier.id, ...result });
    return result;
  });
}

export async function exportCatalogueCsv(db: PrismaClient, shopDomain: string, supplierId: string) {
  const supplier = await requireSupplier(db, shopDomain, supplierId);
  const items = await supplierCatalogue(db, supplier.id);
  const slug =
    supplier.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "supplier";
  return { filename: `${slug}-catalogue.csv`, csv: writeCatalogueCsv(items) };
}

/**
 * Shopify's search syntax could fetch several SKUs at once (`sku:A OR sku:B`), but the Admin
 * API stand-in refuses OR, so each SKU is one request; a few run at a time.
 */
const SKU_LOOKUPS_AT_ONCE = 4;

async function variantsForSkus(gateway: ShopifyGateway, skus: readonly string[]) {
  const unique = [...new Map(skus.map((sku) => [codeKey(sku), sku])).values()];
  const found = new Map<string, ResolvedVariant>();
  for (let start = 0; start < unique.length; start += SKU_LOOKUPS_AT_ONCE) {
    const batch = unique.slice(start, start + SKU_LOOKUPS_AT_ONCE);
    const variants = await Promise.all(batch.map((sku) => gateway.variantBySku(sku)));
    batch.forEach((sku, index) => {
      const variant = variants[index];
      if (variant) found.set(codeKey(sku), variant);
    });
  }
  return found;
}

/** An item of this supplier's catalogue; another supplier's item (or another shop's) is not found. */
async function requireItem(db: PrismaClient, shopDomain: string, supplierId: string, itemId: string) {
  const item = await db.catalogueItem.findFirst({
    where: { id: itemId, supplierId, supplier: { shop: { domain: shopDomain } } },
    include: { supplier: { select: { shopId: true, currencyCode: true } } },
  });
  if (!item) throw new NotFoundError("Catalogue item", itemId);
  return item;
}

/** The changed item goes last, so a clash is reported against it rather than the item keeping the code. */
function assertCodesFree(others: readonly CatalogueItemView[], changed: CatalogueCodes) {
  const [conflict] = findCodeConflicts([...others, changed]);
  if (!conflict) return;
  const owner = others[conflict.otherIndex];
  throw new ValidationError({
    [conflict.field]: `"${conflict.code}" already names ${owner?.sku ?? owner?.variantId ?? "another item"} in this catalogue`,
  });
}

function snapshot(variant: ResolvedVariant) {
  return { variantId: variant.id, inventoryItemId: variant.inventoryItemId, sku: variant.sku, barcode: variant.barcode };
}

function columns(terms: CatalogueTerms) {
  return {
    supplierSku: terms.supplierSku,
    alternateSkus: JSON.stringify(terms.alternateSkus),
    unitCost: terms.unitCost.toFixed(),
    minimumOrderQuantity: terms.minimumOrderQuantity,
    packSize: terms.packSize,
  };
}

/** The terms as the audit trail records them, from parsed input or a stored item alike. */
function describe(terms: Omit<CatalogueTerms, "unitCost"> & { unitCost: { toString(): string } }) {
  const { supplierSku, alternateSkus, minimumOrderQuantity, packSize } = terms;
  return { supplierSku, alternateSkus, unitCost: terms.unitCost.toString(), minimumOrderQuantity, packSize };
}

function toView(row: CatalogueItem): CatalogueItemView {
  return {
    id: row.id,
    variantId: row.variantId,
    inventoryItemId: row.inventoryItemId,
    sku: row.sku,
    barcode: row.barcode,
    supplierSku: row.supplierSku,
    alternateSkus: JSON.parse(row.alternateSkus) as string[],
    unitCost: row.unitCost.toString(),
    currencyCode: row.currencyCode,
    minimumOrderQuantity: row.minimumOrderQuantity,
    packSize: row.packSize,
  };
}
