import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import prisma from "~/db.server";
import { emailQueuedMessage } from "~/domain/email";
import { ValidationError } from "~/domain/errors";
import { listSupplierEmails, resendSupplierEmail, supplierEmailRecipients } from "~/services/email/outbox.server";
import { loadOrder, loadOrderState } from "~/services/purchase-order-lifecycle.server";
import { requireAdmin } from "~/shopify.server";
import { readForm } from "~/http/forms.server";

import { cardRefusal, cardSaved, loadOr404 } from "./app.purchase-orders.$id/card-result.server";

/** The order's supplier emails for the Emails card (GET), and Re-send (POST). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain } = await requireAdmin(request);
  const { order, shopId } = await loadOr404(() => loadOrder(prisma, shopDomain, params.id ?? ""));
  const emails = await listSupplierEmails(prisma, shopDomain, order.id);
  // Who a re-send goes to now (the confirmation says so); null when it would be refused (the refusal says why).
  const recipients = await supplierEmailRecipients(prisma, shopId, order.id).catch((error: unknown) => {
    if (error instanceof ValidationError) return null;
    throw error;
  });
  return json({ canResend: order.status !== "draft", emails, recipients });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor } = await requireAdmin(request);
  const order = await loadOr404(() => loadOrderState(prisma, shopDomain, params.id ?? ""));
  // Re-send takes no fields, but its post is read like every form's: a body that is not a form is refused.
  await readForm(request);
  try {
    const { recipients } = await resendSupplierEmail(prisma, shopDomain, actor, order.id);
    return cardSaved(emailQueuedMessage(recipients));
  } catch (error) {
    return cardRefusal(error, { supplierId: order.header.supplierId });
  }
}
