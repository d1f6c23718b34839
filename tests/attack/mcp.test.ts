import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode, McpError, type CallToolResult, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ErrorBody } from "../support/api";
import { connectMcp, readToolResult, toolAnswer } from "../support/mcp";

import { ATTACK, bodyMutations, jsonPaths, replaced, sample, seededRandom, targetSeed, type BodyMutation, type JsonPath } from "./support/corpus";
import { attackWorld, TOOL_ARGUMENTS, UNKNOWN_GIDS, type AttackWorld, type ToolArguments } from "./support/mcp-world";
import { AttackTally } from "./support/tally";
import { startTwoShops, type TwoShops } from "./support/two-shops";

/**
 * The attack suite's MCP part (issue #14): every tool of tools/list, called by the SDK's client
 * over Streamable HTTP with the attacked shop's write key, given its own valid arguments mutated
 * (wrong types, huge values, bad numbers, dates and characters, missing and extra keys, arguments
 * that are not an object), its ids swapped for the neighbour shop's or unknown ones; and the /mcp
 * endpoint itself given broken JSON-RPC over plain HTTP (bad JSON, wrong content types, batches of
 * hostile calls, unknown methods, missing or forged keys).
 *
 * The oracle: the tool's own inputSchema (from tools/list) decides what must be refused; so does
 * an id argument naming anything but the shop's own record. Never a 5xx; a refusal leaves every
 * stored row of both shops as it was and, when one argument was mutated, names it; the
 * neighbour's id is answered as an unknown one (404) or refused as the argument (422), and no
 * answer shows the neighbour's records. Cases are seeded per tool (`mcp:<tool>`): replay with
 * ATTACK_SEED, widen with ATTACK_CASES.
 */

const tally = new AttackTally("mcp");

let shops: TwoShops;
let client: Client;
let neighbourClient: Client;
let world: AttackWorld;
let tools: Map<string, Tool>;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
// The SDK publishes content_base64 with format "base64" and the equivalent pattern; the pattern decides.
ajv.addFormat("base64", true);

beforeAll(async () => {
  shops = await startTwoShops("attack-mcp");
  // One client per key for the whole run: a client is a connection an assistant keeps open.
  client = await connectMcp(shops.server.origin, shops.writeKey);
  neighbourClient = await connectMcp(shops.server.origin, shops.neighbour.key);
  tools = new Map((await client.listTools()).tools.map((tool) => [tool.name, tool]));
  world = await attackWorld(shops, client, neighbourClient);
});

afterAll(async () => {
  tally.write();
  await client?.close();
  await neighbourClient?.close();
  await shops?.close();
});

/** A case's answer as a status: HTTP's, a tool error's own, or a JSON-RPC error's equivalent. */
interface Answer {
  status: number;
  error?: ErrorBody;
  text: string;
}

/** The HTTP status a JSON-RPC error stands for (MCP answers them with HTTP 200 or 4xx). */
function jsonRpcStatus(code: number): number {
  switch (code) {
    case ErrorCode.ParseError:
    case ErrorCode.InvalidRequest:
    case ErrorCode.InvalidParams:
      return 400;
    case ErrorCode.MethodNotFound:
      return 404;
    case ErrorCode.RequestTimeout:
      return 504;
    default:
      return 500;
  }
}

/** A tool call through the SDK client; JSON-RPC and HTTP refusals become statuses. */
async function callTool(name: string, args: unknown): Promise<Answer> {
  try {
    const { status, error, text } = await toolAnswer(client, name, args);
    return { status, error, text };
  } catch (thrown) {
    // The client's own check that a result fits the tool's outputSchema: a broken contract, as a
    // REST answer the OpenAPI document does not describe fails its test (tests/support/api.ts).
    if (thrown instanceof McpError && /output schema|structured content/.test(thrown.message)) throw thrown;
    if (thrown instanceof McpError) return { status: jsonRpcStatus(thrown.code), text: thrown.message };
    if (thrown instanceof StreamableHTTPError && thrown.code !== undefined) return { status: thrown.code, text: thrown.message };
    throw thrown;
  }
}

const JSON_RPC_HEADERS = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };

interface RawAnswer {
  httpStatus: number;
  /** The JSON-RPC message(s) answered, when the body was JSON. */
  json: unknown;
  text: string;
}

