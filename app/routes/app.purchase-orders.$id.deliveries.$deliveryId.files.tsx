import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import { DELIVERY_NOTE } from "~/domain/files";
import { listDeliveryFiles, uploadDeliveryFile } from "~/services/delivery-files.server";
import { requireDeliveryOfOrder } from "~/services/deliveries.server";
import fileStorage from "~/services/storage/default-storage.server";
import { requireAdmin } from "~/shopify.server";

import { parseFileUpload } from "./app.purchase-orders.$id/attached-file-http.server";
import { cardRefusal, loadOr404 } from "./app.purchase-orders.$id/card-result.server";

/**
 * A delivery's note files: GET lists them, POST (multipart/form-data, one file in the field
 * `file`) adds one. The answer is the card result plus the file and the delivery's files.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain, db } = await requireAdmin(request);
  await loadOr404(() => requireDeliveryOfOrder(db, shopDomain, params.id ?? "", params.deliveryId ?? ""));
  return json({ files: await loadOr404(() => listDeliveryFiles(db, shopDomain, params.deliveryId ?? "")) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor, db } = await requireAdmin(request);
  const deliveryId = params.deliveryId ?? "";
  await loadOr404(() => requireDeliveryOfOrder(db, shopDomain, params.id ?? "", deliveryId));
  try {
    const upload = await parseFileUpload(request, DELIVERY_NOTE);
    const file = await uploadDeliveryFile({ db, storage: fileStorage }, shopDomain, actor, deliveryId, upload);
    return json({ ok: true as const, message: `${file.fileName} attached`, file, files: await listDeliveryFiles(db, shopDomain, deliveryId) });
  } catch (error) {
    return cardRefusal(error);
  }
}
