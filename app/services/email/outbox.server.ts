import { randomUUID } from "node:crypto";

import type { Prisma, PrismaClient } from "@prisma/client";

import { renderEmail } from "~/domain/email";
import { NotFoundError, ValidationError } from "~/domain/errors";
import { purchaseOrderName } from "~/domain/purchase-order/status";

import type { Actor } from "../actor";
import { requireShop } from "../shops.server";

import { supplierEmailTemplate } from "./settings.server";
import { now as clockNow } from "~/clock.server";

/**
 * Supplier emails are their own outbox: a SupplierEmail row is queued in the same transaction
 * as the change that calls for it (Send to supplier, Re-send), and the sender
 * (./sender.server.ts) delivers it later with the PO PDF attached.
 */

type Db = PrismaClient | Prisma.TransactionClient;

export type SupplierEmailStatus = "queued" | "sending" | "sent" | "delivered" | "bounced" | "failed";

const parseAddresses = (json: string): string[] => {
  const value = JSON.parse(json) as unknown;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string" && item.trim() !== "") : [];
};

/** Who an order's email goes to: the supplier's address, and its copies. */
export interface SupplierEmailRecipients {
  to: string[];
  cc: string[];
}

/**
 * Who the order's email would go to; refused (naming the fix) when the shop has not set up
 * email sending or the supplier has no email address.
 */
export async function supplierEmailRecipients(tx: Db, shopId: string, orderId: string): Promise<SupplierEmailRecipients> {
  return (await emailFacts(tx, shopId, orderId)).recipients;
}

async function emailFacts(tx: Db, shopId: string, orderId: string) {
  const order = await tx.purchaseOrder.findFirst({
    where: { id: orderId, shopId },
    include: { shop: { select: { name: true } }, supplier: true },
  });
  if (!order) throw new NotFoundError("Purchase order", orderId);
  const settings = await tx.emailSettings.findUnique({ where: { shopId }, select: { shopId: true } });
  if (!settings) {
    throw new ValidationError({
      emailSettings: "Email sending is not set up: configure it in Settings → Email settings, or use Mark as sent.",
    });
  }
  const email = order.supplier.email?.trim();
  if (!email) {
    throw new ValidationError({
      supplierEmail: `${order.supplier.name} has no email address: add one to the supplier, or use Mark as sent.`,
    });
  }
  return { order, recipients: { to: [email], cc: parseAddresses(order.supplier.ccEmails) } };
}

/**
 * Queues the order's email to its supplier. Refused (nothing queued, and the caller's
 * transaction rolls back) when the shop has not set up email sending or the supplier has no
 * email address. Returns the new row's id and who it goes to.
 */
export async function queueSupplierEmail(tx: Db, shopId: string, orderId: string): Promise<{ id: string; recipients: SupplierEmailRecipients }> {
  const { order, recipients } = await emailFacts(tx, shopId, orderId);
  const template = await supplierEmailTemplate(tx, shopId, order.supplier.emailTemplateId);
  const { subject, body } = renderEmail(template, {
    po_number: purchaseOrderName(order.number),
    supplier_name: order.supplier.name,
    // No expected date: the sentence that would name it is left out (app/domain/email.ts).
    expected_date: order.expectedArrivalAt?.toISOString().slice(0, 10) ?? null,
    shop_name: order.shop.name,
  });
  const id = randomUUID();
  await tx.supplierEmail.create({
    data: {
      id,
      shopId,
      purchaseOrderId: order.id,
      recipients: JSON.stringify(recipients.to),
      cc: JSON.stringify(recipients.cc),
      subject,
      body,
      // The row's id in the Message-ID: a bounce or delivery notice names the row it is about.
      messageId: `<email-${id}@inbound>`,
    },
  });
  return { id, recipients };
}

/** Re-send: a new email (a new row and message) for an order already sent, with its own audit entry. */
export async function resendSupplierEmail(
  db: PrismaClient,
  shopDomain: string,
  actor: Actor,
  orderId: string,
): Promise<{ id: string; recipients: SupplierEmailRecipients }> {
  const shop = await requireShop(db, shopDomain);
  return db.$transaction(async (tx) => {
    const order = await tx.purchaseOrder.findFirst({ where: { id: orderId, shopId: shop.id, deletedAt: null }, select: { status: true } });
    if (!order) throw new NotFoundError("Purchase order", orderId);
    if (order.status === "draft") throw new ValidationError({ status: "A draft has not been sent: use Send to supplier." });
    const email = await queueSupplierEmail(tx, shop.id, orderId);
    await tx.auditEntry.create({
      data: {
        shopId: shop.id,
        purchaseOrderId: orderId,
        actorType: actor.type,
        actorId: actor.id,
        action: "resend_email",
        changes: JSON.stringify({ emailId: email.id }),
      },
    });
    return email;
  });
}

export async function listSupplierEmails(db: Db, shopDomain: string, orderId: string) {
  const emails = await db.supplierEmail.findMany({
    where: { purchaseOrderId: orderId, shop: { domain: shopDomain } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return emails.map((email) => ({
    id: email.id,
    recipients: parseAddresses(email.recipients),
    cc: parseAddresses(email.cc),
    subject: email.subject,
    status: email.status as SupplierEmailStatus,
    attempts: email.attempts,
    serverReply: email.serverReply,
    createdAt: email.createdAt,
    sentAt: email.sentAt,
    statusAt: email.statusAt,
  }));
}

/**
 * A delivery or bounce notice (POST /webhooks/email-status, signature already checked). Returns
 * false when no email has that message id. A notice may arrive more than once or late: the
 * latest status wins, except that nothing turns a bounce back into a delivery, and a status
 * already recorded keeps its time and reason (a notice sent again changes nothing).
 */
export async function recordEmailStatus(
  db: PrismaClient,
  notice: { messageId: string; status: "delivered" | "bounced"; reason?: string | undefined },
  at = clockNow(),
): Promise<boolean> {
  const email = await db.supplierEmail.findUnique({ where: { messageId: notice.messageId }, select: { id: true, status: true } });
  if (!email) return false;
  if ((email.status === "bounced" && notice.status === "delivered") || email.status === notice.status) return true;
  await db.supplierEmail.update({
    where: { id: email.id },
    data: { status: notice.status, statusAt: at, ...(notice.reason ? { serverReply: notice.reason } : {}) },
  });
  return true;
}
