import { Decimal } from "../money";
import { orderRefusal } from "./lifecycle";
import { reachesShopify, type PurchaseOrderState } from "./order";

/**
 * Completing an order writes each variant's unit cost back to its Shopify inventory item, in
 * the shop's currency (the order's exchange rate converts a foreign-currency order). This is
 * the "cost sync" that runs before an order may become Completed.
 */

export interface UnitCostWrite {
  inventoryItemId: string;
  /** Shop currency, decimal string. */
  cost: string;
}

export interface CostSyncCurrencies {
  shopCurrencyCode: string;
  /** Order currency → shop currency (decimal string); null when not set. */
  exchangeRate: string | null;
}

/**
 * The unit cost to write per inventory item. Several lines of one item (e.g. after a merge) give
 * their quantity-weighted average. Throws a guardrail naming the fix when a foreign-currency
 * order has no exchange rate, so nothing is written and the order keeps its status.
 * `order` is the order as it is before completing (completing changes neither its lines nor what
 * they weigh), so the refusal's guidance is what is allowed from the status it is in.
 */
export function unitCostWrites(order: PurchaseOrderState, currencies: CostSyncCurrencies): UnitCostWrite[] {
  const foreign = order.currencyCode !== currencies.shopCurrencyCode;
  if (foreign && currencies.exchangeRate === null) {
    throw orderRefusal(
      order,
      "precondition_failed",
      "exchange_rate_required",
      `This order is in ${order.currencyCode} and the shop in ${currencies.shopCurrencyCode}: set the order's exchange rate (${order.currencyCode} → ${currencies.shopCurrencyCode}) before completing, so unit costs can be written to Shopify.`,
    );
  }
  const rate = foreign ? new Decimal(currencies.exchangeRate ?? 1) : new Decimal(1);
  const byItem = new Map<string, { value: Decimal; quantity: number }>();
  for (const line of order.lines) {
    if (!reachesShopify(line)) continue;
    // Weight by what the order expects of the line; a line of 0 still counts once, so it has a cost.
    const quantity = Math.max(line.confirmed ?? line.ordered, 1);
    const sum = byItem.get(line.inventoryItemId) ?? { value: new Decimal(0), quantity: 0 };
    sum.value = sum.value.plus(new Decimal(line.unitCost).times(quantity));
    sum.quantity += quantity;
    byItem.set(line.inventoryItemId, sum);
  }
  return [...byItem].map(([inventoryItemId, sum]) => ({
    inventoryItemId,
    // Shopify keeps unit costs in cents.
    cost: sum.value.dividedBy(sum.quantity).times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
  }));
}
