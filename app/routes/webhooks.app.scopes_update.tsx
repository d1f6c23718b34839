import type { ActionFunctionArgs } from "@remix-run/node";

import prisma from "~/db.server";
import { receiveWebhook } from "~/webhooks/receive.server";

// The merchant changed the granted scopes: keep the stored session's scope in step.
export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(prisma, request, async (tx, webhook) => {
    const current = (webhook.payload as { current?: unknown }).current;
    if (webhook.session && Array.isArray(current)) {
      await tx.session.update({ where: { id: webhook.session.id }, data: { scope: current.map(String).join(",") } });
    }
  });
