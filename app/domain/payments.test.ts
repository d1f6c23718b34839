import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { GuardrailError, ValidationError } from "./errors";
import { decidePayments, guardMoneyIn, parseOrderExchangeRate, parsePayment, type PaymentInput } from "./payments";
import { orderMoney, type OrderMoneyFacts, type PaymentAmount } from "./purchase-order/totals";
import { fieldErrors } from "./test-support";

const usd = { currencyCode: "USD", shopCurrencyCode: "USD", exchangeRate: null };
const valid: PaymentInput = { amount: "25.50", paidAt: "2026-03-31", status: "completed" };

describe("parsePayment", () => {
  it("defaults the currency to the order's", () => {
    const payment = parsePayment({ ...valid, method: " Bank transfer ", reference: "" }, usd);
    expect(payment).toMatchObject({
      currencyCode: "USD",
      exchangeRate: null,
      method: "Bank transfer",
      reference: null,
      status: "completed",
    });
    expect(payment.amount.toString()).toBe("25.5");
    expect(payment.paidAt.toISOString()).toBe("2026-03-31T00:00:00.000Z");
  });

  it("names every bad field and what is allowed", () => {
    const errors = fieldErrors(() =>
      parsePayment({ amount: "0", paidAt: "yesterday", status: "sent", currencyCode: "euro", method: "x".repeat(101) }, usd),
    );
    expect(errors).toEqual({
      amount: "Amount must be more than 0, with at most 4 decimals",
      paidAt: "Must be a date (2026-03-31) or a time with its zone (2026-03-31T09:00:00Z)",
      status: "Must be one of: pending, completed, failed",
      currencyCode: "Must be a three-letter currency code, e.g. EUR",
      method: "At most 100 characters",
    });
  });

  it("refuses a payment in another currency than the shop's without its exchange rate", () => {
    expect(fieldErrors(() => parsePayment({ ...valid, currencyCode: "EUR" }, usd))).toEqual({
      exchangeRate: "A payment in EUR needs its exchange rate to the shop's currency (USD)",
    });
    const eurOrder = { currencyCode: "EUR", shopCurrencyCode: "USD", exchangeRate: "1.1" };
    expect(Object.keys(fieldErrors(() => parsePayment(valid, eurOrder)))).toEqual(["exchangeRate"]);
    expect(parsePayment({ ...valid, exchangeRate: "1.084512" }, eurOrder).exchangeRate?.toString()).toBe("1.084512");
  });

  it("accepts exchange rates that are positive with at most 6 decimals", () => {
    for (const rate of ["0", "-1", "1.1234567", "abc"]) {
      expect(fieldErrors(() => parsePayment({ ...valid, currencyCode: "EUR", exchangeRate: rate }, usd))).toEqual({
        exchangeRate: "Must be more than 0, with at most 6 decimals",
      });
    }
  });

  it("refuses a rate on a payment in the shop's currency", () => {
    expect(fieldErrors(() => parsePayment({ ...valid, exchangeRate: "1" }, usd))).toEqual({
      exchangeRate: "A payment in the shop's currency (USD) takes no exchange rate",
    });
  });
});

// Total 110 USD: 10 × 10 + 5 shipping + 5 tax.
const facts = (payments: PaymentAmount[] = [], credits: string[] = []): OrderMoneyFacts => ({
  ...usd,
  lines: [{ ordered: 10, confirmed: null, cancelled: 0, rejected: 0, unitCost: "10" }],
  shippingCost: "5",
  tax: "5",
  payments,
  creditApplications: credits.map((amount) => ({ amount, reversedAt: null })),
});
const paid = (amount: string, status = "completed"): PaymentAmount => ({
  amount,
  currencyCode: "USD",
  exchangeRate: null,
  status,
});

describe("decidePayments", () => {
  it("allows paying exactly what is owed", () => {
    expect(decidePayments(facts([paid("60")]), [paid("60"), paid("50")], false).paid).toBe(true);
  });

  it("refuses an overpayment, saying by how much and how to allow it", () => {
    expect(fieldErrors(() => decidePayments(facts([paid("60")]), [paid("60"), paid("50.01")], false))).toEqual({
      amount:
        "This would bring the total paid to 110.01 USD, above the 110.00 USD owed on this order (total less credits). " +
        "Allow overpayment to record it anyway.",
    });
  });

  it("counts applied credits as already settled", () => {
    expect(() => decidePayments(facts([], ["20"]), [paid("100")], false)).toThrowError(/above the 90.00 USD owed/);
  });

  it("records an overpayment when explicitly allowed", () => {
    expect(decidePayments(facts(), [paid("150")], true).totalDue.toString()).toBe("-40");
  });

  it("refuses completing a pending payment that overpays, but not pending ones", () => {
    const before = facts([paid("100"), paid("50", "pending")]);
    expect(decidePayments(before, [paid("100"), paid("60", "pending")], false).totalPaid.toString()).toBe("100");
    expect(() => decidePayments(before, [paid("100"), paid("50")], false)).toThrowError(ValidationError);
  });

  it("lets an already overpaid order be corrected downwards", () => {
    const overpaid = facts([paid("150"), paid("10")]);
    expect(decidePayments(overpaid, [paid("150")], false).totalPaid.toString()).toBe("150");
  });
});

