import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

import type { ErrorBody } from "./api";
import type { Json } from "./json";

/**
 * The MCP server at /mcp as an assistant reaches it: the SDK's own client over Streamable HTTP,
 * with a Bearer API key. Connect once per key and reuse the client; close it when done.
 */
export async function connectMcp(origin: string, key: string, options: { fetch?: typeof fetch } = {}): Promise<Client> {
  const client = new Client({ name: "inbound-test", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${origin}/mcp`), {
      fetch: options.fetch,
      requestInit: { headers: { Authorization: `Bearer ${key}` } },
    }),
  );
  return client;
}

/** A tool's answer: 200 and its structured content, or the status and error body of the tool error it returned. */
export interface ToolAnswer {
  status: number;
  isError: boolean;
  body: Record<string, Json> | undefined;
  error: ErrorBody | undefined;
  /** The answer's text content as sent (the error's JSON for a tool error). */
  text: string;
}

export async function toolAnswer(client: Client, name: string, args: unknown): Promise<ToolAnswer> {
  const result = (await client.callTool({ name, arguments: args as Record<string, unknown> })) as CallToolResult;
  return readToolResult(result);
}

/** A tools/call result as a ToolAnswer (a tool error's text is `{ status, error }`, app/mcp/server.server.ts). */
export function readToolResult(result: CallToolResult): ToolAnswer {
  const text = result.content[0]?.type === "text" ? result.content[0].text : "";
  if (result.isError) {
    const parsed = JSON.parse(text) as { status: number; error: ErrorBody };
    return { status: parsed.status, isError: true, body: undefined, error: parsed.error, text };
  }
  return { status: 200, isError: false, body: result.structuredContent as Record<string, Json> | undefined, error: undefined, text };
}
