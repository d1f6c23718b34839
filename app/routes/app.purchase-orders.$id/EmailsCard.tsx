import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";

import { useConfirm, useResultToast } from "~/components/ActionFeedback";
import { RefusalBanner } from "~/components/Refusal";

import type { CardResult } from "./card-result.server";
import type { OrderView } from "./route";
import { PanelHeading } from "./OrderSummaries";

const STATUS_TONES = {
  queued: undefined,
  sending: "info",
  sent: "info",
  delivered: "success",
  bounced: "critical",
  failed: "critical",
} as const;

const STATUS_LABELS = { queued: "Queued", sending: "Sending", sent: "Sent", delivered: "Delivered", bounced: "Bounced", failed: "Failed" };

/** The emails sent to the supplier for this order, with their delivery status; Re-send. Talks to /app/purchase-orders/:id/emails. */
export function EmailsCard({ orderId, data }: { orderId: string; data: OrderView["emails"] }) {
  const resend = useFetcher<CardResult>();
  const url = `/app/purchase-orders/${orderId}/emails`;
  const confirm = useConfirm();
  useResultToast(resend.data, (data) => (data.ok ? data.message : null));
  return (
    <div data-card="emails">
      <Card>
        <BlockStack gap="300">
          <PanelHeading title="Emails">
            {data.canResend ? (
              <Button
                loading={resend.state !== "idle"}
                onClick={() =>
                  confirm({
                    title: "Send the order to the supplier again?",
                    body: (
                      <Text as="p">
                        {data.recipients
                          ? `A new email with the PO as it is now goes to ${data.recipients.to.join(", ")}${data.recipients.cc.length > 0 ? `, with copies to ${data.recipients.cc.join(", ")}` : ""}. An email cannot be taken back.`
                          : "A new email with the PO as it is now goes to the supplier. An email cannot be taken back."}
                      </Text>
                    ),
                    confirmLabel: "Re-send",
                    onConfirm: () => resend.submit({}, { method: "post", action: url }),
                  })
                }
              >
                Re-send
              </Button>
            ) : null}
          </PanelHeading>
          {resend.data && !resend.data.ok ? <RefusalBanner refusal={resend.data} /> : null}
          {data.emails.length === 0 ? (
            <Text as="p" tone="subdued">
              No email sent to the supplier yet.
            </Text>
          ) : null}
          {data.emails.map((email) => (
            <BlockStack key={email.id} gap="100">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="span" fontWeight="semibold">
                  {email.subject}
                </Text>
                <Badge tone={STATUS_TONES[email.status]}>{STATUS_LABELS[email.status]}</Badge>
              </InlineStack>
              <Text as="p" tone="subdued">
                To {[...email.recipients, ...email.cc].join(", ")} · {new Date(email.statusAt ?? email.createdAt).toLocaleString("en-US")}
              </Text>
              {email.serverReply ? (
                <Text as="p" tone={email.status === "failed" || email.status === "bounced" ? "critical" : "subdued"}>
                  Server: {email.serverReply}
                </Text>
              ) : null}
            </BlockStack>
          ))}
        </BlockStack>
      </Card>
    </div>
  );
}
