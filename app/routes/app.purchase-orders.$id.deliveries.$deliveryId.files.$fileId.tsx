import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import { deleteDeliveryFile, listDeliveryFiles, readDeliveryFile } from "~/services/delivery-files.server";
import { requireDeliveryOfOrder } from "~/services/deliveries.server";
import fileStorage from "~/services/storage/default-storage.server";
import { requireAdmin } from "~/shopify.server";

import { fileDownload } from "./app.purchase-orders.$id/attached-file-http.server";
import { cardRefusal, loadOr404 } from "./app.purchase-orders.$id/card-result.server";

/**
 * One delivery note file: GET downloads it (fileDownload: an attachment, `nosniff`), DELETE
 * removes it (drafts only).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain, db } = await requireAdmin(request);
  await loadOr404(() => requireDeliveryOfOrder(db, shopDomain, params.id ?? "", params.deliveryId ?? ""));
  const file = await loadOr404(() => readDeliveryFile({ db, storage: fileStorage }, shopDomain, params.deliveryId ?? "", params.fileId ?? ""));
  return fileDownload(file);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor, db } = await requireAdmin(request);
  if (request.method !== "DELETE") throw new Response("Use DELETE to remove a file", { status: 405 });
  const deliveryId = params.deliveryId ?? "";
  await loadOr404(() => requireDeliveryOfOrder(db, shopDomain, params.id ?? "", deliveryId));
  try {
    await deleteDeliveryFile({ db, storage: fileStorage }, shopDomain, actor, deliveryId, params.fileId ?? "");
    return json({ ok: true as const, message: "File removed", files: await listDeliveryFiles(db, shopDomain, deliveryId) });
  } catch (error) {
    return cardRefusal(error);
  }
}
