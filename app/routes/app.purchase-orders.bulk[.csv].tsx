import type { LoaderFunctionArgs } from "@remix-run/node";

import { attachmentDisposition } from "~/domain/files";
import { plainTextRefusal } from "~/http/refusals.server";
import { bulkSummaryCsv } from "~/services/purchase-order-bulk.server";
import { shopLocations } from "~/services/locations.server";
import { requireAdmin } from "~/shopify.server";

/** The index's "Export": the selected orders (`?id=…&id=…`) as the index shows them, one CSV row each. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { shopDomain, gateway, db } = await requireAdmin(request);
  const ids = new URL(request.url).searchParams.getAll("id");
  try {
    const locations = await shopLocations({ db, gateway }, shopDomain);
    const csv = await bulkSummaryCsv(db, shopDomain, ids, Object.fromEntries(locations.map((location) => [location.id, location.name])));
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": attachmentDisposition("purchase-orders.csv"),
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return plainTextRefusal(error);
  }
}
