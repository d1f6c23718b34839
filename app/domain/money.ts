import Decimal from "decimal.js";

/**
 * Money is exact decimal arithmetic, never floating point. Amounts travel as strings (as Shopify
 * sends them) and are Decimal inside the core.
 */
export { Decimal };

export const MAX_MONEY_DECIMAL_PLACES = 4;

const MONEY_PATTERN = /^\d{1,12}(\.\d{1,4})?$/;

/** A non-negative amount with at most four decimal places, or null when the text is not one. */
export function parseMoney(text: string): Decimal | null {
  const trimmed = text.trim();
  return MONEY_PATTERN.test(trimmed) ? new Decimal(trimmed) : null;
}

export function formatMoney(amount: Decimal.Value, currencyCode: string): string {
  const value = new Decimal(amount).toFixed(2);
  return `${value} ${currencyCode}`;
}
