import { randomBytes } from "node:crypto";

import { SMTPServer } from "smtp-server";

import { createPrismaClient } from "../app/db-client.server";

/**
 * The demo's mail catcher: an SMTP server on loopback that accepts every message (and logs its
 * subject and recipients), set as the demo shop's email settings, so Send to supplier shows Sent
 * without any mail account. smtp-server is a dev dependency: the demo runs with them.
 */
export async function startSmtpCapture(databaseUrl: string, shopDomain: string, host: string, port: number) {
  // The demo stores no SMTP password, but the app wants a key to exist as in production.
  process.env.INBOUND_SECRETS_KEY ??= randomBytes(32).toString("base64");
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      stream.resume();
      stream.on("end", () => {
        console.log(`demo SMTP: captured a message to ${session.envelope.rcptTo.map((rcpt) => rcpt.address).join(", ")}`);
        callback();
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
