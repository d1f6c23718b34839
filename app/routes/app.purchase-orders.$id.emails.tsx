import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import prisma from "~/db.server";
import { listSupplierEmails, resendSupplierEmail } from "~/services/email/outbox.server";
import { loadOrderState } from "~/services/purchase-order-lifecycle.server";
import { requireAdmin } from "~/shopify.server";

import { cardRefusal, cardSaved, loadOr404 } from "./app.purchase-orders.$id/card-result.server";

/** The order's supplier emails for the Emails card (GET), and Re-send (POST). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain } = await requireAdmin(request);
  const order = await loadOr404(() => loadOrderState(prisma, shopDomain, params.id ?? ""));
  const emails = await listSupplierEmails(prisma, shopDomain, order.id);
  return json({ canResend: order.status !== "draft", emails });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor } = await requireAdmin(request);
  try {
    await resendSupplierEmail(prisma, shopDomain, actor, params.id ?? "");
    return cardSaved();
  } catch (error) {
    return cardRefusal(error);
  }
}
