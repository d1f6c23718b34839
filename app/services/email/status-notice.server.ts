import { createHmac, timingSafeEqual } from "node:crypto";

import { z } from "zod";

import { storedText } from "~/webhooks/payloads";

/**
 * Delivery and bounce notices (POST /webhooks/email-status), from a provider or a bounce
 * processor: the raw body signed with HMAC-SHA256 under INBOUND_EMAIL_STATUS_SECRET, the
 * signature in X-Inbound-Signature as hex.
 */

export const SIGNATURE_HEADER = "X-Inbound-Signature";

export const statusNoticeSchema = z.object({
  messageId: z.string().trim().min(1).max(998),
  status: z.enum(["delivered", "bounced"]),
  // Stored as the email's server reply.
  reason: storedText.max(2000).optional(),
});

/** The signature of the body's bytes (a string is signed as UTF-8). */
export function signStatusNotice(rawBody: string | Uint8Array, secret: string): string {
  return createHmac("sha256", secret).update(rawBody).digest("hex");
}

/** Constant-time; false without a secret (no notice can be trusted then) or a signature. */
export function statusNoticeSigned(rawBody: string | Uint8Array, signature: string | null, secret: string | undefined): boolean {
  if (!secret || !signature || !/^[0-9a-f]{64}$/i.test(signature.trim())) return false;
  const expected = Buffer.from(signStatusNotice(rawBody, secret), "hex");
  return timingSafeEqual(expected, Buffer.from(signature.trim(), "hex"));
}
