import type { Prisma } from "@prisma/client";
import { z } from "zod";

import { readAddress, type Address } from "~/domain/address";
import { redactSubject, subjectAddresses, type DataSubject } from "~/domain/customer-data";
import { purchaseOrderName } from "~/domain/purchase-order/status";
import { describeIssues } from "~/webhooks/payloads";
import type { WebhookOutcome } from "~/webhooks/receive.server";

/**
 * customers/data_request and customers/redact: the customer data Inbound holds is addresses on
 * purchase orders (a drop-ship order ships to the end customer), their earlier versions in the
 * orders' audit entries, and the compliance requests themselves. app/domain/customer-data.ts
 * says which of it is a customer's. Both run inside the delivery's transaction.
 */

type Tx = Prisma.TransactionClient;

/** The delivery a request came with; its audit entries name it (actor "webhook", Shopify's webhook id). */
export interface ComplianceDelivery {
  shopDomain: string;
  webhookId: string;
}

/** The export of a customers/data_request, kept as the changes of its audit entry. */
export interface CustomerDataExport {
  dataRequestId: string | null;
  customer: { id: string | null; email: string | null; phone: string | null };
  purchaseOrders: Array<{ purchaseOrder: string; addresses: Address[] }>;
}

export const CUSTOMER_DATA_REQUEST_ACTION = "customer_data_request";
const CUSTOMER_REDACT_ACTION = "customer_redact";
/** Where addresses are kept besides the orders themselves: set_addresses records before and after. */
const ACTIONS_HOLDING_CUSTOMER_DATA = ["set_addresses", CUSTOMER_DATA_REQUEST_ACTION];
const TOPICS_HOLDING_CUSTOMER_DATA = ["CUSTOMERS_DATA_REQUEST", "CUSTOMERS_REDACT"];

const restId = z.union([z.number(), z.string()]).transform(String);
const identifier = z
  .string()
  .nullish()
  .transform((value) => value?.trim() || null);

/** The fields of both customer payloads that Inbound reads (Shopify also sends the order ids it holds). */
const customerRequestPayload = z.object({
  customer: z.object({ id: restId.nullish(), email: identifier, phone: identifier }),
  data_request: z.object({ id: restId }).nullish(),
});

type CustomerRequest = z.output<typeof customerRequestPayload>;

function invalid(error: z.ZodError): WebhookOutcome {
  return { result: "invalid", summary: `Payload not understood: ${describeIssues(error)}` };
}

function customerLabel(request: CustomerRequest): string {
  return request.customer.id ? `customer ${request.customer.id}` : "the customer";
}

