import { Decimal } from "../money";
import { linesSubtotal } from "./draft";

/** An order's money, always derived: lines × unit cost, plus shipping and tax. Never typed in. */
export function orderTotals(
  lines: ReadonlyArray<{ quantity: number; unitCost: Decimal.Value }>,
  shippingCost: Decimal.Value,
  tax: Decimal.Value,
) {
  const subtotal = linesSubtotal(lines);
  return { subtotal, shippingCost: new Decimal(shippingCost), tax: new Decimal(tax), total: subtotal.plus(shippingCost).plus(tax) };
}
