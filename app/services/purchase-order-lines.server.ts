import type { Prisma, PrismaClient } from "@prisma/client";

import { matchCatalogueCode } from "~/domain/catalogue";
import { isShopifyId } from "~/domain/input";
import { NotFoundError, ValidationError } from "~/domain/errors";
import type { OrderCurrencies } from "~/domain/money";
import type { NewLineInput } from "~/domain/purchase-order/lifecycle";
import { newLineUnitCost, type SupplierVendor } from "~/domain/purchase-order/new-line";
import type { LineItem } from "~/domain/purchase-order/order";

import type { Actor } from "./actor";
import { supplierCatalogue, type CatalogueItemView } from "./catalogue.server";
import { performAction, type ActionOptions, type LifecycleDeps } from "./purchase-order-lifecycle.server";
import type { ShopifyGateway, VariantSummary } from "./shopify/gateway.server";

/**
 * Adding a line: a variant resolved from Shopify, or a custom line that is free text and never
 * pushed to Shopify. A variant is named by its id or by a code (see variantForCode); its unit
 * cost, when none is given, is its default on this order (app/domain/purchase-order/new-line.ts:
 * the supplier's catalogue price in the order's currency, else Shopify's cost in or converted to
 * it; else the merchant is asked for one). Resolution happens before the lifecycle decides, so
 * an unknown code changes nothing.
 */
export type LineSource =
  { type: "variant"; variantId: string } | { type: "sku"; sku: string } | { type: "custom"; title: string; sku: string | null };

export interface AddLineInput {
  source: LineSource;
  ordered: number;
  /** Blank: the variant's default cost on the order. Required for custom lines. */
  unitCost: string | null;
}

export async function addLine(
  deps: LifecycleDeps & { gateway: ShopifyGateway },
  shopDomain: string,
  actor: Actor,
  orderId: string,
  input: AddLineInput,
  options: ActionOptions = {},
) {
  const line = await resolveLine(deps, shopDomain, orderId, input);
  return performAction(deps, shopDomain, actor, orderId, { action: "add_line", line }, options);
}

async function resolveLine(
  deps: LifecycleDeps & { gateway: ShopifyGateway },
  shopDomain: string,
  orderId: string,
  input: AddLineInput,
): Promise<NewLineInput> {
  const { source } = input;
  if (source.type === "custom") {
    if (input.unitCost === null) throw new ValidationError({ "line.unitCost": "A custom line needs a unit cost" });
    return customLine(source, input.ordered, input.unitCost);
  }
  const pricing = await orderPricing(deps.db, shopDomain, orderId);
  const catalogue = await supplierCatalogue(deps.db, pricing.supplierId);
  let variant: VariantSummary | null | undefined;
  if (source.type === "variant") {
    variant = (await deps.gateway.variantsByIds([source.variantId])).get(source.variantId);
    if (!variant) throw new ValidationError({ "line.variantId": "Shopify has no such product variant in this shop" });
  } else {
    variant = await variantForCode(deps.gateway, catalogue, source.sku);
    if (!variant) throw new ValidationError({ "line.sku": `No variant in this shop has the SKU "${source.sku.trim()}"` });
  }
  const listing = catalogue.find((candidate) => candidate.variantId === variant.id);
  const cost = newLineUnitCost(input.unitCost, { catalogue: listing, shopify: variant.unitCost }, pricing);
  if ("error" in cost) throw new ValidationError({ "line.unitCost": cost.error });
  return lineFromVariant(variant, input.ordered, cost.unitCost);
}

type Db = PrismaClient | Prisma.TransactionClient;

/** How an order prices its new lines (new-line.ts): its supplier, its currency, the shop's, and the rate between. */
export interface OrderPricing extends OrderCurrencies {
  supplierId: string;
}

/** The pricing of one of the shop's orders (not deleted). */
export async function orderPricing(db: Db, shopDomain: string, orderId: string): Promise<OrderPricing> {
  const order = await db.purchaseOrder.findFirst({
    where: { id: orderId, shop: { domain: shopDomain }, deletedAt: null },
    select: { supplierId: true, currencyCode: true, exchangeRate: true, shop: { select: { currencyCode: true } } },
  });
  if (!order) throw new NotFoundError("Purchase order", orderId);
  return {
    supplierId: order.supplierId,
    currencyCode: order.currencyCode,
    shopCurrencyCode: order.shop.currencyCode,
    exchangeRate: order.exchangeRate?.toString() ?? null,
  };
}

/** The pricing of a new draft for this supplier: the supplier's currency, with no exchange rate yet. */
export function draftPricing(shop: { currencyCode: string }, supplier: { id: string; currencyCode: string }): OrderPricing {
  return { supplierId: supplier.id, currencyCode: supplier.currencyCode, shopCurrencyCode: shop.currencyCode, exchangeRate: null };
}

/** The shop's suppliers as new-line.ts compares vendors (by name, so the first named is stable). */
export async function supplierVendors(db: Db, shopDomain: string): Promise<SupplierVendor[]> {
  return db.supplier.findMany({ where: { shop: { domain: shopDomain } }, select: { id: true, name: true, vendor: true }, orderBy: { name: "asc" } });
}

/** A custom line: free text, never pushed to Shopify. */
export function customLine(source: { title: string; sku: string | null }, ordered: number, unitCost: string): NewLineInput {
  return {
    kind: "custom",
    variantId: null,
    inventoryItemId: null,
    productId: null,
    productTitle: source.title,
    variantTitle: null,
    sku: source.sku,
    vendor: null,
    notOrdered: false,
    ordered,
    unitCost,
  };
}

/** A variant line as Shopify describes the variant. */
export function lineFromVariant(variant: VariantSummary, ordered: number, unitCost: string): NewLineInput {
  return {
    kind: "variant",
    ...variantItem(variant),
    notOrdered: false,
    ordered,
    unitCost,
  };
}

/** What a line of this variant is of, as Shopify describes the variant now. */
export function variantItem(variant: VariantSummary) {
  return {
    variantId: variant.id,
    inventoryItemId: variant.inventoryItemId,
    productId: variant.productId,
    productTitle: variant.productTitle,
    variantTitle: variant.title,
    sku: variant.sku,
    vendor: variant.vendor,
  } satisfies LineItem;
}

/**
 * The variant a code names, in this order: a variant id; the variant's own SKU in Shopify
 * (the merchant's identifier wins over a supplier's); the supplier's SKU, an alternate SKU or
 * a barcode from the supplier's catalogue. The catalogue's variant is fetched again, so a
 * variant deleted in Shopify since is not found.
 */
export async function variantForCode(gateway: ShopifyGateway, catalogue: readonly CatalogueItemView[], code: string): Promise<VariantSummary | null> {
  const trimmed = code.trim();
  if (isShopifyId("ProductVariant", trimmed)) return (await gateway.variantsByIds([trimmed])).get(trimmed) ?? null;
  return (await gateway.variantBySku(trimmed)) ?? variantFromCatalogue(gateway, catalogue, trimmed);
}

/**
 * The variant the supplier's catalogue names by a code (supplier SKU, alternate SKU, barcode),
 * fetched again from Shopify, so one deleted there since is not found.
 */
export async function variantFromCatalogue(
  gateway: ShopifyGateway,
  catalogue: readonly CatalogueItemView[],
  code: string,
): Promise<VariantSummary | null> {
  const match = matchCatalogueCode(catalogue, code.trim());
  if (!match) return null;
  return (await gateway.variantsByIds([match.item.variantId])).get(match.item.variantId) ?? null;
}
