import { openApiDocument } from "~/api/openapi";

/** GET /api/v1/openapi.json: the REST API's OpenAPI 3.1 document; public, like any API reference. */
export function loader() {
  return Response.json(openApiDocument());
}
