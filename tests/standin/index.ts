/**
 * A local stand-in for Shopify's Admin GraphQL API (2026-10) over real HTTP, for Inbound's
 * integration tests and local demo. It refuses what Shopify refuses; see README.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getOperationAST, parse } from "graphql";
import { seedDemoShop } from "./demo-seed";
import { executeGraphQL, throttledResponse, type GraphQLRequestBody } from "./executor";
import { StandinStore, type FaultKind, type RequestLogEntry } from "./store";

export { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN, DEMO_SHOP_NAME, DEMO_LOCATIONS, DEMO_SUPPLIERS, DEMO_VENDORS } from "./demo-seed";
export { StandinStore } from "./store";
export type { FaultSpec, RequestLogEntry, ShopState } from "./store";

export const STANDIN_API_VERSION = "2026-10";

export interface StandinServer {
  origin: string;
  graphqlUrl: string;
  store: StandinStore;
  close(): Promise<void>;
}

export interface StandinOptions {
  port?: number;
  host?: string;
  seedDemoShop?: boolean;
}

const ACCESS_TOKEN_PATH = "/admin/oauth/access_token";
const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
const GRAPHQL_PATH = /^\/admin\/api\/([^/]+)\/graphql\.json$/;
const INSPECT_PATH = /^\/__standin\/shops\/([^/]+)$/;
const FAULTS_PATH = "/__standin/faults";
const FAULT_KINDS: readonly FaultKind[] = ["throttled", "server_error", "slow", "drop", "drop_after_apply", "hang"];
const SERVER_ERROR_TEXT: Record<number, string> = {
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The operation a request names, or the only one its document holds. */
function operationNameOf(body: GraphQLRequestBody): string | null {
  if (typeof body.operationName === "string") return body.operationName;
  try {
    return getOperationAST(parse(body.query))?.name?.value ?? null;
  } catch {
    return null;
  }
}

function createHandler(store: StandinStore) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://standin.invalid").pathname;
    const entry: RequestLogEntry = { method, path, operationName: null, shop: null, status: 0, fault: null };
    store.requests.push(entry);
    const send = (status: number, body?: unknown) => {
      entry.status = status;
      if (body === undefined) {
        res.writeHead(status).end();
        return;
      }
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
    };

    if (path === FAULTS_PATH) {
      if (method === "DELETE") {
        store.clearFaults();
        return send(204);
      }
      if (method !== "POST") return send(405, { errors: "Method Not Allowed" });
      const spec = parseJson(await readBody(req));
      if (!isRecord(spec) || !FAULT_KINDS.includes(spec.kind as FaultKind)) {
        return send(400, { errors: `kind must be one of ${FAULT_KINDS.join(", ")}` });
      }
      store.injectFault({
        kind: spec.kind as FaultKind,
        count: typeof spec.count === "number" ? spec.count : 1,
        status: spec.status === 500 || spec.status === 502 || spec.status === 503 ? spec.status : undefined,
        delayMs: typeof spec.delayMs === "number" ? spec.delayMs : undefined,
        operationName: typeof spec.operationName === "string" ? spec.operationName : undefined,
        shop: typeof spec.shop === "string" ? spec.shop : undefined,
      });
      return send(201, { queued: true });
    }

    const inspect = INSPECT_PATH.exec(path);
    if (inspect) {
      if (method !== "GET") return send(405, { errors: "Method Not Allowed" });
      const domain = decodeURIComponent(inspect[1] ?? "");
      return store.findShop(domain) ? send(200, store.inspect(domain)) : send(404, { errors: "Not Found" });
    }

    if (path === ACCESS_TOKEN_PATH) {
      if (method !== "POST") return send(405, { errors: "Method Not Allowed" });
      const answer = await answerTokenRequest(store, req);
      return send(answer.status, answer.body);
    }

    const graphql = GRAPHQL_PATH.exec(path);
    if (!graphql || graphql[1] !== STANDIN_API_VERSION) return send(404, { errors: "Not Found" });
    if (method !== "POST") return send(405, { errors: "Method Not Allowed" });

    const token = req.headers["x-shopify-access-token"];
    const shop = typeof token === "string" ? store.shopForToken(token) : undefined;
    if (!shop) return send(401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    entry.shop = shop.domain;

    const body = parseJson(await readBody(req));
    if (!isRecord(body) || typeof body.query !== "string" || body.query.trim() === "") {
      return send(400, { errors: { query: "Required parameter missing or invalid" } });
    }
    const request: GraphQLRequestBody = { query: body.query, variables: body.variables, operationName: body.operationName };
    entry.operationName = operationNameOf(request);

    const fault = store.takeFault(entry.operationName, shop.domain);
    entry.fault = fault?.kind ?? null;
    if (fault?.kind === "drop") {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "drop_after_apply") {
      // Shopify applied it; the answer is lost on the way back.
      executeGraphQL(store, shop, request);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "hang") {
      // Received, never applied, never answered: a call in flight until the client gives up or dies.
      await new Promise<void>((resolve) => req.socket.once("close", () => resolve()));
      return;
    }
    if (fault?.kind === "throttled") return send(200, throttledResponse(shop, 0));
    if (fault?.kind === "server_error") return send(fault.status, { errors: SERVER_ERROR_TEXT[fault.status] });
    if (fault?.kind === "slow") await new Promise((resolve) => setTimeout(resolve, fault.delayMs));

    return send(200, executeGraphQL(store, shop, request));
  };
}

