import type { ActionFunctionArgs } from "@remix-run/node";

import prisma from "~/db.server";
import { receiveWebhook } from "~/webhooks/receive.server";

// products/update, products/delete, inventory_levels/update, inventory_items/update: recorded
// (verified, deduplicated) for drift reconciliation between Shopify and open purchase orders.
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(prisma, request);
