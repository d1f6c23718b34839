import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import prisma from "~/db.server";
import { listOrderEffects, retryEffect } from "~/services/effects.server";
import { loadOrder } from "~/services/purchase-order-lifecycle.server";
import { requireAdmin } from "~/shopify.server";
import { readForm } from "~/http/forms.server";

import { cardRefusal, cardSaved, loadOr404 } from "./app.purchase-orders.$id/card-result.server";

// The order's Shopify effects (the side-effect report) and retrying a failed one.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain } = await requireAdmin(request);
  return json({ effects: await listOrderEffects(prisma, shopDomain, params.id ?? "") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain } = await requireAdmin(request);
  // Another shop's order (or none) is not found; the effect retried must be this order's.
  const { order } = await loadOr404(() => loadOrder(prisma, shopDomain, params.id ?? ""));
  const form = await readForm(request);
  try {
    await retryEffect(prisma, shopDomain, String(form.get("effectId") ?? ""), order.id);
    return cardSaved("Queued again: the worker sends it to Shopify next");
  } catch (error) {
    return cardRefusal(error);
  }
}
