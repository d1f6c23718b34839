import type { z } from "zod";

import type { UpdateDeliveryRequest } from "~/api/operations/deliveries";
import { intakeReasonByCode, type IntakeOutcome } from "~/domain/intake-reasons";

/**
 * The receiving screen's counting state, kept in the browser so a scan answers at once; the
 * draft is saved as the delivery API's own update request (UpdateDeliveryRequest), so the screen
 * and the API are refused alike. Pure functions: each returns new lines.
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
  /**
   * The units counted, split across intake reasons ("5 accepted, 1 damaged (returned)"); always
   * at least one part. Scans count on the first; parts split off take their units from it.
   */
  parts: ReceivingPart[];
  unitPrice: string | null;
  discount: string;
}

export interface ReceivingPart {
  /** Intake reason code (app/domain/intake-reasons.ts). */
  reason: number;
  quantity: number;
}

export interface ScannableVariant {
  id: string;
  title: string;
  sku: string | null;
  barcode: string | null;
}

/** One line of the draft as the delivery API's update request takes it. */
export type DraftLineRequest = NonNullable<z.input<typeof UpdateDeliveryRequest>["lines"]>[number];
export type DraftRequest = z.input<typeof UpdateDeliveryRequest>;

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

/** Every unit counted on the line, whatever became of it. */
export function countedOf(line: Pick<ReceivingLine, "parts">): number {
  return line.parts.reduce((sum, part) => sum + part.quantity, 0);
}

/** Into stock (accepted parts) and sent back (returned parts). */
export function deliveredOf(line: Pick<ReceivingLine, "parts">): number {
  return line.parts.reduce((sum, part) => sum + (outcomeOf(part.reason) === "accepted" ? part.quantity : 0), 0);
}

export function returnedOf(line: Pick<ReceivingLine, "parts">): number {
  return line.parts.reduce((sum, part) => sum + (outcomeOf(part.reason) === "returned" ? part.quantity : 0), 0);
}

/** The line a scanned code names: its barcode first, then its SKU, both ignoring case and spaces around. */
export function findLine(lines: readonly ReceivingLine[], code: string): ReceivingLine | undefined {
  const wanted = code.trim().toLowerCase();
  if (!wanted) return undefined;
  return lines.find((line) => line.barcode?.trim().toLowerCase() === wanted) ?? lines.find((line) => line.sku?.trim().toLowerCase() === wanted);
}

function update(lines: readonly ReceivingLine[], key: string, change: (line: ReceivingLine) => ReceivingLine): ReceivingLine[] {
  return lines.map((line) => (line.key === key ? change(line) : line));
}

function withParts(line: ReceivingLine, change: (parts: ReceivingPart[]) => ReceivingPart[]): ReceivingLine {
  return { ...line, parts: change(line.parts.map((part) => ({ ...part }))) };
}

/**
 * One unit scanned on a line, counted on its first part. A first part marked not delivered or
 * canceled evidently was delivered, so it goes back to Accepted.
 */
export function countOne(lines: readonly ReceivingLine[], key: string): ReceivingLine[] {
  return update(lines, key, (line) =>
    withParts(line, ([first, ...rest]) => {
      const counts = outcomeOf(first!.reason) === "accepted" || outcomeOf(first!.reason) === "returned";
      return [counts ? { ...first!, quantity: first!.quantity + 1 } : { reason: ACCEPTED, quantity: 1 }, ...rest];
    }),
  );
}

/**
 * A new intake reason for a part. On the first part: a returned reason with nothing counted yet
 * sends back what is expected; not delivered and canceled say nothing came, so the line's count
 * and its other parts go. Another part keeps its units under the new reason.
 */
export function setReason(lines: readonly ReceivingLine[], key: string, reason: number, index = 0): ReceivingLine[] {
  return update(lines, key, (line) =>
    withParts(line, (parts) => {
      if (index > 0) return parts.map((part, at) => (at === index ? { ...part, reason } : part));
      const counted = countedOf(line);
      switch (outcomeOf(reason)) {
        case "accepted":
          return [{ reason, quantity: parts[0]!.quantity }, ...parts.slice(1)];
        case "returned":
          return [{ reason, quantity: counted > 0 ? parts[0]!.quantity : line.expected }, ...parts.slice(1)];
        default:
          return [{ reason, quantity: 0 }];
      }
    }),
  );
}

/**
 * A part's quantity. The first part's is the count itself; another part's moves units from or
 * back to the first, so splitting what was scanned keeps the count (6 scanned: 5 + 1).
 */
export function setQuantity(lines: readonly ReceivingLine[], key: string, value: number, index = 0): ReceivingLine[] {
  const quantity = Number.isInteger(value) && value >= 0 ? value : 0;
  return update(lines, key, (line) =>
    withParts(line, (parts) => {
      if (index === 0) return [{ ...parts[0]!, quantity }, ...parts.slice(1)];
      const more = quantity - (parts[index]?.quantity ?? 0);
      // Taken from the first part while it has units (beyond that, the count grows); given back to it when less.
      const moved = more > 0 ? Math.min(more, parts[0]!.quantity) : more;
      return parts.map((part, at) => (at === index ? { ...part, quantity } : at === 0 ? { ...part, quantity: part.quantity - moved } : part));
    }),
  );
}

/**
 * Splits one unit off the first part under another reason (damaged and returned unless it is a
 * reason the line has already); its quantity and reason are then set on the new part.
 */
