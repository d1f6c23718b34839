import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import { ORDER_DOCUMENT } from "~/domain/files";
import { listOrderDocuments, uploadOrderDocument } from "~/services/purchase-order-documents.server";
import fileStorage from "~/services/storage/default-storage.server";
import { requireAdmin } from "~/shopify.server";

import { parseFileUpload } from "./app.purchase-orders.$id/attached-file-http.server";
import { cardRefusal, loadOr404 } from "./app.purchase-orders.$id/card-result.server";

/**
 * An order's documents (supplier invoice, quote): GET lists them, POST (multipart/form-data, one
 * file in the field `file`) adds one. The answer is the card result plus the document and the
 * order's documents.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor, db } = await requireAdmin(request);
  const orderId = params.id ?? "";
  // An order that is not the shop's is a 404, as for GET, not a card refusal.
  await loadOr404(() => listOrderDocuments(db, shopDomain, orderId));
  try {
    const upload = await parseFileUpload(request, ORDER_DOCUMENT);
    const document = await uploadOrderDocument({ db, storage: fileStorage }, shopDomain, actor, orderId, upload);
    return json({
      ok: true as const,
      message: `${document.fileName} attached`,
      document,
      documents: await listOrderDocuments(db, shopDomain, orderId),
    });
  } catch (error) {
    return cardRefusal(error);
  }
}
