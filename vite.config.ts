import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, type Plugin, type UserConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

import { DEMO_BUILD } from "./app/demo-build";
import { CROSS_SITE_MESSAGE, isCrossSiteWrite } from "./app/http/cross-site";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// `shopify app dev` serves the app through a tunnel at SHOPIFY_APP_URL; HMR must then use the
// tunnel's host over wss, as in Shopify's app template. Locally (demo) plain localhost is fine.
const localHmrPort = Number(process.env.HMR_PORT) || 64999;
const appHost = new URL(process.env.SHOPIFY_APP_URL || "http://localhost").hostname;
// No error overlay: it puts a server error's stack over the page (the server log keeps it), and
// it sits on top of every screen open at the time, catching their clicks.
const hmr = {
  overlay: false,
  ...(["localhost", "127.0.0.1", "[::1]"].includes(appHost)
    ? { protocol: "ws", host: "localhost", port: localHmrPort, clientPort: localHmrPort }
    : { protocol: "wss", host: appHost, port: Number(process.env.FRONTEND_PORT) || 8002, clientPort: 443 }),
};

/**
 * Refusals the dev server (the demo) answers before Remix or Vite see the request:
 * - a path whose percent-encoding does not decode (`/app/purchase-orders/%E0%A4%A`): a plain 400,
 *   where Vite answered with a 500 page carrying its stack trace;
 * - another site's write to a screen (isCrossSiteWrite): 403, where Remix's own check answered a
 *   document POST with a bare 500. requireAdmin refuses the same writes inside the app.
 * Registered directly in configureServer, so they run ahead of Vite's own middleware.
 */
const refuseHostileRequests: Plugin = {
  name: "inbound:refuse-hostile-requests",
  configureServer(server) {
    server.middlewares.use((request, response, next) => {
      const path = (request.url ?? "/").split("?")[0]!;
      const refuse = (status: number, message: string) => {
        response.statusCode = status;
        response.setHeader("Content-Type", "text/plain; charset=utf-8");
        response.end(message);
      };
      try {
        decodeURI(path);
      } catch {
        return refuse(400, "Bad request: the URL's path is not validly percent-encoded.");
      }
      const header = (name: string) => {
        const value = request.headers[name.toLowerCase()];
        return Array.isArray(value) ? value[0] : value;
      };
      const ownOrigin = `http://${request.headers.host ?? ""}`;
      if (path.startsWith("/app") && isCrossSiteWrite(request.method ?? "GET", header, [ownOrigin, process.env.SHOPIFY_APP_URL ?? null])) {
        return refuse(403, CROSS_SITE_MESSAGE);
      }
      next();
    });
  },
};

/**
 * Idle keep-alive connections stay open for a minute (Node closes them after 5 s). A client that
 * reuses a connection at the moment the server closes it gets ECONNRESET (seen once from an e2e
 * test's API calls on a loaded machine); a minute is longer than any pause between a client's calls.
 */
const keepConnectionsOpen: Plugin = {
  name: "inbound:keep-alive",
  configureServer(server) {
    const http = server.httpServer;
    if (http && "keepAliveTimeout" in http) {
      http.keepAliveTimeout = 60_000;
      http.headersTimeout = 61_000;
    }
  },
};

export default defineConfig(
  ({ mode }) =>
    ({
      server: {
        host: process.env.HOST || "localhost",
        port: Number(process.env.PORT || 3000),
        hmr,
        fs: { allow: ["app", "node_modules"] },
        // Test artefacts and database files change while the demo runs; they are not app code.
        watch: { ignored: ["**/tests/**", "**/prisma/*.db*", "**/*.db", "**/*.db-journal", "**/*.db-wal", "**/*.db-shm"] },
      },
      plugins: [
        keepConnectionsOpen,
        refuseHostileRequests,
        remix({
          // A build for the demo (app/demo-build.ts) never lands where `npm start` serves from.
          buildDirectory: mode === DEMO_BUILD.mode ? DEMO_BUILD.directory : "build",
          ignoredRouteFiles: ["**/.*", "**/*.test.*"],
          future: {
            v3_fetcherPersist: true,
            v3_relativeSplatPath: true,
            v3_throwAbortReason: true,
            v3_lazyRouteDiscovery: true,
            v3_singleFetch: true,
            v3_routeConfig: false,
          },
        }),
        tsconfigPaths(),
      ],
      build: { assetsInlineLimit: 0 },
      optimizeDeps: {
        include: ["@shopify/app-bridge-react", "@shopify/polaris", "@shopify/shopify-app-remix/react"],
      },
    }) satisfies UserConfig,
);
