import { ValidationError, type FieldErrors } from "../errors";
import { Decimal, inOrderCurrency, type CurrencyAmount, type OrderCurrencies } from "../money";
import type { Booking, OrderLine } from "./order";
import { expectedQuantity, lineQuantities, type LineQuantities } from "./quantities";

/**
 * An order's money, always derived, never typed in (docs/decisions/004):
 *   owed quantity   = (confirmed, else ordered) − cancelled, per line
 *   line cost       = owed quantity × unit cost − line discount (never below 0)
 *   order cost      = Σ line cost
 *   total           = order cost + tax + shipping
 *   credits applied = Σ credit applications not reversed
 *   total paid      = Σ completed payments, in the order's currency
 *   total due       = total − credits applied − total paid
 * Units cancelled (cancelling the order, completing from Partially received, closing deliveries)
 * are never owed. Units returned at receiving stay owed: the supplier credit for them, once
 * applied, is what takes them off what is due (through credits applied, so never twice). The
 * ordered value (ordered × unit cost − discount) is shown beside the order cost where they differ.
 */

/** A line as its cost is counted: its quantities (bookings summed, reversals included) and price. */
export interface CostLine extends Pick<LineQuantities, "ordered" | "confirmed" | "cancelled" | "rejected"> {
  unitCost: Decimal.Value;
  /** Amount off the line's cost; none when absent. */
  discount?: Decimal.Value;
}

/** A line of the lifecycle's state as its cost is counted (its discount is kept apart from that state). */
export function costLine(line: OrderLine, bookings: readonly Booking[], discount: Decimal.Value = 0): CostLine {
  return { ...lineQuantities(line, bookings), unitCost: line.unitCost, discount };
}

/** The quantity a line is owed for: what the supplier confirmed (else what was ordered) less what was cancelled. */
export function owedQuantity(line: Pick<CostLine, "ordered" | "confirmed" | "cancelled">): number {
  return Math.max(0, expectedQuantity(line) - line.cancelled);
}

/** What the line costs the merchant: its owed quantity at its unit cost, less its discount (a discount never takes it below 0). */
export function lineCost(line: CostLine): Decimal {
  return discounted(owedQuantity(line), line);
}

/** What the line was ordered for, before confirmations and cancellations. */
export function orderedLineValue(line: CostLine): Decimal {
  return discounted(line.ordered, line);
}

function discounted(quantity: number, line: CostLine): Decimal {
  return Decimal.max(0, new Decimal(line.unitCost).times(quantity).minus(line.discount ?? 0));
}

/** The order's cost before credits and payments, with its ordered value and what returned units add to it. */
export function orderTotals(lines: ReadonlyArray<CostLine>, shippingCost: Decimal.Value, tax: Decimal.Value) {
  const sum = (amount: (line: CostLine) => Decimal) => lines.reduce((total, line) => total.plus(amount(line)), new Decimal(0));
  const subtotal = sum(lineCost);
  return {
    subtotal,
    orderedValue: sum(orderedLineValue),
    /** Units returned at receiving, at their unit cost: part of the order cost until a credit for them is applied. */
    returnedValue: sum((line) => new Decimal(line.unitCost).times(Math.min(line.rejected, owedQuantity(line)))),
    shippingCost: new Decimal(shippingCost),
    tax: new Decimal(tax),
    total: subtotal.plus(shippingCost).plus(tax),
  };
}

export interface AppliedCredit {
  amount: Decimal.Value;
  reversedAt: Date | null;
}

/** Only completed payments count as paid. */
export interface PaymentAmount extends CurrencyAmount {
  status: string;
}

export interface OrderMoneyFacts extends OrderCurrencies {
  lines: ReadonlyArray<CostLine>;
  shippingCost: Decimal.Value;
  tax: Decimal.Value;
  payments: ReadonlyArray<PaymentAmount>;
  creditApplications: ReadonlyArray<AppliedCredit>;
}

export interface OrderMoney {
  /** Σ line cost: what the lines are owed for. */
  orderCost: Decimal;
  /** Σ ordered × unit cost − discount: differs from orderCost once lines are confirmed short or cancelled. */
  orderedValue: Decimal;
  /** The part of orderCost for returned units (owed until the supplier's credit for them is applied). */
  returnedValue: Decimal;
  shippingCost: Decimal;
  tax: Decimal;
  total: Decimal;
  creditsApplied: Decimal;
  totalPaid: Decimal;
  totalDue: Decimal;
  /**
   * Settled: completed payments and applied credits cover a non-zero total. Credits count
   * because a credit applied is value the supplier already holds (docs/decisions/004).
   */
  paid: boolean;
}

export function orderMoney(facts: OrderMoneyFacts): OrderMoney {
  const { subtotal, orderedValue, returnedValue, shippingCost, tax, total } = orderTotals(facts.lines, facts.shippingCost, facts.tax);
  const creditsApplied = facts.creditApplications
    .filter((application) => application.reversedAt === null)
    .reduce((sum, application) => sum.plus(application.amount), new Decimal(0));
  const totalPaid = facts.payments
    .filter((payment) => payment.status === "completed")
    .reduce((sum, payment) => sum.plus(inOrderCurrency(payment, facts)), new Decimal(0));
  const totalDue = total.minus(creditsApplied).minus(totalPaid);
  return {
    orderCost: subtotal,
    orderedValue,
    returnedValue,
    shippingCost,
    tax,
    total,
    creditsApplied,
    totalPaid,
    totalDue,
    paid: total.greaterThan(0) && totalDue.lessThanOrEqualTo(0),
  };
}

/** Why each derived amount cannot be written, keyed by the name an API or form would send. */
export const DERIVED_ORDER_FIELDS: Readonly<Record<string, string>> = {
  orderCost: "the sum of the lines (owed quantity × unit cost − discount); change the lines instead",
  subtotal: "the sum of the lines (owed quantity × unit cost − discount); change the lines instead",
  orderedValue: "the sum of ordered quantity × unit cost − discount; change the lines instead",
  total: "order cost + tax + shipping; change the lines, tax or shipping instead",
  creditsApplied: "the sum of the credits applied to the order; apply or reverse credits instead",
  totalPaid: "the sum of the completed payments; record, edit or remove payments instead",
  totalDue: "total − credits applied − total paid; it follows from those",
  paid: "whether completed payments and credits cover the total; record payments instead",
};

/**
 * Refuses input that tries to set a derived amount, naming each such field and why it is
 * derived. Call it on raw input (a form, an API body) before parsing it.
 */
export function refuseDerivedFields(
  input: Readonly<Record<string, unknown>>,
  derived: Readonly<Record<string, string>> = DERIVED_ORDER_FIELDS,
): void {
  const errors: FieldErrors = {};
  for (const [field, why] of Object.entries(derived)) {
    if (Object.hasOwn(input, field)) errors[field] = `${field} is derived and cannot be set: it is ${why}`;
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}
