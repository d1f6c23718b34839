import type { ActionFunctionArgs } from "@remix-run/node";

import { retryEffect } from "~/services/effects.server";
import { loadOrder } from "~/services/purchase-order-lifecycle.server";
import { requireAdmin } from "~/shopify.server";
import { readForm } from "~/http/forms.server";

import { cardRefusal, cardSaved, loadOr404 } from "./app.purchase-orders.$id/card-result.server";

// The order's Shopify effects (the side-effect report) and retrying a failed one.

export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, db } = await requireAdmin(request);
  // Another shop's order (or none) is not found; the effect retried must be this order's.
  const { order } = await loadOr404(() => loadOrder(db, shopDomain, params.id ?? ""));
  const form = await readForm(request);
  try {
    await retryEffect(db, shopDomain, String(form.get("effectId") ?? ""), order.id);
    return cardSaved("Queued again: the worker sends it to Shopify next");
  } catch (error) {
    return cardRefusal(error);
  }
}
