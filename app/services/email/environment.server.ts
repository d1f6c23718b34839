import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

import { z } from "zod";

import { InvalidEnvironmentError } from "~/env-schema.server";

/**
 * Email's part of the environment, parsed once (on first use, so a script can set it before):
 * - INBOUND_SECRETS_KEY: 32 bytes, base64; encrypts SMTP passwords at rest (AES-256-GCM).
 *   Without it the app runs, but refuses to save a password.
 * - INBOUND_EMAIL_STATUS_SECRET: the HMAC key delivery/bounce notices are signed with
 *   (POST /webhooks/email-status); without it every notice is refused.
 */
const emailEnvironmentSchema = z.object({
  INBOUND_SECRETS_KEY: z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      if (!value) return null;
      const key = Buffer.from(value, "base64");
      if (key.length !== 32) {
        context.addIssue({ code: "custom", message: "must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)" });
        return z.NEVER;
      }
      return key;
    }),
  INBOUND_EMAIL_STATUS_SECRET: z.string().trim().min(16).optional(),
});

export type EmailEnvironment = z.infer<typeof emailEnvironmentSchema>;

export function parseEmailEnvironment(source: Record<string, string | undefined>): EmailEnvironment {
  const parsed = emailEnvironmentSchema.safeParse(source);
  if (!parsed.success) {
    throw new InvalidEnvironmentError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  return parsed.data;
}

let parsed: EmailEnvironment | undefined;

export function emailEnvironment(): EmailEnvironment {
  parsed ??= parseEmailEnvironment(process.env);
  return parsed;
}

const VERSION = "v1";

/** `v1:<iv>:<tag>:<ciphertext>`, base64 parts; a fresh IV per secret. */
export function encryptSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), ciphertext.toString("base64")].join(":");
}

/** Throws when the key is not the one the secret was sealed with (authentication fails). */
export function decryptSecret(sealed: string, key: Buffer): string {
  const [version, iv, tag, ciphertext] = sealed.split(":");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("Not an encrypted secret");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64")), decipher.final()]).toString("utf8");
}
