import { Decimal, formatMoney, inOrderCurrency, type OrderCurrencies } from "../money";

/**
 * What a new variant line starts with, decided here for every path that adds one (the create
 * screen, add line, the API's create and PATCH items, orders by supplier, split by supplier, a
 * delivery bringing a variant the order lacks; MCP runs the API's operations):
 *  - its default unit cost, in the order's currency, when none is given;
 *  - whether the variant's Shopify vendor is another of the shop's suppliers' (allowed, flagged).
 */

/** Shopify's unit cost of an inventory item, in the currency Shopify gives (the shop's). */
export interface ShopifyUnitCost {
  amount: string;
  currencyCode: string;
}

export interface CostSources {
  /** The order's supplier's catalogue listing of the variant, if it lists it. */
  catalogue: { unitCost: Decimal.Value; currencyCode: string } | null | undefined;
  /** Shopify's unit cost of the variant, if the merchant set one. */
  shopify: ShopifyUnitCost | null;
}

export type DefaultCost =
  | { unitCost: string; source: "catalogue" | "shopify" | "shopify_converted" }
  /** No cost in the order's currency is known: the merchant enters one (`reason` says why). */
  | { unitCost: null; reason: string };

/**
 * A line's unit cost when none is given, in the order's currency:
 *  1. the supplier's catalogue price, when it is in the order's currency;
 *  2. else Shopify's unit cost, when it is in the order's currency, or when it is in the shop's
 *     currency and the order has an exchange rate to convert it with;
 *  3. else none: a cost in another currency is never taken as this order's, and 0 is never
 *     made up — the merchant is asked for one (unitCostRequired).
 */
export function defaultUnitCost(sources: CostSources, order: OrderCurrencies): DefaultCost {
  const { catalogue, shopify } = sources;
  if (catalogue && catalogue.currencyCode === order.currencyCode) {
    return { unitCost: new Decimal(catalogue.unitCost).toFixed(), source: "catalogue" };
  }
  if (shopify && shopify.currencyCode === order.currencyCode) {
    return { unitCost: new Decimal(shopify.amount).toFixed(), source: "shopify" };
  }
  if (shopify && shopify.currencyCode === order.shopCurrencyCode && order.exchangeRate !== null) {
    const converted = inOrderCurrency({ amount: shopify.amount, currencyCode: shopify.currencyCode, exchangeRate: null }, order);
    return { unitCost: converted.toFixed(), source: "shopify_converted" };
  }
  const listing = !catalogue
    ? "the supplier's catalogue does not list this variant"
    : `the supplier's catalogue price is in ${catalogue.currencyCode}, not ${order.currencyCode}`;
  const fromShopify = !shopify
    ? "Shopify has no unit cost for it"
    : `Shopify's unit cost (${formatMoney(shopify.amount, shopify.currencyCode)}) is not in ${order.currencyCode}` +
      (shopify.currencyCode === order.shopCurrencyCode ? " and the order has no exchange rate to convert it" : "");
  return { unitCost: null, reason: `${listing}, and ${fromShopify}` };
}

/** Where a default cost came from, as a screen says it beside the cost. */
export const COST_SOURCE_LABELS: Readonly<Record<Extract<DefaultCost, { unitCost: string }>["source"], string>> = {
  catalogue: "The supplier's catalogue price",
  shopify: "Shopify's unit cost",
  shopify_converted: "Shopify's unit cost at the order's exchange rate",
};

/** What a screen says beside a default cost: its source, or what to do when there is none. */
export function defaultCostNote(cost: DefaultCost): string {
  return cost.unitCost === null ? unitCostRequired(cost) : COST_SOURCE_LABELS[cost.source];
}

/** The field error for a line whose cost must be entered: what to do, then why. */
export function unitCostRequired(cost: Extract<DefaultCost, { unitCost: null }>): string {
  return `Enter a unit cost: ${cost.reason}.`;
}

/** A new variant line's unit cost: the one given, else its default; when neither is known, the field error to show. */
export function newLineUnitCost(given: string | null, sources: CostSources, order: OrderCurrencies): { unitCost: string } | { error: string } {
  if (given !== null) return { unitCost: given };
  const cost = defaultUnitCost(sources, order);
  return cost.unitCost === null ? { error: unitCostRequired(cost) } : { unitCost: cost.unitCost };
}

export interface SupplierVendor {
  id: string;
  name: string;
  /** The Shopify product vendor the supplier's products carry, if set. */
  vendor: string | null;
}

/**
 * The other supplier whose Shopify vendor a line's variant carries, or null: a line of another
 * supplier's product is allowed on an order (the merchant may buy it here) but is flagged.
 * Vendors are compared ignoring case and surrounding spaces; a vendor no supplier has, or the
 * order's own supplier's, is not flagged. With several, the first in `suppliers` is named.
 */
export function otherSupplierOf(
  vendor: string | null,
  orderSupplierId: string,
  suppliers: readonly SupplierVendor[],
): { id: string; name: string } | null {
  const key = vendorKey(vendor);
  if (!key) return null;
  if (suppliers.some((supplier) => supplier.id === orderSupplierId && vendorKey(supplier.vendor) === key)) return null;
  const other = suppliers.find((supplier) => supplier.id !== orderSupplierId && vendorKey(supplier.vendor) === key);
  return other ? { id: other.id, name: other.name } : null;
}

function vendorKey(vendor: string | null): string {
  return vendor?.trim().toLowerCase() ?? "";
}
