import { openApiDocument } from "~/api/openapi";
import { env } from "~/env.server";

/**
 * GET /api/v1/openapi.json: the REST API's OpenAPI 3.1 document; public, like any API reference.
 * Its server is the app's public URL (SHOPIFY_APP_URL), the one Settings → API access shows.
 */
export function loader() {
  return Response.json(openApiDocument(`${env.shopify.appUrl.replace(/\/$/, "")}/api/v1`));
}
