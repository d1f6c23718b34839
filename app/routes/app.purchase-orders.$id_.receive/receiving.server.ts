import { z } from "zod";

import { ValidationError } from "~/domain/errors";
import { formJson } from "~/http/forms.server";
import type { PurchaseOrderState } from "~/domain/purchase-order/order";
import { orderQuantities } from "~/domain/purchase-order/quantities";
import type { ReceivingLine } from "~/components/receiving/receiving-state";
import { payloadKey } from "~/components/receiving/receiving-state";
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
    const key = payloadKey(line);
    drafted.set(key, [...(drafted.get(key) ?? []), line]);
  }
  const counts = (key: string) => {
    const entries = drafted.get(key) ?? [];
    return {
      delivered: entries.reduce((sum, line) => sum + line.quantityDelivered, 0),
      returned: entries.reduce((sum, line) => sum + line.quantityReturned, 0),
      reason: entries[0]?.intakeReason ?? 0,
      unitPrice: entries[0]?.unitPrice ?? null,
      discount: entries[0]?.discount ?? "0",
    };
  };
  const ordered = order.lines
    .filter((line) => (quantities.get(line.id)?.pending ?? 0) > 0 || drafted.has(line.id))
    .map(
      (line): ReceivingLine => ({
        key: line.id,
        lineId: line.id,
        variantId: line.variantId,
        title: lineTitle(line.productTitle, line.variantTitle),
        sku: line.sku,
        barcode: line.variantId ? (variants.get(line.variantId)?.barcode ?? null) : null,
        expected: quantities.get(line.id)?.pending ?? 0,
        ...counts(line.id),
      }),
    );
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

const DRAFT_PAYLOAD = z.object({
  lines: z.array(
    z.object({
      lineId: z.string().nullable(),
      variantId: z.string().nullable(),
      quantityDelivered: z.number(),
      quantityReturned: z.number(),
      unitPrice: z.string().nullable(),
      discount: z.string(),
      intakeReason: z.number(),
    }),
  ),
  note: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});

export type DraftPayload = z.infer<typeof DRAFT_PAYLOAD>;

const DRAFT_MESSAGE = "The draft must be a JSON document of lines, note and delivery date";

/** The screen sends the whole draft as one JSON document (the `draft` field); its shape is checked here, its rules by the service. */
export function parseDraftPayload(value: FormDataEntryValue | null): DraftPayload {
  const result = DRAFT_PAYLOAD.safeParse(formJson("draft", value, DRAFT_MESSAGE));
  if (!result.success) throw new ValidationError({ draft: DRAFT_MESSAGE });
  return result.data;
}
