import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DropZone, InlineStack, Link, Text } from "@shopify/polaris";

import type { action as uploadAction } from "../app.purchase-orders.$id.deliveries.$deliveryId.files";
import { downloadFromApp } from "~/components/download";
import { formatFileSize } from "~/domain/files";

interface FileRow {
  id: string;
  fileName: string;
  size: number;
}

/**
 * The supplier's delivery note, photographed or scanned: PDF or image files on the draft,
 * posted to the delivery's files route; each downloadable, and removable while it is a draft.
 */
export function DeliveryFilesCard({ orderId, draft }: { orderId: string; draft: { id: string; files: FileRow[] } | null }) {
  const upload = useFetcher<typeof uploadAction>();
  const removal = useFetcher<typeof uploadAction>();
  const url = draft ? `/app/purchase-orders/${orderId}/deliveries/${draft.id}/files` : null;
  const refusal = [upload.data, removal.data].find((data) => data && !data.ok);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Delivery note
        </Text>
        {!url || !draft ? (
          <Text as="p" tone="subdued">
            Save the draft first, then attach the supplier&apos;s delivery note.
          </Text>
        ) : (
          <>
            {refusal && !refusal.ok ? (
              <Banner tone="critical">
                <p>{refusal.fieldErrors.file ?? refusal.message}</p>
              </Banner>
            ) : null}
            {draft.files.map((file) => (
              <InlineStack key={file.id} align="space-between" blockAlign="center" gap="200" wrap={false}>
                <Link onClick={() => void downloadFromApp(`${url}/${file.id}`, file.fileName)} removeUnderline>
                  {file.fileName}
                </Link>
                <InlineStack gap="200" align="end" blockAlign="center" wrap={false}>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {formatFileSize(file.size)}
                  </Text>
                  <Button
                    variant="plain"
                    tone="critical"
                    accessibilityLabel={`Remove ${file.fileName}`}
                    onClick={() => removal.submit(null, { method: "delete", action: `${url}/${file.id}` })}
                  >
                    Remove
                  </Button>
                </InlineStack>
              </InlineStack>
            ))}
            <DropZone
              label="Add a file (PDF or image, up to 20 MB)"
              allowMultiple={false}
              accept="application/pdf,image/*"
              onDropAccepted={([file]) => {
                if (!file) return;
                const form = new FormData();
                form.append("file", file);
                upload.submit(form, { method: "post", action: url, encType: "multipart/form-data" });
              }}
            >
              <DropZone.FileUpload actionHint="A PDF or a photo of the paper" />
            </DropZone>
          </>
        )}
      </BlockStack>
    </Card>
  );
}