/** A request to /mcp over plain HTTP; a header given as null is left out. */
async function rawMcp(body: string | undefined, headers: Record<string, string | null> = {}, method = "POST"): Promise<RawAnswer> {
  const sent = Object.fromEntries(
    Object.entries({ ...JSON_RPC_HEADERS, Authorization: `Bearer ${shops.writeKey}`, ...headers }).filter(
      (entry): entry is [string, string] => entry[1] !== null,
    ),
  );
  const response = await fetch(`${shops.server.origin}/mcp`, { method, headers: sent, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { httpStatus: response.status, json, text };
}

/** One JSON-RPC answer as a status: its error's, its tool error's, or 200. */
function messageAnswer(message: unknown): Answer {
  const { error, result } = (message ?? {}) as { error?: { code: number; message: string }; result?: CallToolResult };
  if (error) return { status: jsonRpcStatus(error.code), text: JSON.stringify(error) };
  if (result?.isError) {
    const { status, error: body, text } = readToolResult(result);
    return { status, error: body, text };
  }
  return { status: 200, text: JSON.stringify(result ?? null) };
}

function rawAnswer(raw: RawAnswer): Answer {
  if (raw.httpStatus !== 200 || raw.json === undefined || Array.isArray(raw.json)) return { status: raw.httpStatus, text: raw.text };
  return messageAnswer(raw.json);
}

const toolCall = (id: number, name: string, argumentsJson: string) =>
  `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":${JSON.stringify(name)},"arguments":${argumentsJson}}}`;

function valueAt(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

const pathLabel = (path: JsonPath) => path.join(".");

/** A field a refusal names is the mutated argument, inside it or around it. */
const names = (field: string, path: string) => field === path || path.startsWith(`${field}.`) || field.startsWith(`${path}.`);

/** Every id of the neighbour's records, and how often each occurs in a text. */
function neighbourIdsIn(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const id of Object.values(world.neighbour)) {
    const count = text.split(id).length - 1;
    if (count > 0) found.set(id, count);
  }
  return found;
}

/**
 * An answer that holds the neighbour's records: one of its ids more often than the request gave
 * it (a request's own text, a note say, may be given back as sent).
 */
function leakedNeighbourIds(request: string, answer: string): string[] {
  const asked = neighbourIdsIn(request);
  return [...neighbourIdsIn(answer)].filter(([id, count]) => count > (asked.get(id) ?? 0)).map(([id]) => id);
}

/** An argument naming one of the shop's records (a search filter only narrows a list: not one). */
function isReference(args: ToolArguments, path: JsonPath): boolean {
  const value = valueAt(args, path);
  return typeof value === "string" && world.kinds.has(value) && !String(path[0]).startsWith("search[");
}

const NEIGHBOUR_ID = "neighbour id";

/** The shop's id arguments given the neighbour's record of the same kind, or a well-formed unknown gid. */
function hostileIds(args: ToolArguments): BodyMutation[] {
  const mutations: BodyMutation[] = [];
  for (const path of jsonPaths(args)) {
    const value = valueAt(args, path);
    const kind = typeof value === "string" ? world.kinds.get(value) : undefined;
    if (!kind) continue;
    const swap = (label: string, family: string, id: string) =>
      mutations.push({ label: `${pathLabel(path)} = ${label}`, family, path, json: JSON.stringify(replaced(args, path, id)) });
    swap(`the neighbour's ${kind}`, NEIGHBOUR_ID, world.neighbour[kind]);
    const unknown = UNKNOWN_GIDS[kind];
    if (unknown) swap(`an unknown ${kind}`, "id", unknown);
  }
  return mutations;
}

/**
 * `count` mutations: the neighbour's ids first (while the tool's records are as its valid call
 * found them, so a refusal can only come from the id), then the other families in a seeded order,
 * one of each in turn (so a short run still tries several kinds of hostility).
 */
function spread(mutations: BodyMutation[], count: number, random: () => number): BodyMutation[] {
  const byFamily = new Map<string, BodyMutation[]>();
  for (const mutation of mutations) byFamily.set(mutation.family, [...(byFamily.get(mutation.family) ?? []), mutation]);
  const first = byFamily.get(NEIGHBOUR_ID) ?? [];
  byFamily.delete(NEIGHBOUR_ID);
  const queues = sample([...byFamily.keys()], byFamily.size, random).map((family) =>
    sample(byFamily.get(family)!, byFamily.get(family)!.length, random),
  );
  const chosen = first.slice(0, count);
  while (chosen.length < count && queues.some((queue) => queue.length > 0)) {
    for (const queue of queues) {
      const next = queue.shift();
      if (next && chosen.length < count) chosen.push(next);
    }
  }
  return chosen;
}

function parsed(json: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(json) };
  } catch {
    return { ok: false };
  }
}

