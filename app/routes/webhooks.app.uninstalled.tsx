import type { ActionFunctionArgs } from "@remix-run/node";

import { markShopUninstalled } from "~/services/shops.server";
import { receiveWebhook } from "~/webhooks/receive.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, ["app/uninstalled"], (tx, webhook) => markShopUninstalled(tx, webhook.shop));
