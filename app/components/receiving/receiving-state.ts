import type { DeliveryLineInput } from "~/domain/delivery";
import { intakeReasonByCode, type IntakeOutcome } from "~/domain/intake-reasons";

/**
 * The receiving screen's counting state, kept in the browser so a scan answers at once; the
 * draft is saved as one payload of lines. Pure functions: each returns new lines.
 */
export interface ReceivingLine {
  /** The PO line's id, or `variant:<id>` for a variant the order does not have. */
  key: string;
  lineId: string | null;
  variantId: string | null;
  title: string;
  sku: string | null;
  barcode: string | null;
  /** Still pending on the order; 0 for a variant the order does not have. */
  expected: number;
  delivered: number;
  returned: number;
  /** Intake reason code (app/domain/intake-reasons.ts). */
  reason: number;
  unitPrice: string | null;
  discount: string;
}

export interface ScannableVariant {
  id: string;
  title: string;
  sku: string | null;
  barcode: string | null;
}

export const ACCEPTED = 0;
export const DAMAGED_RETURNED = 3;
/** A variant the order does not have, kept: the closest reason to "it came, and we keep it". */
export const WRONGLY_DELIVERED_ACCEPTED = 6;
export const DELIVERED_TOO_MUCH_ACCEPTED = 10;

export function outcomeOf(code: number): IntakeOutcome {
  return intakeReasonByCode(code)?.outcome ?? "accepted";
}

export function variantKey(variantId: string): string {
  return `variant:${variantId}`;
}

/** The line a scanned code names: its barcode first, then its SKU, both ignoring case and spaces around. */
export function findLine(lines: readonly ReceivingLine[], code: string): ReceivingLine | undefined {
  const wanted = code.trim().toLowerCase();
  if (!wanted) return undefined;
  return (
    lines.find((line) => line.barcode?.trim().toLowerCase() === wanted) ??
    lines.find((line) => line.sku?.trim().toLowerCase() === wanted)
  );
}

function update(lines: readonly ReceivingLine[], key: string, change: (line: ReceivingLine) => ReceivingLine): ReceivingLine[] {
  return lines.map((line) => (line.key === key ? change(line) : line));
}

/**
 * One unit scanned on a line. A line being rejected counts it as returned; a line marked not
 * delivered or canceled evidently was delivered, so it goes back to Accepted.
 */
export function countOne(lines: readonly ReceivingLine[], key: string): ReceivingLine[] {
  return update(lines, key, (line) => {
    const outcome = outcomeOf(line.reason);
    if (outcome === "returned") return { ...line, returned: line.returned + 1 };
    if (outcome === "accepted") return { ...line, delivered: line.delivered + 1 };
    return { ...line, reason: ACCEPTED, delivered: line.delivered + 1 };
  });
}

/**
 * A new intake reason moves the line's count where the reason puts it: a returned reason takes
 * what was delivered (or, with nothing counted yet, what is expected) to returned; an accepted
 * one takes returned back into delivered; not delivered and canceled leave nothing counted.
 */
export function setReason(lines: readonly ReceivingLine[], key: string, reason: number): ReceivingLine[] {
  return update(lines, key, (line) => {
    const counted = line.delivered + line.returned;
    switch (outcomeOf(reason)) {
      case "accepted":
        return { ...line, reason, delivered: counted, returned: 0 };
      case "returned":
        return { ...line, reason, delivered: 0, returned: counted > 0 ? counted : line.expected };
      default:
        return { ...line, reason, delivered: 0, returned: 0 };
    }
  });
}

/** The per-line quick button: everything counted on the line goes back, as damaged unless another returned reason is chosen. */
export function reject(lines: readonly ReceivingLine[], key: string): ReceivingLine[] {
  const line = lines.find((candidate) => candidate.key === key);
  if (!line) return [...lines];
  return setReason(lines, key, outcomeOf(line.reason) === "returned" ? line.reason : DAMAGED_RETURNED);
}

