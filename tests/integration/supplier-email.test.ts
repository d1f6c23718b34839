import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";

import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { ValidationError } from "~/domain/errors";
import { formatMoney } from "~/domain/money";
import { purchaseOrderName } from "~/domain/purchase-order/status";
import { queueSupplierEmail, resendSupplierEmail } from "~/services/email/outbox.server";
import { drainSupplierEmails, INTERRUPTED_REPLY } from "~/services/email/sender.server";
import { loadEmailSettings, saveEmailSettings, saveEmailTemplate } from "~/services/email/settings.server";
import { signStatusNotice } from "~/services/email/status-notice.server";
import { performAction } from "~/services/purchase-order-lifecycle.server";
import { createDraftPurchaseOrder } from "~/services/purchase-orders.server";
import { setSupplierTemplate } from "~/services/suppliers.server";

import { startStandin, type StandinServer } from "../standin";
import { useDemoEnvironment } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { readPdfPages } from "../support/pdf";
import { standinShop } from "../support/shopify";

/**
 * Supplier email end to end: Send to supplier queues an email in the send's transaction, the
 * sender delivers it over real SMTP to a loopback smtp-server (messages parsed back with
 * mailparser, the PDF with pdfjs), SMTP refusals and crashes are recorded, and signed status
 * notices arrive through the webhook route.
 */
const SHOP = "email.myshopify.com";
const UNCONFIGURED_SHOP = "email-unconfigured.myshopify.com";
const STATUS_SECRET = "status-secret-for-tests-0123456789";
const SMTP_PASSWORD = "smtp-pa55word-plain";
const actor = { type: "merchant", id: "staff-1" } as const;
const KEY = randomBytes(32);

interface Received {
  envelope: string[];
  mail: ParsedMail;
}

let standin: StandinServer;
let database: TestDatabase;
let smtp: SMTPServer;
let received: Received[] = [];
let passwords: string[] = [];
let refuseRecipients = false;
let shop: Awaited<ReturnType<typeof standinShop>>;
let unconfigured: Awaited<ReturnType<typeof standinShop>>;
let statusRoute: typeof import("~/routes/webhooks.email-status");

