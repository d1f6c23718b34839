// `npm run mcp`: the MCP server over stdio, for an assistant on this machine. The API key comes
// from INBOUND_API_KEY (never a command-line argument, which other users can read); its scope
// decides the tools, exactly as over HTTP. Reads the app's environment (.env), DATABASE_URL included.
import "dotenv/config";

import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

import { createPrismaClient } from "../app/db-client.server";
import { createMcpServer } from "../app/mcp/server.server";
import { authenticateApiKey } from "../app/services/api-keys.server";

const key = process.env.INBOUND_API_KEY;
if (!key) {
  console.error("Set INBOUND_API_KEY to an Inbound API key (Settings → API access, or `npm run apikey -- create …`).");
  process.exit(2);
}
const db = createPrismaClient(process.env.DATABASE_URL ?? "file:prisma/inbound.db");
const principal = await authenticateApiKey(db, `Bearer ${key}`);
if (!principal) {
  console.error("INBOUND_API_KEY is not a valid key: unknown or revoked.");
  process.exit(2);
}
const server = createMcpServer(db, principal);
await server.connect(new StdioServerTransport());
// stdout carries the protocol; say hello on stderr only.
console.error(`Inbound MCP server on stdio for ${principal.shopDomain} (${principal.scope} scope).`);
