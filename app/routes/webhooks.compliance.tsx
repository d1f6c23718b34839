import type { ActionFunctionArgs } from "@remix-run/node";

import { receiveWebhook } from "~/webhooks/receive.server";
import { COMPLIANCE_TOPICS } from "~/webhooks/topics";

// The three mandatory compliance topics (shopify.app.toml `compliance_topics`), verified, recorded
// and answered here; the worker handles them (app/webhooks/handlers.server.ts).
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, COMPLIANCE_TOPICS);
