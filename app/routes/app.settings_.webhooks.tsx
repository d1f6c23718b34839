import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, IndexTable, Page, Text, useBreakpoints } from "@shopify/polaris";
import { useState } from "react";

import { EmptyListNote } from "~/components/EmptyListNote";
import { NumericCell } from "~/components/NumericCell";
import { listWebhookLog, WEBHOOK_LOG_SIZE } from "~/services/webhook-log.server";
import { requireAdmin } from "~/shopify.server";
import { useDownload } from "~/components/download";
import { recordedTopic, WEBHOOK_TOPICS } from "~/webhooks/topics";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shopDomain, db } = await requireAdmin(request);
  return json({ deliveries: await listWebhookLog(db, shopDomain), size: WEBHOOK_LOG_SIZE });
}

/** Shopify's topic names as subscribed in shopify.app.toml, by the enum the library reports. */
const TOPIC_NAMES = Object.fromEntries(WEBHOOK_TOPICS.map((topic) => [recordedTopic(topic), topic]));

// queued: answered, and waiting for the worker to handle it.
const RESULT_TONES = { queued: "attention", handled: "success", stale: "info", invalid: "critical" } as const;

function ResultBadge({ result }: { result: string }) {
  return <Badge tone={RESULT_TONES[result as keyof typeof RESULT_TONES]}>{result}</Badge>;
}

/** A customers/data_request's export, for the merchant to pass on to the customer. */
function DownloadExport({ deliveryId }: { deliveryId: string }) {
  const downloadFile = useDownload();
  const [downloading, setDownloading] = useState(false);
  const download = async () => {
    setDownloading(true);
    await downloadFile(`/app/settings/webhooks/${deliveryId}.json`, "customer-data.json");
    setDownloading(false);
  };
  return (
    <Button variant="plain" onClick={download} loading={downloading}>
      Download export
    </Button>
  );
}

export default function WebhookLog() {
  const { deliveries, size } = useLoaderData<typeof loader>();
  const { smDown } = useBreakpoints();
  return (
    <Page
      title="Webhook log"
      subtitle={`The last ${size} deliveries from Shopify and what Inbound did with each`}
      backAction={{ content: "Settings", url: "/app/settings" }}
    >
      <Card padding="0">
        {deliveries.length === 0 ? (
          <EmptyListNote
            heading="No webhooks received yet"
            lines={[
              "Shopify notifies Inbound when products, inventory or locations change, when the app is updated, and about customers' privacy requests. Each delivery appears here with what Inbound did with it.",
              "Nothing to do: deliveries arrive on their own. A privacy request's data export can be downloaded from its row.",
            ]}
          />
        ) : (
          <IndexTable
            condensed={smDown}
            resourceName={{ singular: "delivery", plural: "deliveries" }}
            itemCount={deliveries.length}
            selectable={false}
            headings={[
              { title: "Received" },
              { title: "Topic" },
              { title: "Result" },
              { title: "Summary" },
              { title: "Duplicates", alignment: "end" },
            ]}
          >
            {deliveries.map((delivery, index) => (
              <IndexTable.Row id={delivery.id} key={delivery.id} position={index}>
                <IndexTable.Cell>{new Date(delivery.receivedAt).toLocaleString("en-US")}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    {TOPIC_NAMES[delivery.topic] ?? delivery.topic}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <ResultBadge result={delivery.result} />
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <BlockStack gap="100" inlineAlign="start">
                    <Text as="span" breakWord>
                      {delivery.summary ?? "—"}
                    </Text>
                    {delivery.hasExport ? <DownloadExport deliveryId={delivery.id} /> : null}
                  </BlockStack>
                </IndexTable.Cell>
                <NumericCell>{delivery.duplicates}</NumericCell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}
