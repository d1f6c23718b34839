import standinScript from "~/components/app-bridge/standin.js?raw";
import { env } from "~/env.server";

/** The App Bridge stand-in's script: demo mode only; anywhere else Shopify's own App Bridge runs and this is not found. */
export function loader() {
  if (!env.demo) throw new Response("Not found", { status: 404 });
  return new Response(standinScript, {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache" },
  });
}
