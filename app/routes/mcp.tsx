import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

import { mcpRequest } from "~/handlers.server";

/**
 * /mcp: the MCP server over Streamable HTTP, authenticated with the same Bearer API keys as the
 * REST API. Stateless (no session kept in this process), so any app process can answer.
 */
export const loader = ({ request }: LoaderFunctionArgs) => mcpRequest(request);
export const action = ({ request }: ActionFunctionArgs) => mcpRequest(request);
