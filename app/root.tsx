import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteError } from "@remix-run/react";
import { useEffect } from "react";

import { APP_BRIDGE_CDN_URL, APP_BRIDGE_STANDIN_URL, STANDIN_PICKER_URL } from "./components/app-bridge/paths";
import { env } from "./env.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { pathname } = new URL(request.url);
  // App Bridge runs on the app's screens (/app…), not on the login page outside admin.
  const onAppScreen = pathname === "/app" || pathname.startsWith("/app/") || pathname.startsWith("/app.");
  return json({
    // The demo runs offline: nothing may be fetched from Shopify's CDN there.
    loadShopifyFonts: !env.demo,
    appBridge: onAppScreen ? { apiKey: env.shopify.apiKey, src: env.demo ? APP_BRIDGE_STANDIN_URL : APP_BRIDGE_CDN_URL } : null,
  });
}

/**
 * Marks the document once React has hydrated it (`<html data-hydrated>`): until then the server's
 * HTML shows controls that do not answer yet, and what is typed or chosen there is reset by
 * hydration. End-to-end tests wait for the mark after each page load (tests/e2e/support.ts).
 */
function useHydratedMark() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "";
  }, []);
}

export default function App() {
  const { loadShopifyFonts, appBridge } = useLoaderData<typeof loader>();
  useHydratedMark();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        {appBridge ? (
          <>
            {/* Shopify requires App Bridge as the first script in <head>, loaded synchronously (no async, defer or module). */}
            <meta name="shopify-api-key" content={appBridge.apiKey} />
            <script src={appBridge.src} data-resource-picker-url={appBridge.src === APP_BRIDGE_STANDIN_URL ? STANDIN_PICKER_URL : undefined} />
          </>
        ) : null}
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        {loadShopifyFonts ? (
          <>
            <link rel="preconnect" href="https://cdn.shopify.com/" />
            <link rel="stylesheet" href="https://cdn.shopify.com/static/fonts/inter/v4/styles.css" />
          </>
        ) : null}
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

/**
 * The last error boundary: what went wrong, for people, and never a stack trace (Remix's own
 * boundary shows one in development). A refusal a route threw (400, 403, 422…) shows its message.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "string" && error.data
      ? error.data
      : error.statusText || "The request was refused."
    : "Something went wrong on our side. Try again; if it keeps happening, the server log says why.";
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{`${status} · Inbound`}</title>
        <Meta />
        <Links />
      </head>
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "2rem" }}>
        <h1>{status}</h1>
        <p>{message}</p>
        <Scripts />
      </body>
    </html>
  );
}
