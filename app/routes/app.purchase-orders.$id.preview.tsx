import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import { COMMANDS } from "~/commands";
import { commandDeps } from "~/commands/deps.server";
import { asFormRefusal, formVersion, parseCommandForm } from "~/commands/form";
import { ValidationError } from "~/domain/errors";
import { LIFECYCLE_ACTIONS, type LifecycleAction } from "~/domain/purchase-order/lifecycle";
import type { ScreenRefusal } from "~/http/refusals";
import { screenRefusal } from "~/http/refusals.server";
import type { ActionPreview } from "~/services/purchase-order-lifecycle.server";
import { requireAdmin } from "~/shopify.server";

export type PreviewResult = { ok: true; preview: ActionPreview } | { ok: false; refusal: ScreenRefusal };

/**
 * What a lifecycle action would do, for the order screen's confirmation (GET, the action's form
 * fields as the query): the action's command read from the same fields by the same schema,
 * decided and planned as its run would be, saving and sending nothing; or the refusal the action
 * would meet. The command loads the order once.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain, actor, gateway, db } = await requireAdmin(request);
  const query = new URL(request.url).searchParams;
  let supplierId: string | undefined;
  try {
    const intent = query.get("intent") ?? "";
    const command = (LIFECYCLE_ACTIONS as readonly string[]).includes(intent) ? COMMANDS[intent as LifecycleAction] : undefined;
    if (!command?.preview) throw new ValidationError({ intent: `Must be one of the actions that ask first: ${previewable().join(", ")}` });
    const { input, reading } = parseCommandForm(command, query);
    const target = {
      orderId: params.id ?? "",
      expectedVersion: formVersion(query),
      onLoad: (order: { header: { supplierId: string } }) => (supplierId = order.header.supplierId),
    };
    const preview = await command.preview(commandDeps(db, gateway, shopDomain, actor), target, input).catch((error: unknown) => {
      throw asFormRefusal(error, reading);
    });
    return json<PreviewResult>({ ok: true, preview });
  } catch (error) {
    // Field errors as the form names them, so the form can mark its fields before anything is done.
    const refusal = screenRefusal(error, { supplierId });
    if (!refusal) throw error;
    return json<PreviewResult>({ ok: false, refusal });
  }
}

function previewable(): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter((action) => COMMANDS[action].preview !== undefined);
}