/**
 * The arguments as a tool receives them: the SDK's request parsing drops a top-level `__proto__`
 * argument before any tool runs (decision 009), so the app is judged on the rest.
 */
function asReceived(value: unknown): { received: unknown; dropped: boolean } {
  if (value === null || typeof value !== "object" || Array.isArray(value) || !Object.hasOwn(value, "__proto__"))
    return { received: value, dropped: false };
  const copy: Record<string, unknown> = { ...value };
  delete copy["__proto__"];
  return { received: copy, dropped: true };
}

const failuresOf = (target: string) => tally.failures().filter((line) => line.includes(`: ${target} — `));

describe("MCP tools under attack (one valid call each, mutated)", () => {
  it("attacks every tool the write key is given", () => {
    expect([...tools.keys()].sort()).toEqual(Object.keys(TOOL_ARGUMENTS).sort());
  });

  for (const name of Object.keys(TOOL_ARGUMENTS)) {
    const target = `mcp:${name}`;
    it(name, async () => {
      const args = await TOOL_ARGUMENTS[name]!(world);
      const validate: ValidateFunction = ajv.compile(tools.get(name)!.inputSchema);
      expect(validate(args), `${name}'s valid arguments break its inputSchema: ${ajv.errorsText(validate.errors)}`).toBe(true);

      const random = seededRandom(targetSeed(target));
      const cases = spread([...bodyMutations(args), ...hostileIds(args)], ATTACK.casesPerTarget, random);
      let before = await shops.state();
      for (const mutation of cases) {
        await shops.refill();
        const sent = parsed(mutation.json);
        // Arguments that are not JSON, or nested deeper than the client's own checks go, cannot go
        // through the client: they go as the JSON-RPC request's text.
        const answer =
          mutation.family === "bad JSON"
            ? rawAnswer(await rawMcp(toolCall(1, name, mutation.json)))
            : await callTool(name, sent.ok ? sent.value : undefined);
        const after = await shops.state();

        const { received, dropped } = sent.ok ? asReceived(sent.value) : { received: undefined, dropped: false };
        const mutated = valueAt(received, mutation.path);
        const reference = isReference(args, mutation.path);
        const otherRecord = reference && typeof mutated === "string" && mutated !== valueAt(args, mutation.path);
        const breaksSchema = !sent.ok || !validate(received);
        const mustRefuse = breaksSchema || otherRecord;
        // The neighbour's record is not found, as any unknown one (404) or an argument's own refusal
        // (422): any other answer tells something of it. And no answer shows the neighbour's records.
        const leaked = answer.status < 400 ? leakedNeighbourIds(mutation.json, answer.text) : [];
        const violations = [
          mutation.family === NEIGHBOUR_ID && reference && answer.status < 500 && answer.status !== 404 && answer.status !== 422
            ? `answered ${answer.status}: the neighbour's id must be 404 or 422`
            : "",
          leaked.length ? `shows the neighbour's ${leaked.map((id) => world.kinds.get(id)).join(", ")}` : "",
        ].filter(Boolean);

        // A refused argument is named: the mutated one when it broke the schema; when it did not, the
        // refusal has another cause (a name already taken, a file's content), which names its own field.
        const fields = [answer.error?.field, ...Object.keys(answer.error?.fields ?? {})].filter((field): field is string => !!field);
        const unnamed =
          (answer.status === 400 || answer.status === 422) &&
          mutation.path.length > 0 &&
          (breaksSchema ? !fields.some((field) => names(field, pathLabel(mutation.path))) : fields.length === 0);
        const detail = [
          dropped ? "the MCP SDK dropped the top-level __proto__ argument; the tool got the rest" : "",
          answer.status >= 400 ? answer.text.slice(0, 300) : "",
        ]
          .filter(Boolean)
          .join("; ");
        tally.record({
          target,
          label: mutation.label,
          family: mutation.family,
          status: answer.status,
          mustRefuse,
          changed: after !== before,
          unnamed,
          violation: violations.length ? violations.join("; ") : undefined,
          detail: detail || undefined,
        });
        before = after;
      }
      expect(failuresOf(target)).toEqual([]);
    });
  }
});

