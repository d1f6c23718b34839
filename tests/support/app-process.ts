// One app process of several behind one address (started by startAppProcess in processes.ts, for
// tests/integration/two-app-processes.test.ts): the app's own route modules (the REST API, MCP,
// the webhook routes, the purchase order index screen, a delivery file's download) behind a Node
// HTTP server, in a normal deployment's environment (not demo: session tokens, token exchange,
// HMAC-checked webhooks; uploaded files in the database), with its own files directory (which
// must stay unused) and its app clock fixed at `job.now`. Shopify is the stand-in:
// whatever the app or Shopify's library sends to a shop's domain goes to `job.standinOrigin`.
// It prints "listening <origin>" and serves until it is killed.
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

import { setClock } from "../../app/clock.server";

import { useProductionLikeEnvironment } from "./app-env";
import { startRouteServer, type RoutedRequest } from "./route-server";
import { fetchReachingStandin } from "./standin-fetch";

export interface AppProcessJob {
  databaseUrl: string;
  standinOrigin: string;
  /** The app clock, ISO: both processes answer at one instant, so a rate limit's refill is no factor. */
  now: string;
  filesDirectory: string;
  emailStatusSecret: string;
}

const job = JSON.parse(process.argv[2] ?? "{}") as AppProcessJob;
useProductionLikeEnvironment(job.databaseUrl);
process.env.INBOUND_FILES_DIR = job.filesDirectory;
// Uploaded files in the database: processes on different machines have no disk in common.
process.env.INBOUND_FILE_STORAGE = "database";
process.env.INBOUND_EMAIL_STATUS_SECRET = job.emailStatusSecret;
setClock(() => new Date(job.now));

const toShopify = fetchReachingStandin(job.standinOrigin);
globalThis.fetch = toShopify;
await import("../../app/shopify.server");
setAbstractFetchFunc(toShopify);

const api = await import("../../app/routes/api.v1.$");
const openapi = await import("../../app/routes/api.v1.openapi[.json]");
const mcp = await import("../../app/routes/mcp");
const purchaseOrders = await import("../../app/routes/app.purchase-orders._index");
const deliveryFile = await import("../../app/routes/app.purchase-orders.$id.deliveries.$deliveryId.files.$fileId");
const DELIVERY_FILE = /^\/app\/purchase-orders\/([^/]+)\/deliveries\/([^/]+)\/files\/([^/]+)$/;
const webhooks: Record<string, RoutedRequest["module"]> = {
  "/webhooks/inventory_levels/update": await import("../../app/routes/webhooks.inventory_levels.update"),
  "/webhooks/products/update": await import("../../app/routes/webhooks.products.update"),
  "/webhooks/email-status": await import("../../app/routes/webhooks.email-status"),
};

const server = await startRouteServer((url) => {
  if (url.pathname === "/api/v1/openapi.json") return { module: openapi };
  if (url.pathname.startsWith("/api/v1/")) return { module: api };
  if (url.pathname === "/mcp") return { module: mcp };
  if (url.pathname === "/app/purchase-orders") return { module: purchaseOrders };
  const file = DELIVERY_FILE.exec(url.pathname);
  if (file) return { module: deliveryFile, params: { id: file[1]!, deliveryId: file[2]!, fileId: file[3]! } };
  const webhook = webhooks[url.pathname];
  return webhook ? { module: webhook } : null;
});
console.log(`listening ${server.origin}`);
