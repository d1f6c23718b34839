import type { z } from "zod";

import { parseInput } from "~/api/input";
import { UpdateDeliveryRequest } from "~/api/operations/deliveries";
import { formJson } from "~/http/forms.server";
import type { PurchaseOrderState } from "~/domain/purchase-order/order";
import { orderQuantities } from "~/domain/purchase-order/quantities";
import type { ReceivingLine, ReceivingPart } from "~/components/receiving/receiving-state";
import { variantKey } from "~/components/receiving/receiving-state";
import type { DeliveryView } from "~/services/deliveries.server";
import type { VariantSummary } from "~/services/shopify/gateway.server";

/** A line's name as the order screen writes it. */
export function lineTitle(productTitle: string, variantTitle: string | null): string {
  return variantTitle ? `${productTitle} — ${variantTitle}` : productTitle;
}

/**
 * The count the screen starts from: each order line with something pending (or counted in the
 * draft), expecting what is pending, with the draft's counts on it; then the draft's lines
 * without an order line. Barcodes come from Shopify's variants.
 */
export function initialLines(
  order: PurchaseOrderState,
  variants: ReadonlyMap<string, Pick<VariantSummary, "barcode">>,
  draft: Pick<DeliveryView, "lines"> | null,
): ReceivingLine[] {
  const quantities = orderQuantities(order);
  const drafted = new Map<string, DeliveryView["lines"]>();
  for (const line of draft?.lines ?? []) {
    const key = line.lineId ?? variantKey(line.variantId ?? "");
    drafted.set(key, [...(drafted.get(key) ?? []), line]);
  }
  const counts = (key: string) => {
    const entries = drafted.get(key) ?? [];
    return {
      parts: draftParts(entries.flatMap((line) => line.splits)),
      unitPrice: entries[0]?.unitPrice ?? null,
      discount: entries[0]?.discount ?? "0",
    };
  };
  const ordered = order.lines
    .filter((line) => (quantities.get(line.id)?.pending ?? 0) > 0 || drafted.has(line.id))
    .map((line): ReceivingLine => ({
      key: line.id,
      lineId: line.id,
      variantId: line.variantId,
      title: lineTitle(line.productTitle, line.variantTitle),
      sku: line.sku,
      barcode: line.variantId ? (variants.get(line.variantId)?.barcode ?? null) : null,
      expected: quantities.get(line.id)?.pending ?? 0,
      ...counts(line.id),
    }));
  const unordered = [...drafted]
    .filter(([key]) => key.startsWith("variant:"))
    .map(([key, [line]]): ReceivingLine => ({
      key,
      lineId: null,
      variantId: line!.variantId,
      title: lineTitle(line!.productTitle, line!.variantTitle),
      sku: line!.sku,
      barcode: line!.barcode,
      expected: 0,
      ...counts(key),
    }));
  return [...ordered, ...unordered];
}

/**
 * The draft's parts of one line as the screen counts them: one per reason (a draft the API wrote
 * may hold an order line twice), units first; nothing counted yet is one empty Accepted part.
 */
function draftParts(splits: ReadonlyArray<{ intakeReason: number; quantity: number }>): ReceivingPart[] {
  const byReason = new Map<number, number>();
  for (const part of splits) byReason.set(part.intakeReason, (byReason.get(part.intakeReason) ?? 0) + part.quantity);
  const parts = [...byReason].map(([reason, quantity]) => ({ reason, quantity }));
  const counted = parts.filter((part) => part.quantity > 0);
  return counted.length > 0 ? counted : [parts[0] ?? { reason: 0, quantity: 0 }];
}

/** The screen's draft is the delivery API's update request (one schema, so both refuse alike). */
export const DRAFT_PAYLOAD = UpdateDeliveryRequest;

export type DraftPayload = z.output<typeof DRAFT_PAYLOAD>;

const DRAFT_MESSAGE = "The draft must be a JSON document of lines, note and delivery date";

/**
 * The screen sends the whole draft as one JSON document (the `draft` field), checked by the
 * API's schema: a refusal names the field as the API does (`lines.0.splits.1.quantity`).
 */
export function parseDraftPayload(value: FormDataEntryValue | null): DraftPayload {
  return parseInput(DRAFT_PAYLOAD, formJson("draft", value, DRAFT_MESSAGE));
}