describe("the /mcp endpoint under attack (JSON-RPC over plain HTTP)", () => {
  const target = "mcp:http";
  const list = (id: number) => `{"jsonrpc":"2.0","id":${id},"method":"tools/list"}`;

  /** Each case: what is sent; `ignored` when the endpoint's refusal is to do nothing (202). */
  const cases = (): Array<{ label: string; family: string; send: () => Promise<RawAnswer>; ignored?: true }> => {
    const { neighbour, own } = world;
    const hostileBatch = [
      toolCall(1, "get_purchase_order", JSON.stringify({ id: neighbour.draftId })),
      toolCall(2, "delete_purchase_order", JSON.stringify({ id: neighbour.draftId })),
      toolCall(3, "update_purchase_order", JSON.stringify({ id: neighbour.draftId, note: "mine now" })),
      toolCall(4, "cancel_purchase_order", JSON.stringify({ id: neighbour.sentId })),
      toolCall(5, "remove_purchase_order_payment", JSON.stringify({ id: neighbour.sentId, payment_id: neighbour.paymentId })),
      toolCall(6, "update_purchase_order", JSON.stringify({ id: own.draftId, note: "a\u0000b" })),
      toolCall(7, "list_suppliers", "7"),
      `{"jsonrpc":"2.0","id":8,"method":"tools/destroy"}`,
    ];
    return [
      { label: "body is not JSON", family: "bad JSON", send: () => rawMcp('{"jsonrpc":"2.0","id":1,"method":"tools/list"') },
      { label: "empty body", family: "bad JSON", send: () => rawMcp("") },
      { label: "body is null", family: "bad JSON", send: () => rawMcp("null") },
      { label: "body is a number", family: "bad JSON", send: () => rawMcp("7") },
      { label: "body nested 5 000 deep", family: "bad JSON", send: () => rawMcp(`${"[".repeat(5000)}${"]".repeat(5000)}`) },
      { label: "Content-Type text/plain", family: "content type", send: () => rawMcp(list(1), { "Content-Type": "text/plain" }) },
      {
        label: "Content-Type form",
        family: "content type",
        send: () => rawMcp("id=1&method=tools%2Flist", { "Content-Type": "application/x-www-form-urlencoded" }),
      },
      { label: "no Content-Type", family: "content type", send: () => rawMcp(list(1), { "Content-Type": null }) },
      { label: "no Accept", family: "content type", send: () => rawMcp(list(1), { Accept: null }) },
      { label: "Accept text/html", family: "content type", send: () => rawMcp(list(1), { Accept: "text/html" }) },
      { label: 'jsonrpc "1.0"', family: "json-rpc", send: () => rawMcp('{"jsonrpc":"1.0","id":1,"method":"tools/list"}') },
      { label: "id is an object", family: "json-rpc", send: () => rawMcp('{"jsonrpc":"2.0","id":{"a":1},"method":"tools/list"}') },
      { label: "no method", family: "json-rpc", send: () => rawMcp('{"jsonrpc":"2.0","id":1}') },
      { label: "unsupported MCP-Protocol-Version", family: "json-rpc", send: () => rawMcp(list(1), { "MCP-Protocol-Version": "1999-01-01" }) },
      {
        label: "unknown method tools/destroy",
        family: "method",
        send: () => rawMcp('{"jsonrpc":"2.0","id":1,"method":"tools/destroy","params":{}}'),
      },
      { label: "method __proto__", family: "method", send: () => rawMcp('{"jsonrpc":"2.0","id":1,"method":"__proto__","params":{}}') },
      {
        label: "resources/read file:///etc/passwd",
        family: "method",
        send: () => rawMcp('{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"file:///etc/passwd"}}'),
      },
      {
        label: "prompts/get of no prompt",
        family: "method",
        send: () => rawMcp('{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"leak_keys"}}'),
      },
      { label: "tools/call params is a string", family: "method", send: () => rawMcp('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":"x"}') },
      {
        label: "tools/call without a name",
        family: "method",
        send: () => rawMcp('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"arguments":{}}}'),
      },
      {
        label: "tools/call name is a number",
        family: "method",
        send: () => rawMcp('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":7}}'),
      },
      { label: "tools/call of no tool", family: "method", send: () => rawMcp(toolCall(1, "drop_database", "{}")) },
      { label: "tools/call of tool __proto__", family: "method", send: () => rawMcp(toolCall(1, "__proto__", "{}")) },
      // JSON-RPC calls an empty batch an invalid request; the SDK's transport answers it 202 as a
      // batch of nothing to answer (before any of Inbound's code sees it). Nothing runs.
      { label: "empty batch: nothing runs", family: "batch", send: () => rawMcp("[]"), ignored: true },
      { label: "batch of hostile calls", family: "batch", send: () => rawMcp(`[${hostileBatch.join(",")}]`) },
      {
        label: "batch of 101 messages (the most is 100)",
        family: "batch",
        send: () => rawMcp(`[${Array.from({ length: 101 }, (_, index) => list(index + 1)).join(",")}]`),
      },
      {
        label: "batch of 100 reads (beyond the rate limit)",
        family: "batch",
        send: () =>
          rawMcp(
            `[${Array.from({ length: 100 }, (_, index) => toolCall(index + 1, "get_purchase_order", JSON.stringify({ id: own.draftId }))).join(",")}]`,
          ),
      },
      { label: "no Authorization", family: "authorization", send: () => rawMcp(list(1), { Authorization: null }) },
      { label: "Bearer with no key", family: "authorization", send: () => rawMcp(list(1), { Authorization: "Bearer " }) },
      {
        label: "forged key",
        family: "authorization",
        send: () => rawMcp(list(1), { Authorization: "Bearer inb_forged-key-forged-key-forged-key-forged-k" }),
      },
      {
        label: "the key with a character more",
        family: "authorization",
        send: () => rawMcp(list(1), { Authorization: `Bearer ${shops.writeKey}x` }),
      },
      {
        label: "the key as Basic credentials",
        family: "authorization",
        send: () => rawMcp(list(1), { Authorization: `Basic ${Buffer.from(`${shops.writeKey}:`).toString("base64")}` }),
      },
      {
        label: "Authorization of 10 000 characters",
        family: "authorization",
        send: () => rawMcp(list(1), { Authorization: `Bearer ${"k".repeat(10_000)}` }),
      },
      {
        label: "the neighbour's key on the shop's order",
        family: "authorization",
        send: () =>
          rawMcp(toolCall(1, "get_purchase_order", JSON.stringify({ id: own.draftId })), { Authorization: `Bearer ${shops.neighbour.key}` }),
      },
      {
        label: "the read key calling a write tool",
        family: "authorization",
        send: () => rawMcp(toolCall(1, "delete_purchase_order", JSON.stringify({ id: own.draftId })), { Authorization: `Bearer ${shops.readKey}` }),
      },
      { label: "GET (no event stream)", family: "http method", send: () => rawMcp(undefined, { Accept: "text/event-stream" }, "GET") },
      { label: "DELETE (no session)", family: "http method", send: () => rawMcp(undefined, {}, "DELETE") },
      { label: "PUT", family: "http method", send: () => rawMcp(list(1), {}, "PUT") },
      {
        label: "a 3 MB supplier name",
        family: "huge",
        send: () => rawMcp(toolCall(1, "create_supplier", JSON.stringify({ name: "x".repeat(3_000_000) }))),
      },
      {
        label: "a 5 MB supplier name (beyond the transport's 4 MB)",
        family: "huge",
        send: () => rawMcp(toolCall(1, "create_supplier", JSON.stringify({ name: "x".repeat(5_000_000) }))),
      },
      {
        label: "tools/call sent as a notification (no id): nothing runs",
        family: "notification",
        send: () =>
          rawMcp(
            `{"jsonrpc":"2.0","method":"tools/call","params":{"name":"delete_purchase_order","arguments":{"id":${JSON.stringify(own.draftId)}}}}`,
          ),
        ignored: true,
      },
    ];
  };

  it("refuses every broken or hostile request with a 4xx or a JSON-RPC error, changing nothing", async () => {
    let before = await shops.state();
    for (const attack of cases()) {
      await shops.refill();
      const raw = await attack.send();
      const after = await shops.state();
      // A batch is answered message by message: each is judged, the batch by its least refused.
      const answers = raw.httpStatus === 200 && Array.isArray(raw.json) ? raw.json.map(messageAnswer) : [rawAnswer(raw)];
      const limited = attack.label.includes("rate limit");
      const status = limited
        ? answers.some((answer) => answer.status === 429) && answers.every((answer) => answer.status === 200 || answer.status === 429)
          ? 429
          : 200
        : Math.min(...answers.map((answer) => answer.status));
      const worst = Math.max(...answers.map((answer) => answer.status));
      const leaked = answers.flatMap((answer) => (answer.status < 400 ? leakedNeighbourIds("", answer.text) : []));
      tally.record({
        target,
        label: attack.label,
        family: attack.family,
        status: worst >= 500 ? worst : status,
        mustRefuse: true,
        refused: attack.ignored === true && status === 202,
        changed: after !== before,
        violation: leaked.length ? `shows the neighbour's ${leaked.map((id) => world.kinds.get(id)).join(", ")}` : undefined,
        detail: raw.text.slice(0, 300),
      });
      before = after;
    }
    expect(failuresOf(target)).toEqual([]);
  });
});
