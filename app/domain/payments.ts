import { ValidationError, type FieldErrors } from "./errors";
import { formatMoney, isCurrencyCode, parseExchangeRate, parsePositiveMoney, type Decimal, type OrderCurrencies } from "./money";
import { orderRefusal, type RefusedOrder } from "./purchase-order/lifecycle";
import type { PurchaseOrderStatus } from "./purchase-order/status";
import { orderMoney, type OrderMoney, type OrderMoneyFacts, type PaymentAmount } from "./purchase-order/totals";
import { parseTimestamp, TIMESTAMP_MESSAGE } from "./dates";

/**
 * Payments to the supplier for one order. Only completed payments count as paid; a payment in
 * another currency than the shop's carries its own rate to the shop's currency, and is counted
 * in the order's currency through the order's rate.
 */

export const PAYMENT_STATUSES = ["pending", "completed", "failed"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface PaymentInput {
  amount: string;
  /** A date (YYYY-MM-DD) or an ISO timestamp. */
  paidAt: string;
  method?: string;
  reference?: string;
  status: string;
  /** Blank: the order's currency. */
  currencyCode?: string;
  /** Payment currency → shop currency; required when the payment is not in the shop's currency. */
  exchangeRate?: string;
}

export interface PaymentFields {
  amount: Decimal;
  paidAt: Date;
  method: string | null;
  reference: string | null;
  status: PaymentStatus;
  currencyCode: string;
  exchangeRate: Decimal | null;
}

export function parsePayment(input: PaymentInput, order: OrderCurrencies): PaymentFields {
  const errors: FieldErrors = {};
  const amount = parsePositiveMoney(input.amount);
  if (!amount) errors.amount = "Amount must be more than 0, with at most 4 decimals";

  const paidAt = parseTimestamp(input.paidAt) ?? new Date(Number.NaN);
  if (Number.isNaN(paidAt.getTime())) errors.paidAt = TIMESTAMP_MESSAGE;

  const method = input.method?.trim() || null;
  if (method && method.length > 100) errors.method = "At most 100 characters";
  const reference = input.reference?.trim() || null;
  if (reference && reference.length > 200) errors.reference = "At most 200 characters";

  const status = input.status.trim();
  if (!isPaymentStatus(status)) errors.status = `Must be one of: ${PAYMENT_STATUSES.join(", ")}`;

  const currencyCode = input.currencyCode?.trim().toUpperCase() || order.currencyCode;
  if (!isCurrencyCode(currencyCode)) errors.currencyCode = "Must be a three-letter currency code, e.g. EUR";

  const rateText = input.exchangeRate?.trim() ?? "";
  let exchangeRate: Decimal | null = null;
  // Which rate is needed depends on the currency, so it is checked once the currency is valid.
  if (!errors.currencyCode) {
    if (currencyCode === order.shopCurrencyCode) {
      if (rateText) errors.exchangeRate = `A payment in the shop's currency (${order.shopCurrencyCode}) takes no exchange rate`;
    } else if (!rateText) {
      errors.exchangeRate = `A payment in ${currencyCode} needs its exchange rate to the shop's currency (${order.shopCurrencyCode})`;
    } else {
      exchangeRate = parseExchangeRate(rateText);
      if (!exchangeRate) errors.exchangeRate = "Must be more than 0, with at most 6 decimals";
    }
  }

  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { amount: amount!, paidAt, method, reference, status: status as PaymentStatus, currencyCode, exchangeRate };
}

export function isPaymentStatus(value: string): value is PaymentStatus {
  return (PAYMENT_STATUSES as readonly string[]).includes(value);
}

/**
 * Decides a change to an order's payments (the list as it would be after recording, editing or
 * removing one): refused when it raises the amount paid past what is owed (total less credits)
 * without an explicit allowOverpayment. A change that does not raise the amount paid is never
 * refused, so an order that became overpaid (its lines changed) can still be corrected.
 */
export function decidePayments(facts: OrderMoneyFacts, nextPayments: ReadonlyArray<PaymentAmount>, allowOverpayment: boolean): OrderMoney {
  const before = orderMoney(facts);
  const after = orderMoney({ ...facts, payments: nextPayments });
  if (!allowOverpayment && after.totalDue.isNegative() && after.totalPaid.greaterThan(before.totalPaid)) {
    const owed = before.total.minus(before.creditsApplied);
    throw new ValidationError({
      amount:
        `This would bring the total paid to ${formatMoney(after.totalPaid, facts.currencyCode)}, ` +
        `above the ${formatMoney(owed, facts.currencyCode)} owed on this order (total less credits). ` +
        "Allow overpayment to record it anyway.",
    });
  }
  return after;
}

/**
 * Money comes in once the order exists for the supplier: a draft may still be deleted outright
 * (taking its records with it), and a cancelled order is settled until it is reopened.
 * Editing, removing and reversing stay possible in every status, so mistakes can be undone.
 * Null when money may come in; otherwise the rule and what to do instead.
 */
export function moneyInRefusal(what: "payment" | "credit", status: PurchaseOrderStatus): { rule: string; message: string } | null {
  const doing = what === "payment" ? "record a payment" : "apply a credit";
  if (status === "draft") {
    return { rule: "money_after_send", message: `A draft is not an order yet: mark it as sent, then ${doing}.` };
  }
  if (status === "cancelled") {
    return {
      rule: "no_new_money_when_cancelled",
      message: `This order is cancelled: reopen it to ${doing}. Payments and credits already on it stay as they are.`,
    };
  }
  return null;
}

export function guardMoneyIn(what: "payment" | "credit", order: RefusedOrder): void {
  const refusal = moneyInRefusal(what, order.status);
  if (refusal) throw orderRefusal(order, "precondition_failed", refusal.rule, refusal.message);
}

/** The rate from the order's currency to the shop's, which only an order in another currency has. */
export function parseOrderExchangeRate(text: string, order: OrderCurrencies): Decimal {
  if (order.currencyCode === order.shopCurrencyCode) {
    throw new ValidationError({
      exchangeRate: `This order is in the shop's currency (${order.shopCurrencyCode}); no exchange rate applies`,
    });
  }
  const rate = parseExchangeRate(text);
  if (!rate) {
    throw new ValidationError({
      exchangeRate: `How many ${order.shopCurrencyCode} one ${order.currencyCode} is worth: more than 0, with at most 6 decimals`,
    });
  }
  return rate;
}
