import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import prisma from "~/db.server";
import { attachmentDisposition } from "~/domain/files";
import { LINE_EXPORT_FORMATS, purchaseOrderLinesFile, type LineExportFormat } from "~/services/documents/po-lines.server";
import fileStorage from "~/services/storage/default-storage.server";
import { requireAdmin } from "~/shopify.server";

import { loadOr404 } from "./app.purchase-orders.$id/card-result.server";

/** The order's lines as a download: `?format=csv|xlsx` (default csv), the columns of its PO document. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain } = await requireAdmin(request);
  const format = new URL(request.url).searchParams.get("format") ?? "csv";
  if (!(LINE_EXPORT_FORMATS as readonly string[]).includes(format)) {
    return json({ fieldErrors: { format: `Must be one of: ${LINE_EXPORT_FORMATS.join(", ")}` } }, { status: 400 });
  }
  const file = await loadOr404(() =>
    purchaseOrderLinesFile({ db: prisma, storage: fileStorage }, shopDomain, params.id ?? "", format as LineExportFormat),
  );
  return new Response(file.body, {
    headers: { "Content-Type": file.contentType, "Content-Disposition": attachmentDisposition(file.fileName), "Cache-Control": "no-store" },
  });
}
