import type { FetcherWithComponents } from "@remix-run/react";
import { Button, DropZone, InlineStack, Link, Text } from "@shopify/polaris";

import { useConfirm, useResultToast } from "~/components/ActionFeedback";
import { useDownload } from "~/components/download";
import { RefusalBanner } from "~/components/Refusal";
import { formatFileSize } from "~/domain/files";
import type { ScreenRefusal } from "~/http/refusals";

export interface AttachedFileRow {
  id: string;
  fileName: string;
  size: number;
}

/** What a files route answers to an upload or a removal (the order screen's card result). */
type FileAnswer = { ok: true; message: string } | ({ ok: false } & ScreenRefusal);

/**
 * Files attached to something (an order's documents, a delivery's notes) under one files route
 * (`url`, with `url/<id>` per file): why the last upload or removal was refused, each file to
 * download or remove, and a drop zone posting one PDF or image as multipart/form-data.
 */
export function AttachedFiles({
  url,
  files,
  upload,
  removal,
  dropLabel,
  actionHint,
  emptyText,
  disabled = false,
}: {
  url: string;
  files: AttachedFileRow[];
  upload: FetcherWithComponents<FileAnswer>;
  removal: FetcherWithComponents<FileAnswer>;
  dropLabel: string;
  actionHint: string;
  emptyText?: string;
  disabled?: boolean;
}) {
  const confirm = useConfirm();
  const download = useDownload();
  const refusal = [upload.data, removal.data].find((data) => data && !data.ok);
  useResultToast(upload.data, (data) => (data.ok ? data.message : null));
  useResultToast(removal.data, (data) => (data.ok ? data.message : null));
  return (
    <>
      {refusal && !refusal.ok ? <RefusalBanner refusal={{ ...refusal, message: refusal.fieldErrors.file ?? refusal.message }} /> : null}
      {emptyText && files.length === 0 ? (
        <Text as="p" tone="subdued">
          {emptyText}
        </Text>
      ) : null}
      {files.map((file) => (
        <InlineStack key={file.id} align="space-between" blockAlign="center" gap="200" wrap={false}>
          <Link onClick={() => void download(`${url}/${file.id}`, file.fileName)} removeUnderline>
            {file.fileName}
          </Link>
          <InlineStack gap="200" align="end" blockAlign="center" wrap={false}>
            <Text as="span" tone="subdued" variant="bodySm">
              {formatFileSize(file.size)}
            </Text>
            <Button
              variant="plain"
              tone="critical"
              disabled={disabled}
              accessibilityLabel={`Remove ${file.fileName}`}
              onClick={() =>
                confirm({
                  title: `Remove ${file.fileName}?`,
                  body: <Text as="p">The file is deleted for good. Download it first if you may need it.</Text>,
                  confirmLabel: "Remove file",
                  destructive: true,
                  onConfirm: () => removal.submit(null, { method: "delete", action: `${url}/${file.id}` }),
                })
              }
            >
              Remove
            </Button>
          </InlineStack>
        </InlineStack>
      ))}
      <DropZone
        label={dropLabel}
        allowMultiple={false}
        accept="application/pdf,image/*"
        disabled={disabled}
        onDropAccepted={([file]) => {
          if (!file) return;
          const form = new FormData();
          form.append("file", file);
          upload.submit(form, { method: "post", action: url, encType: "multipart/form-data" });
        }}
      >
        <DropZone.FileUpload actionHint={actionHint} />
      </DropZone>
    </>
  );
}
