import type { LoaderFunctionArgs } from "@remix-run/node";

import { NotFoundError } from "~/domain/errors";
import { loadCustomerDataExport } from "~/services/webhook-log.server";
import { requireAdmin } from "~/shopify.server";

/** A customers/data_request's export (see app/services/compliance.server.ts), for the merchant to pass on. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain, db } = await requireAdmin(request);
  try {
    const { filename, json } = await loadCustomerDataExport(db, shopDomain, params.deliveryId ?? "");
    return new Response(json, {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("Export not found", { status: 404 });
    throw error;
  }
}