describe("guardMoneyIn", () => {
  it("refuses money on a draft and on a cancelled order, with guidance", () => {
    expect(() => guardMoneyIn("payment", { status: "draft" })).toThrowError(/mark it as sent, then record a payment/);
    let error: unknown;
    try {
      guardMoneyIn("credit", { status: "cancelled" });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(GuardrailError);
    expect((error as GuardrailError).toJSON()).toEqual({
      code: "precondition_failed",
      rule: "no_new_money_when_cancelled",
      status: "cancelled",
      allowed: ["reopen", "delete", "sync_to_shopify", "reset_sync", "adjust_incoming"],
      message: "This order is cancelled: reopen it to apply a credit. Payments and credits already on it stay as they are.",
    });
  });

  it("allows money from sent to completed", () => {
    for (const status of ["sent", "in_progress", "received", "completed", "paused", "disputed"] as const) {
      expect(() => guardMoneyIn("payment", { status })).not.toThrow();
    }
  });
});

type Operation =
  | { kind: "record"; amount: number; status: string }
  | { kind: "update"; index: number; amount: number; status: string }
  | { kind: "remove"; index: number };

const amount = fc.integer({ min: 1, max: 6_000 }); // hundredths: up to 60.00
const status = fc.constantFrom("pending", "completed", "completed", "failed");
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("record" as const), amount, status }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("update" as const), index: fc.nat(), amount, status }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), index: fc.nat() }) },
);

function apply(payments: PaymentAmount[], step: Operation): PaymentAmount[] {
  if (step.kind === "record") return [...payments, paid((step.amount / 100).toFixed(2), step.status)];
  if (payments.length === 0) return payments;
  const index = step.index % payments.length;
  if (step.kind === "remove") return payments.filter((_, position) => position !== index);
  return payments.map((payment, position) => (position === index ? paid((step.amount / 100).toFixed(2), step.status) : payment));
}

describe("decidePayments (property)", () => {
  it("never lets the amount paid exceed what is owed without the flag, and refuses only what would", () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 25 }), fc.array(fc.constantFrom("5", "12.5", "30"), { maxLength: 2 }), (steps, credits) => {
        let state = facts([], credits);
        for (const step of steps) {
          const next = apply([...state.payments], step);
          let accepted = true;
          try {
            decidePayments(state, next, false);
          } catch (error) {
            if (!(error instanceof ValidationError)) throw error;
            accepted = false;
          }
          const would = orderMoney({ ...state, payments: next });
          const before = orderMoney(state);
          expect(accepted).toBe(!(would.totalDue.isNegative() && would.totalPaid.greaterThan(before.totalPaid)));
          if (accepted) state = { ...state, payments: next };
          const money = orderMoney(state);
          expect(money.totalPaid.plus(money.creditsApplied).lessThanOrEqualTo(money.total)).toBe(true);
        }
      }),
    );
  });

  it("accepts every sequence when overpayment is allowed", () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 25 }), (steps) => {
        let state = facts();
        for (const step of steps) {
          const next = apply([...state.payments], step);
          decidePayments(state, next, true);
          state = { ...state, payments: next };
        }
      }),
    );
  });
});

describe("parseOrderExchangeRate", () => {
  const eurOrder = { currencyCode: "EUR", shopCurrencyCode: "USD", exchangeRate: null };

  it("takes a positive rate with at most 6 decimals", () => {
    expect(parseOrderExchangeRate(" 1.084512 ", eurOrder).toString()).toBe("1.084512");
  });

  it("refuses anything else, saying what the rate means", () => {
    for (const text of ["", "0", "-1.2", "1.0000001", "one"]) {
      expect(fieldErrors(() => parseOrderExchangeRate(text, eurOrder))).toEqual({
        exchangeRate: "How many USD one EUR is worth: more than 0, with at most 6 decimals",
      });
    }
  });

  it("refuses a rate on an order in the shop's currency", () => {
    expect(Object.keys(fieldErrors(() => parseOrderExchangeRate("1", usd)))).toEqual(["exchangeRate"]);
  });
});
