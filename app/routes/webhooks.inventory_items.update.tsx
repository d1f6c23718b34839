import type { ActionFunctionArgs } from "@remix-run/node";

import { inventoryItemUpdated } from "~/services/catalogue-webhooks.server";
import { inventoryItemUpdatePayload } from "~/webhooks/payloads";
import { receivePayload } from "~/webhooks/receive.server";

// inventory_items/update: refresh SKUs on open orders' lines.
export const action = ({ request }: ActionFunctionArgs) =>
  receivePayload(request, "inventory_items/update", inventoryItemUpdatePayload, inventoryItemUpdated);
