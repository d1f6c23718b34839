import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  CallToolRequestSchema,
  ClientRequestSchema,
  ErrorCode,
  isJSONRPCRequest,
  ListToolsRequestSchema,
  type CallToolResult,
  type JSONRPCMessage,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";

import { admit, operationContext } from "~/api/access.server";
import { describeError, errorJson } from "~/api/errors.server";
import { parseInput } from "~/api/input";
import { log } from "~/log.server";
import { parseOperationInput, type ApiOperation, type UploadedFile } from "~/api/operation";
import { API_OPERATIONS } from "~/api/operations";
import { lifecycleDocument } from "~/domain/purchase-order/lifecycle-docs";
import { recordApiCall, type ApiPrincipal } from "~/services/api-keys.server";

/**
 * The MCP server for assistants: one tool per API operation (app/api/operations), built per
 * connection for the key's principal. A read-scope connection is given only the read tools, so
 * it never sees a write tool and calling one by name is refused as unknown. Tools run the same
 * parser and handlers as the REST API, so the same input gets the same answer.
 *
 * Tools are listed and called through the SDK's low-level request handlers, not McpServer's
 * registerTool: that one hands a tool its arguments already parsed by the input schema
 * (transforms applied: a comma list already an array, a flag already a boolean, a time already an
 * instant), which the operation's own parser then refuses. Here the arguments reach
 * parseOperationInput exactly as the client sent them, as a REST request's do.
 */

export const MCP_SERVER_NAME = "inbound";

export const LIFECYCLE_RESOURCE_URI = "inbound://docs/lifecycle";

const INSTRUCTIONS =
  "Inbound runs a Shopify shop's purchase orders from draft to completed and keeps Shopify's inventory in step. " +
  "Read the lifecycle resource (inbound://docs/lifecycle) to learn which action is allowed from which status. " +
  "get_purchase_order shows an order's `allowed_actions`; a refused action comes back as a tool error with the rule " +
  "that refused it and the actions allowed instead, so choose one of those and try again.";

/** Files for an upload tool: JSON has no multipart, so each file comes base64-encoded. */
const ToolFiles = z
  .array(
    z.strictObject({
      file_name: z.string().min(1).max(255),
      content_base64: z.base64().describe("The file's bytes, base64-encoded."),
    }),
  )
  .min(1)
  .describe("The files to attach; the same checks apply as over REST (content type by content, size, count).");

/** The tool's arguments: path parameters, query and body of the REST operation side by side (and `files` for uploads). */
export function toolInputSchema(operation: ApiOperation): z.ZodObject {
  return z.strictObject({
    ...(operation.params?.shape ?? {}),
    ...(operation.query?.shape ?? {}),
    ...(operation.body?.shape ?? {}),
    ...(operation.multipart ? { files: ToolFiles } : {}),
  });
}

function uploadedFiles(operation: ApiOperation, args: Record<string, unknown>): UploadedFile[] {
  if (!operation.multipart) return [];
  // Parsed as the argument it is, so a refusal names `files.0`, not `0`.
  return parseInput(z.object({ files: ToolFiles }), { files: args.files }).files.map((file) => ({
    fileName: file.file_name,
    contentType: "application/octet-stream",
    bytes: new Uint8Array(Buffer.from(file.content_base64, "base64")),
  }));
}

/** What tools/list shows of an operation; the input schema as clients write it, JSON Schema draft 7 (as the SDK publishes). */
function toolDefinition(operation: ApiOperation): Tool {
  const read = operation.scope === "read";
  const jsonSchema = (schema: z.ZodType, io: "input" | "output") => {
    const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io, target: "draft-7", unrepresentable: "any" });
    return rest as Tool["inputSchema"];
  };
  return {
    name: operation.name,
    title: operation.title,
    description: operation.description,
    inputSchema: jsonSchema(toolInputSchema(operation), "input"),
    ...(operation.response instanceof z.ZodObject ? { outputSchema: jsonSchema(operation.response, "output") } : {}),
    annotations: {
      title: operation.title,
      readOnlyHint: read,
      destructiveHint: !read && operation.destructive === true,
      idempotentHint: read || operation.idempotent === true,
      openWorldHint: false,
    },
  };
}

function pick(shape: z.ZodObject | undefined, args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(shape?.shape ?? {})
      .filter((key) => Object.hasOwn(args, key))
      .map((key) => [key, args[key]]),
  );
}