/** The quick button: every ordered line not being returned is counted up to what is expected. */
export function receiveAllRemaining(lines: readonly ReceivingLine[]): ReceivingLine[] {
  return lines.map((line) => {
    if (line.lineId === null || outcomeOf(line.reason) === "returned") return line;
    return { ...line, reason: outcomeOf(line.reason) === "accepted" ? line.reason : ACCEPTED, delivered: Math.max(line.delivered, line.expected) };
  });
}

export function setQuantity(
  lines: readonly ReceivingLine[],
  key: string,
  field: "delivered" | "returned",
  value: number,
): ReceivingLine[] {
  return update(lines, key, (line) => ({ ...line, [field]: Number.isInteger(value) && value >= 0 ? value : 0 }));
}

/** A price for a line not on the order (what it is added to the order at); blank: its default cost, when one is known. */
export function setUnitPrice(lines: readonly ReceivingLine[], key: string, price: string): ReceivingLine[] {
  return update(lines, key, (line) => ({ ...line, unitPrice: price.trim() === "" ? null : price }));
}

/**
 * One scan of a line's code. A unit beyond what an ordered line expects cannot be booked on it
 * (the order refuses more than is pending), so it is counted on a line of its own for the same
 * variant, as "Delivered too much (accepted)". Returns the lines and the key of the line counted.
 */
export function scan(lines: readonly ReceivingLine[], line: ReceivingLine): { lines: ReceivingLine[]; key: string } {
  const full = line.lineId !== null && line.variantId !== null && outcomeOf(line.reason) === "accepted" && line.delivered >= line.expected;
  if (!full) return { lines: countOne(lines, line.key), key: line.key };
  const extra = { id: line.variantId!, title: line.title, sku: line.sku, barcode: line.barcode };
  return { lines: addVariant(lines, extra, DELIVERED_TOO_MUCH_ACCEPTED), key: variantKey(extra.id) };
}

/** A variant without an order line: counted once on its own line (again if it is already there). */
export function addVariant(
  lines: readonly ReceivingLine[],
  variant: ScannableVariant,
  reason: number = WRONGLY_DELIVERED_ACCEPTED,
): ReceivingLine[] {
  const key = variantKey(variant.id);
  if (lines.some((line) => line.key === key)) return countOne(lines, key);
  return [
    ...lines,
    {
      key,
      lineId: null,
      variantId: variant.id,
      title: variant.title,
      sku: variant.sku,
      barcode: variant.barcode,
      expected: 0,
      delivered: 1,
      returned: 0,
      reason,
      unitPrice: null,
      discount: "0",
    },
  ];
}

export function removeLine(lines: readonly ReceivingLine[], key: string): ReceivingLine[] {
  return lines.filter((line) => line.key !== key);
}

/**
 * The draft's lines as the service takes them. An ordered line with nothing counted and the
 * default reason says nothing and is left out; every other line is sent, so the service's
 * rules (accepted reasons need a delivered quantity, the others none) judge it.
 */
export function toPayload(lines: readonly ReceivingLine[]): DeliveryLineInput[] {
  return lines
    .filter((line) => line.lineId === null || line.delivered > 0 || line.returned > 0 || line.reason !== ACCEPTED)
    .map((line) => ({
      lineId: line.lineId,
      variantId: line.variantId,
      quantityDelivered: line.delivered,
      quantityReturned: line.returned,
      unitPrice: line.unitPrice,
      discount: line.discount,
      intakeReason: line.reason,
    }));
}

export function payloadKey(line: Pick<DeliveryLineInput, "lineId" | "variantId">): string {
  return line.lineId ?? variantKey(line.variantId ?? "");
}

export function totals(lines: readonly ReceivingLine[]) {
  return lines.reduce(
    (sum, line) => ({
      expected: sum.expected + line.expected,
      delivered: sum.delivered + line.delivered,
      returned: sum.returned + line.returned,
    }),
    { expected: 0, delivered: 0, returned: 0 },
  );
}
