import type { ActionFunctionArgs } from "@remix-run/node";

import { inventoryItemDeleted } from "~/services/catalogue-webhooks.server";
import { inventoryItemDeletePayload } from "~/webhooks/payloads";
import { receivePayload } from "~/webhooks/receive.server";

// inventory_items/delete: flag open orders' lines of the item (its variant is gone).
export const action = ({ request }: ActionFunctionArgs) =>
  receivePayload(request, "inventory_items/delete", inventoryItemDeletePayload, inventoryItemDeleted);
