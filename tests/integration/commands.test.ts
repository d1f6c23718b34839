import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { Client } from "@modelcontextprotocol/sdk/client/index.js";

import { createPrismaClient } from "~/db-client.server";
import { drainEffects } from "~/jobs/effects-worker.server";
import { MAX_RECEIPT_NOTE_LENGTH } from "~/domain/purchase-order/lifecycle";

import { startApiFixture, widget, type ApiFixture } from "../support/api";
import { connectMcp, toolAnswer } from "../support/mcp";
import { createOrderOfVariants } from "../support/orders";

/**
 * The commands (app/commands) as their three doors reach them, over real HTTP: the order screen's
 * action (its form as the components post it), REST and MCP. A click on the screen reads the
 * order once — counted on the app's own Prisma client, every read of the PurchaseOrder model
 * naming the order — and the shop's settings once, and the same bad input is refused by the same schema, with the same field
 * and message, at every door.
 */
const SHOP = "commands.myshopify.com";

let f: ApiFixture;
let mcp: Client;

/** Reads of the PurchaseOrder model that name the watched order, by the app's client. */
const reads: string[] = [];
let watched: string | null = null;
/** Reads of the shop's settings by the app's client while an order is watched. */
const settingsReads: string[] = [];
const READ_OPERATIONS = ["findFirst", "findFirstOrThrow", "findUnique", "findUniqueOrThrow", "findMany", "count", "aggregate", "groupBy"];

beforeAll(async () => {
  // The app's client (app/db.server.ts takes globalThis.inboundPrisma outside production), made
  // when the app first imports it, with a count of the order's reads.
  let client: unknown;
  Object.defineProperty(globalThis, "inboundPrisma", {
    configurable: true,
    get() {
      client ??= countingClient();
      return client;
    },
    set() {},
  });
  f = await startApiFixture(SHOP, [widget(2)]);
  mcp = await connectMcp(f.server.origin, f.writeKey);
}, 120_000);

afterAll(async () => {
  await mcp?.close();
  await f?.close();
  delete (globalThis as { inboundPrisma?: unknown }).inboundPrisma;
});
beforeEach(async () => f.refill());

/** Made when the app first asks for its client: the test database is set up by then. */
function countingClient() {
  return createPrismaClient(process.env.DATABASE_URL!).$extends({
    query: {
      purchaseOrder: {
        async $allOperations({ operation, args, query }) {
          if (watched && READ_OPERATIONS.includes(operation) && JSON.stringify(args ?? {}).includes(watched)) reads.push(operation);
          return query(args);
        },
      },
      shopSettings: {
        async $allOperations({ operation, args, query }) {
          if (watched && READ_OPERATIONS.includes(operation)) settingsReads.push(operation);
          return query(args);
        },
      },
    },
  });
}

/** A sent order of 5 × W-1 and 3 × W-2 at the stand-in's location. */
async function sentOrder(): Promise<{ id: string; version: number; lineIds: string[] }> {
  const [first, second] = f.products[0]!.variants;
  const order = await createOrderOfVariants(f.db, SHOP, f.supplierId, f.locationId, [
    { ...first!, quantity: 5 },
    { ...second!, quantity: 3 },
  ]);
  const sent = await f.writer.call("mark_purchase_order_sent", { params: { id: order.id }, body: {} });
  expect(sent.status).toBe(200);
  return { id: order.id, version: sent.body.purchase_order.version, lineIds: sent.body.purchase_order.lines.map((line: { id: string }) => line.id) };
}

/** Posts the order screen's form (or, `screen` "/receive", the receiving screen's) as its components do; answers the action's JSON and status. */
async function postScreen(orderId: string, fields: Record<string, string>, screen = "") {
  const response = await fetch(`${f.server.origin}/app/purchase-orders/${orderId}${screen}`, { method: "POST", body: new URLSearchParams(fields) });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as { kind: string; message?: string; refusal?: { fieldErrors: Record<string, string> } } };
}

/** Posts from the screen and counts the order's reads meanwhile. */
async function countedPost(orderId: string, fields: Record<string, string>, screen = "") {
  reads.length = 0;
  settingsReads.length = 0;
  watched = orderId;
  try {
    return { ...(await postScreen(orderId, fields, screen)), reads: [...reads], settingsReads: [...settingsReads] };
  } finally {
    watched = null;
  }
}