export function splitOff(lines: readonly ReceivingLine[], key: string): ReceivingLine[] {
  return update(lines, key, (line) =>
    withParts(line, (parts) => {
      const used = new Set(parts.map((part) => part.reason));
      const reason = [DAMAGED_RETURNED, 4, 5, 7, 9, 11, 13, 15].find((code) => !used.has(code)) ?? DAMAGED_RETURNED;
      const taken = parts[0]!.quantity > 0 ? 1 : 0;
      return [{ ...parts[0]!, quantity: parts[0]!.quantity - taken }, ...parts.slice(1), { reason, quantity: 1 }];
    }),
  );
}

/** A part split off is removed; its units go back to the first part. */
export function removePart(lines: readonly ReceivingLine[], key: string, index: number): ReceivingLine[] {
  if (index === 0) return [...lines];
  return update(lines, key, (line) =>
    withParts(line, (parts) => {
      const back = parts[index]?.quantity ?? 0;
      return parts.filter((_, at) => at !== index).map((part, at) => (at === 0 ? { ...part, quantity: part.quantity + back } : part));
    }),
  );
}

/** The per-line quick button: everything counted on the line goes back, as damaged unless another returned reason is chosen. */
export function reject(lines: readonly ReceivingLine[], key: string): ReceivingLine[] {
  const line = lines.find((candidate) => candidate.key === key);
  if (!line) return [...lines];
  const reason = outcomeOf(line.parts[0]!.reason) === "returned" ? line.parts[0]!.reason : DAMAGED_RETURNED;
  const counted = countedOf(line);
  return update(lines, key, (current) => ({ ...current, parts: [{ reason, quantity: counted > 0 ? counted : current.expected }] }));
}

/** The quick button: every ordered line whose first part is not a return is counted up to what is expected. */
export function receiveAllRemaining(lines: readonly ReceivingLine[]): ReceivingLine[] {
  return lines.map((line) => {
    const first = line.parts[0]!;
    if (line.lineId === null || outcomeOf(first.reason) === "returned") return line;
    const missing = Math.max(0, line.expected - countedOf(line));
    const reason = outcomeOf(first.reason) === "accepted" ? first.reason : ACCEPTED;
    return withParts(line, ([head, ...rest]) => [
      { reason, quantity: (outcomeOf(head!.reason) === "accepted" ? head!.quantity : 0) + missing },
      ...rest,
    ]);
  });
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
  const full = line.lineId !== null && line.variantId !== null && outcomeOf(line.parts[0]!.reason) === "accepted" && countedOf(line) >= line.expected;
  if (!full) return { lines: countOne(lines, line.key), key: line.key };
  const extra = { id: line.variantId!, title: line.title, sku: line.sku, barcode: line.barcode };
  return { lines: addVariant(lines, extra, DELIVERED_TOO_MUCH_ACCEPTED), key: variantKey(extra.id) };
}

/** A variant without an order line: counted once on its own line (again if it is already there). */
export function addVariant(lines: readonly ReceivingLine[], variant: ScannableVariant, reason: number = WRONGLY_DELIVERED_ACCEPTED): ReceivingLine[] {
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
      parts: [{ reason, quantity: 1 }],
      unitPrice: null,
      discount: "0",
    },
  ];
}

export function removeLine(lines: readonly ReceivingLine[], key: string): ReceivingLine[] {
  return lines.filter((line) => line.key !== key);
}

/** Lines that say something: an ordered line with nothing counted and the default reason is left out of the draft. */
function sent(lines: readonly ReceivingLine[]): ReceivingLine[] {
  return lines.filter((line) => line.lineId === null || line.parts.length > 1 || line.parts[0]!.quantity > 0 || line.parts[0]!.reason !== ACCEPTED);
}

function reasonKey(code: number) {
  return intakeReasonByCode(code)?.key ?? "accepted";
}

/**
 * The draft's lines as the delivery API's update request, in the order `payloadKeys` names them.
 * A one-part line gives its reason and quantities; a split line its parts (the API adds them up).
 * Every line is sent as counted, so the service's rules judge it.
 */
export function toPayload(lines: readonly ReceivingLine[]): DraftLineRequest[] {
  return sent(lines).map((line): DraftLineRequest => {
    // A variant line stays a line of its own, also for a variant the order has (units beyond what is pending).
    const of = line.lineId !== null ? { line_id: line.lineId } : { variant_id: line.variantId ?? "", separate_line: true };
    const price = line.unitPrice === null ? {} : { unit_price: line.unitPrice };
    const [first] = line.parts;
    if (line.parts.length === 1) {
      const outcome = outcomeOf(first!.reason);
      return {
        ...of,
        quantity_delivered: outcome === "returned" ? 0 : first!.quantity,
        quantity_returned: outcome === "returned" ? first!.quantity : 0,
        intake_reason: reasonKey(first!.reason),
        ...price,
        discount: line.discount,
      };
    }
    return {
      ...of,
      splits: line.parts.map((part) => ({ intake_reason: reasonKey(part.reason), quantity: part.quantity })),
      ...price,
      discount: line.discount,
    };
  });
}

/** The keys of the lines toPayload sends, in its order: the server's `lines.N.*` errors name lines by that place. */
export function payloadKeys(lines: readonly ReceivingLine[]): string[] {
  return sent(lines).map((line) => line.key);
}

export function totals(lines: readonly ReceivingLine[]) {
  return lines.reduce(
    (sum, line) => ({
      expected: sum.expected + line.expected,
      delivered: sum.delivered + deliveredOf(line),
      returned: sum.returned + returnedOf(line),
    }),
    { expected: 0, delivered: 0, returned: 0 },
  );
}
