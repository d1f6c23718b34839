// `npm run mcp`: the MCP server over stdio, for an assistant on this machine. The API key comes
// from INBOUND_API_KEY (never a command-line argument, which other users can read); its scope
// decides the tools, exactly as over HTTP. Reads the app's environment (.env), DATABASE_URL
// included; against the demo, use the command `./inbound demo` prints.
import "dotenv/config";

import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

import { InvalidEnvironmentError } from "../app/env-schema.server";

function refuse(problem: string): never {
  console.error(problem);
  process.exit(2);
}

const key = process.env.INBOUND_API_KEY;
if (!key) refuse("Set INBOUND_API_KEY to an Inbound API key (Settings → API access, or `npm run apikey -- create …`).");

// The app's modules read the environment when imported: a bad one is said plainly, not as a stack.
const app = await Promise.all([
  import("../app/db-client.server"),
  import("../app/mcp/server.server"),
  import("../app/services/api-keys.server"),
]).catch((error: unknown) => {
  if (error instanceof InvalidEnvironmentError) refuse(`${error.message}\n(npm run mcp runs with the app's environment: set it, or put it in .env.)`);
  throw error;
});
const [{ createPrismaClient }, { connectMcpServer, createMcpServer }, { authenticateApiKey }] = app;

const db = createPrismaClient(process.env.DATABASE_URL ?? "file:prisma/inbound.db");
const principal = await authenticateApiKey(db, `Bearer ${key}`);
if (!principal) refuse("INBOUND_API_KEY is not a valid key: unknown or revoked.");
const server = createMcpServer(db, principal);
await connectMcpServer(server, new StdioServerTransport());
// stdout carries the protocol; say hello on stderr only.
console.error(`Inbound MCP server on stdio for ${principal.shopDomain} (${principal.scope} scope).`);
