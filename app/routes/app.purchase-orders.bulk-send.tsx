import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import { readForm } from "~/http/forms.server";
import { plainTextRefusal } from "~/http/refusals.server";
import { lifecycleDeps } from "~/services/cost-sync.server";
import { bulkMarkSent, type BulkSendResult } from "~/services/purchase-order-bulk.server";
import { requireAdmin } from "~/shopify.server";

/** The index's "Mark as sent" over the selected orders (`id`, repeated): each one the lifecycle allows. */
export async function action({ request }: ActionFunctionArgs) {
  const { shopDomain, actor, gateway, db } = await requireAdmin(request);
  const form = await readForm(request, { lists: ["id"] });
  const ids = form.getAll("id").map(String);
  try {
    return json<BulkSendResult>(await bulkMarkSent(lifecycleDeps(db, gateway), shopDomain, actor, ids));
  } catch (error) {
    return plainTextRefusal(error);
  }
}
