import { Badge, BlockStack, Button, Card, InlineStack, Link, Text } from "@shopify/polaris";

import type { OrderView } from "./route";

/**
 * The order's deliveries: the way to the receiving screen (it opens the open draft, if there is
 * one), each delivery with its status, counts and delivery note files, and labels to print.
 */
export function DeliveriesCard({
  order,
  onCreditReturns,
  busy,
}: {
  order: Pick<OrderView, "id" | "deliveries" | "acceptsDeliveries" | "lines">;
  /** Creates the supplier credit for a submitted delivery's returned goods (the merchant's choice). */
  onCreditReturns: (deliveryId: string) => void;
  busy: boolean;
}) {
  const receiveUrl = `/app/purchase-orders/${order.id}/receive`;
  // Labels for what arrived; before anything has, for what was ordered (to label ahead of time).
  const labelSource = order.lines.some((line) => line.received > 0) ? "received" : "ordered";
  const openDraft = order.deliveries.find((delivery) => delivery.status === "draft");
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h2" variant="headingMd">
            Deliveries
          </Text>
          <InlineStack gap="200" align="end" blockAlign="center">
            {/* A download: a new tab, so the browser (not the app's router) handles it. */}
            <Button url={`/app/purchase-orders/${order.id}/labels?source=${labelSource}`} target="_blank" variant="plain">
              Print labels
            </Button>
            {order.acceptsDeliveries || openDraft ? (
              <Button url={receiveUrl} variant="primary">
                {openDraft ? `Continue delivery #${openDraft.number}` : "Receive delivery"}
              </Button>
            ) : null}
          </InlineStack>
        </InlineStack>
        {order.deliveries.length === 0 ? (
          <Text as="p" tone="subdued">
            {order.acceptsDeliveries ? "No deliveries yet: receive one to count the goods at the dock." : "No deliveries."}
          </Text>
        ) : null}
        {order.deliveries.map((delivery) => (
          <BlockStack key={delivery.id} gap="100">
            <InlineStack gap="200" blockAlign="center">
              {delivery.status === "draft" ? (
                <Link url={receiveUrl}>{`Delivery #${delivery.number}`}</Link>
              ) : (
                <Text as="span" fontWeight="semibold">{`Delivery #${delivery.number}`}</Text>
              )}
              <Badge tone={delivery.status === "draft" ? "info" : "success"}>{delivery.status === "draft" ? "Draft" : "Submitted"}</Badge>
            </InlineStack>
            <Text as="p" tone="subdued" variant="bodySm">
              {[
                delivery.date ? new Date(delivery.date).toLocaleDateString("en-US", { timeZone: "UTC" }) : null,
                `${delivery.delivered} delivered`,
                delivery.returned > 0 ? `${delivery.returned} returned` : null,
              ]
                .filter(Boolean)
                .join(" · ")}
            </Text>
            {delivery.status === "submitted" && delivery.returned > 0 ? (
              delivery.credited ? (
                <Text as="p" variant="bodySm">
                  Returns credited by the supplier
                </Text>
              ) : (
                <InlineStack>
                  <Button variant="plain" disabled={busy} onClick={() => onCreditReturns(delivery.id)}>
                    Create a supplier credit for the returned goods
                  </Button>
                </InlineStack>
              )
            ) : null}
            {delivery.files.map((file) => (
              <Link key={file.id} url={`/app/purchase-orders/${order.id}/deliveries/${delivery.id}/files/${file.id}`} target="_blank">
                {file.fileName}
              </Link>
            ))}
          </BlockStack>
        ))}
      </BlockStack>
    </Card>
  );
}
