import { BlockStack, List, Text } from "@shopify/polaris";

import { intakeReasonByKey } from "~/domain/intake-reasons";
import { STATUS_LABELS } from "~/domain/purchase-order/status";
import type { DeliveryPreview } from "~/services/deliveries.server";

const signed = (delta: number) => (delta > 0 ? `+${delta}` : String(delta));
const name = (item: { sku: string | null; productTitle: string; variantTitle: string | null }) =>
  item.sku ?? (item.variantTitle ? `${item.productTitle} — ${item.variantTitle}` : item.productTitle);

/** What submitting will book on the order and change in Shopify, shown before the merchant confirms. */
export function DeliverySummary({ preview }: { preview: DeliveryPreview }) {
  const statusChange =
    preview.statusFrom === preview.statusTo
      ? `The order stays ${STATUS_LABELS[preview.statusFrom]}.`
      : `The order goes from ${STATUS_LABELS[preview.statusFrom]} to ${STATUS_LABELS[preview.statusTo]}.`;
  return (
    <BlockStack gap="300">
      <Text as="h3" variant="headingSm">
        What submitting changes
      </Text>
      <Text as="p">{statusChange}</Text>
      {preview.booked.length > 0 ? (
        <BlockStack gap="100">
          <Text as="p" fontWeight="semibold">
            Booked on the order
          </Text>
          <List>
            {preview.booked.map((line) => (
              <List.Item key={line.lineId}>
                {[
                  name(line),
                  line.received > 0 ? `${line.received} received` : null,
                  line.rejected > 0 ? `${line.rejected} returned` : null,
                  line.reason && line.reason !== "accepted" ? intakeReasonByKey(line.reason).label : null,
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
            <List.Item key={`on-hand-${change.inventoryItemId}`}>{`On hand ${signed(change.delta)} · ${name(change)}`}</List.Item>
          ))}
          {preview.incoming.map((change) => (
            <List.Item key={`incoming-${change.inventoryItemId}`}>{`Incoming ${signed(change.delta)} · ${name(change)}`}</List.Item>
          ))}
          {preview.tagsAdded.length > 0 ? (
            <List.Item>{`Tags added on ${preview.tagsAdded.length} product${preview.tagsAdded.length === 1 ? "" : "s"}: ${[...new Set(preview.tagsAdded.flatMap((item) => item.tags))].join(", ")}`}</List.Item>
          ) : null}
          {preview.tagsRemoved.length > 0 ? (
            <List.Item>{`Tags removed from ${preview.tagsRemoved.length} product${preview.tagsRemoved.length === 1 ? "" : "s"}: ${[...new Set(preview.tagsRemoved.flatMap((item) => item.tags))].join(", ")}`}</List.Item>
          ) : null}
          {preview.metafieldWrites > 0 ? <List.Item>{`${preview.metafieldWrites} metafield${preview.metafieldWrites === 1 ? "" : "s"} written`}</List.Item> : null}
          {preview.effectCount === 0 ? <List.Item>Nothing changes in Shopify.</List.Item> : null}
        </List>
        {preview.autoSyncOnReceive ? null : (
          <Text as="p" tone="subdued" variant="bodySm">
            Auto-sync on receiving is off: on hand changes when the order is synced to Shopify or completed.
          </Text>
        )}
      </BlockStack>
    </BlockStack>
  );
}
