import type { ActionFunctionArgs } from "@remix-run/node";

import { updateGrantedScopes } from "~/services/shops.server";
import { scopesUpdatePayload } from "~/webhooks/payloads";
import { receivePayload } from "~/webhooks/receive.server";

// The merchant changed the granted scopes: keep the stored session's scope in step.
export const action = ({ request }: ActionFunctionArgs) =>
  receivePayload(request, "app/scopes_update", scopesUpdatePayload, (tx, webhook, payload) =>
    updateGrantedScopes(tx, webhook.shopDomain, payload.current),
  );
