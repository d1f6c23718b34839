import type { LoaderFunctionArgs } from "@remix-run/node";

import { attachmentDisposition } from "~/domain/files";
import { purchaseOrderPdf } from "~/services/documents/po-pdf.server";
import fileStorage from "~/services/storage/default-storage.server";
import { requireAdmin } from "~/shopify.server";

import { loadOr404 } from "./app.purchase-orders.$id/card-result.server";

/** The order's PO document as a PDF download (PO-0001.pdf), in the supplier's or the shop's template. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain, db } = await requireAdmin(request);
  const file = await loadOr404(() => purchaseOrderPdf({ db, storage: fileStorage }, shopDomain, params.id ?? ""));
  return new Response(file.body, {
    headers: { "Content-Type": file.contentType, "Content-Disposition": attachmentDisposition(file.fileName), "Cache-Control": "no-store" },
  });
}
