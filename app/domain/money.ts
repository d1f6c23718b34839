import Decimal from "decimal.js";

import { ValidationError } from "./errors";

/**
 * Money is exact decimal arithmetic, never floating point. Amounts travel as strings (as Shopify
 * sends them) and are Decimal inside the core.
 */
export { Decimal };

export const MAX_MONEY_DECIMAL_PLACES = 4;

/** An amount as the domain takes it: up to 12 digits before the point and 4 after. */
export const MONEY_PATTERN = /^\d{1,12}(\.\d{1,4})?$/;
const EXCHANGE_RATE_PATTERN = /^\d{1,9}(\.\d{1,6})?$/;
const CURRENCY_CODE_PATTERN = /^[A-Z]{3}$/;

/** A non-negative amount with at most four decimal places, or null when the text is not one. */
export function parseMoney(text: string): Decimal | null {
  const trimmed = text.trim();
  return MONEY_PATTERN.test(trimmed) ? new Decimal(trimmed) : null;
}

/** Like parseMoney, but zero is refused too: a payment or a credit of nothing is a mistake. */
export function parsePositiveMoney(text: string): Decimal | null {
  const amount = parseMoney(text);
  return amount && amount.greaterThan(0) ? amount : null;
}

/** A rate between two currencies: positive, at most six decimal places. */
export function parseExchangeRate(text: string): Decimal | null {
  const trimmed = text.trim();
  if (!EXCHANGE_RATE_PATTERN.test(trimmed)) return null;
  const rate = new Decimal(trimmed);
  return rate.greaterThan(0) ? rate : null;
}

/** ISO 4217 style: three capital letters. */
export function isCurrencyCode(text: string): boolean {
  return CURRENCY_CODE_PATTERN.test(text);
}

/**
 * Converting between currencies divides, which is rarely exact; converted amounts are rounded
 * half up to the precision amounts are stored with, so every total derived from them is stable.
 */
export function roundMoney(amount: Decimal.Value): Decimal {
  return new Decimal(amount).toDecimalPlaces(MAX_MONEY_DECIMAL_PLACES, Decimal.ROUND_HALF_UP);
}

/**
 * An amount as stored, for clients that act on it (apply what remains of a credit) and for a
 * merchant reading a unit cost: at least two decimal places (45.9 is 45.90), and the third and
 * fourth only when the amount has them (10.005, 7.1234), never rounded away.
 */
export function exactAmountText(amount: Decimal.Value): string {
  const value = roundMoney(amount);
  return value.toFixed(Math.max(2, value.decimalPlaces()));
}

/** An amount in some currency, with its rate to the shop's currency when it is not the shop's. */
export interface CurrencyAmount {
  amount: Decimal.Value;
  currencyCode: string;
  /** This currency → shop currency; null when the amount is in the shop's currency. */
  exchangeRate: Decimal.Value | null;
}

export interface OrderCurrencies {
  currencyCode: string;
  shopCurrencyCode: string;
  /** Order currency → shop currency; null when they are the same or it is not set yet. */
  exchangeRate: Decimal.Value | null;
}

/** An amount in the order's currency: converted through the shop's currency when they differ. */
export function inOrderCurrency(amount: CurrencyAmount, order: OrderCurrencies): Decimal {
  if (amount.currencyCode === order.currencyCode) return new Decimal(amount.amount);
  const toShop = rateToShop(amount.currencyCode, amount.exchangeRate, order.shopCurrencyCode);
  const orderToShop = rateToShop(order.currencyCode, order.exchangeRate, order.shopCurrencyCode);
  if (!toShop || !orderToShop) {
    throw new ValidationError({
      "order.exchangeRate": `Set the order's exchange rate to ${order.shopCurrencyCode} first: amounts in ${amount.currencyCode} are counted in the order's currency (${order.currencyCode})`,
    });
  }
  return roundMoney(new Decimal(amount.amount).times(toShop).dividedBy(orderToShop));
}

function rateToShop(currencyCode: string, rate: Decimal.Value | null, shopCurrencyCode: string): Decimal | null {
  if (currencyCode === shopCurrencyCode) return new Decimal(1);
  return rate === null ? null : new Decimal(rate);
}

export function formatMoney(amount: Decimal.Value, currencyCode: string): string {
  const value = new Decimal(amount).toFixed(2);
  return `${value} ${currencyCode}`;
}