/** The token parameters, sent as JSON (Shopify's libraries) or as a form (RFC 6749). */
function tokenParameters(contentType: string | undefined, text: string): Record<string, unknown> | undefined {
  if (contentType?.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  const parsed = parseJson(text);
  return isRecord(parsed) ? parsed : undefined;
}

/**
 * POST /admin/oauth/access_token: the refresh grant of expiring offline tokens and token exchange
 * (./tokens.ts). The refresh grant needs client credentials present (any non-empty pair: the
 * stand-in does not check an app's secret there); token exchange needs an app registered with
 * `store.tokens.registerApp`. The authorization code grant needs Shopify's admin and is not
 * implemented: `store.tokens.issue(shop)` stands for an install.
 */
async function answerTokenRequest(store: StandinStore, req: IncomingMessage): Promise<{ status: number; body: unknown }> {
  const oauthError = (error: string, description: string, status = 400) => ({ status, body: { error, error_description: description } });
  const params = tokenParameters(req.headers["content-type"], await readBody(req));
  if (!params) return oauthError("invalid_request", "The request body must be JSON or a form.");
  const text = (name: string) => (typeof params[name] === "string" ? (params[name] as string) : "");
  if (!text("client_id") || !text("client_secret")) return oauthError("invalid_client", "client_id and client_secret are required.");
  if (text("grant_type") === TOKEN_EXCHANGE_GRANT) {
    const outcome = store.tokens.exchange(
      {
        clientId: text("client_id"),
        clientSecret: text("client_secret"),
        subjectToken: text("subject_token"),
        subjectTokenType: text("subject_token_type"),
        requestedTokenType: text("requested_token_type"),
        expiring: text("expiring") === "1" || params.expiring === 1,
      },
      (domain) => store.findShop(domain) !== undefined,
    );
    return outcome.ok ? { status: 200, body: outcome.grant } : oauthError(outcome.error, outcome.description, outcome.status);
  }
  if (text("grant_type") !== "refresh_token") {
    return oauthError("unsupported_grant_type", "The stand-in implements grant_type=refresh_token and token exchange only.");
  }
  if (!text("refresh_token")) return oauthError("invalid_request", "refresh_token is required.");
  await store.tokens.awaitTurn();
  const outcome = store.tokens.refresh(text("refresh_token"));
  return outcome.ok ? { status: 200, body: outcome.grant } : oauthError(outcome.error, outcome.description);
}

export async function startStandin(options: StandinOptions = {}): Promise<StandinServer> {
  const store = new StandinStore(options.seedDemoShop === false ? undefined : seedDemoShop);
  const handler = createHandler(store);
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ errors: `stand-in failure: ${error instanceof Error ? error.message : String(error)}` }));
      }
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    origin,
    graphqlUrl: `${origin}/admin/api/${STANDIN_API_VERSION}/graphql.json`,
    store,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
