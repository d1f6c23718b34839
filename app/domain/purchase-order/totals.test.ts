import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { ValidationError } from "../errors";
import { lineCost, orderMoney, orderTotals, owedQuantity, refuseDerivedFields, type CostLine, type OrderMoneyFacts } from "./totals";

/** A line ordered, not yet confirmed, with nothing booked. */
const ordered = (quantity: number, unitCost: string, more: Partial<CostLine> = {}): CostLine => ({
  ordered: quantity,
  confirmed: null,
  cancelled: 0,
  rejected: 0,
  unitCost,
  ...more,
});

describe("owedQuantity", () => {
  it("is what was confirmed, else what was ordered, less what was cancelled", () => {
    expect(owedQuantity(ordered(20, "1"))).toBe(20);
    expect(owedQuantity(ordered(20, "1", { confirmed: 15 }))).toBe(15);
    expect(owedQuantity(ordered(20, "1", { confirmed: 15, cancelled: 2 }))).toBe(13);
    expect(owedQuantity(ordered(20, "1", { confirmed: 0 }))).toBe(0);
    // Returned (rejected) units stay owed: their credit takes them off what is due.
    expect(owedQuantity(ordered(20, "1", { rejected: 2 }))).toBe(20);
  });

  it("is never negative", () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.option(fc.nat(1000)), fc.nat(2000), (quantity, confirmed, cancelled) => {
        expect(owedQuantity({ ordered: quantity, confirmed, cancelled })).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe("lineCost", () => {
  it("counts the owed quantity, and a discount never takes a line below nothing", () => {
    expect(lineCost(ordered(20, "14.90", { confirmed: 15, cancelled: 2 })).toFixed(2)).toBe("193.70");
    expect(lineCost(ordered(4, "2.50", { cancelled: 4, discount: "1" })).toFixed(2)).toBe("0.00");
  });
});

describe("orderTotals", () => {
  it("adds shipping and tax to the lines, exactly", () => {
    const totals = orderTotals([ordered(3, "0.10"), ordered(1, "19.99")], "12.5", "0.01");
    expect(totals.subtotal.toFixed(2)).toBe("20.29");
    expect(totals.total.toFixed(2)).toBe("32.80");
  });

  it("is exact decimal arithmetic, not floating point", () => {
    // 0.1 × 3 + 0.2 × 3 is 0.9000000000000001 in floating point.
    expect(orderTotals([ordered(3, "0.1"), ordered(3, "0.2")], "0", "0").subtotal.toString()).toBe("0.9");
  });

  it("is the shipping and tax alone for an order without lines", () => {
    expect(orderTotals([], "5", "1.25").total.toString()).toBe("6.25");
  });

  it("takes each line's discount off that line", () => {
    const totals = orderTotals([ordered(4, "2.50", { discount: "1.25" }), ordered(2, "3")], "0", "0");
    expect(totals.subtotal.toString()).toBe("14.75");
  });

  it("shows the ordered value beside the owed cost, and what returned units add to it", () => {
    // 20 ordered, 15 confirmed, 2 cancelled by completing, 2 of the 13 delivered were returned.
    const totals = orderTotals([ordered(20, "14.90", { confirmed: 15, cancelled: 2, rejected: 2 }), ordered(1, "5")], "0", "0");
    expect(totals.orderedValue.toFixed(2)).toBe("303.00");
    expect(totals.subtotal.toFixed(2)).toBe("198.70");
    expect(totals.returnedValue.toFixed(2)).toBe("29.80");
  });
});

const usdOrder = (overrides: Partial<OrderMoneyFacts> = {}): OrderMoneyFacts => ({
  currencyCode: "USD",
  shopCurrencyCode: "USD",
  exchangeRate: null,
  lines: [ordered(10, "10")],
  shippingCost: "5",
  tax: "5",
  payments: [],
  creditApplications: [],
  ...overrides,
});

describe("orderMoney", () => {
  it("counts completed payments only, and credits not reversed", () => {
    const money = orderMoney(
      usdOrder({
        payments: [
          { amount: "50", currencyCode: "USD", exchangeRate: null, status: "completed" },
          { amount: "30", currencyCode: "USD", exchangeRate: null, status: "pending" },
          { amount: "20", currencyCode: "USD", exchangeRate: null, status: "failed" },
        ],
        creditApplications: [
          { amount: "10", reversedAt: null },
          { amount: "7", reversedAt: new Date() },
        ],
      }),
    );
    expect(money.total.toString()).toBe("110");
    expect(money.totalPaid.toString()).toBe("50");
    expect(money.creditsApplied.toString()).toBe("10");
    expect(money.totalDue.toString()).toBe("50");
    expect(money.paid).toBe(false);
  });

  it("is paid once completed payments and credits cover the total", () => {
    const money = orderMoney(
      usdOrder({
        payments: [{ amount: "100", currencyCode: "USD", exchangeRate: null, status: "completed" }],
        creditApplications: [{ amount: "10", reversedAt: null }],
      }),
    );
    expect(money.totalDue.toString()).toBe("0");
    expect(money.paid).toBe(true);
  });

  it("owes a completed order only for what was neither cancelled nor never confirmed; a returns credit settles returned units", () => {
    // The order: 20 ordered at 10, 5 never confirmed (15 confirmed), 11 received, 2 returned,
    // and the 2 still pending cancelled by completing from Partially received.
    const line = ordered(20, "10", { confirmed: 15, cancelled: 2, rejected: 2 });
    const before = orderMoney(usdOrder({ lines: [line], shippingCost: "0", tax: "0" }));
    expect(before.orderedValue.toFixed(2)).toBe("200.00");
    expect(before.totalDue.toFixed(2)).toBe("130.00");
    expect(before.returnedValue.toFixed(2)).toBe("20.00");
    const credited = orderMoney(
      usdOrder({ lines: [line], shippingCost: "0", tax: "0", creditApplications: [{ amount: before.returnedValue, reversedAt: null }] }),
    );
    expect(credited.orderCost.toFixed(2)).toBe("130.00");
    expect(credited.totalDue.toFixed(2)).toBe("110.00");
  });

  it("never calls an order of nothing paid", () => {
    expect(orderMoney(usdOrder({ lines: [], shippingCost: "0", tax: "0" })).paid).toBe(false);
  });

  it("counts a payment in a third currency through the shop's currency, rounded to 4 decimals", () => {
    // 100 EUR at 1.1 USD/EUR = 110 USD; the order is in GBP at 1.3 USD/GBP: 84.615384… GBP.
    const money = orderMoney(
      usdOrder({
        currencyCode: "GBP",
        exchangeRate: "1.3",
        payments: [{ amount: "100", currencyCode: "EUR", exchangeRate: "1.1", status: "completed" }],
      }),
    );
    expect(money.totalPaid.toString()).toBe("84.6154");
  });

  it("counts a payment in the shop's currency through the order's rate", () => {
    const money = orderMoney(
      usdOrder({
        currencyCode: "EUR",
        exchangeRate: "1.25",
        payments: [{ amount: "50", currencyCode: "USD", exchangeRate: null, status: "completed" }],
      }),
    );
    expect(money.totalPaid.toString()).toBe("40");
  });

  it("refuses to count a foreign payment while the order has no exchange rate, naming the field", () => {
    const facts = usdOrder({
      currencyCode: "EUR",
      payments: [{ amount: "50", currencyCode: "USD", exchangeRate: null, status: "completed" }],
    });
    expect(() => orderMoney(facts)).toThrowError(ValidationError);
    expect(() => orderMoney(facts)).toThrowError(/order\.exchangeRate/);
  });
});

describe("refuseDerivedFields", () => {
  it("names every derived field sent and why it is derived", () => {
    let error: unknown;
    try {
      refuseDerivedFields({ note: "fine", total: "12", totalPaid: "3" });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const fieldErrors = (error as ValidationError).fieldErrors;
    expect(Object.keys(fieldErrors).sort()).toEqual(["total", "totalPaid"]);
    expect(fieldErrors.total).toMatch(/derived.*order cost \+ tax \+ shipping/);
  });

  it("lets input without derived fields through", () => {
    expect(() => refuseDerivedFields({ amount: "5", status: "completed" })).not.toThrow();
  });
});

/** Amounts as integers of ten-thousandths: an oracle for the formula that shares no code with it. */
const tenThousandths = fc.bigInt({ min: 0n, max: 10_000_000_000n });
const asMoney = (value: bigint) => `${value / 10_000n}.${String(value % 10_000n).padStart(4, "0")}`;
const signedMoney = (value: bigint) => (value < 0n ? `-${asMoney(-value)}` : asMoney(value));

describe("orderMoney (property)", () => {
  it("always equals the formula", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            quantity: fc.nat({ max: 100_000 }),
            confirmed: fc.option(fc.nat({ max: 100_000 })),
            cancelled: fc.nat({ max: 100_000 }),
            unitCost: tenThousandths,
            discount: tenThousandths,
          }),
          { maxLength: 8 },
        ),
        tenThousandths,
        tenThousandths,
        fc.array(fc.record({ amount: tenThousandths, status: fc.constantFrom("pending", "completed", "failed") }), {
          maxLength: 6,
        }),
        fc.array(fc.record({ amount: tenThousandths, reversed: fc.boolean() }), { maxLength: 6 }),
        (lines, shipping, tax, payments, credits) => {
          const money = orderMoney(
            usdOrder({
              lines: lines.map((line) =>
                ordered(line.quantity, asMoney(line.unitCost), {
                  confirmed: line.confirmed,
                  cancelled: line.cancelled,
                  discount: asMoney(line.discount),
                }),
              ),
              shippingCost: asMoney(shipping),
              tax: asMoney(tax),
              payments: payments.map((payment) => ({
                amount: asMoney(payment.amount),
                currencyCode: "USD",
                exchangeRate: null,
                status: payment.status,
              })),
              creditApplications: credits.map((credit) => ({
                amount: asMoney(credit.amount),
                reversedAt: credit.reversed ? new Date(0) : null,
              })),
            }),
          );
          const owed = (line: (typeof lines)[number]) => BigInt(Math.max(0, (line.confirmed ?? line.quantity) - line.cancelled));
          const lineCostOf = (line: (typeof lines)[number]) => {
            const cost = owed(line) * line.unitCost - line.discount;
            return cost < 0n ? 0n : cost;
          };
          const orderCost = lines.reduce((sum, line) => sum + lineCostOf(line), 0n);
          const total = orderCost + shipping + tax;
          const applied = credits.filter((credit) => !credit.reversed).reduce((sum, credit) => sum + credit.amount, 0n);
          const paid = payments.filter((payment) => payment.status === "completed").reduce((sum, payment) => sum + payment.amount, 0n);
          expect(money.orderCost.toFixed(4)).toBe(signedMoney(orderCost));
          expect(money.total.toFixed(4)).toBe(signedMoney(total));
          expect(money.creditsApplied.toFixed(4)).toBe(signedMoney(applied));
          expect(money.totalPaid.toFixed(4)).toBe(signedMoney(paid));
          expect(money.totalDue.toFixed(4)).toBe(signedMoney(total - applied - paid));
          expect(money.paid).toBe(total > 0n && total - applied - paid <= 0n);
        },
      ),
    );
  });
});
