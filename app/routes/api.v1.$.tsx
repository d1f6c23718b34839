import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

import { apiRequest } from "~/handlers.server";

/**
 * /api/v1/*: the REST API (app/api). Authenticated by API key, never by a Shopify session;
 * the router matches each request to its operation (app/api/operations).
 */
export const loader = ({ request }: LoaderFunctionArgs) => apiRequest(request);
export const action = ({ request }: ActionFunctionArgs) => apiRequest(request);
