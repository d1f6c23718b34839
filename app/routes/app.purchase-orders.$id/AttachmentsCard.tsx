import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DropZone, InlineStack, Link, Text } from "@shopify/polaris";
import { useEffect } from "react";

import { downloadFromApp } from "~/components/download";
import { formatFileSize } from "~/domain/files";

import type { action as removeAction } from "../app.purchase-orders.$id.documents.$documentId";
import type { action as uploadAction, loader } from "../app.purchase-orders.$id.documents";

/**
 * The merchant's documents on the order (supplier invoice, quote): PDF or image files, each
 * downloadable and removable at any time, and a field to add one.
 */
export function AttachmentsCard({ orderId }: { orderId: string }) {
  const url = `/app/purchase-orders/${orderId}/documents`;
  const listing = useFetcher<typeof loader>();
  const upload = useFetcher<typeof uploadAction>();
  const removal = useFetcher<typeof removeAction>();
  const { load } = listing;

  // After each upload or removal the list is loaded again, so it shows what the server holds.
  useEffect(() => {
    load(url);
  }, [load, url, upload.data, removal.data]);

  const refusal = [upload.data, removal.data].find((data) => data && !data.ok);
  const documents = listing.data?.documents ?? [];
  const busy = upload.state !== "idle" || removal.state !== "idle";

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Attached documents
        </Text>
        {refusal && !refusal.ok ? (
          <Banner tone="critical">
            <p>{refusal.fieldErrors.file ?? refusal.message}</p>
          </Banner>
        ) : null}
        {documents.length === 0 ? (
          <Text as="p" tone="subdued">
            No documents yet: attach the supplier&apos;s invoice or quote.
          </Text>
        ) : null}
        {documents.map((document) => (
          <InlineStack key={document.id} align="space-between" blockAlign="center" gap="200" wrap={false}>
            <Link onClick={() => void downloadFromApp(`${url}/${document.id}`, document.fileName)} removeUnderline>
              {document.fileName}
            </Link>
            <InlineStack gap="200" align="end" blockAlign="center" wrap={false}>
              <Text as="span" tone="subdued" variant="bodySm">
                {formatFileSize(document.size)}
              </Text>
              <Button
                variant="plain"
                tone="critical"
                disabled={busy}
                accessibilityLabel={`Remove ${document.fileName}`}
                onClick={() => removal.submit(null, { method: "delete", action: `${url}/${document.id}` })}
              >
                Remove
              </Button>
            </InlineStack>
          </InlineStack>
        ))}
        <DropZone
          label="Add a document (PDF or image, up to 20 MB)"
          allowMultiple={false}
          accept="application/pdf,image/*"
          disabled={busy}
          onDropAccepted={([file]) => {
            if (!file) return;
            const form = new FormData();
            form.append("file", file);
            upload.submit(form, { method: "post", action: url, encType: "multipart/form-data" });
          }}
        >
          <DropZone.FileUpload actionHint="The supplier's invoice, a quote" />
        </DropZone>
      </BlockStack>
    </Card>
  );
}
