import type { ActionFunctionArgs } from "@remix-run/node";

import { receiveWebhook } from "~/webhooks/receive.server";

// Verified, recorded and answered here; the worker handles it (app/webhooks/handlers.server.ts).
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, ["locations/create"]);
