import type { ActionFunctionArgs } from "@remix-run/node";

import prisma from "~/db.server";
import { markShopUninstalled } from "~/services/shops.server";
import { receiveWebhook } from "~/webhooks/receive.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(prisma, request, ["app/uninstalled"], (tx, webhook) => markShopUninstalled(tx, webhook.shop));
