import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import { deleteOrderDocument, listOrderDocuments, readOrderDocument } from "~/services/purchase-order-documents.server";
import fileStorage from "~/services/storage/default-storage.server";
import { requireAdmin } from "~/shopify.server";

import { fileDownload } from "./app.purchase-orders.$id/attached-file-http.server";
import { cardRefusal, loadOr404 } from "./app.purchase-orders.$id/card-result.server";

/**
 * One of an order's documents: GET downloads it (fileDownload: an attachment, `nosniff`), DELETE
 * removes it (in any status). Another shop's order or document, or a document of another order,
 * is not found.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain, db } = await requireAdmin(request);
  const document = await loadOr404(() => readOrderDocument({ db, storage: fileStorage }, shopDomain, params.id ?? "", params.documentId ?? ""));
  return fileDownload(document);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor, db } = await requireAdmin(request);
  if (request.method !== "DELETE") throw new Response("Use DELETE to remove a document", { status: 405 });
  const orderId = params.id ?? "";
  // An order that is not the shop's is a 404, as for GET, not a card refusal.
  await loadOr404(() => listOrderDocuments(db, shopDomain, orderId));
  try {
    await deleteOrderDocument({ db, storage: fileStorage }, shopDomain, actor, orderId, params.documentId ?? "");
    return json({ ok: true as const, message: "Document removed", documents: await listOrderDocuments(db, shopDomain, orderId) });
  } catch (error) {
    return cardRefusal(error);
  }
}
