import type { ActionFunctionArgs } from "@remix-run/node";

import { emailQueuedMessage } from "~/domain/email";
import { resendSupplierEmail } from "~/services/email/outbox.server";
import { loadOrderState } from "~/services/purchase-order-lifecycle.server";
import { requireAdmin } from "~/shopify.server";
import { readForm } from "~/http/forms.server";

import { cardRefusal, cardSaved, loadOr404 } from "./app.purchase-orders.$id/card-result.server";

/** The order's supplier emails for the Emails card (GET), and Re-send (POST). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor, db } = await requireAdmin(request);
  const order = await loadOr404(() => loadOrderState(db, shopDomain, params.id ?? ""));
  // Re-send takes no fields, but its post is read like every form's: a body that is not a form is refused.
  await readForm(request);
  try {
    const { recipients } = await resendSupplierEmail(db, shopDomain, actor, order.id);
    return cardSaved(emailQueuedMessage(recipients));
  } catch (error) {
    return cardRefusal(error, { supplierId: order.header.supplierId });
  }
}
