import type { ActionFunctionArgs } from "@remix-run/node";

import { offlineSessionId } from "~/services/shops.server";
import { scopesUpdatePayload } from "~/webhooks/payloads";
import { receivePayload } from "~/webhooks/receive.server";

// The merchant changed the granted scopes: keep the stored session's scope in step.
export const action = ({ request }: ActionFunctionArgs) =>
  receivePayload(request, "app/scopes_update", scopesUpdatePayload, async (tx, webhook, payload) => {
    const scope = payload.current.join(",");
    const { count } = await tx.session.updateMany({ where: { id: offlineSessionId(webhook.shopDomain) }, data: { scope } });
    return { result: "handled", summary: count > 0 ? `Scopes now: ${scope || "none"}` : "No stored session to update" };
  });
