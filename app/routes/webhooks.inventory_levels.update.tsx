import type { ActionFunctionArgs } from "@remix-run/node";

import { inventoryLevelUpdated } from "~/services/catalogue-webhooks.server";
import { inventoryLevelUpdatePayload } from "~/webhooks/payloads";
import { receivePayload } from "~/webhooks/receive.server";

// inventory_levels/update: schedule a debounced drift check for the item at the location.
export const action = ({ request }: ActionFunctionArgs) =>
  receivePayload(request, "inventory_levels/update", inventoryLevelUpdatePayload, inventoryLevelUpdated);