async function callOperation(
  db: PrismaClient,
  principal: ApiPrincipal,
  operation: ApiOperation,
  args: Record<string, unknown>,
): Promise<CallToolResult> {
  const started = performance.now();
  let result: CallToolResult;
  let status: number = operation.status ?? 200;
  try {
    await admit(db, principal, operation.scope);
    // One object carries every part: no argument the tool does not take (a REST request's parts
    // are each strict), and all of its text under the text rule, unknown keys included.
    parseInput(z.strictObject(Object.fromEntries(Object.keys(toolInputSchema(operation).shape).map((key) => [key, z.unknown().optional()]))), args);
    // Each part is parsed by its own schema, so defaults, transforms and whole-body rules
    // (refinements) apply as over REST, and a refusal is the same ValidationError naming the field.
    const input = parseOperationInput(
      operation,
      { params: pick(operation.params, args), query: pick(operation.query, args), body: pick(operation.body, args) },
      uploadedFiles(operation, args),
    );
    const output = (await operation.handle(operationContext(db, principal), input)) as Record<string, unknown>;
    result = { content: [{ type: "text", text: JSON.stringify(output) }], structuredContent: output };
  } catch (error) {
    const described = describeError(error);
    if (!described) {
      log.error("MCP tool failed", { tool: operation.name, error });
      status = 500;
      result = toolError(500, errorJson({ code: "internal_error", message: "Something went wrong on Inbound's side." }));
    } else {
      status = described.status;
      result = toolError(described.status, errorJson(described.body));
    }
  }
  await recordApiCall(db, principal.keyId, `tool:${operation.name}`, status, performance.now() - started);
  return result;
}

/** A refusal an assistant can act on: the message, the rule and the allowed actions, as JSON. */
function toolError(status: number, body: ReturnType<typeof errorJson>): CallToolResult {
  return { isError: true, content: [{ type: "text", text: JSON.stringify({ status, ...body }) }] };
}

export function createMcpServer(db: PrismaClient, principal: ApiPrincipal): McpServer {
  const server = new McpServer({ name: MCP_SERVER_NAME, version: "1.0.0" }, { instructions: INSTRUCTIONS });
  const tools = new Map(
    API_OPERATIONS.filter((operation) => operation.scope === "read" || principal.scope === "write").map((operation) => [operation.name, operation]),
  );
  server.server.registerCapabilities({ tools: {} });
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...tools.values()].map(toolDefinition) }));
  server.server.setRequestHandler(CallToolRequestSchema, ({ params }) => {
    const operation = tools.get(params.name);
    if (!operation) {
      const message = `No tool named ${params.name} for this key${principal.scope === "read" ? " (a read key is given the read tools only)" : ""}.`;
      return toolError(404, errorJson({ code: "unknown_tool", message }));
    }
    // The SDK's request schema has already dropped any `__proto__` key of the arguments (nothing of it reaches a tool).
    return callOperation(db, principal, operation, params.arguments ?? {});
  });
  server.registerResource(
    "lifecycle",
    LIFECYCLE_RESOURCE_URI,
    {
      title: "Purchase order lifecycle",
      description: "Which action is allowed from which status, and what each leads to.",
      mimeType: "text/markdown",
    },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: "text/markdown", text: lifecycleDocument() }] }),
  );
  server.registerPrompt(
    "drive_purchase_order",
    {
      title: "Move a purchase order forward",
      description: "Guidance for taking a purchase order to a goal status with Inbound's tools.",
      argsSchema: {
        purchase_order_id: z.string().describe("The purchase order's id."),
        goal: z.string().describe("Where to take it, e.g. completed."),
      },
    },
    ({ purchase_order_id, goal }) => ({
      messages: [
        {
          role: "user",
          content: {
            type: "text",
            text:
              `Take purchase order ${purchase_order_id} to ${goal}. First call get_purchase_order and read its status and ` +
              "allowed_actions. Use only allowed actions, one at a time, re-reading the order after each. If a tool refuses, " +
              "read `rule` and `allowed_actions` in the error and choose from those.\n\nThe lifecycle:\n\n" +
              lifecycleDocument(),
          },
        },
      ],
    }),
  );
  return server;
}

/** Each request the MCP schema defines, by method: what its params must be. */
const CLIENT_REQUESTS = new Map(ClientRequestSchema.options.map((schema) => [schema.shape.method.value as string, schema]));

/**
 * The params of a request, checked against the MCP schema of its method: what is wrong with them,
 * each problem named by its path (`params.arguments: …`), or undefined when they fit (or the
 * method is not one MCP defines: the server answers that as an unknown method).
 */
export function paramsProblem(message: JSONRPCMessage): string | undefined {
  if (!isJSONRPCRequest(message)) return undefined;
  const schema = CLIENT_REQUESTS.get(message.method);
  const result = schema?.safeParse(message);
  if (!result || result.success) return undefined;
  return `Invalid params: ${result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`;
}

/**
 * Connects the server to a transport (HTTP or stdio), answering a request whose params break the
 * MCP schema with Invalid params (-32602) that name them. The SDK checks params inside its own
 * handlers and answers a failure as an Internal error (-32603) carrying the raw validation issues:
 * a client's mistake reported as the server's fault.
 */
export async function connectMcpServer(server: McpServer, transport: Transport): Promise<void> {
  await server.connect(transport);
  const deliver = transport.onmessage!;
  transport.onmessage = (message, extra) => {
    const problem = paramsProblem(message);
    if (problem === undefined || !isJSONRPCRequest(message)) return deliver(message, extra);
    void transport.send({ jsonrpc: "2.0", id: message.id, error: { code: ErrorCode.InvalidParams, message: problem } });
  };
}
