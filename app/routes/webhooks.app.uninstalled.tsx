import type { ActionFunctionArgs } from "@remix-run/node";

import { markShopUninstalled } from "~/services/shops.server";
import { receiveWebhook } from "~/webhooks/receive.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, ["app/uninstalled"], async (tx, webhook) => {
    await markShopUninstalled(tx, webhook.shop);
    return undefined; // handled: nothing to add to the delivery's record
  });
