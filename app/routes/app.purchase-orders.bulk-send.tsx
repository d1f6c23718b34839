import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import { NotFoundError, ValidationError } from "~/domain/errors";
import { readForm } from "~/http/forms.server";
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
    return bulkRefusal(error);
  }
}

/** A selection the bulk actions cannot take (none, too many), as plain text naming the field. */
export function bulkRefusal(error: unknown): Response {
  if (error instanceof ValidationError || error instanceof NotFoundError) {
    const message = error instanceof ValidationError ? Object.entries(error.fieldErrors).map(([field, problem]) => `${field}: ${problem}`).join("; ") : error.message;
    return new Response(message, { status: error instanceof ValidationError ? 400 : 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  throw error;
}
