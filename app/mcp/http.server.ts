import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { PrismaClient } from "@prisma/client";

import { unauthorizedResponse } from "~/api/access.server";
import { errorResponse } from "~/api/errors.server";
import { withRequestLog } from "~/log.server";
import { authenticateApiKey } from "~/services/api-keys.server";

import { connectMcpServer, createMcpServer } from "./server.server";

/**
 * One MCP request over Streamable HTTP: authenticate the key, build the server for its scope,
 * answer, close. Stateless mode (no session ids): nothing lives in memory between requests, so
 * every process of the app answers any request; JSON responses rather than SSE streams, since
 * no tool streams progress.
 *
 * Only POST carries messages. GET (open a stream for the server's own messages) and DELETE (end
 * a session) are answered 405, as the transport's spec says a server without that stream must:
 * a stream closed as soon as it opened made every connected client open it again about once a
 * second for as long as it stayed connected, each time authenticating its key (a database
 * write), until a few hundred idle clients kept the server from answering anything else.
 */
export function handleMcpRequest(db: PrismaClient, request: Request): Promise<Response> {
  // As a REST call: every log line of it, and every effect a tool stages, carries its request id (X-Request-Id).
  return withRequestLog(request, () => answerMcpRequest(db, request));
}

async function answerMcpRequest(db: PrismaClient, request: Request): Promise<Response> {
  if (request.method !== "POST") {
    return errorResponse(
      405,
      { code: "method_not_allowed", message: "Send MCP messages with POST; this server keeps no sessions and opens no event streams." },
      { Allow: "POST" },
    );
  }
  const principal = await authenticateApiKey(db, request.headers.get("Authorization"));
  if (!principal) return unauthorizedResponse();
  const server = createMcpServer(db, principal);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await connectMcpServer(server, transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    await server.close();
  }
}
