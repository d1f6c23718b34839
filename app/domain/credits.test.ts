import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { creditRemaining, decideApplications, decideReversal, parseCredit, type LedgerCredit } from "./credits";
import { ValidationError } from "./errors";
import { Decimal } from "./money";
import { fieldErrors } from "./test-support";

const credit = (id: string, amount: string, applied: Array<[string, boolean]> = [], currencyCode = "USD"): LedgerCredit => ({
  id,
  amount,
  currencyCode,
  applications: applied.map(([value, reversed]) => ({ amount: value, reversedAt: reversed ? new Date(0) : null })),
});

describe("parseCredit", () => {
  it("takes a return or manual credit of a positive amount", () => {
    expect(parseCredit({ source: "return", amount: "40", reference: " RMA-12 ", note: "" })).toMatchObject({
      source: "return",
      reference: "RMA-12",
      note: null,
    });
  });

  it("names each bad field", () => {
    expect(fieldErrors(() => parseCredit({ source: "gift", amount: "-5" }))).toEqual({
      source: "Must be one of: return, manual",
      amount: "Amount must be more than 0, with at most 4 decimals",
    });
  });
});

describe("creditRemaining", () => {
  it("is the amount less the applications that were not reversed", () => {
    expect(
      creditRemaining(
        credit("c", "100", [
          ["30", false],
          ["20", true],
          ["5.5", false],
        ]),
      ).toString(),
    ).toBe("64.5");
  });
});

describe("decideApplications", () => {
  const context = { credits: [credit("a", "50", [["20", false]]), credit("b", "10")], currencyCode: "USD", totalDue: "35" };

  it("applies several credits within their balances and the amount due", () => {
    const decided = decideApplications(
      [
        { creditId: "a", amount: "30" },
        { creditId: "b", amount: "5" },
      ],
      context,
    );
    expect(decided.map((entry) => [entry.creditId, entry.amount.toString()])).toEqual([
      ["a", "30"],
      ["b", "5"],
    ]);
  });

  it("refuses more than a credit's remaining balance, counting earlier requests", () => {
    expect(
      fieldErrors(() =>
        decideApplications(
          [
            { creditId: "a", amount: "20" },
            { creditId: "a", amount: "10.01" },
          ],
          context,
        ),
      ),
    ).toEqual({
      "applications.1.amount": "Only 10.00 USD remains on this credit",
    });
  });

  it("refuses more than the order's due, counting earlier requests", () => {
    expect(
      fieldErrors(() =>
        decideApplications(
          [
            { creditId: "a", amount: "30" },
            { creditId: "b", amount: "6" },
          ],
          context,
        ),
      ),
    ).toEqual({
      "applications.1.amount": "Only 5.00 USD is due on this order",
    });
  });

  it("refuses unknown credits, credits in another currency and empty requests", () => {
    const mixed = { ...context, credits: [...context.credits, credit("eur", "10", [], "EUR")] };
    expect(
      fieldErrors(() =>
        decideApplications(
          [
            { creditId: "zzz", amount: "1" },
            { creditId: "eur", amount: "1" },
          ],
          mixed,
        ),
      ),
    ).toEqual({
      "applications.0.creditId": "Choose one of this supplier's credits",
      "applications.1.creditId": "This credit is in EUR and the order in USD; only credits in the order's currency apply",
    });
    expect(fieldErrors(() => decideApplications([], context))).toEqual({
      applications: "Choose at least one credit and an amount to apply",
    });
  });
});

describe("decideReversal", () => {
  it("refuses reversing twice", () => {
    expect(() => decideReversal({ reversedAt: null })).not.toThrow();
    expect(fieldErrors(() => decideReversal({ reversedAt: new Date() }))).toEqual({
      applicationId: "This application was already reversed",
    });
  });
});

type Step = { kind: "apply"; credit: number; amount: number; due: number } | { kind: "reverse"; pick: number };

describe("credits ledger (property)", () => {
  it("never goes negative, and returns every credit to its amount once all applications are reversed", () => {
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({
        kind: fc.constant("apply" as const),
        credit: fc.nat({ max: 2 }),
        amount: fc.integer({ min: 1, max: 8_000 }),
        due: fc.integer({ min: 0, max: 10_000 }),
      }),
      fc.record({ kind: fc.constant("reverse" as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 3, maxLength: 3 }),
        fc.array(step, { maxLength: 30 }),
        (amounts, steps) => {
          const credits = amounts.map((cents, index) => ({
            ...credit(`c${index}`, (cents / 100).toFixed(2)),
            applications: [] as Array<{ amount: Decimal; reversedAt: Date | null }>,
          }));
          for (const current of steps) {
            if (current.kind === "apply") {
              const target = credits[current.credit]!;
              try {
                const [decided] = decideApplications([{ creditId: target.id, amount: (current.amount / 100).toFixed(2) }], {
                  credits,
                  currencyCode: "USD",
                  totalDue: new Decimal(current.due).dividedBy(100),
                });
                target.applications.push({ amount: decided!.amount, reversedAt: null });
              } catch (error) {
                if (!(error instanceof ValidationError)) throw error;
              }
            } else {
              const open = credits.flatMap((entry) => entry.applications.filter((application) => application.reversedAt === null));
              const application = open[current.pick % Math.max(open.length, 1)];
              if (application) {
                decideReversal(application);
                application.reversedAt = new Date();
              }
            }
            for (const entry of credits) expect(creditRemaining(entry).isNegative()).toBe(false);
          }
          for (const entry of credits) {
            for (const application of entry.applications) if (application.reversedAt === null) application.reversedAt = new Date();
            expect(creditRemaining(entry).equals(entry.amount)).toBe(true);
          }
        },
      ),
    );
  });
});
