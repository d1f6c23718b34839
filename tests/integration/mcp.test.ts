import { spawn } from "node:child_process";
import path from "node:path";

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { startApiFixture, widget, type ApiFixture } from "../support/api";
import { applyEffects } from "../support/effects-shop";
import { EXE, minimalPdf } from "../support/files";
import { connectMcp, toolAnswer } from "../support/mcp";
import { createOrderOfVariants } from "../support/orders";

/**
 * The MCP server with the SDK's own client: over Streamable HTTP at /mcp (Bearer API keys) and
 * over stdio (`npm run mcp`). A write key drives an order from draft to completed with tools; a
 * read key sees only read tools and cannot call a write tool by name; refusals come back as tool
 * errors carrying the rule and the allowed actions.
 */
const SHOP = "mcp-shop.myshopify.com";

let f: ApiFixture;
const clients: Client[] = [];

beforeAll(async () => {
  f = await startApiFixture(SHOP, [widget()]);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await f.close();
});
beforeEach(async () => f.refill());

async function connect(key: string): Promise<Client> {
  const client = await connectMcp(f.server.origin, key);
  clients.push(client);
  return client;
}

async function draft(quantity: number): Promise<string> {
  return (await createOrderOfVariants(f.db, SHOP, f.supplierId, f.locationId, [{ ...f.products[0]!.variants[0]!, quantity }])).id;
}

const toolNames = (scope: "read" | "write") =>
  f.server.operations.filter((operation) => operation.scope === scope).map((operation) => operation.name);

