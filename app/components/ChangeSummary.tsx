import { BlockStack, List, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

import { intakeReasonByKey } from "~/domain/intake-reasons";
// Types only: the preview is computed on the server (decide + the effect plan).
import type { ChangePreview } from "~/domain/purchase-order/preview";
import { STATUS_LABELS } from "~/domain/purchase-order/status";

const signed = (delta: number) => (delta > 0 ? `+${delta}` : String(delta));
const name = (item: { sku: string | null; productTitle: string; variantTitle: string | null }) =>
  item.sku ?? (item.variantTitle ? `${item.productTitle} — ${item.variantTitle}` : item.productTitle);
const units = (count: number, done: string, undone: string) => (count > 0 ? `${count} ${done}` : count < 0 ? `${-count} ${undone}` : null);

/**
 * What a change will book on the order and change in Shopify, shown before the merchant confirms
 * it (a delivery's submit, a quick complete, a cancel…). Read from the server's preview, which
 * decides the change and plans its effects as saving would.
 */
export function ChangeSummary({
  preview,
  heading,
  locationNames = {},
  note,
}: {
  preview: ChangePreview;
  heading: string;
  /** Location id → name, to say where on hand and incoming change. */
  locationNames?: Record<string, string>;
  /** Below the Shopify changes (e.g. when on hand follows). */
  note?: ReactNode;
}) {
  const statusChange =
    preview.statusFrom === preview.statusTo
      ? `The order stays ${STATUS_LABELS[preview.statusFrom]}.`
      : `The order goes from ${STATUS_LABELS[preview.statusFrom]} to ${STATUS_LABELS[preview.statusTo]}.`;
  const where = (locationId: string) => (locationNames[locationId] ? ` · ${locationNames[locationId]}` : "");
  return (
    <BlockStack gap="300">
      <Text as="h3" variant="headingSm">
        {heading}
      </Text>
      <Text as="p">{statusChange}</Text>
      {preview.booked.length > 0 ? (
        <BlockStack gap="100">
          <Text as="p" fontWeight="semibold">
            Booked on the order
          </Text>
          <List>
            {preview.booked.map((line) => (
              <List.Item key={`${line.lineId} ${line.reason ?? ""}`}>
                {[
                  name(line),
                  units(line.received, "received", "un-received"),
                  units(line.rejected, "returned", "no longer returned"),
                  units(line.cancelled, "cancelled", "no longer cancelled"),
                  line.reason && line.reason !== "accepted" && line.reason !== "canceled" ? intakeReasonByKey(line.reason).label : null,
                  line.newLine ? "new line, not ordered" : null,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </List.Item>
            ))}
          </List>
        </BlockStack>
      ) : null}
      <BlockStack gap="100">
        <Text as="p" fontWeight="semibold">
          In Shopify
        </Text>
        <List>
          {preview.onHand.map((change) => (
            <List.Item
              key={`on-hand-${change.inventoryItemId}@${change.locationId}`}
            >{`On hand ${signed(change.delta)} · ${name(change)}${where(change.locationId)}`}</List.Item>
          ))}
          {preview.incoming.map((change) => (
            <List.Item
              key={`incoming-${change.inventoryItemId}@${change.locationId}`}
            >{`Incoming ${signed(change.delta)} · ${name(change)}${where(change.locationId)}`}</List.Item>
          ))}
          {preview.tagsAdded.length > 0 ? (
            <List.Item>{`Tags added on ${preview.tagsAdded.length} product${preview.tagsAdded.length === 1 ? "" : "s"}: ${[...new Set(preview.tagsAdded.flatMap((item) => item.tags))].join(", ")}`}</List.Item>
          ) : null}
          {preview.tagsRemoved.length > 0 ? (
            <List.Item>{`Tags removed from ${preview.tagsRemoved.length} product${preview.tagsRemoved.length === 1 ? "" : "s"}: ${[...new Set(preview.tagsRemoved.flatMap((item) => item.tags))].join(", ")}`}</List.Item>
          ) : null}
          {preview.metafieldWrites > 0 ? (
            <List.Item>{`${preview.metafieldWrites} metafield${preview.metafieldWrites === 1 ? "" : "s"} written`}</List.Item>
          ) : null}
          {preview.effectCount === 0 ? <List.Item>Nothing changes in Shopify.</List.Item> : null}
        </List>
        {note}
      </BlockStack>
    </BlockStack>
  );
}
