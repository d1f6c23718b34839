import { defaultUnitCost, matchCatalogueCode } from "~/domain/catalogue";
import { isShopifyId } from "~/domain/input";
import { NotFoundError, ValidationError } from "~/domain/errors";
import type { NewLineInput } from "~/domain/purchase-order/lifecycle";
import type { LineItem } from "~/domain/purchase-order/order";

import type { Actor } from "./actor";
import { supplierCatalogue, type CatalogueItemView } from "./catalogue.server";
import { performAction, type ActionOptions, type LifecycleDeps } from "./purchase-order-lifecycle.server";
import type { ShopifyGateway, VariantSummary } from "./shopify/gateway.server";

/**
 * Adding a line: a variant resolved from Shopify, or a custom line that is free text and never
 * pushed to Shopify. A variant is named by its id or by a code (see variantForCode); its unit
 * cost, when none is given, is the order's supplier's catalogue price, then Shopify's unit
 * cost. Resolution happens before the lifecycle decides, so an unknown code changes nothing.
 */
export type LineSource =
  | { type: "variant"; variantId: string }
  | { type: "sku"; sku: string }
  | { type: "custom"; title: string; sku: string | null };

export interface AddLineInput {
  source: LineSource;
  ordered: number;
  /** Blank: the known cost (catalogue, then Shopify). Required for custom lines. */
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
  const order = await deps.db.purchaseOrder.findFirst({
    where: { id: orderId, shop: { domain: shopDomain }, deletedAt: null },
    select: { supplierId: true, currencyCode: true },
  });
  if (!order) throw new NotFoundError("Purchase order", orderId);
  const catalogue = await supplierCatalogue(deps.db, order.supplierId);
  let variant: VariantSummary | null | undefined;
  if (source.type === "variant") {
    variant = (await deps.gateway.variantsByIds([source.variantId])).get(source.variantId);
    if (!variant) throw new ValidationError({ "line.variantId": "Shopify has no such product variant in this shop" });
  } else {
    variant = await variantForCode(deps.gateway, catalogue, source.sku);
    if (!variant) throw new ValidationError({ "line.sku": `No variant in this shop has the SKU "${source.sku.trim()}"` });
  }
  const item = catalogue.find((candidate) => candidate.variantId === variant.id);
  return lineFromVariant(variant, input.ordered, input.unitCost ?? defaultUnitCost(item, order.currencyCode, variant.unitCost));
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
  } satisfies LineItem;
}

/**
 * The variant a code names, in this order: a variant id; the variant's own SKU in Shopify
 * (the merchant's identifier wins over a supplier's); the supplier's SKU, an alternate SKU or
 * a barcode from the supplier's catalogue. The catalogue's variant is fetched again, so a
 * variant deleted in Shopify since is not found.
 */
export async function variantForCode(
  gateway: ShopifyGateway,
  catalogue: readonly CatalogueItemView[],
  code: string,
): Promise<VariantSummary | null> {
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