describe("MCP over Streamable HTTP", () => {
  it("refuses a connection without a valid key", async () => {
    const client = new Client({ name: "anonymous", version: "1.0.0" });
    await expect(
      client.connect(
        new StreamableHTTPClientTransport(new URL(`${f.server.origin}/mcp`), { requestInit: { headers: { Authorization: "Bearer inb_nope" } } }),
      ),
    ).rejects.toThrow();
  });

  it("answers every message with its request id: the X-Request-Id sent (a load balancer's), else a new one", async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${f.server.origin}/mcp`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${f.readKey}`,
          "Content-Type": "application/json",
          Accept: "application/json, text/event-stream",
          ...headers,
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
      });
    const given = await post({ "X-Request-Id": "lb-request-7" });
    expect(given.status).toBe(200);
    expect(given.headers.get("X-Request-Id")).toBe("lb-request-7");
    expect((await post({})).headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers GET and DELETE with 405, so a connected client opens no event stream and does not poll for one", async () => {
    // Before: GET opened an event stream that closed at once, and every connected client opened it
    // again about once a second for as long as it stayed connected.
    const gets: Array<Promise<Response>> = [];
    const counting: typeof fetch = (input, init) => {
      const response = fetch(input, init);
      if ((init?.method ?? "GET") === "GET") gets.push(response);
      return response;
    };
    const client = await connectMcp(f.server.origin, f.readKey, { fetch: counting });
    clients.push(client);
    await vi.waitFor(() => expect(gets).toHaveLength(1));
    expect((await gets[0]!).status).toBe(405);
    for (const method of ["GET", "DELETE"]) {
      for (const headers of [{}, { Authorization: `Bearer ${f.readKey}`, Accept: "text/event-stream" }] as Array<Record<string, string>>) {
        const response = await fetch(`${f.server.origin}/mcp`, { method, headers });
        expect(response.status, method).toBe(405);
        expect(response.headers.get("Allow")).toBe("POST");
        expect(await response.json()).toMatchObject({ error: { code: "method_not_allowed" } });
      }
    }
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
  });

  it("answers params that break the MCP schema as Invalid params naming them (the SDK answered an Internal error)", async () => {
    const client = await connect(f.writeKey);
    for (const args of [7, null, ["a"], "seven"]) {
      const refused = await client.callTool({ name: "list_suppliers", arguments: args as never }).catch((error: unknown) => error);
      expect(refused, JSON.stringify(args)).toBeInstanceOf(McpError);
      expect(refused).toMatchObject({ code: ErrorCode.InvalidParams, message: expect.stringContaining("params.arguments: ") });
    }
    const post = async (body: string) => {
      const response = await fetch(`${f.server.origin}/mcp`, {
        method: "POST",
        headers: { Authorization: `Bearer ${f.writeKey}`, "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
        body,
      });
      return (await response.json()) as { error?: { code: number; message: string } };
    };
    expect(await post('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":7}}')).toMatchObject({
      error: { code: ErrorCode.InvalidParams, message: expect.stringContaining("params.name: ") },
    });
    expect(await post('{"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":7}}')).toMatchObject({
      error: { code: ErrorCode.InvalidParams, message: expect.stringContaining("params.uri: ") },
    });
    expect((await post('{"jsonrpc":"2.0","id":3,"method":"tools/destroy","params":{}}')).error?.code).toBe(ErrorCode.MethodNotFound);
  });

  it("lists one tool per operation for a write key, with input schemas and annotations", async () => {
    const client = await connect(f.writeKey);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([...toolNames("read"), ...toolNames("write")].sort());
    const get = tools.find((tool) => tool.name === "get_purchase_order")!;
    expect(get.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true });
    expect(get.inputSchema.required).toEqual(["id"]);
    const cancel = tools.find((tool) => tool.name === "cancel_purchase_order")!;
    expect(cancel.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(cancel.description).toMatch(/Refused \(409\)/);
    expect(tools.every((tool) => (tool.description ?? "").length > 40)).toBe(true);
  });

  it("drives an order from draft to completed with tools, under the lifecycle's rules", async () => {
    const client = await connect(f.writeKey);
    const created = await toolAnswer(client, "create_purchase_order", {
      supplier_id: f.supplierId,
      location_id: f.locationId,
      items: [{ sku: "W-1", quantity: 4 }],
    });
    expect(created.isError, created.text).toBe(false);
    const id = String(created.body!.id);
    const step = async (name: string, args: Record<string, unknown> = {}) => {
      const result = await toolAnswer(client, name, { id, ...args });
      expect(result.isError, `${name}: ${result.text}`).toBe(false);
      await applyEffects(f);
      return result.body!;
    };
    const order = (await step("get_purchase_order")) as { status: string; allowed_actions: string[]; lines: Array<{ id: string }> };
    expect(order.status).toBe("draft");
    expect(order.allowed_actions).toContain("send");
    expect((await step("mark_purchase_order_sent")).purchase_order.status).toBe("sent");
    expect((await step("confirm_purchase_order", { all: true })).purchase_order.status).toBe("in_progress");
    const received = await step("receive_purchase_order", { lines: [{ line_id: order.lines[0]!.id, received: 4 }] });
    expect(received.purchase_order.status).toBe("received");
    // Asked, the order completes once the worker (run by step) has written the unit costs to Shopify.
    const completing = await step("complete_purchase_order");
    expect(completing.purchase_order).toMatchObject({ status: "received", completing: { action: "complete" } });
    expect(completing.audit).toMatchObject({ action: "complete_requested", from_status: "received", to_status: "received" });
    expect((await step("get_purchase_order")).status).toBe("completed");
    const calls = await f.db.apiCall.findMany({ where: { target: { startsWith: "tool:" } }, select: { target: true, status: true } });
    expect(calls).toEqual(expect.arrayContaining([{ target: "tool:complete_purchase_order", status: 200 }]));
  });

  it("returns a refused move as a tool error with the rule and the allowed actions, and changes nothing", async () => {
    const client = await connect(f.writeKey);
    const id = await draft(2);
    const refused = await toolAnswer(client, "complete_purchase_order", { id });
    expect(refused.isError).toBe(true);
    const error = JSON.parse(refused.text) as { status: number; error: { code: string; rule: string; allowed_actions: string[] } };
    expect(error.status).toBe(409);
    expect(error.error).toMatchObject({ code: "invalid_transition", rule: expect.any(String) });
    expect(error.error.allowed_actions).toEqual(expect.arrayContaining(["send", "cancel"]));
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id } })).status).toBe("draft");

    const invalid = await toolAnswer(client, "receive_purchase_order", { id, lines: [{ line_id: "x", received: -1 }] });
    expect(invalid.isError).toBe(true);
    expect(invalid.text).toMatch(/received/);
  });

  it("attaches delivery files sent base64-encoded, under the same checks as uploads over REST", async () => {
    const client = await connect(f.writeKey);
    const id = await draft(2);
    expect((await toolAnswer(client, "mark_purchase_order_sent", { id })).isError).toBe(false);
    const delivery = await toolAnswer(client, "create_purchase_order_delivery", { id });
    const deliveryId = String(delivery.body!.id);
    const pdf = minimalPdf();
    const uploaded = await toolAnswer(client, "upload_purchase_order_delivery_files", {
      id,
      delivery_id: deliveryId,
      files: [{ file_name: "delivery-note.pdf", content_base64: Buffer.from(pdf).toString("base64") }],
    });
    expect(uploaded.isError, uploaded.text).toBe(false);
    expect(uploaded.body!.uploaded).toEqual([
      expect.objectContaining({ file_name: "delivery-note.pdf", content_type: "application/pdf", size: pdf.byteLength }),
    ]);

    const refused = await toolAnswer(client, "upload_purchase_order_delivery_files", {
      id,
      delivery_id: deliveryId,
      files: [{ file_name: "invoice.pdf", content_base64: Buffer.from(EXE).toString("base64") }],
    });
    expect(refused.isError).toBe(true);
    expect(JSON.parse(refused.text)).toMatchObject({ status: 422, error: { field: "file.0" } });
    // A file that is not a file is named as the argument it is in (was `0`).
    const notAFile = await toolAnswer(client, "upload_purchase_order_delivery_files", { id, delivery_id: deliveryId, files: [1764806400000] });
    expect(notAFile).toMatchObject({ status: 422, error: { field: "files.0" } });
    expect(await f.db.deliveryFile.count({ where: { deliveryId } })).toBe(1);
  });

  it("gives a read key only read tools, and refuses a write tool called by name", async () => {
    const client = await connect(f.readKey);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(toolNames("read").sort());
    expect(tools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
    const id = await draft(1);
    const forced = await toolAnswer(client, "mark_purchase_order_sent", { id });
    expect(forced.isError).toBe(true);
    expect(forced.text).toMatch(/mark_purchase_order_sent/);
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id } })).status).toBe("draft");
    expect((await toolAnswer(client, "list_purchase_orders", {})).isError).toBe(false);
  });

  it("teaches the lifecycle: a resource with the matrix and a prompt that uses it", async () => {
    const client = await connect(f.readKey);
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri)).toContain("inbound://docs/lifecycle");
    const { contents } = await client.readResource({ uri: "inbound://docs/lifecycle" });
    const text = String((contents[0] as { text: string }).text);
    expect(text).toMatch(/\| Draft \(`draft`\) \|/);
    expect(text).toContain("`quick_complete`");
    const prompt = await client.getPrompt({ name: "drive_purchase_order", arguments: { purchase_order_id: "po-1", goal: "completed" } });
    expect(JSON.stringify(prompt.messages)).toContain("allowed_actions");
  });
});

