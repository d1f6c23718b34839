import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, type Plugin, type UserConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// `shopify app dev` serves the app through a tunnel at SHOPIFY_APP_URL; HMR must then use the
// tunnel's host over wss, as in Shopify's app template. Locally (demo) plain localhost is fine.
const localHmrPort = Number(process.env.HMR_PORT) || 64999;
const appHost = new URL(process.env.SHOPIFY_APP_URL || "http://localhost").hostname;
const hmr =
  ["localhost", "127.0.0.1", "[::1]"].includes(appHost)
    ? { protocol: "ws", host: "localhost", port: localHmrPort, clientPort: localHmrPort }
    : { protocol: "wss", host: appHost, port: Number(process.env.FRONTEND_PORT) || 8002, clientPort: 443 };

/**
 * A path whose percent-encoding does not decode (`/app/purchase-orders/%E0%A4%A`) is refused with
 * a plain 400 before Vite's own middleware sees it: Vite answers it with a 500 page carrying its
 * stack trace. Registered directly in configureServer, so it runs ahead of Vite's middleware.
 */
const refuseMalformedPaths: Plugin = {
  name: "inbound:refuse-malformed-paths",
  configureServer(server) {
    server.middlewares.use((request, response, next) => {
      try {
        decodeURI((request.url ?? "/").split("?")[0]!);
      } catch {
        response.statusCode = 400;
        response.setHeader("Content-Type", "text/plain; charset=utf-8");
        response.end("Bad request: the URL's path is not validly percent-encoded.");
        return;
      }
      next();
    });
  },
};

export default defineConfig({
  server: {
    host: process.env.HOST || "localhost",
    port: Number(process.env.PORT || 3000),
    hmr,
    fs: { allow: ["app", "node_modules"] },
    // Test artefacts and database files change while the demo runs; they are not app code.
    watch: { ignored: ["**/tests/**", "**/prisma/*.db*", "**/*.db", "**/*.db-journal", "**/*.db-wal", "**/*.db-shm"] },
  },
  plugins: [
    refuseMalformedPaths,
    remix({
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
}) satisfies UserConfig;
