import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import prisma from "~/db.server";
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
  const { shopDomain } = await requireAdmin(request);
  await loadOr404(() => requireDeliveryOfOrder(prisma, shopDomain, params.id ?? "", params.deliveryId ?? ""));
  const file = await loadOr404(() =>
    readDeliveryFile({ db: prisma, storage: fileStorage }, shopDomain, params.deliveryId ?? "", params.fileId ?? ""),
  );
  return fileDownload(file);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor } = await requireAdmin(request);
  if (request.method !== "DELETE") throw new Response("Use DELETE to remove a file", { status: 405 });
  const deliveryId = params.deliveryId ?? "";
  await loadOr404(() => requireDeliveryOfOrder(prisma, shopDomain, params.id ?? "", deliveryId));
  try {
    await deleteDeliveryFile({ db: prisma, storage: fileStorage }, shopDomain, actor, deliveryId, params.fileId ?? "");
    return json({ ok: true as const, message: "File removed", files: await listDeliveryFiles(prisma, shopDomain, deliveryId) });
  } catch (error) {
    return cardRefusal(error);
  }
}