describe("MCP over stdio (npm run mcp)", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const runMcp = (env: Record<string, string | undefined>) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/mcp.ts")], {
        cwd: root,
        env: { ...process.env, ...env },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("close", (code) => resolve({ code, stderr }));
    });

  it("refuses to start without a key, or with one that is unknown (exit 2, saying why)", async () => {
    const missing = await runMcp({ INBOUND_API_KEY: undefined, DATABASE_URL: f.database.url });
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/Set INBOUND_API_KEY/) });
    const unknown = await runMcp({ INBOUND_API_KEY: "inb_not-a-key", DATABASE_URL: f.database.url });
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/not a valid key/) });
  }, 60_000);

  it("serves the key's tools to a local assistant, the key taken from the environment", async () => {
    const client = new Client({ name: "inbound-stdio-test", version: "1.0.0" });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/mcp.ts")],
        cwd: root,
        env: { ...(process.env as Record<string, string>), INBOUND_API_KEY: f.readKey, DATABASE_URL: f.database.url },
        stderr: "pipe",
      }),
    );
    clients.push(client);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(toolNames("read").sort());
    const id = await draft(3);
    const order = await toolAnswer(client, "get_purchase_order", { id });
    expect(order.body).toMatchObject({ id, status: "draft" });
  }, 60_000);
});
