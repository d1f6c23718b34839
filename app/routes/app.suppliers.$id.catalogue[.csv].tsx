import type { LoaderFunctionArgs } from "@remix-run/node";

import { NotFoundError } from "~/domain/errors";
import { exportCatalogueCsv } from "~/services/catalogue.server";
import { requireAdmin } from "~/shopify.server";

/** The supplier's catalogue as CSV, in the format the import reads. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain, db } = await requireAdmin(request);
  try {
    const { filename, csv } = await exportCatalogueCsv(db, shopDomain, params.id ?? "");
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("Supplier not found", { status: 404 });
    throw error;
  }
}
