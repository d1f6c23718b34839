import type { PrismaClient } from "@prisma/client";

import { now as clockNow } from "~/clock.server";
import { offlineSessionId } from "~/services/shops.server";

import { ShopifyApiError } from "./errors";
import type { AccessTokenSource } from "./gateway.server";
import type { FetchApi } from "./transport.server";

/**
 * The one place any process (app, worker, REST/MCP API, scheduled reconciliation) gets a shop's
 * offline access token. Expiring offline tokens (required for public apps from 2027-01-01) live
 * an hour; Shopify replaces the refresh token on every refresh (docs/decisions/015).
 *
 * - A token expiring within `refreshMarginMs` is refreshed before it is used; a token Shopify
 *   refuses (401) is refreshed once and the request sent again (gateway.server.ts).
 * - Several processes share nothing but the database, so the new pair is stored with a
 *   conditional update on the refresh token that was used: of two processes refreshing at once,
 *   the first to store wins and the other discards its own pair and uses the winner's. A refresh
 *   Shopify refuses while the stored refresh token has meanwhile changed is the same race lost.
 * - A refusal of the stored refresh token itself (revoked, expired) marks the shop "reinstall
 *   needed" and ends the stored token's life, so Shopify's own auth gets a new one by token
 *   exchange the next time the merchant opens the app (which clears the mark, afterAuth in
 *   app/shopify.server.ts). Until then the worker leaves the shop's effects pending.
 */

/** Refresh this long before expiry: more than @shopify/shopify-app-remix's 5 minutes, so the library never refreshes first. */
export const REFRESH_MARGIN_MS = 6 * 60_000;

const OPERATION = "offline token refresh";

export interface OfflineTokenConfig {
  /** The app's client id and secret (SHOPIFY_API_KEY, SHOPIFY_API_SECRET): the refresh grant needs them. */
  clientId: string;
  clientSecret: string;
  /** How requests reach `https://{shop}` (the stand-in in demo and tests). */
  fetchApi: FetchApi;
  now?: () => Date;
  refreshMarginMs?: number;
}

/** The shop has no offline session (never installed, or uninstalled). */
export class ShopNotConnectedError extends Error {
  constructor(readonly shopDomain: string) {
    super(`${shopDomain} has no offline access token`);
    this.name = "ShopNotConnectedError";
  }
}

/** Shopify refused the shop's refresh token: only the merchant opening (or reinstalling) the app gives a new one. */
export class ReinstallNeededError extends Error {
  constructor(
    readonly shopDomain: string,
    readonly since: Date,
    readonly reason: string,
  ) {
    super(`${shopDomain} needs Inbound reopened or reinstalled: ${reason}`);
    this.name = "ReinstallNeededError";
  }
}

interface StoredToken {
  accessToken: string;
  expires: Date | null;
  refreshToken: string | null;
}

/** The shop's access token source for a gateway: fresh before each request, renewed once after a 401. */
export function offlineTokenSource(db: PrismaClient, shopDomain: string, config: OfflineTokenConfig): AccessTokenSource {
  return {
    current: () => offlineAccessToken(db, shopDomain, config),
    renewAfterRefusal: (refused) => renewRefusedToken(db, shopDomain, refused, config),
  };
}

/** A token that works now: the stored one, or a refreshed one when it expires within the margin. */
export async function offlineAccessToken(db: PrismaClient, shopDomain: string, config: OfflineTokenConfig): Promise<string> {
  const stored = await usableStoredToken(db, shopDomain);
  const now = (config.now ?? clockNow)();
  const margin = config.refreshMarginMs ?? REFRESH_MARGIN_MS;
  if (!stored.expires || !stored.refreshToken || stored.expires.getTime() - margin > now.getTime()) return stored.accessToken;
  return refresh(db, shopDomain, stored.refreshToken, config);
}

/**
 * After Shopify refused `refused` with 401: the token to retry with, or null when there is none
 * to try (a non-expiring token: Shopify revoked it, the app/uninstalled webhook follows).
 */
export async function renewRefusedToken(db: PrismaClient, shopDomain: string, refused: string, config: OfflineTokenConfig): Promise<string | null> {
  const stored = await usableStoredToken(db, shopDomain);
  // Another process renewed it meanwhile (or the merchant's visit exchanged a new one).
  if (stored.accessToken !== refused) return stored.accessToken;
  if (!stored.refreshToken) return null;
  return refresh(db, shopDomain, stored.refreshToken, config);
}

/** Clears the mark once Shopify gave the app a new token (token exchange or OAuth after the merchant opened the app). */
export async function clearReinstallNeeded(db: PrismaClient, shopDomain: string): Promise<void> {
  await db.shop.updateMany({
    where: { domain: shopDomain, reinstallNeededAt: { not: null } },
    data: { reinstallNeededAt: null, reinstallNeededReason: null },
  });
}

