import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import prisma from "~/db.server";
import type { LifecycleCommand } from "~/domain/purchase-order/lifecycle";
import type { ScreenRefusal } from "~/http/refusals";
import { screenRefusal } from "~/http/refusals.server";
import { lifecycleDeps } from "~/services/cost-sync.server";
import { loadOrderState, previewAction, type ActionPreview } from "~/services/purchase-order-lifecycle.server";
import { requireAdmin } from "~/shopify.server";

import { loadOr404 } from "./app.purchase-orders.$id/card-result.server";
import { byLineId, parseLifecycleForm } from "./app.purchase-orders.$id/form-commands";

export type PreviewResult = { ok: true; preview: ActionPreview } | { ok: false; refusal: ScreenRefusal };

/**
 * What a lifecycle action would do, for the order screen's confirmation (GET, the action's form
 * fields as the query): decided and planned as the action would be, saving and sending nothing;
 * or the refusal the action would meet.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain, gateway } = await requireAdmin(request);
  const order = await loadOr404(() => loadOrderState(prisma, shopDomain, params.id ?? ""));
  let command: LifecycleCommand | undefined;
  try {
    const parsed = parseLifecycleForm(new URL(request.url).searchParams, order);
    command = parsed.command;
    const preview = await previewAction(lifecycleDeps(prisma, gateway), shopDomain, order.id, command, { expectedVersion: parsed.expectedVersion });
    return json<PreviewResult>({ ok: true, preview });
  } catch (error) {
    // Field errors as the form names them, so the form can mark its fields before anything is done.
    const refusal = screenRefusal(byLineId(error, command), { supplierId: order.header.supplierId });
    if (!refusal) throw error;
    return json<PreviewResult>({ ok: false, refusal });
  }
}
