import { ValidationError, type FieldErrors } from "./errors";
import { Decimal, formatMoney, parsePositiveMoney } from "./money";

/**
 * The supplier credits ledger. A credit (from a return, or entered by hand) is an amount in the
 * supplier's currency; applying it to an order takes part of it, reversing the application gives
 * it back. The remaining balance is derived from the applications, never stored.
 */

export const CREDIT_SOURCES = ["return", "manual"] as const;
export type CreditSource = (typeof CREDIT_SOURCES)[number];

export interface CreditInput {
  source: string;
  amount: string;
  reference?: string;
  note?: string;
}

export interface CreditFields {
  source: CreditSource;
  amount: Decimal;
  reference: string | null;
  note: string | null;
}

export function parseCredit(input: CreditInput): CreditFields {
  const errors: FieldErrors = {};
  const source = input.source.trim();
  if (!(CREDIT_SOURCES as readonly string[]).includes(source)) errors.source = `Must be one of: ${CREDIT_SOURCES.join(", ")}`;
  const amount = parsePositiveMoney(input.amount);
  if (!amount) errors.amount = "Amount must be more than 0, with at most 4 decimals";
  const reference = input.reference?.trim() || null;
  if (reference && reference.length > 200) errors.reference = "At most 200 characters";
  const note = input.note?.trim() || null;
  if (note && note.length > 2000) errors.note = "At most 2000 characters";
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { source: source as CreditSource, amount: amount!, reference, note };
}

export interface CreditApplicationFacts {
  amount: Decimal.Value;
  reversedAt: Date | null;
}

export interface LedgerCredit {
  id: string;
  amount: Decimal.Value;
  currencyCode: string;
  applications: ReadonlyArray<CreditApplicationFacts>;
}

/** What is left of a credit: its amount less every application that was not reversed. */
export function creditRemaining(credit: LedgerCredit): Decimal {
  return credit.applications
    .filter((application) => application.reversedAt === null)
    .reduce((remaining, application) => remaining.minus(application.amount), new Decimal(credit.amount));
}

const REMAINING = "the credit's amount less its applications that were not reversed; apply or reverse instead";
export const DERIVED_CREDIT_FIELDS: Readonly<Record<string, string>> = { remaining: REMAINING, remainingBalance: REMAINING };

export interface ApplicationRequest {
  creditId: string;
  amount: string;
}

export interface DecidedApplication {
  creditId: string;
  amount: Decimal;
}

/**
 * Decides applying one or more credits to an order. Each amount is refused, on its own field,
 * when it exceeds what is left of its credit or what is still due on the order, counting the
 * requests before it, so the whole request is all or nothing.
 */
export function decideApplications(
  requests: ReadonlyArray<ApplicationRequest>,
  context: { credits: ReadonlyArray<LedgerCredit>; currencyCode: string; totalDue: Decimal.Value },
): DecidedApplication[] {
  const errors: FieldErrors = {};
  if (requests.length === 0) errors.applications = "Choose at least one credit and an amount to apply";
  const remaining = new Map(context.credits.map((credit) => [credit.id, creditRemaining(credit)]));
  let due = new Decimal(context.totalDue);
  const decided = requests.map((request, index): DecidedApplication => {
    const field = `applications.${index}`;
    const credit = context.credits.find((candidate) => candidate.id === request.creditId);
    const amount = parsePositiveMoney(request.amount);
    if (!credit) {
      errors[`${field}.creditId`] = "Choose one of this supplier's credits";
    } else if (credit.currencyCode !== context.currencyCode) {
      errors[`${field}.creditId`] =
        `This credit is in ${credit.currencyCode} and the order in ${context.currencyCode}; only credits in the order's currency apply`;
    }
    if (!amount) {
      errors[`${field}.amount`] = "Amount must be more than 0, with at most 4 decimals";
    } else if (credit) {
      const left = remaining.get(credit.id)!;
      if (amount.greaterThan(left)) {
        errors[`${field}.amount`] = `Only ${formatMoney(left, credit.currencyCode)} remains on this credit`;
      } else if (amount.greaterThan(due)) {
        errors[`${field}.amount`] = `Only ${formatMoney(Decimal.max(due, 0), context.currencyCode)} is due on this order`;
      } else {
        remaining.set(credit.id, left.minus(amount));
        due = due.minus(amount);
      }
    }
    return { creditId: request.creditId, amount: amount ?? new Decimal(0) };
  });
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return decided;
}

/** Reversing gives the amount back to the credit; reversing twice would give it back twice. */
export function decideReversal(application: { reversedAt: Date | null }): void {
  if (application.reversedAt !== null) {
    throw new ValidationError({ applicationId: "This application was already reversed" });
  }
}
