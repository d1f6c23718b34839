import { ValidationError, type FieldErrors } from "../errors";
import { Decimal, inOrderCurrency, type CurrencyAmount, type OrderCurrencies } from "../money";

/**
 * An order's money, always derived, never typed in:
 *   order cost      = Σ line (ordered quantity × unit cost − line discount)
 *   total           = order cost + tax + shipping
 *   credits applied = Σ credit applications not reversed
 *   total paid      = Σ completed payments, in the order's currency
 *   total due       = total − credits applied − total paid
 */

export interface CostLine {
  quantity: number;
  unitCost: Decimal.Value;
  /** Amount off the line's quantity × unit cost; none when absent. */
  discount?: Decimal.Value;
}

export function lineCost(line: CostLine): Decimal {
  return new Decimal(line.unitCost).times(line.quantity).minus(line.discount ?? 0);
}

/** The order's cost before credits and payments. */
export function orderTotals(lines: ReadonlyArray<CostLine>, shippingCost: Decimal.Value, tax: Decimal.Value) {
  const subtotal = lines.reduce((sum, line) => sum.plus(lineCost(line)), new Decimal(0));
  return {
    subtotal,
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
  orderCost: Decimal;
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
  const { subtotal, shippingCost, tax, total } = orderTotals(facts.lines, facts.shippingCost, facts.tax);
  const creditsApplied = facts.creditApplications
    .filter((application) => application.reversedAt === null)
    .reduce((sum, application) => sum.plus(application.amount), new Decimal(0));
  const totalPaid = facts.payments
    .filter((payment) => payment.status === "completed")
    .reduce((sum, payment) => sum.plus(inOrderCurrency(payment, facts)), new Decimal(0));
  const totalDue = total.minus(creditsApplied).minus(totalPaid);
  return {
    orderCost: subtotal,
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
  orderCost: "the sum of the lines (quantity × unit cost − discount); change the lines instead",
  subtotal: "the sum of the lines (quantity × unit cost − discount); change the lines instead",
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
