import type { PrismaClient } from "@prisma/client";
import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";

import { loadSmtpSettings } from "./settings.server";
import { purchaseOrderPdf } from "~/services/documents/po-pdf.server";
import type { FileStorage } from "~/services/storage/file-storage";
import fileStorage from "~/services/storage/default-storage.server";
import { now as clockNow } from "~/clock.server";

/**
 * The sender: drains queued supplier emails (all shops, oldest first) over each shop's SMTP.
 *
 * Never twice: a row is marked "sending" (attempts + 1) before SMTP is spoken to, and only a
 * "sending" row is recorded as sent or failed. If the process dies between the server accepting
 * the message and the row being updated, the row stays "sending"; it is not sent again (the
 * supplier may have it already) but marked failed with a note to check and re-send. A row only
 * counts as left behind once it has been "sending" longer than any send can take, so a send in
 * progress in another worker (`npm run worker` beside the app) is not taken for a crash.
 *
 * SMTP's answer decides the rest: accepted → "sent" with the server's reply; a permanent refusal
 * (5xx) → "failed" with the reply; a network error or temporary refusal (4xx) → "queued" again,
 * retried with a growing delay, until MAX_ATTEMPTS.
 */

export const INTERRUPTED_REPLY = "Interrupted while sending: it may have reached the supplier — check, then re-send";

/** SMTP timeouts keep one send well under this. */
const SENDING_STALE_MS = 10 * 60_000;
const SMTP_TIMEOUT_MS = 30_000;
const MAX_ATTEMPTS = 8;
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 60 * 60_000;
const DEFAULT_BATCH_SIZE = 20;

export interface EmailDrainOptions {
  now?: () => Date;
  batchSize?: number;
  /** Where export templates' logos are kept (the app's default storage unless given). */
  storage?: FileStorage;
}

export interface EmailDrainResult {
  sent: number;
  failed: number;
  retrying: number;
  interrupted: number;
}

type Outcome = { status: "sent"; reply: string } | { status: "failed"; reply: string } | { status: "queued"; reply: string };

const retryDelayMs = (attempts: number) => Math.min(RETRY_BASE_MS * 2 ** Math.max(attempts - 1, 0), RETRY_MAX_MS);

export async function drainSupplierEmails(db: PrismaClient, options: EmailDrainOptions = {}): Promise<EmailDrainResult> {
  const now = options.now ?? clockNow;
  const result: EmailDrainResult = { sent: 0, failed: 0, retrying: 0, interrupted: 0 };

  const left = await db.supplierEmail.updateMany({
    where: { status: "sending", OR: [{ statusAt: null }, { statusAt: { lt: new Date(now().getTime() - SENDING_STALE_MS) } }] },
    data: { status: "failed", serverReply: INTERRUPTED_REPLY, statusAt: now() },
  });
  result.interrupted = left.count;

  const queue = await db.supplierEmail.findMany({
    where: { status: "queued", shop: { uninstalledAt: null } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: options.batchSize ?? DEFAULT_BATCH_SIZE,
  });
  for (const email of queue) {
    // A retry waits; statusAt is when it was last put back in the queue.
    if (email.attempts > 0 && email.statusAt && email.statusAt.getTime() + retryDelayMs(email.attempts) > now().getTime()) continue;
    const claimed = await db.supplierEmail.updateMany({
      where: { id: email.id, status: "queued" },
      data: { status: "sending", attempts: { increment: 1 }, statusAt: now() },
    });
    if (claimed.count === 0) continue;
    let outcome = await send(db, options.storage ?? fileStorage, email);
    if (outcome.status === "queued" && email.attempts + 1 >= MAX_ATTEMPTS) {
      outcome = { status: "failed", reply: `Gave up after ${MAX_ATTEMPTS} attempts: ${outcome.reply}` };
    }
    await db.supplierEmail.updateMany({
      where: { id: email.id, status: "sending" },
      data: { status: outcome.status, serverReply: outcome.reply, statusAt: now(), ...(outcome.status === "sent" ? { sentAt: now() } : {}) },
    });
    result[outcome.status === "sent" ? "sent" : outcome.status === "failed" ? "failed" : "retrying"] += 1;
  }
  return result;
}

interface QueuedEmail {
  shopId: string;
  purchaseOrderId: string;
  recipients: string;
  cc: string;
  subject: string;
  body: string;
  messageId: string;
}

async function send(db: PrismaClient, storage: FileStorage, email: QueuedEmail): Promise<Outcome> {
  let message: SendMailOptions;
  let transport: Transporter;
  try {
    const settings = await loadSmtpSettings(db, email.shopId);
    if (!settings) return { status: "failed", reply: "Email sending is no longer set up for this shop (Settings → Email settings)." };
    // The PO document as it is when the email goes (the supplier's export template, else the shop's).
    const { domain } = await db.shop.findUniqueOrThrow({ where: { id: email.shopId }, select: { domain: true } });
    const attachment = await purchaseOrderPdf({ db, storage }, domain, email.purchaseOrderId);
    transport = nodemailer.createTransport({
      host: settings.smtpHost,
      port: settings.smtpPort,
      secure: settings.smtpSecurity === "tls",
      requireTLS: settings.smtpSecurity === "starttls",
      ignoreTLS: settings.smtpSecurity === "none",
      ...(settings.smtpUser ? { auth: { user: settings.smtpUser, pass: settings.smtpPassword ?? "" } } : {}),
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
    message = {
      from: { name: settings.senderName, address: settings.senderEmail },
      ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
      to: JSON.parse(email.recipients) as string[],
      cc: JSON.parse(email.cc) as string[],
      subject: email.subject,
      text: email.body,
      messageId: email.messageId,
      attachments: [{ filename: attachment.fileName, contentType: attachment.contentType, content: Buffer.from(attachment.body) }],
    };
  } catch (error) {
    // Before any SMTP: nothing reached the supplier; try again later (the cause may be fixed).
    return { status: "queued", reply: error instanceof Error ? error.message : String(error) };
  }
  try {
    const info = (await transport.sendMail(message)) as { response?: string };
    return { status: "sent", reply: info.response ?? "Accepted" };
  } catch (error) {
    const { responseCode, response, message: text } = error as { responseCode?: number; response?: string; message?: string };
    const reply = response ?? text ?? String(error);
    return responseCode !== undefined && responseCode >= 500 ? { status: "failed", reply } : { status: "queued", reply };
  } finally {
    transport.close();
  }
}
