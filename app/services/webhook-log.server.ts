import type { PrismaClient } from "@prisma/client";

import { NotFoundError } from "~/domain/errors";

import { CUSTOMER_DATA_REQUEST_ACTION } from "./compliance.server";

/** The webhook log in Settings: what Shopify told Inbound lately and what came of it. */

export const WEBHOOK_LOG_SIZE = 100;

export interface WebhookLogRow {
  id: string;
  receivedAt: Date;
  topic: string;
  result: string;
  summary: string | null;
  duplicates: number;
  /** A customers/data_request whose export can be downloaded. */
  hasExport: boolean;
}

/** Audit entries a compliance delivery wrote name it as their actor, by Shopify's webhook id. */
function exportsOf(db: PrismaClient, shopDomain: string, webhookIds: string[]) {
  return db.auditEntry.findMany({
    where: { shop: { domain: shopDomain }, action: CUSTOMER_DATA_REQUEST_ACTION, actorType: "webhook", actorId: { in: webhookIds } },
    select: { actorId: true, changes: true },
  });
}

export async function listWebhookLog(db: PrismaClient, shopDomain: string): Promise<WebhookLogRow[]> {
  const deliveries = await db.webhookDelivery.findMany({
    where: { shopDomain },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: WEBHOOK_LOG_SIZE,
    select: { id: true, receivedAt: true, topic: true, result: true, summary: true, duplicates: true, webhookId: true },
  });
  const requests = deliveries.filter((delivery) => delivery.topic === "CUSTOMERS_DATA_REQUEST");
  const exported = new Set(
    (
      await exportsOf(
        db,
        shopDomain,
        requests.map((delivery) => delivery.webhookId),
      )
    ).map((entry) => entry.actorId),
  );
  return deliveries.map(({ webhookId, ...delivery }) => ({ ...delivery, hasExport: exported.has(webhookId) }));
}

/** A customers/data_request's export, as the JSON file the merchant passes on to the customer. */
export async function loadCustomerDataExport(db: PrismaClient, shopDomain: string, deliveryId: string) {
  const delivery = await db.webhookDelivery.findFirst({
    where: { id: deliveryId, shopDomain, topic: "CUSTOMERS_DATA_REQUEST" },
    select: { webhookId: true },
  });
  const [entry] = delivery ? await exportsOf(db, shopDomain, [delivery.webhookId]) : [];
  if (!entry?.changes) throw new NotFoundError("Customer data export", deliveryId);
  return { filename: `customer-data-request-${deliveryId}.json`, json: entry.changes };
}
