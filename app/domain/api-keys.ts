import { ValidationError } from "./errors";

/**
 * API keys: their format, what identifies one in a request, and the per-key rate limit's
 * token bucket arithmetic. Storing and hashing live in app/services/api-keys.server.ts: only
 * the SHA-256 (hex) of the whole key is ever stored, so a leaked database holds no usable key.
 */

export const API_SCOPES = ["read", "write"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Marks the string as an Inbound key, so secret scanners and people recognise one. */
export const API_KEY_MARKER = "inb_";
/** Random bytes behind each key: 256 bits, beyond guessing. */
export const API_KEY_SECRET_BYTES = 32;
/** Enough of the key to recognise it in a list, never enough to use it. */
export const API_KEY_PREFIX_LENGTH = 12;
export const API_KEY_NAME_MAX_LENGTH = 100;

/** 32 bytes in base64url without padding are 43 characters. */
const API_KEY_PATTERN = /^inb_[A-Za-z0-9_-]{43}$/;

/** The key for a secret of API_KEY_SECRET_BYTES random bytes, given as base64url. */
export function formatApiKey(secretBase64url: string): string {
  const key = `${API_KEY_MARKER}${secretBase64url}`;
  if (!API_KEY_PATTERN.test(key)) throw new Error(`An API key secret is ${API_KEY_SECRET_BYTES} bytes of base64url`);
  return key;
}

export function apiKeyPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX_LENGTH);
}

/** The key an `Authorization: Bearer <key>` header carries, or null when it carries none that could be one. */
export function bearerApiKey(authorization: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  const key = match?.[1];
  return key && API_KEY_PATTERN.test(key) ? key : null;
}

export interface NewApiKeyInput {
  name: string;
  scope: ApiScope;
}

/** A key's name and scope as typed, trimmed; every problem names its field. */
export function validateNewApiKey(input: { name?: unknown; scope?: unknown }): NewApiKeyInput {
  const errors: Record<string, string> = {};
  const name = typeof input.name === "string" ? input.name.trim() : "";
  if (!name) errors.name = "Give the key a name, e.g. the system that will use it";
  else if (name.length > API_KEY_NAME_MAX_LENGTH) errors.name = `A key's name is at most ${API_KEY_NAME_MAX_LENGTH} characters`;
  if (!API_SCOPES.includes(input.scope as ApiScope)) errors.scope = `Scope must be one of: ${API_SCOPES.join(", ")}`;
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { name, scope: input.scope as ApiScope };
}

/** A burst of 60 calls, then one a second on average. */
export const RATE_LIMIT_CAPACITY = 60;
export const RATE_LIMIT_REFILL_PER_SECOND = 1;

export interface TokenBucket {
  tokens: number;
  at: Date;
}

export type TokenTake = { ok: true; bucket: TokenBucket } | { ok: false; retryAfterSeconds: number };

/**
 * Takes one token from the bucket as it stands at `now`. Time never runs backwards for the
 * bucket (another process's clock may be ahead), so a refused take changes nothing and a
 * granted one is stamped no earlier than the bucket already was.
 */
export function takeToken(bucket: TokenBucket, now: Date): TokenTake {
  const elapsedSeconds = Math.max(0, now.getTime() - bucket.at.getTime()) / 1000;
  const available = Math.min(RATE_LIMIT_CAPACITY, bucket.tokens + elapsedSeconds * RATE_LIMIT_REFILL_PER_SECOND);
  if (available >= 1) {
    return { ok: true, bucket: { tokens: available - 1, at: new Date(Math.max(now.getTime(), bucket.at.getTime())) } };
  }
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - available) / RATE_LIMIT_REFILL_PER_SECOND)) };
}