async function usableStoredToken(db: PrismaClient, shopDomain: string): Promise<StoredToken> {
  const [shop, session] = await Promise.all([
    db.shop.findUnique({ where: { domain: shopDomain }, select: { reinstallNeededAt: true, reinstallNeededReason: true } }),
    db.session.findUnique({
      where: { id: offlineSessionId(shopDomain) },
      select: { accessToken: true, expires: true, refreshToken: true },
    }),
  ]);
  if (shop?.reinstallNeededAt) {
    throw new ReinstallNeededError(shopDomain, shop.reinstallNeededAt, shop.reinstallNeededReason ?? "Shopify refused the refresh token");
  }
  if (!session?.accessToken) throw new ShopNotConnectedError(shopDomain);
  return session;
}

type RefreshAnswer =
  | { kind: "granted"; accessToken: string; expiresIn: number; refreshToken: string; refreshTokenExpiresIn: number | null; scope: string | null }
  | { kind: "refused"; reason: string };

/** One refresh with `usedRefreshToken`, stored only if no other process stored a newer pair first. */
async function refresh(db: PrismaClient, shopDomain: string, usedRefreshToken: string, config: OfflineTokenConfig): Promise<string> {
  const answer = await requestRefresh(shopDomain, usedRefreshToken, config);
  const at = (config.now ?? clockNow)();
  const sessionId = offlineSessionId(shopDomain);
  if (answer.kind === "granted") {
    const stored = await db.session.updateMany({
      where: { id: sessionId, refreshToken: usedRefreshToken },
      data: {
        accessToken: answer.accessToken,
        expires: new Date(at.getTime() + answer.expiresIn * 1000),
        refreshToken: answer.refreshToken,
        refreshTokenExpires: answer.refreshTokenExpiresIn === null ? null : new Date(at.getTime() + answer.refreshTokenExpiresIn * 1000),
        ...(answer.scope ? { scope: answer.scope } : {}),
      },
    });
    if (stored.count === 1) return answer.accessToken;
    // Lost the race: another process stored its pair first. Ours is dropped unused, so the
    // stored refresh token is the one that stays valid.
    return (await usableStoredToken(db, shopDomain)).accessToken;
  }
  // Refused. If the stored refresh token is no longer the one we used, another process
  // refreshed first (Shopify may refuse a used refresh token): use its pair.
  const marked = await db.$transaction(async (tx) => {
    const ended = await tx.session.updateMany({
      where: { id: sessionId, refreshToken: usedRefreshToken },
      data: { expires: at },
    });
    if (ended.count === 0) return false;
    await tx.shop.updateMany({
      where: { domain: shopDomain, reinstallNeededAt: null },
      data: { reinstallNeededAt: at, reinstallNeededReason: answer.reason },
    });
    return true;
  });
  if (!marked) return (await usableStoredToken(db, shopDomain)).accessToken;
  throw new ReinstallNeededError(shopDomain, at, answer.reason);
}

/** POST https://{shop}/admin/oauth/access_token, grant_type=refresh_token. Transient failures throw "unavailable". */
async function requestRefresh(shopDomain: string, refreshToken: string, config: OfflineTokenConfig): Promise<RefreshAnswer> {
  let response: Response;
  try {
    response = await config.fetchApi(`https://${shopDomain}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        client_id: config.clientId,
        client_secret: config.clientSecret,
        grant_type: "refresh_token",
        refresh_token: refreshToken,
      }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (cause) {
    throw new ShopifyApiError("unavailable", OPERATION, `network error: ${String(cause)}`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  const field = (name: string): unknown => (typeof body === "object" && body !== null ? (body as Record<string, unknown>)[name] : undefined);
  if (response.status === 400 || response.status === 401) {
    const error = typeof field("error") === "string" ? (field("error") as string) : `HTTP ${response.status}`;
    const description = typeof field("error_description") === "string" ? `: ${field("error_description") as string}` : "";
    return { kind: "refused", reason: `Shopify refused to renew Inbound's access (${error}${description})` };
  }
  const accessToken = field("access_token");
  const newRefreshToken = field("refresh_token");
  const expiresIn = field("expires_in");
  if (response.status !== 200 || typeof accessToken !== "string" || typeof newRefreshToken !== "string" || typeof expiresIn !== "number") {
    throw new ShopifyApiError("unavailable", OPERATION, `HTTP ${response.status}: no token pair in the answer`);
  }
  const refreshExpiresIn = field("refresh_token_expires_in");
  const scope = field("scope");
  return {
    kind: "granted",
    accessToken,
    expiresIn,
    refreshToken: newRefreshToken,
    refreshTokenExpiresIn: typeof refreshExpiresIn === "number" ? refreshExpiresIn : null,
    scope: typeof scope === "string" ? scope : null,
  };
}
