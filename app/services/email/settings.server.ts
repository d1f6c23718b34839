import type { Prisma, PrismaClient } from "@prisma/client";
import { z } from "zod";

import { DEFAULT_EMAIL_TEMPLATE, validateEmailTemplate, type EmailTemplateText } from "~/domain/email";
import { ValidationError, type FieldErrors } from "~/domain/errors";

import type { Actor } from "../actor";
import { requireShop } from "../shops.server";

import { decryptSecret, emailEnvironment, encryptSecret } from "./environment.server";

/** Settings → Email sending: sender, reply-to, SMTP (password encrypted at rest) and templates. */

type Db = PrismaClient | Prisma.TransactionClient;

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const emailSettingsSchema = z.object({
  senderName: z.string().trim().min(1, "Required").max(100),
  senderEmail: z.string().trim().pipe(z.email("Must be an email address")),
  replyTo: z.preprocess(blankToUndefined, z.string().trim().pipe(z.email("Must be an email address")).optional()),
  smtpHost: z.string().trim().min(1, "Required").max(255),
  smtpPort: z.coerce.number().int("Must be a whole number").min(1, "Must be 1 to 65535").max(65535, "Must be 1 to 65535"),
  smtpSecurity: z.enum(["tls", "starttls", "none"], "Must be one of: tls, starttls, none"),
  smtpUser: z.preprocess(blankToUndefined, z.string().trim().max(255).optional()),
  /** Write-only: blank keeps the saved password; `clearPassword` removes it. */
  smtpPassword: z.preprocess(blankToUndefined, z.string().max(1000).optional()),
  clearPassword: z.preprocess((value) => value === true || value === "true" || value === "on", z.boolean()),
});

export type SmtpSecurity = "tls" | "starttls" | "none";

/** What screens see: never the password, only whether one is set. */
export interface EmailSettingsView {
  senderName: string;
  senderEmail: string;
  replyTo: string | null;
  smtpHost: string;
  smtpPort: number;
  smtpSecurity: SmtpSecurity;
  smtpUser: string | null;
  passwordSet: boolean;
}

export async function loadEmailSettings(db: Db, shopId: string): Promise<EmailSettingsView | null> {
  const row = await db.emailSettings.findUnique({ where: { shopId } });
  if (!row) return null;
  return {
    senderName: row.senderName,
    senderEmail: row.senderEmail,
    replyTo: row.replyTo,
    smtpHost: row.smtpHost,
    smtpPort: row.smtpPort,
    smtpSecurity: row.smtpSecurity as SmtpSecurity,
    smtpUser: row.smtpUser,
    passwordSet: row.smtpPasswordCipher !== null,
  };
}

/** For the sender only: the settings with the password decrypted. */
export async function loadSmtpSettings(db: Db, shopId: string, key = emailEnvironment().INBOUND_SECRETS_KEY) {
  const row = await db.emailSettings.findUnique({ where: { shopId } });
  if (!row) return null;
  if (row.smtpPasswordCipher && !key) throw new Error("INBOUND_SECRETS_KEY is not set: the saved SMTP password cannot be decrypted");
  return {
    ...row,
    smtpSecurity: row.smtpSecurity as SmtpSecurity,
    smtpPassword: row.smtpPasswordCipher && key ? decryptSecret(row.smtpPasswordCipher, key) : null,
  };
}

function fieldErrors(error: z.ZodError): FieldErrors {
  return Object.fromEntries(error.issues.map((issue) => [issue.path.join(".") || "settings", issue.message]));
}

/** Validates and saves the shop's email settings with an audit entry (the password never appears in it). */
export async function saveEmailSettings(
  db: PrismaClient,
  shopDomain: string,
  actor: Actor,
  input: unknown,
  key = emailEnvironment().INBOUND_SECRETS_KEY,
): Promise<EmailSettingsView> {
  const parsed = emailSettingsSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
  const { smtpPassword, clearPassword, ...values } = parsed.data;
  if (smtpPassword !== undefined && !key) {
    throw new ValidationError({
      smtpPassword: "Cannot store a password: the server has no encryption key (set INBOUND_SECRETS_KEY, 32 bytes base64).",
    });
  }
  const shop = await requireShop(db, shopDomain);
  const data = {
    ...values,
    replyTo: values.replyTo ?? null,
    smtpUser: values.smtpUser ?? null,
    ...(smtpPassword !== undefined && key
      ? { smtpPasswordCipher: encryptSecret(smtpPassword, key) }
      : clearPassword
        ? { smtpPasswordCipher: null }
        : {}),
  };
  return db.$transaction(async (tx) => {
    const before = await loadEmailSettings(tx, shop.id);
    await tx.emailSettings.upsert({ where: { shopId: shop.id }, create: { shopId: shop.id, ...data }, update: data });
    const after = (await loadEmailSettings(tx, shop.id))!;
    await tx.auditEntry.create({
      data: {
        shopId: shop.id,
        actorType: actor.type,
        actorId: actor.id,
        action: "update_email_settings",
        changes: JSON.stringify({ before, after, passwordChanged: smtpPassword !== undefined || clearPassword }),
      },
    });
    return after;
  });
}

export interface EmailTemplateInput {
  name: string;
  subject: string;
  body: string;
  isDefault?: boolean;
}

/**
 * Creates or updates (by name) one of the shop's templates; a default one replaces the shop's
 * previous default. Unknown placeholders are refused, named.
 */
export async function saveEmailTemplate(db: PrismaClient, shopDomain: string, actor: Actor, input: EmailTemplateInput) {
  const template = validateEmailTemplate(input);
  const shop = await requireShop(db, shopDomain);
  const isDefault = input.isDefault ?? false;
  return db.$transaction(async (tx) => {
    if (isDefault) await tx.emailTemplate.updateMany({ where: { shopId: shop.id, isDefault: true }, data: { isDefault: false } });
    const saved = await tx.emailTemplate.upsert({
      where: { shopId_name: { shopId: shop.id, name: template.name } },
      create: { shopId: shop.id, ...template, isDefault },
      update: { subject: template.subject, body: template.body, isDefault },
    });
    await tx.auditEntry.create({
      data: {
        shopId: shop.id,
        actorType: actor.type,
        actorId: actor.id,
        action: "save_email_template",
        changes: JSON.stringify({ ...template, isDefault }),
      },
    });
    return saved;
  });
}

/** The shop's default template as saved, or the built-in one. */
export async function defaultEmailTemplate(db: Db, shopId: string): Promise<EmailTemplateText> {
  const saved = await db.emailTemplate.findFirst({ where: { shopId, isDefault: true }, select: { subject: true, body: true } });
  return saved ?? DEFAULT_EMAIL_TEMPLATE;
}

/** The shop's templates other than the default, by name, for choosing a supplier's own. */
export async function listEmailTemplateChoices(db: Db, shopId: string) {
  return db.emailTemplate.findMany({ where: { shopId, isDefault: false }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

/** The wording for a supplier: its own template when it has one, else the shop's default. */
export async function supplierEmailTemplate(db: Db, shopId: string, emailTemplateId: string | null): Promise<EmailTemplateText> {
  const own = emailTemplateId
    ? await db.emailTemplate.findFirst({ where: { id: emailTemplateId, shopId }, select: { subject: true, body: true } })
    : null;
  return own ?? defaultEmailTemplate(db, shopId);
}
