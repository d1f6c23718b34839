import type { FetcherWithComponents } from "@remix-run/react";
import { Banner, Button, DropZone, InlineStack, Link, Text } from "@shopify/polaris";

import { downloadFromApp } from "~/components/download";
import type { FieldErrors } from "~/domain/errors";
import { formatFileSize } from "~/domain/files";

export interface AttachedFileRow {
  id: string;
  fileName: string;
  size: number;
}

/** What a files route answers to an upload or a removal (the order screen's card result). */
type FileAnswer = { ok: true } | { ok: false; message: string; fieldErrors: FieldErrors };

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
  const refusal = [upload.data, removal.data].find((data) => data && !data.ok);
  return (
    <>
      {refusal && !refusal.ok ? (
        <Banner tone="critical">
          <p>{refusal.fieldErrors.file ?? refusal.message}</p>
        </Banner>
      ) : null}
      {emptyText && files.length === 0 ? (
        <Text as="p" tone="subdued">
          {emptyText}
        </Text>
      ) : null}
      {files.map((file) => (
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
              disabled={disabled}
              accessibilityLabel={`Remove ${file.fileName}`}
              onClick={() => removal.submit(null, { method: "delete", action: `${url}/${file.id}` })}
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