describe("one click on the order screen reads the order once, and the shop's settings once", () => {
  it("confirm, receive and complete (cost sync staged, then applied by the worker) each read it once", async () => {
    const order = await sentOrder();
    const [a, b] = order.lineIds;

    const confirmed = await countedPost(order.id, {
      intent: "confirm_lines",
      version: String(order.version),
      [`confirmed.${a}`]: "5",
      [`confirmed.${b}`]: "3",
    });
    expect(confirmed.body).toMatchObject({ kind: "done", message: expect.stringContaining("Confirmation saved.") });
    expect(confirmed.reads).toHaveLength(1);
    expect(confirmed.settingsReads).toHaveLength(1);

    const received = await countedPost(order.id, {
      intent: "receive",
      version: String(order.version + 1),
      [`received.${a}`]: "5",
      [`rejected.${a}`]: "",
      [`received.${b}`]: "3",
      [`reason.${b}`]: "",
      note: "Pallet 1",
    });
    expect(received.body).toMatchObject({ kind: "done", message: expect.stringContaining("Receipt booked.") });
    expect(received.reads).toHaveLength(1);
    expect(received.settingsReads).toHaveLength(1);

    const completed = await countedPost(order.id, { intent: "complete", version: String(order.version + 2) });
    expect(completed.body).toMatchObject({ kind: "done", message: expect.stringContaining("Completing: Shopify is being told the unit costs") });
    expect(completed.reads).toHaveLength(1);
    expect(completed.settingsReads).toHaveLength(1);
    const status = async () => (await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id } })).status;
    expect(await status()).toBe("received");
    // The worker writes the unit costs, then completes the order.
    await drainEffects(f.db, SHOP, f.gateway);
    expect(await status()).toBe("completed");
  });

  it("a receive from the receiving screen (its submit, one line under two intake reasons) reads it once", async () => {
    const order = await sentOrder();
    const [a, b] = order.lineIds;
    // The count as the screen saves it: 5 arrived on the first line, 4 accepted and 1 damaged (returned).
    const draft = {
      lines: [
        {
          line_id: a,
          splits: [
            { intake_reason: "accepted", quantity: 4 },
            { intake_reason: "damaged_returned", quantity: 1 },
          ],
        },
        { line_id: b, quantity_delivered: 3, quantity_returned: 0, intake_reason: "accepted" },
      ],
      note: null,
      delivered_at: null,
    };
    const saved = await postScreen(order.id, { intent: "save", draft: JSON.stringify(draft) }, "/receive");
    expect(saved.body).toMatchObject({ kind: "saved", created: true });

    const submitted = await countedPost(order.id, { intent: "submit" }, "/receive");
    expect(submitted.body).toMatchObject({ kind: "left", message: "Delivery #1 submitted and booked on the order" });
    expect(submitted.reads).toHaveLength(1);
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("received");
  });

  it("the preview of an action reads it once too", async () => {
    const order = await sentOrder();
    reads.length = 0;
    settingsReads.length = 0;
    watched = order.id;
    const query = new URLSearchParams({ intent: "receive", version: String(order.version), [`received.${order.lineIds[0]}`]: "2" });
    const response = await fetch(`${f.server.origin}/app/purchase-orders/${order.id}/preview?${query}`);
    watched = null;
    expect(await response.json()).toMatchObject({ ok: true });
    expect(reads).toHaveLength(1);
    expect(settingsReads).toHaveLength(1);
  });
});

describe("a REST action answers from the state it saved", () => {
  it("reads the order once to act and once for what the saved state does not hold (payments, supplier fields), with the same totals as a fresh read", async () => {
    const order = await sentOrder();
    reads.length = 0;
    watched = order.id;
    const confirmed = await f.writer.call("confirm_purchase_order", {
      params: { id: order.id },
      body: { lines: [{ line_id: order.lineIds[0], confirmed: 4 }] },
    });
    watched = null;
    expect(confirmed.status).toBe(200);
    expect(reads).toHaveLength(2);
    const fresh = await f.writer.call("get_purchase_order", { params: { id: order.id } });
    expect(confirmed.body.purchase_order).toEqual(fresh.body);
  });
});

describe("the same bad input is refused the same way by the screen, REST and MCP", () => {
  it.each([
    ["a note of 2001 characters", { note: "x".repeat(MAX_RECEIPT_NOTE_LENGTH + 1) }, "note", "note"],
    ["-1 received", { received: "-1" }, "received.<line>", "lines.0.received"],
  ] as const)("%s", async (_, bad, screenField, apiField) => {
    const order = await sentOrder();
    const line = order.lineIds[0]!;
    const before = await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id }, select: { version: true } });

    const screen = await postScreen(order.id, {
      intent: "receive",
      version: String(order.version),
      [`received.${line}`]: "received" in bad ? bad.received : "1",
      ...("note" in bad ? { note: bad.note } : {}),
    });
    const body = {
      lines: [{ line_id: line, received: "received" in bad ? Number(bad.received) : 1 }],
      ...("note" in bad ? { note: bad.note } : {}),
    };
    const rest = await f.writer.call("receive_purchase_order", { params: { id: order.id }, body });
    const tool = await toolAnswer(mcp, "receive_purchase_order", { id: order.id, ...body });

    const screenName = screenField.replace("<line>", line);
    expect(screen.status).toBe(400);
    expect(Object.keys(screen.body.refusal!.fieldErrors)).toEqual([screenName]);
    expect(rest.status).toBe(422);
    expect(rest.error?.field).toBe(apiField);
    expect(tool.status).toBe(422);
    expect(tool.error?.field).toBe(apiField);
    // One schema judged all three: the same words.
    expect(rest.error?.fields?.[apiField]).toBe(screen.body.refusal!.fieldErrors[screenName]);
    expect(tool.error?.fields?.[apiField]).toBe(screen.body.refusal!.fieldErrors[screenName]);
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id }, select: { version: true } })).version).toBe(before.version);
  });
});
