import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

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
 * - an expired or revoked access token is refused by the Admin API with 401 (index.ts);
 * - token exchange (grant_type urn:ietf:params:oauth:grant-type:token-exchange) trades a session
 *   token (the JWT App Bridge hands the app, HS256 signed with the app's secret, `aud` the app's
 *   client id, `dest` the shop) for an offline access token: expiring with a refresh token when
 *   `expiring=1`, else the old non-expiring kind; a bad session token is 400
 *   `invalid_subject_token`, unknown app credentials 401 `invalid_client`.
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

/** A non-expiring offline token as token exchange answers it without `expiring=1`. */
export interface PermanentGrant {
  access_token: string;
  scope: string;
}

export interface TokenExchangeRequest {
  clientId: string;
  clientSecret: string;
  subjectToken: string;
  subjectTokenType: string;
  requestedTokenType: string;
  expiring: boolean;
}

export type ExchangeOutcome =
  { ok: true; shop: string; grant: TokenGrant | PermanentGrant } | { ok: false; status: 400 | 401; error: string; description: string };

const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";

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
  /** Apps that may exchange session tokens: client id → client secret. */
  private readonly apps = new Map<string, string>();
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

  /** Lets an app (its client id and secret, as in its Partner dashboard) exchange session tokens. */
  registerApp(clientId: string, clientSecret: string): void {
    this.apps.set(clientId, clientSecret);
  }

  /**
   * Token exchange: the session token must be the registered app's (signature, audience), current
   * (exp, nbf on the store's clock) and name a shop `knownShop` accepts. Online tokens are not
   * implemented (Inbound asks for offline ones only).
   */
  exchange(request: TokenExchangeRequest, knownShop: (domain: string) => boolean): ExchangeOutcome {
    const refuse = (status: 400 | 401, error: string, description: string): ExchangeOutcome => ({ ok: false, status, error, description });
    const secret = this.apps.get(request.clientId);
    if (secret === undefined || !sameText(secret, request.clientSecret)) return refuse(401, "invalid_client", "Client credentials are invalid.");
    if (request.subjectTokenType !== ID_TOKEN_TYPE) return refuse(400, "invalid_request", `subject_token_type must be ${ID_TOKEN_TYPE}.`);
    if (request.requestedTokenType !== OFFLINE_TOKEN_TYPE) {
      return refuse(400, "invalid_request", `The stand-in implements requested_token_type=${OFFLINE_TOKEN_TYPE} only.`);
    }
    const claims = verifiedClaims(request.subjectToken, secret);
    const nowSeconds = this.nowMs() / 1000;
    const shop = typeof claims?.dest === "string" ? claims.dest.replace(/^https:\/\//, "") : "";
    if (
      !claims ||
      claims.aud !== request.clientId ||
      typeof claims.exp !== "number" ||
      claims.exp <= nowSeconds ||
      (typeof claims.nbf === "number" && claims.nbf > nowSeconds + 5) ||
      !knownShop(shop)
    ) {
      return refuse(400, "invalid_subject_token", "The session token is invalid, expired or for another app or shop.");
    }
    const scope = "read_products,write_products,read_inventory,write_inventory,read_locations";
    if (request.expiring) return { ok: true, shop, grant: this.issue(shop, scope) };
    const accessToken = `shpat_${randomBytes(12).toString("hex")}`;
    this.revokedShops.delete(shop);
    this.addPermanent(shop, accessToken);
    return { ok: true, shop, grant: { access_token: accessToken, scope } };
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
    this.apps.clear();
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

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The claims of an HS256 JWT signed with `secret`; null when it is not one. */
function verifiedClaims(token: string, secret: string): Record<string, unknown> | null {
  const [header, payload, signature, ...rest] = token.split(".");
  if (!header || !payload || !signature || rest.length > 0) return null;
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  if (!sameText(expected, signature)) return null;
  try {
    const decodedHeader = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown };
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown;
    return decodedHeader.alg === "HS256" && typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
