import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import { NotFoundError, ValidationError } from "~/domain/errors";
import { parseLabelRequest } from "~/domain/labels";
import { labelFile } from "~/services/labels/labels.server";
import { requireAdmin } from "~/shopify.server";

/**
 * An order's labels as a download: `?source=received|ordered&per=unit|line&format=pdf_sheet|
 * pdf_single|csv|xlsx`, each optional (received units, in the shop's default format).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain, gateway, db } = await requireAdmin(request);
  try {
    const file = await labelFile({ db, gateway }, shopDomain, params.id ?? "", parseLabelRequest(new URL(request.url).searchParams));
    return new Response(file.body, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof ValidationError) return json({ fieldErrors: error.fieldErrors }, { status: 400 });
    if (error instanceof NotFoundError) throw new Response("Purchase order not found", { status: 404 });
    throw error;
  }
}
