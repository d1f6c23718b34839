import type { Prisma } from "@prisma/client";
import type { z } from "zod";

import {
  inventoryItemDeleted,
  inventoryItemUpdated,
  inventoryLevelUpdated,
  locationDeleted,
  locationUpdated,
  productDeleted,
  productUpdated,
} from "~/services/catalogue-webhooks.server";
import { produceCustomerData, redactCustomer } from "~/services/compliance.server";
import { shopFilesPrefix } from "~/services/delivery-files.server";
import { eraseShopData, markShopUninstalled, updateGrantedScopes } from "~/services/shops.server";
import { deleteFilesOutsideDatabase } from "~/services/storage/default-storage.server";

import {
  describeIssues,
  inventoryItemDeletePayload,
  inventoryItemUpdatePayload,
  inventoryLevelUpdatePayload,
  locationDeletePayload,
  locationUpdatePayload,
  productDeletePayload,
  productUpdatePayload,
  scopesUpdatePayload,
} from "./payloads";
import type { ReceivedWebhook, WebhookOutcome } from "./receive.server";
import { recordedTopic, type WebhookTopic } from "./topics";

/**
 * What each topic changes in Inbound, run by the worker on a recorded delivery (the delivery row
 * is the job: app/jobs/webhook-deliveries.server.ts), inside the transaction that records its
 * outcome. The routes only verify and record (app/webhooks/receive.server.ts), so Shopify has its
 * answer in milliseconds whatever the handling costs. A handler returning nothing records nothing
 * (shop/redact erased the delivery's own row).
 */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a handler with nothing to record (uninstall, shop/redact) simply ends
export type WebhookHandler = (tx: Prisma.TransactionClient, webhook: ReceivedWebhook, payload: unknown) => Promise<WebhookOutcome | void>;

/** A handler for a topic whose payload Inbound reads: one that does not parse is invalid, naming what is missing, and changes nothing. */
function parsed<Schema extends z.ZodType>(
  schema: Schema,
  handle: (tx: Prisma.TransactionClient, webhook: ReceivedWebhook, payload: z.output<Schema>) => Promise<WebhookOutcome>,
): WebhookHandler {
  return (tx, webhook, payload) => {
    const result = schema.safeParse(payload);
    if (!result.success) return Promise.resolve({ result: "invalid", summary: `Payload not understood: ${describeIssues(result.error)}` });
    return handle(tx, webhook, result.data);
  };
}

const HANDLERS: Record<WebhookTopic, WebhookHandler> = {
  "app/uninstalled": (tx, webhook) => markShopUninstalled(tx, webhook.shopDomain),
  // The merchant changed the granted scopes: keep the stored session's scope in step.
  "app/scopes_update": parsed(scopesUpdatePayload, (tx, webhook, payload) => updateGrantedScopes(tx, webhook.shopDomain, payload.current)),
  // The customer data Inbound holds is addresses on purchase orders (app/services/compliance.server.ts).
  "customers/data_request": (tx, webhook, payload) => produceCustomerData(tx, webhook, payload),
  "customers/redact": (tx, webhook, payload) => redactCustomer(tx, webhook, payload),
  // 48 hours after uninstall: everything held for the shop goes, the delivery's own row with it.
  "shop/redact": async (tx, webhook) => {
    const shopId = await eraseShopData(tx, webhook.shopDomain);
    // Files on disk are outside the database (in it, eraseShopData took them). Erased here, before the rows commit:
    // were the commit to fail, the delivery is handled again and the rows go then; the files are gone either way.
    if (shopId) await deleteFilesOutsideDatabase(shopFilesPrefix(shopId));
  },
  "products/update": parsed(productUpdatePayload, productUpdated),
  "products/delete": parsed(productDeletePayload, productDeleted),
  "inventory_items/update": parsed(inventoryItemUpdatePayload, inventoryItemUpdated),
  "inventory_items/delete": parsed(inventoryItemDeletePayload, inventoryItemDeleted),
  "inventory_levels/update": parsed(inventoryLevelUpdatePayload, inventoryLevelUpdated),
  "locations/create": parsed(locationUpdatePayload, locationUpdated),
  "locations/update": parsed(locationUpdatePayload, locationUpdated),
  "locations/delete": parsed(locationDeletePayload, locationDeleted),
};

const BY_RECORDED_TOPIC = new Map(Object.entries(HANDLERS).map(([topic, handler]) => [recordedTopic(topic as WebhookTopic), handler]));

/** The handler for a delivery recorded under `topic` (e.g. PRODUCTS_UPDATE); undefined for a topic Inbound does not handle. */
export function webhookHandler(topic: string): WebhookHandler | undefined {
  return BY_RECORDED_TOPIC.get(topic);
}
