import { useFetcher } from "@remix-run/react";
import { BlockStack, Card } from "@shopify/polaris";

import { AttachedFiles } from "~/components/AttachedFiles";

import type { action as removeAction } from "../app.purchase-orders.$id.documents.$documentId";
import type { action as uploadAction } from "../app.purchase-orders.$id.documents";
import type { OrderView } from "./route";
import { PanelHeading } from "./OrderSummaries";

/**
 * The merchant's documents on the order (supplier invoice, quote): PDF or image files, each
 * downloadable and removable at any time, and a field to add one.
 */
export function AttachmentsCard({ orderId, documents }: { orderId: string; documents: OrderView["documents"] }) {
  const url = `/app/purchase-orders/${orderId}/documents`;
  const upload = useFetcher<typeof uploadAction>();
  const removal = useFetcher<typeof removeAction>();

  return (
    <Card>
      <BlockStack gap="300">
        <PanelHeading title="Attached documents" />
        <AttachedFiles
          url={url}
          files={documents}
          upload={upload}
          removal={removal}
          dropLabel="Add a document (PDF or image, up to 20 MB)"
          actionHint="The supplier's invoice, a quote"
          emptyText="No documents yet: attach the supplier's invoice or quote."
          disabled={upload.state !== "idle" || removal.state !== "idle"}
        />
      </BlockStack>
    </Card>
  );
}
