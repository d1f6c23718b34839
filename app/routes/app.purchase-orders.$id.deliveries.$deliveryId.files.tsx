import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  json,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";

import prisma from "~/db.server";
import { ValidationError } from "~/domain/errors";
import { fileTooLarge, MAX_DELIVERY_FILE_BYTES } from "~/domain/files";
import { listDeliveryFiles, uploadDeliveryFile, type DeliveryFileUpload } from "~/services/delivery-files.server";
import { requireDeliveryOfOrder } from "~/services/deliveries.server";
import fileStorage from "~/services/storage/default-storage.server";
import { requireAdmin } from "~/shopify.server";

import { cardRefusal, loadOr404 } from "./app.purchase-orders.$id/card-result.server";

/**
 * A delivery's note files: GET lists them, POST (multipart/form-data, one file in the field
 * `file`) adds one. The answer is the card result plus the file and the delivery's files.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain } = await requireAdmin(request);
  await loadOr404(() => requireDeliveryOfOrder(prisma, shopDomain, params.id ?? "", params.deliveryId ?? ""));
  return json({ files: await loadOr404(() => listDeliveryFiles(prisma, shopDomain, params.deliveryId ?? "")) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor } = await requireAdmin(request);
  const deliveryId = params.deliveryId ?? "";
  await loadOr404(() => requireDeliveryOfOrder(prisma, shopDomain, params.id ?? "", deliveryId));
  try {
    const upload = await parseUpload(request);
    const file = await uploadDeliveryFile({ db: prisma, storage: fileStorage }, shopDomain, actor, deliveryId, upload);
    return json({ ok: true as const, file, files: await listDeliveryFiles(prisma, shopDomain, deliveryId) });
  } catch (error) {
    return cardRefusal(error);
  }
}

const ONE_FILE = "Send one delivery note file, as multipart/form-data in the field `file`.";

/**
 * The one file of the upload, read into memory. Reading stops one byte past the limit, so a
 * larger upload is refused without being read whole; the exact limit is the domain's check.
 */
async function parseUpload(request: Request): Promise<DeliveryFileUpload> {
  let files = 0;
  const handler = unstable_createMemoryUploadHandler({
    maxPartSize: MAX_DELIVERY_FILE_BYTES + 1,
    filter: ({ name, filename }) => {
      if (name !== "file" || filename === undefined) return false;
      files += 1;
      if (files > 1) throw new ValidationError({ file: ONE_FILE });
      return true;
    },
  });
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw fileTooLarge(null);
    // The parser's own refusal of a body that is not multipart/form-data.
    if (error instanceof TypeError) throw new ValidationError({ file: ONE_FILE });
    throw error;
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw new ValidationError({ file: ONE_FILE });
  return { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
