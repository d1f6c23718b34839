import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { PrismaClient } from "@prisma/client";

import { unauthorizedResponse } from "~/api/access.server";
import { authenticateApiKey } from "~/services/api-keys.server";

import { createMcpServer } from "./server.server";

/**
 * One MCP request over Streamable HTTP: authenticate the key, build the server for its scope,
 * answer, close. Stateless mode (no session ids): nothing lives in memory between requests, so
 * every process of the app answers any request; JSON responses rather than SSE streams, since
 * no tool streams progress.
 */
export async function handleMcpRequest(db: PrismaClient, request: Request): Promise<Response> {
  const principal = await authenticateApiKey(db, request.headers.get("Authorization"));
  if (!principal) return unauthorizedResponse();
  const server = createMcpServer(db, principal);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    await server.close();
  }
}
