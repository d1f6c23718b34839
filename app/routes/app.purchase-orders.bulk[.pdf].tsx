import type { LoaderFunctionArgs } from "@remix-run/node";

import { attachmentDisposition } from "~/domain/files";
import { plainTextRefusal } from "~/http/refusals.server";
import { bulkPdf } from "~/services/purchase-order-bulk.server";
import fileStorage from "~/services/storage/default-storage.server";
import { requireAdmin } from "~/shopify.server";

/** The index's "Print PDFs": the selected orders' PO documents (`?id=…&id=…`) one after another in one PDF. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { shopDomain, db } = await requireAdmin(request);
  const ids = new URL(request.url).searchParams.getAll("id");
  try {
    const body = await bulkPdf({ db, storage: fileStorage }, shopDomain, ids);
    return new Response(body, {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": attachmentDisposition("purchase-orders.pdf"),
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return plainTextRefusal(error);
  }
}