/** "PO-0001, PO-0002 and 3 more": enough for one line of the log. */
function orderList(names: string[]): string {
  const shown = names.slice(0, 5).join(", ");
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** The shop's orders that have an address, and the addresses their audit entries recorded. */
async function loadAddressRecords(tx: Tx, shopId: string) {
  const [orders, history] = await Promise.all([
    tx.purchaseOrder.findMany({
      where: { shopId, OR: [{ billingAddress: { not: null } }, { shippingAddress: { not: null } }] },
      select: { id: true, number: true, billingAddress: true, shippingAddress: true },
      orderBy: { number: "asc" },
    }),
    tx.auditEntry.findMany({
      where: { shopId, action: "set_addresses", purchaseOrderId: { not: null } },
      select: { purchaseOrderId: true, changes: true },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  return { orders, history };
}

/** The customer a compliance request is about, and the shop it concerns; or the outcome when there is nothing to do. */
async function openCustomerRequest(
  tx: Tx,
  delivery: ComplianceDelivery,
  payload: unknown,
): Promise<WebhookOutcome | { request: CustomerRequest; subject: DataSubject; shop: { id: string } }> {
  const parsed = customerRequestPayload.safeParse(payload);
  if (!parsed.success) return invalid(parsed.error);
  const request = parsed.data;
  const shop = await tx.shop.findUnique({ where: { domain: delivery.shopDomain }, select: { id: true } });
  if (!shop) return { result: "handled", summary: "Inbound holds no data for this shop" };
  return { request, subject: { email: request.customer.email, phone: request.customer.phone }, shop };
}

/**
 * customers/data_request: collects the customer's addresses per purchase order (current first,
 * then earlier ones from the audit trail) into an export, kept as an audit entry the webhook log
 * offers for download. The merchant passes it on to the customer.
 */
export async function produceCustomerData(tx: Tx, delivery: ComplianceDelivery, payload: unknown): Promise<WebhookOutcome> {
  const opened = await openCustomerRequest(tx, delivery, payload);
  if ("result" in opened) return opened;
  const { request, subject, shop } = opened;

  const { orders, history } = await loadAddressRecords(tx, shop.id);
  const purchaseOrders = orders.flatMap((order) => {
    const current = subjectAddresses({ billing: readAddress(order.billingAddress), shipping: readAddress(order.shippingAddress) }, subject);
    const earlier = history
      .filter((entry) => entry.purchaseOrderId === order.id && entry.changes)
      .flatMap((entry) => subjectAddresses(JSON.parse(entry.changes!), subject));
    const distinct = new Map([...current, ...earlier].map((address) => [JSON.stringify(address), address]));
    return distinct.size > 0 ? [{ purchaseOrder: purchaseOrderName(order.number), addresses: [...distinct.values()] }] : [];
  });

  const exported: CustomerDataExport = {
    dataRequestId: request.data_request?.id ?? null,
    customer: { id: request.customer.id ?? null, ...subject },
    purchaseOrders,
  };
  await tx.auditEntry.create({
    data: {
      shopId: shop.id,
      actorType: "webhook",
      actorId: delivery.webhookId,
      action: CUSTOMER_DATA_REQUEST_ACTION,
      changes: JSON.stringify(exported),
    },
  });
  const names = purchaseOrders.map((order) => order.purchaseOrder);
  return {
    result: "handled",
    summary:
      names.length === 0
        ? `No data held for ${customerLabel(request)}: the export is empty`
        : `Addresses of ${customerLabel(request)} on ${plural(names.length, "purchase order")} (${orderList(names)}): download the export`,
  };
}

/**
 * customers/redact: the customer's addresses on purchase orders become REDACTED_ADDRESS (the
 * order stays usable: a drop-ship order keeps an address, now empty), each such order's history
 * says so without repeating the data, and the earlier copies (address history, data request
 * exports, the requests' payloads) lose the customer's addresses, email and phone.
 */
export async function redactCustomer(tx: Tx, delivery: ComplianceDelivery, payload: unknown): Promise<WebhookOutcome> {
  const opened = await openCustomerRequest(tx, delivery, payload);
  if ("result" in opened) return opened;
  const { request, subject, shop } = opened;

  const redactedOrders: string[] = [];
  const { orders } = await loadAddressRecords(tx, shop.id);
  for (const order of orders) {
    const billing = redactSubject(readAddress(order.billingAddress), subject);
    const shipping = redactSubject(readAddress(order.shippingAddress), subject);
    if (billing.erased + shipping.erased === 0) continue;
    await tx.purchaseOrder.update({
      where: { id: order.id },
      data: {
        billingAddress: billing.erased ? JSON.stringify(billing.value) : undefined,
        shippingAddress: shipping.erased ? JSON.stringify(shipping.value) : undefined,
      },
    });
    const fields = [billing.erased && "billingAddress", shipping.erased && "shippingAddress"].filter(Boolean);
    await tx.auditEntry.create({
      data: {
        shopId: shop.id,
        purchaseOrderId: order.id,
        actorType: "webhook",
        actorId: delivery.webhookId,
        action: CUSTOMER_REDACT_ACTION,
        changes: JSON.stringify({ redacted: fields }),
      },
    });
    redactedOrders.push(purchaseOrderName(order.number));
  }

  let records = 0;
  const entries = await tx.auditEntry.findMany({
    where: { shopId: shop.id, action: { in: ACTIONS_HOLDING_CUSTOMER_DATA }, changes: { not: null } },
    select: { id: true, changes: true },
  });
  for (const entry of entries) {
    const redacted = redactSubject(JSON.parse(entry.changes!), subject);
    if (redacted.erased === 0) continue;
    await tx.auditEntry.update({ where: { id: entry.id }, data: { changes: JSON.stringify(redacted.value) } });
    records += 1;
  }
  const deliveries = await tx.webhookDelivery.findMany({
    where: { shopDomain: delivery.shopDomain, topic: { in: TOPICS_HOLDING_CUSTOMER_DATA } },
    select: { id: true, payload: true },
  });
  for (const stored of deliveries) {
    const redacted = redactSubject(JSON.parse(stored.payload), subject);
    if (redacted.erased === 0) continue;
    await tx.webhookDelivery.update({ where: { id: stored.id }, data: { payload: JSON.stringify(redacted.value) } });
    records += 1;
  }

  const onOrders =
    redactedOrders.length === 0
      ? "no purchase order held their address"
      : `addresses redacted on ${plural(redactedOrders.length, "purchase order")} (${orderList(redactedOrders)})`;
  return { result: "handled", summary: `Erased ${customerLabel(request)}: ${onOrders}; ${plural(records, "stored record")} scrubbed` };
}
