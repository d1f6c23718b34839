import { useFetcher } from "@remix-run/react";
import { BlockStack, Card, Text } from "@shopify/polaris";

import type { action as uploadAction } from "../app.purchase-orders.$id.deliveries.$deliveryId.files";
import { AttachedFiles, type AttachedFileRow } from "~/components/AttachedFiles";

/**
 * The supplier's delivery note, photographed or scanned: PDF or image files on the draft,
 * posted to the delivery's files route; each downloadable, and removable while it is a draft.
 */
export function DeliveryFilesCard({ orderId, draft }: { orderId: string; draft: { id: string; files: AttachedFileRow[] } | null }) {
  const upload = useFetcher<typeof uploadAction>();
  const removal = useFetcher<typeof uploadAction>();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Delivery note
        </Text>
        {!draft ? (
          <Text as="p" tone="subdued">
            Save the draft first, then attach the supplier&apos;s delivery note.
          </Text>
        ) : (
          <AttachedFiles
            url={`/app/purchase-orders/${orderId}/deliveries/${draft.id}/files`}
            files={draft.files}
            upload={upload}
            removal={removal}
            dropLabel="Add a file (PDF or image, up to 20 MB)"
            actionHint="A PDF or a photo of the paper"
          />
        )}
      </BlockStack>
    </Card>
  );
}