beforeAll(async () => {
  standin = await startStandin({ seedDemoShop: false });
  database = await createTestDatabase();
  useDemoEnvironment(SHOP, standin.origin, database.url, {
    INBOUND_SECRETS_KEY: KEY.toString("base64"),
    INBOUND_EMAIL_STATUS_SECRET: STATUS_SECRET,
  });
  smtp = new SMTPServer({
    logger: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      passwords.push(auth.password ?? "");
      callback(null, { user: auth.username });
    },
    onRcptTo(_address, _session, callback) {
      if (!refuseRecipients) return callback();
      callback(Object.assign(new Error("Mailbox unavailable: no such user"), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ envelope: session.envelope.rcptTo.map((rcpt) => rcpt.address), mail });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const products = [
    { title: "Lantern", vendor: "Acme", variants: [{ sku: "LAN-S", price: "20" }] },
    { title: "Kettle", vendor: "Acme", variants: [{ sku: "KET-1", price: "30" }] },
  ];
  shop = await standinShop(standin, database.db, SHOP, products);
  unconfigured = await standinShop(standin, database.db, UNCONFIGURED_SHOP, products);
  for (const supplierId of [shop.supplierId, unconfigured.supplierId]) {
    await database.db.supplier.update({
      where: { id: supplierId },
      data: { email: "orders@acme.test", ccEmails: JSON.stringify(["sales@acme.test", "boss@acme.test"]) },
    });
  }
  await saveEmailSettings(database.db, SHOP, actor, {
    senderName: "Email Shop",
    senderEmail: "buying@email-shop.test",
    replyTo: "buyer@email-shop.test",
    smtpHost: "127.0.0.1",
    smtpPort: String(smtpPort),
    smtpSecurity: "none",
    smtpUser: "mailer",
    smtpPassword: SMTP_PASSWORD,
  });
  statusRoute = await import("~/routes/webhooks.email-status");
}, 120_000);

afterAll(async () => {
  const { default: prisma } = await import("~/db.server");
  await prisma.$disconnect();
  await new Promise<void>((resolve) => smtp.close(resolve));
  await database.cleanup();
  await standin.close();
});

beforeEach(() => {
  received = [];
  passwords = [];
  refuseRecipients = false;
});

async function draft(target = shop, domain = SHOP) {
  const order = await createDraftPurchaseOrder({ db: database.db, gateway: target.gateway }, domain, actor, {
    supplierId: target.supplierId,
    locationId: target.locationId,
    note: "",
    lines: target.products.map((product, index) => ({
      variantId: product.variants[0]!.variantId,
      quantity: String(10 + index),
      unitCost: "2.50",
    })),
  });
  return order.id;
}

const send = (orderId: string, via: "email" | "manual", domain = SHOP) =>
  performAction({ db: database.db }, domain, actor, orderId, { action: "send", via });

const emailsOf = (orderId: string) => database.db.supplierEmail.findMany({ where: { purchaseOrderId: orderId }, orderBy: { createdAt: "asc" } });

/** The whole PDF's text, as a PDF reader extracts it. */
const pdfText = async (content: Buffer) => (await readPdfPages(content)).map((page) => page.text).join("\n");

async function postStatus(body: unknown, signature?: string) {
  const raw = JSON.stringify(body);
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (signature !== undefined) headers["X-Inbound-Signature"] = signature;
  return statusRoute.action({
    request: new Request("http://localhost/webhooks/email-status", { method: "POST", headers, body: raw }),
    params: {},
    context: {},
  });
}

describe("Send to supplier by email", () => {
  it("sends one message to the supplier and its copies, with the PO PDF (number, every SKU, total)", async () => {
    const orderId = await draft();
    const result = await send(orderId, "email");
    expect(result.order?.status).toBe("sent");
    expect(await emailsOf(orderId)).toMatchObject([{ status: "queued", attempts: 0 }]);

    expect(await drainSupplierEmails(database.db)).toMatchObject({ sent: 1, failed: 0 });
    expect(received).toHaveLength(1);
    const [{ envelope, mail }] = received as [Received];
    expect(envelope.sort()).toEqual(["boss@acme.test", "orders@acme.test", "sales@acme.test"]);
    expect(mail.subject).toBe(`Purchase order ${purchaseOrderName(result.order!.number)} from ${SHOP}`);
    expect(mail.from?.text).toContain("buying@email-shop.test");
    expect(mail.replyTo?.text).toContain("buyer@email-shop.test");
    // The decrypted password reached the server.
    expect(passwords).toEqual([SMTP_PASSWORD]);

    const [email] = await emailsOf(orderId);
    expect(mail.messageId).toBe(email!.messageId);
    expect(email).toMatchObject({ status: "sent", attempts: 1 });
    expect(email!.serverReply).toMatch(/^250/);
    expect(email!.sentAt).not.toBeNull();

    expect(mail.attachments).toHaveLength(1);
    const pdf = mail.attachments[0]!;
    expect(pdf.contentType).toBe("application/pdf");
    const text = await pdfText(pdf.content);
    expect(text).toContain(purchaseOrderName(result.order!.number));
    for (const sku of ["LAN-S", "KET-1"]) expect(text).toContain(sku);
    // 10 × 2.50 + 11 × 2.50
    expect(text).toContain(formatMoney("52.50", "USD"));
  });

  it("re-send queues and sends a second message, with its own audit entry", async () => {
    const orderId = await draft();
    await send(orderId, "email");
    await drainSupplierEmails(database.db);
    await resendSupplierEmail(database.db, SHOP, actor, orderId);
    await drainSupplierEmails(database.db);

    expect(received).toHaveLength(2);
    const emails = await emailsOf(orderId);
    expect(emails.map((email) => email.status)).toEqual(["sent", "sent"]);
    expect(new Set(received.map(({ mail }) => mail.messageId)).size).toBe(2);
    const audit = await database.db.auditEntry.findMany({ where: { purchaseOrderId: orderId, action: "resend_email" } });
    expect(audit).toHaveLength(1);
  });

  it("Mark as sent sends nothing", async () => {
    const orderId = await draft();
    expect((await send(orderId, "manual")).order?.status).toBe("sent");
    await drainSupplierEmails(database.db);
    expect(await emailsOf(orderId)).toEqual([]);
    expect(received).toEqual([]);
  });

  it("is refused, naming the setting, while the shop has no email settings; the order is unchanged", async () => {
    const orderId = await draft(unconfigured, UNCONFIGURED_SHOP);
    const before = await database.db.purchaseOrder.findUniqueOrThrow({ where: { id: orderId } });
    const refusal = await send(orderId, "email", UNCONFIGURED_SHOP).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).fieldErrors.emailSettings).toMatch(/Email settings/);
    const after = await database.db.purchaseOrder.findUniqueOrThrow({ where: { id: orderId } });
    expect({ status: after.status, version: after.version }).toEqual({ status: before.status, version: before.version });
    expect(await emailsOf(orderId)).toEqual([]);
    expect(await database.db.auditEntry.count({ where: { purchaseOrderId: orderId, action: "send" } })).toBe(0);
  });

  it("is refused, naming the supplier's address, when the supplier has no email", async () => {
    await database.db.supplier.update({ where: { id: shop.supplierId }, data: { email: null } });
    try {
      const orderId = await draft();
      const refusal = await send(orderId, "email").catch((error: unknown) => error);
      expect((refusal as ValidationError).fieldErrors.supplierEmail).toMatch(/no email address/);
      expect((await database.db.purchaseOrder.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("draft");
    } finally {
      await database.db.supplier.update({ where: { id: shop.supplierId }, data: { email: "orders@acme.test" } });
    }
  });

  it("an SMTP 550 marks the email Failed with the server's reply", async () => {
    const orderId = await draft();
    await send(orderId, "email");
    refuseRecipients = true;
    expect(await drainSupplierEmails(database.db)).toMatchObject({ sent: 0, failed: 1 });
    const [email] = await emailsOf(orderId);
    expect(email).toMatchObject({ status: "failed", attempts: 1 });
    expect(email!.serverReply).toMatch(/550.*Mailbox unavailable/);
    expect(received).toEqual([]);
  });

  it("an email left 'sending' by a crash is never sent again: it is marked failed for the merchant to check", async () => {
    const orderId = await draft();
    await send(orderId, "email");
    // What a crash between the server's acceptance and recording it leaves behind.
    const [queued] = await emailsOf(orderId);
    await database.db.supplierEmail.update({
      where: { id: queued!.id },
      data: { status: "sending", attempts: 1, statusAt: new Date(Date.now() - 60 * 60_000) },
    });
    expect(await drainSupplierEmails(database.db)).toMatchObject({ interrupted: 1, sent: 0 });
    await drainSupplierEmails(database.db);
    expect(received).toEqual([]);
    const [email] = await emailsOf(orderId);
    expect(email).toMatchObject({ status: "failed", attempts: 1, serverReply: INTERRUPTED_REPLY });
  });

  it("uses the supplier's own template over the shop's default", async () => {
    const template = await saveEmailTemplate(database.db, SHOP, actor, {
      name: "Acme wording",
      subject: "Order {{po_number}} for {{supplier_name}}",
      body: "Order {{po_number}} attached. Expected {{expected_date}}. Thanks!",
    });
    await setSupplierTemplate(database.db, SHOP, actor, "email", shop.supplierId, template.id);
    try {
      const orderId = await draft();
      await database.db.purchaseOrder.update({ where: { id: orderId }, data: { expectedArrivalAt: new Date("2030-05-04T00:00:00Z") } });
      const { order } = await send(orderId, "email");
      const [email] = await emailsOf(orderId);
      expect(email!.subject).toBe(`Order ${purchaseOrderName(order!.number)} for Acme`);
      expect(email!.body).toBe(`Order ${purchaseOrderName(order!.number)} attached. Expected 2030-05-04. Thanks!`);
      await drainSupplierEmails(database.db);
    } finally {
      await setSupplierTemplate(database.db, SHOP, actor, "email", shop.supplierId, null);
    }
  });

  it("an order without an expected date leaves that sentence out (it read 'expected by to be confirmed'); no admin link is sent", async () => {
    const orderId = await draft();
    const { order } = await send(orderId, "email");
    const [email] = await emailsOf(orderId);
    expect(email!.body).toContain(`Please find attached our purchase order ${purchaseOrderName(order!.number)}.\n`);
    expect(email!.body).not.toMatch(/expected by|to be confirmed|\/app\/purchase-orders|https?:/i);
    await drainSupplierEmails(database.db);
  });

  it("refuses {{link}} in a saved template, saying why, and keeps sending templates saved with it before (without the link)", async () => {
    const refused = await saveEmailTemplate(database.db, SHOP, actor, {
      name: "With link",
      subject: "PO {{po_number}}",
      body: "Open {{link}}",
    }).catch((error: unknown) => error);
    expect((refused as ValidationError).fieldErrors.body).toMatch(/Shopify admin, which a supplier cannot open/);
    expect(await database.db.emailTemplate.count({ where: { name: "With link" } })).toBe(0);

    // A template saved before the rule (written straight to the table, as an older version did).
    const legacy = await database.db.emailTemplate.create({
      data: { shopId: shop.shopId, name: "Legacy", subject: "PO {{po_number}}", body: "Your order.\n\n{{link}}\n\nThanks" },
    });
    await setSupplierTemplate(database.db, SHOP, actor, "email", shop.supplierId, legacy.id);
    try {
      const orderId = await draft();
      await send(orderId, "email");
      expect((await emailsOf(orderId))[0]!.body).toBe("Your order.\n\nThanks");
      await drainSupplierEmails(database.db);
    } finally {
      await setSupplierTemplate(database.db, SHOP, actor, "email", shop.supplierId, null);
    }
  });

  it("refuses a supplier template that is not one of the shop's", async () => {
    const refused = await setSupplierTemplate(database.db, SHOP, actor, "email", shop.supplierId, "no-such-template").catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fieldErrors).toHaveProperty("emailTemplateId");
  });
});

describe("email status notices", () => {
  async function sentEmail() {
    const orderId = await draft();
    await send(orderId, "email");
    await drainSupplierEmails(database.db);
    return (await emailsOf(orderId))[0]!;
  }

  it("a signed bounce marks the email Bounced with the reason", async () => {
    const email = await sentEmail();
    const body = { messageId: email.messageId, status: "bounced", reason: "550 5.1.1 user unknown" };
    const response = await postStatus(body, signStatusNotice(JSON.stringify(body), STATUS_SECRET));
    expect(response.status).toBe(200);
    const after = await database.db.supplierEmail.findUniqueOrThrow({ where: { id: email.id } });
    expect(after).toMatchObject({ status: "bounced", serverReply: "550 5.1.1 user unknown" });
    expect(after.statusAt).not.toBeNull();
  });

  it("a notice sent again changes nothing: the status keeps its time and reason (issue #14)", async () => {
    const email = await sentEmail();
    const body = { messageId: email.messageId, status: "bounced", reason: "550 5.1.1 user unknown" };
    expect((await postStatus(body, signStatusNotice(JSON.stringify(body), STATUS_SECRET))).status).toBe(200);
    const first = await database.db.supplierEmail.findUniqueOrThrow({ where: { id: email.id } });
    const again = { ...body, reason: "550 again" };
    expect((await postStatus(again, signStatusNotice(JSON.stringify(again), STATUS_SECRET))).status).toBe(200);
    expect(await database.db.supplierEmail.findUniqueOrThrow({ where: { id: email.id } })).toEqual(first);
  });

  it("a reason with a control character is refused (400), never stored cut at it (issue #14)", async () => {
    const email = await sentEmail();
    const body = { messageId: email.messageId, status: "bounced", reason: "550\u0000 user unknown" };
    expect((await postStatus(body, signStatusNotice(JSON.stringify(body), STATUS_SECRET))).status).toBe(400);
    expect(await database.db.supplierEmail.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({ status: "sent" });
  });

  it("an unsigned or wrongly signed notice is answered 401 and changes nothing", async () => {
    const email = await sentEmail();
    const body = { messageId: email.messageId, status: "delivered" };
    expect((await postStatus(body)).status).toBe(401);
    expect((await postStatus(body, signStatusNotice(JSON.stringify(body), "not-the-secret-at-all"))).status).toBe(401);
    expect(await database.db.supplierEmail.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({ status: "sent" });
  });
});

describe("email settings", () => {
  it("stores the SMTP password encrypted and never shows it", async () => {
    const row = await database.db.emailSettings.findUniqueOrThrow({ where: { shopId: shop.shopId } });
    expect(row.smtpPasswordCipher).not.toBeNull();
    expect(row.smtpPasswordCipher).not.toContain(SMTP_PASSWORD);
    expect(row.smtpPasswordCipher).not.toContain(Buffer.from(SMTP_PASSWORD).toString("base64"));
    const view = await loadEmailSettings(database.db, shop.shopId);
    expect(view).toMatchObject({ passwordSet: true, smtpUser: "mailer" });
    expect(JSON.stringify(view)).not.toContain(SMTP_PASSWORD);
    const audit = await database.db.auditEntry.findMany({ where: { shopId: shop.shopId, action: "update_email_settings" } });
    expect(audit.map((entry) => entry.changes).join()).not.toContain(SMTP_PASSWORD);
  });

  it("refuses to store a password without INBOUND_SECRETS_KEY, naming it", async () => {
    const input = {
      senderName: "X",
      senderEmail: "x@example.test",
      smtpHost: "smtp.example.test",
      smtpPort: 587,
      smtpSecurity: "starttls",
      smtpPassword: "secret",
    };
    const refusal = await saveEmailSettings(database.db, UNCONFIGURED_SHOP, actor, input, null).catch((error: unknown) => error);
    expect((refusal as ValidationError).fieldErrors.smtpPassword).toContain("INBOUND_SECRETS_KEY");
    expect(await database.db.emailSettings.count({ where: { shopId: unconfigured.shopId } })).toBe(0);
  });

  it("names bad fields and unknown placeholders", async () => {
    const refusal = await saveEmailSettings(database.db, UNCONFIGURED_SHOP, actor, {
      senderName: "",
      senderEmail: "not-an-address",
      smtpHost: "h",
      smtpPort: 70000,
      smtpSecurity: "ssl",
    }).catch((error: unknown) => error);
    expect(Object.keys((refusal as ValidationError).fieldErrors).sort()).toEqual(["senderEmail", "senderName", "smtpPort", "smtpSecurity"]);
    const template = await saveEmailTemplate(database.db, SHOP, actor, { name: "Bad", subject: "PO {{po_numbr}}", body: "Hi" }).catch(
      (error: unknown) => error,
    );
    expect((template as ValidationError).fieldErrors.subject).toContain("{{po_numbr}}");
  });

  it("queueing directly is refused the same way for a shop without settings", async () => {
    const orderId = await draft(unconfigured, UNCONFIGURED_SHOP);
    await expect(queueSupplierEmail(database.db, unconfigured.shopId, orderId)).rejects.toThrow(/emailSettings/);
  });
});
