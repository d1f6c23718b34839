import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

import { handleMcpRequest } from "~/mcp/http.server";
import prisma from "~/db.server";

/**
 * /mcp: the MCP server over Streamable HTTP, authenticated with the same Bearer API keys as the
 * REST API. Stateless (no session kept in this process), so any app process can answer.
 */
export const loader = ({ request }: LoaderFunctionArgs) => handleMcpRequest(prisma, request);
export const action = ({ request }: ActionFunctionArgs) => handleMcpRequest(prisma, request);
