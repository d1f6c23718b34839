import { createHash, randomBytes } from "node:crypto";

import type { PrismaClient } from "@prisma/client";

import { API_KEY_SECRET_BYTES, apiKeyPrefix, bearerApiKey, formatApiKey, takeToken, validateNewApiKey, type ApiScope } from "~/domain/api-keys";
import { NotFoundError } from "~/domain/errors";

import type { Actor } from "./actor";
import { requireShop } from "./shops.server";
import { recordShopChange } from "./suppliers.server";
import { now as clockNow } from "~/clock.server";

/** API keys for the REST API and MCP: created, listed and revoked per shop; every call logged. */

export type { ApiScope };

/** Who a request's key speaks for. */
export interface ApiPrincipal {
  keyId: string;
  shopId: string;
  shopDomain: string;
  scope: ApiScope;
}

export interface ApiKeyView {
  id: string;
  name: string;
  scope: ApiScope;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface ApiCallView {
  id: string;
  createdAt: Date;
  keyName: string;
  target: string;
  status: number;
  durationMs: number;
}

export const API_CALL_LOG_SIZE = 50;

/** Only this is stored: the key itself is shown once, when it is created. */
function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

const VIEW_FIELDS = { id: true, name: true, scope: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

function toView(row: {
  id: string;
  name: string;
  scope: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}): ApiKeyView {
  return { ...row, scope: row.scope as ApiScope };
}

export async function createApiKey(
  db: PrismaClient,
  shopDomain: string,
  actor: Actor,
  input: { name?: unknown; scope?: unknown },
): Promise<{ key: string; view: ApiKeyView }> {
  const { name, scope } = validateNewApiKey(input);
  const shop = await requireShop(db, shopDomain);
  const key = formatApiKey(randomBytes(API_KEY_SECRET_BYTES).toString("base64url"));
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { shopId: shop.id, name, scope, prefix: apiKeyPrefix(key), secretHash: hashApiKey(key) },
      select: VIEW_FIELDS,
    });
    await recordShopChange(tx, shop.id, actor, "create_api_key", { keyId: created.id, name, scope, prefix: created.prefix });
    return created;
  });
  return { key, view: toView(row) };
}

export async function listApiKeys(db: PrismaClient, shopDomain: string): Promise<ApiKeyView[]> {
  const rows = await db.apiKey.findMany({
    where: { shop: { domain: shopDomain } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: VIEW_FIELDS,
  });
  return rows.map(toView);
}

/** Effective at once: the next request with the key is refused. Revoking a revoked key changes nothing. */
export async function revokeApiKey(db: PrismaClient, shopDomain: string, actor: Actor, keyId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({
      where: { id: keyId, shop: { domain: shopDomain } },
      select: { id: true, shopId: true, name: true, revokedAt: true },
    });
    if (!key) throw new NotFoundError("API key", keyId);
    if (key.revokedAt) return;
    await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: clockNow() } });
    await recordShopChange(tx, key.shopId, actor, "revoke_api_key", { keyId: key.id, name: key.name });
  });
}

/**
 * The shop and scope a request's `Authorization: Bearer <key>` speaks for; null when missing,
 * unknown, revoked, or its shop uninstalled Inbound (its data waits for shop/redact, unreachable).
 */
export async function authenticateApiKey(db: PrismaClient, authorizationHeader: string | null, now: Date = clockNow()): Promise<ApiPrincipal | null> {
  const key = bearerApiKey(authorizationHeader);
  if (!key) return null;
  const row = await db.apiKey.findUnique({
    where: { secretHash: hashApiKey(key) },
    select: { id: true, shopId: true, scope: true, revokedAt: true, shop: { select: { domain: true, uninstalledAt: true } } },
  });
  if (!row || row.revokedAt || row.shop.uninstalledAt) return null;
  await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return { keyId: row.id, shopId: row.shopId, shopDomain: row.shop.domain, scope: row.scope as ApiScope };
}

/**
 * Takes one token from the key's bucket. The bucket lives on the key's row, so processes sharing
 * the database share the limit. It is read and written in one transaction, and every transaction
 * holds the database's write lock from its start (app/db-client.server.ts), so no other taker
 * comes between the read and the write: there is nothing to compare and nothing to retry. (The
 * compare-and-set this replaces matched the stored timestamp by its text, so a timestamp written
 * in another format, by SQL's CURRENT_TIMESTAMP for one, never matched and its loop never ended.)
 */
export async function takeRateLimitToken(
  db: PrismaClient,
  keyId: string,
  now: Date = clockNow(),
): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  return db.$transaction(async (tx) => {
    const row = await tx.apiKey.findUnique({ where: { id: keyId }, select: { tokens: true, tokensAt: true } });
    if (!row) throw new NotFoundError("API key", keyId);
    const take = takeToken({ tokens: row.tokens, at: row.tokensAt }, now);
    if (!take.ok) return take;
    await tx.apiKey.update({ where: { id: keyId }, data: { tokens: take.bucket.tokens, tokensAt: take.bucket.at } });
    return { ok: true as const };
  });
}

export async function recordApiCall(db: PrismaClient, keyId: string, target: string, status: number, durationMs: number): Promise<void> {
  await db.apiCall.create({ data: { apiKeyId: keyId, target, status, durationMs: Math.round(durationMs) } });
}

/** The shop's latest calls across all its keys, newest first, for Settings. */
export async function listApiCalls(db: PrismaClient, shopDomain: string): Promise<ApiCallView[]> {
  const rows = await db.apiCall.findMany({
    where: { apiKey: { shop: { domain: shopDomain } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: API_CALL_LOG_SIZE,
    select: { id: true, createdAt: true, target: true, status: true, durationMs: true, apiKey: { select: { name: true } } },
  });
  return rows.map(({ apiKey, ...call }) => ({ ...call, keyName: apiKey.name }));
}
