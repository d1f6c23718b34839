import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import prisma from "~/db.server";
import { listOrderEffects, retryEffect } from "~/services/effects.server";
import { requireAdmin } from "~/shopify.server";
import { readForm } from "~/http/forms.server";

import { cardRefusal, cardSaved } from "./app.purchase-orders.$id/card-result.server";

// The order's Shopify effects (the side-effect report) and retrying a failed one.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain } = await requireAdmin(request);
  return json({ effects: await listOrderEffects(prisma, shopDomain, params.id ?? "") });
}

export async function action({ request }: ActionFunctionArgs) {
  const { shopDomain } = await requireAdmin(request);
  const form = await readForm(request);
  try {
    await retryEffect(prisma, shopDomain, String(form.get("effectId") ?? ""));
    return cardSaved("Queued again: the worker sends it to Shopify next");
  } catch (error) {
    return cardRefusal(error);
  }
}
