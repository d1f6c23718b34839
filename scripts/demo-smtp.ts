import { randomBytes } from "node:crypto";

import { SMTPServer } from "smtp-server";

import { createPrismaClient } from "../app/db-client.server";
import { SIGNATURE_HEADER, signStatusNotice } from "../app/services/email/status-notice.server";

/**
 * The demo's mail catcher: an SMTP server on loopback that accepts every message (and logs its
 * recipients), set as the demo shop's email settings, and then reports each message delivered
 * through the app's signed status endpoint, as a mail provider would — so Send to supplier ends
 * Delivered without any mail account. smtp-server is a dev dependency: the demo runs with them.
 */
export async function startSmtpCapture(databaseUrl: string, shopDomain: string, host: string, port: number, appOrigin: string) {
  // The demo stores no SMTP password, but the app wants a key to exist as in production; the
  // status secret is shared with the app process (spawned after this, with this environment).
  process.env.INBOUND_SECRETS_KEY ??= randomBytes(32).toString("base64");
  process.env.INBOUND_EMAIL_STATUS_SECRET ??= randomBytes(24).toString("hex");
  const statusSecret = process.env.INBOUND_EMAIL_STATUS_SECRET;
  const reportDelivered = (messageId: string) =>
    setTimeout(() => {
      const body = JSON.stringify({ messageId, status: "delivered" });
      fetch(`${appOrigin}/webhooks/email-status`, {
        method: "POST",
        headers: { "Content-Type": "application/json", [SIGNATURE_HEADER]: signStatusNotice(body, statusSecret) },
        body,
      }).catch((error: unknown) => console.error("demo SMTP: delivery notice failed:", error));
    }, 1500);
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let head = "";
      stream.on("data", (chunk: Buffer) => {
        if (head.length < 64_000) head += chunk.toString("latin1");
      });
      stream.on("end", () => {
        console.log(`demo SMTP: captured a message to ${session.envelope.rcptTo.map((rcpt) => rcpt.address).join(", ")}`);
        callback();
        const messageId = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(head)?.[1];
        if (messageId) reportDelivered(messageId);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const db = createPrismaClient(databaseUrl);
  const shop = await db.shop.findUniqueOrThrow({ where: { domain: shopDomain } });
  const settings = {
    senderName: shop.name,
    senderEmail: "purchasing@demo-shop.test",
    replyTo: null,
    smtpHost: host,
    smtpPort: port,
    smtpSecurity: "none",
    smtpUser: null,
    smtpPasswordCipher: null,
  };
  await db.emailSettings.upsert({ where: { shopId: shop.id }, create: { shopId: shop.id, ...settings }, update: settings });
  await db.$disconnect();
  return { close: () => server.close() };
}
