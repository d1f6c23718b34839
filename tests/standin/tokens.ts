import { randomBytes } from "node:crypto";

/**
 * The stand-in's token authority: which access token belongs to which shop, and the refresh
 * grant of expiring offline tokens, as shopify.dev documents them (2026-12):
 * - an expiring offline access token lives `expires_in` seconds (Shopify: 3600) and comes with a
 *   refresh token living `refresh_token_expires_in` seconds (Shopify: 90 days);
 * - POST /admin/oauth/access_token with grant_type=refresh_token answers a new pair: the refresh
 *   token is replaced every time it is used;
 * - since 2026-08 a used refresh token can be used again until the app first uses one of its
 *   replacements (then it is retired), so a lost refresh answer can be recovered;
 * - a refused refresh is 400 with an OAuth error body (`invalid_grant`);
 * - an expired or revoked access token is refused by the Admin API with 401 (index.ts).
 * Tokens given to `addShop` are the old non-expiring kind.
 */

export interface TokenGrant {
  access_token: string;
  scope: string;
  expires_in: number;
  refresh_token: string;
  refresh_token_expires_in: number;
}

export interface TokenLifetimes {
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
}

export type RefreshOutcome = { ok: true; grant: TokenGrant } | { ok: false; error: string; description: string };

interface AccessTokenRecord {
  shop: string;
  /** null: a non-expiring token. */
  expiresAtMs: number | null;
}

interface RefreshTokenRecord {
  shop: string;
  scope: string;
  expiresAtMs: number;
  /** The refresh token this one replaced; retired when this one is first used. */
  replaces: string | null;
  used: boolean;
  retired: boolean;
}

export const SHOPIFY_TOKEN_LIFETIMES: TokenLifetimes = { accessTokenSeconds: 3600, refreshTokenSeconds: 90 * 86_400 };

export class StandinTokens {
  lifetimes: TokenLifetimes = { ...SHOPIFY_TOKEN_LIFETIMES };
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly revokedShops = new Set<string>();
  private barrier: { count: number; waiting: Array<() => void> } | null = null;

  constructor(private readonly nowMs: () => number) {}

  /** A non-expiring offline token (installs from before expiring tokens, and the demo). */
  addPermanent(shop: string, accessToken: string): void {
    this.accessTokens.set(accessToken, { shop, expiresAtMs: null });
  }

  /** What an install (authorization code or token exchange with expiring=1) hands the app. */
  issue(shop: string, scope = "read_products,write_products,read_inventory,write_inventory,read_locations"): TokenGrant {
    this.revokedShops.delete(shop);
    return this.grant(shop, scope, null);
  }

  /** The shop an access token may act for now; undefined when unknown, expired or revoked. */
  shopFor(accessToken: string): string | undefined {
    const record = this.accessTokens.get(accessToken);
    if (!record || this.revokedShops.has(record.shop)) return undefined;
    if (record.expiresAtMs !== null && record.expiresAtMs <= this.nowMs()) return undefined;
    return record.shop;
  }

  refresh(refreshToken: string): RefreshOutcome {
    const record = this.refreshTokens.get(refreshToken);
    const refuse = (description: string): RefreshOutcome => ({ ok: false, error: "invalid_grant", description });
    if (!record) return refuse("The refresh token is invalid.");
    if (this.revokedShops.has(record.shop)) return refuse("The refresh token has been revoked.");
    if (record.expiresAtMs <= this.nowMs()) return refuse("The refresh token has expired.");
    if (record.retired) return refuse("The refresh token has already been used.");
    record.used = true;
    if (record.replaces) {
      const preceding = this.refreshTokens.get(record.replaces);
      if (preceding) preceding.retired = true;
    }
    return { ok: true, grant: this.grant(record.shop, record.scope, refreshToken) };
  }

  /** The merchant (or Shopify) revoked the app's access: every token of the shop is refused. */
  revoke(shop: string): void {
    this.revokedShops.add(shop);
  }

  /** Test control: the next `count` refresh requests are all received before any is answered (a race, without timing). */
  holdRefreshesUntil(count: number): void {
    this.barrier = { count, waiting: [] };
  }

  /** Resolves once the refresh barrier (if any) lets this request through. */
  async awaitTurn(): Promise<void> {
    const barrier = this.barrier;
    if (!barrier) return;
    await new Promise<void>((resolve) => {
      barrier.waiting.push(resolve);
      if (barrier.waiting.length >= barrier.count) {
        this.barrier = null;
        for (const release of barrier.waiting) release();
      }
    });
  }

  /** How many refresh grants have been issued (for tests: "refreshed once"). */
  get refreshesGranted(): number {
    return [...this.refreshTokens.values()].filter((record) => record.replaces !== null).length;
  }

  clear(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.revokedShops.clear();
    this.barrier = null;
    this.lifetimes = { ...SHOPIFY_TOKEN_LIFETIMES };
  }

  private grant(shop: string, scope: string, replaces: string | null): TokenGrant {
    const now = this.nowMs();
    const accessToken = `shpat_${randomBytes(12).toString("hex")}`;
    const refreshToken = `shprt_${randomBytes(12).toString("hex")}`;
    const { accessTokenSeconds, refreshTokenSeconds } = this.lifetimes;
    this.accessTokens.set(accessToken, { shop, expiresAtMs: now + accessTokenSeconds * 1000 });
    this.refreshTokens.set(refreshToken, {
      shop,
      scope,
      expiresAtMs: now + refreshTokenSeconds * 1000,
      replaces,
      used: false,
      retired: false,
    });
    return {
      access_token: accessToken,
      scope,
      expires_in: accessTokenSeconds,
      refresh_token: refreshToken,
      refresh_token_expires_in: refreshTokenSeconds,
    };
  }
}
