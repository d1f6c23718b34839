import { describe, expect, it } from "vitest";

import { purchaseOrderDocumentUri, type PlannedEffect } from "../effects";
import { DEFAULT_SETTINGS, type ShopSettingsValues } from "../settings";
import { holdingsInQuestion, planEffects, type EffectPlanInput, type OtherOrderHolding } from "./effect-plan";
import { testDraftOrder, testLine } from "./fixtures";
import { decide, type LifecycleCommand } from "./lifecycle";
import type { PurchaseOrderState } from "./order";

/** The pure plan of Shopify effects for one change: what, in which order, and only the difference. */

let minute = 0;
function step(order: PurchaseOrderState, command: LifecycleCommand, autoSyncOnReceive = false) {
  minute += 1;
  let id = 0;
  return decide(order, command, { now: new Date(Date.UTC(2026, 0, 1, 0, minute)), newId: () => `n${minute}-${++id}`, autoSyncOnReceive });
}

const LOCATION = "gid://shopify/Location/1";
const item = (id: string) => `gid://shopify/InventoryItem/${id}`;
const product = (id: string) => `gid://shopify/Product/${id}`;

function plan(before: PurchaseOrderState, command: LifecycleCommand, overrides: Partial<EffectPlanInput> = {}) {
  const decision = step(before, command, overrides.settings?.autoSyncOnReceive ?? false);
  return {
    decision,
    plan: planEffects({
      before,
      next: decision.next,
      action: decision.audit.action,
      ...(decision.incomingCorrection ? { incomingCorrection: decision.incomingCorrection } : {}),
      settings: DEFAULT_SETTINGS,
      heldIncoming: [],
      otherOrders: [],
      supplierName: "Acme",
      ...overrides,
    }),
  };
}

const kinds = (effects: PlannedEffect[]) => effects.map((effect) => effect.kind);
const draft = () =>
  testDraftOrder([
    testLine("a", 10),
    testLine("b", 4),
    testLine("c", 2, { kind: "custom", variantId: null, inventoryItemId: null, productId: null }),
  ]);
const sent = () => step(draft(), { action: "send", via: "manual" }).next;
const held = [
  { inventoryItemId: item("a"), locationId: LOCATION, quantity: 10 },
  { inventoryItemId: item("b"), locationId: LOCATION, quantity: 4 },
];

describe("planEffects", () => {
  it("Send: incoming for variant lines only (custom lines never touch Shopify), then the product tag", () => {
    const { plan: result } = plan(draft(), { action: "send", via: "manual" });
    expect(kinds(result.effects)).toEqual(["adjust_incoming", "add_tags"]);
    expect(result.effects[0]).toEqual({
      kind: "adjust_incoming",
      payload: {
        referenceDocumentUri: purchaseOrderDocumentUri("po-1"),
        changes: [
          { inventoryItemId: item("a"), locationId: LOCATION, delta: 10 },
          { inventoryItemId: item("b"), locationId: LOCATION, delta: 4 },
        ],
      },
    });
    expect(result.effects[1]).toEqual({
      kind: "add_tags",
      payload: {
        items: [
          { id: product("a"), tags: ["on-purchase-order"] },
          { id: product("b"), tags: ["on-purchase-order"] },
        ],
      },
    });
    expect(result.ledger.map((position) => position.quantity)).toEqual([10, 4]);
  });

  it("pushes only the difference from what the order already holds", () => {
    const { plan: result } = plan(sent(), { action: "confirm_lines", lines: [{ lineId: "a", confirmed: 7 }] }, { heldIncoming: held });
    expect(result.effects).toEqual([
      {
        kind: "adjust_incoming",
        payload: {
          referenceDocumentUri: purchaseOrderDocumentUri("po-1"),
          changes: [{ inventoryItemId: item("a"), locationId: LOCATION, delta: -3 }],
        },
      },
    ]);
  });

  it("with incoming tracking off: no incoming and no ledger change, tags still follow the status", () => {
    const settings: ShopSettingsValues = { ...DEFAULT_SETTINGS, incomingTracking: false };
    const { plan: result } = plan(draft(), { action: "send", via: "manual" }, { settings });
    expect(kinds(result.effects)).toEqual(["add_tags"]);
    expect(result.ledger).toEqual([]);
  });

  it("a manual receipt changes nothing in Shopify until synced; the sync pushes on hand before incoming", () => {
    const receive: LifecycleCommand = { action: "receive", lines: [{ lineId: "a", received: 6, rejected: 0, cancelled: 0, reason: "accepted" }] };
    const { decision, plan: manual } = plan(sent(), receive, { heldIncoming: held });
    expect(manual.effects).toEqual([]);
    const { plan: synced } = plan(decision.next, { action: "sync_to_shopify" }, { heldIncoming: held });
    expect(synced.effects).toEqual([
      {
        kind: "adjust_on_hand",
        payload: {
          referenceDocumentUri: purchaseOrderDocumentUri("po-1"),
          changes: [{ inventoryItemId: item("a"), locationId: LOCATION, delta: 6 }],
        },
      },
      {
        kind: "adjust_incoming",
        payload: {
          referenceDocumentUri: purchaseOrderDocumentUri("po-1"),
          changes: [{ inventoryItemId: item("a"), locationId: LOCATION, delta: -6 }],
        },
      },
    ]);
  });

  it("an un-received synced receipt compensates on hand and restores incoming", () => {
    const settings = { ...DEFAULT_SETTINGS, autoSyncOnReceive: true };
    const received = step(
      sent(),
      { action: "receive", lines: [{ lineId: "b", received: 4, rejected: 0, cancelled: 0, reason: "accepted" }] },
      true,
    ).next;
    const { plan: result } = plan(
      received,
      { action: "unreceive", bookingId: received.bookings[0]!.id },
      {
        settings,
        heldIncoming: [held[0]!],
      },
    );
    // (Back in Sent, the apply status of the default tag rule: the tag is applied again, harmlessly.)
    const inventory = result.effects.filter((effect) => effect.kind === "adjust_on_hand" || effect.kind === "adjust_incoming");
    expect(inventory.map((effect) => [effect.kind, "changes" in effect.payload ? effect.payload.changes : null])).toEqual([
      ["adjust_on_hand", [{ inventoryItemId: item("b"), locationId: LOCATION, delta: -4 }]],
      ["adjust_incoming", [{ inventoryItemId: item("b"), locationId: LOCATION, delta: 4 }]],
    ]);
  });

  it("Sync reset leaves Shopify untouched", () => {
    const received = step(
      sent(),
      { action: "receive", lines: [{ lineId: "a", received: 2, rejected: 0, cancelled: 0, reason: "accepted" }] },
      true,
    ).next;
    const { plan: result } = plan(received, { action: "reset_sync" }, { heldIncoming: [{ ...held[0]!, quantity: 8 }, held[1]!] });
    expect(result).toEqual({ ledger: [], effects: [] });
  });

  it("an incoming adjustment is sent for the order's document without changing its ledger", () => {
    const completed = step(sent(), { action: "quick_complete" }).next;
    const { plan: result } = plan(completed, { action: "adjust_incoming", inventoryItemId: item("a"), delta: -2 });
    expect(result.ledger).toEqual([]);
    expect(result.effects).toEqual([
      {
        kind: "adjust_incoming",
        payload: {
          referenceDocumentUri: purchaseOrderDocumentUri("po-1"),
          changes: [{ inventoryItemId: item("a"), locationId: LOCATION, delta: -2 }],
        },
      },
    ]);
  });

  it("splits more than 250 inventory changes into one effect per 250", () => {
    const lines = Array.from({ length: 260 }, (_, index) => testLine(`l${index}`, 1));
    const { plan: result } = plan(testDraftOrder(lines), { action: "send", via: "manual" }, { settings: { ...DEFAULT_SETTINGS, tagRules: [] } });
    expect(result.effects.map((effect) => ("changes" in effect.payload ? effect.payload.changes.length : 0))).toEqual([250, 10]);
  });
});

describe("tag rules", () => {
  const other = (status: OtherOrderHolding["status"], ...ids: string[]): OtherOrderHolding => ({
    status,
    productIds: ids.map(product),
    variantIds: [],
  });

  it("protected removal keeps the tag on products another active order holds", () => {
    const { plan: result } = plan(
      sent(),
      { action: "cancel" },
      { heldIncoming: held, otherOrders: [other("confirmed", "a"), other("completed", "b")] },
    );
    expect(result.effects.find((effect) => effect.kind === "remove_tags")).toEqual({
      kind: "remove_tags",
      payload: { items: [{ id: product("b"), tags: ["on-purchase-order"] }] },
    });
  });

  it("'always' removes regardless of other orders", () => {
    const settings = { ...DEFAULT_SETTINGS, tagRules: [{ ...DEFAULT_SETTINGS.tagRules[0]!, removalPolicy: "always" as const }] };
    const { plan: result } = plan(sent(), { action: "cancel" }, { settings, heldIncoming: held, otherOrders: [other("sent", "a", "b")] });
    expect(result.effects.find((effect) => effect.kind === "remove_tags")?.payload).toEqual({
      items: [
        { id: product("a"), tags: ["on-purchase-order"] },
        { id: product("b"), tags: ["on-purchase-order"] },
      ],
    });
  });

  it("a line added while the order holds the tag tags its product; statuses without a trigger change no tags", () => {
    const line = { ...testLine("d", 1), id: undefined } as unknown as Omit<ReturnType<typeof testLine>, "id" | "confirmed">;
    const { plan: added } = plan(sent(), { action: "add_line", line }, { heldIncoming: held });
    expect(added.effects.find((effect) => effect.kind === "add_tags")?.payload).toEqual({
      items: [{ id: product("d"), tags: ["on-purchase-order"] }],
    });
    const { plan: paused } = plan(sent(), { action: "pause" }, { heldIncoming: held });
    expect(kinds(paused.effects)).toEqual([]);
  });
});

describe("write-back rules", () => {
  const settings: ShopSettingsValues = {
    ...DEFAULT_SETTINGS,
    tagRules: [],
    writeBackRules: [
      { kind: "value", namespace: "inbound", key: "arrival", owner: "product", field: "expectedArrivalAt", triggerStatuses: ["sent"] },
      { kind: "value", namespace: "inbound", key: "supplier", owner: "variant", field: "supplierName", triggerStatuses: ["sent"] },
      { kind: "boolean", namespace: "inbound", key: "on_order", owner: "product", trueStatuses: ["sent"], falseStatuses: ["cancelled"] },
    ],
  };

  it("writes values on trigger statuses (an empty field is skipped) and TRUE on a TRUE status", () => {
    const withDate = testDraftOrder([testLine("a", 1)]);
    // Any day: the metafield holds the arrival's calendar day (UTC).
    const arrival = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 15, 10));
    withDate.header.expectedArrivalAt = arrival;
    const { plan: result } = plan(withDate, { action: "send", via: "manual" }, { settings });
    expect(result.effects.at(-1)).toEqual({
      kind: "set_metafields",
      payload: {
        metafields: [
          { ownerId: product("a"), namespace: "inbound", key: "arrival", type: "date", value: arrival.toISOString().slice(0, 10) },
          { ownerId: "gid://shopify/ProductVariant/a", namespace: "inbound", key: "supplier", type: "single_line_text_field", value: "Acme" },
          { ownerId: product("a"), namespace: "inbound", key: "on_order", type: "boolean", value: "true" },
        ],
      },
    });
    const { plan: noDate } = plan(testDraftOrder([testLine("a", 1)]), { action: "send", via: "manual" }, { settings });
    const written = noDate.effects.flatMap((effect) => (effect.kind === "set_metafields" ? effect.payload.metafields.map((m) => m.key) : []));
    expect(written).toEqual(["supplier", "on_order"]);
  });

  it("a boolean stays TRUE while another order holds the product in a TRUE status", () => {
    const otherOrders = [{ status: "sent" as const, productIds: [product("a")], variantIds: [] }];
    const { plan: result } = plan(sent(), { action: "cancel" }, { settings, heldIncoming: held, otherOrders });
    expect(result.effects.at(-1)).toEqual({
      kind: "set_metafields",
      payload: { metafields: [{ ownerId: product("b"), namespace: "inbound", key: "on_order", type: "boolean", value: "false" }] },
    });
  });
});

describe("holdingsInQuestion: what other orders must be asked about", () => {
  const booleanRule = {
    kind: "boolean" as const,
    namespace: "inbound",
    key: "on_order",
    trueStatuses: ["sent" as const],
    falseStatuses: ["cancelled" as const],
  };
  const ask = (before: PurchaseOrderState, command: LifecycleCommand, settings: ShopSettingsValues = DEFAULT_SETTINGS) => {
    const decision = step(before, command);
    return holdingsInQuestion({ before, next: decision.next, settings });
  };

  it("nothing for a change that removes no tag and writes no FALSE (send, confirm all, pause)", () => {
    expect(ask(draft(), { action: "send", via: "manual" })).toEqual({ productIds: [], variantIds: [] });
    expect(ask(sent(), { action: "confirm_all" })).toEqual({ productIds: [], variantIds: [] });
    expect(ask(sent(), { action: "pause" })).toEqual({ productIds: [], variantIds: [] });
  });

  it("the order's products when a protected tag would be removed (custom lines have none)", () => {
    expect(ask(sent(), { action: "cancel" })).toEqual({ productIds: [product("a"), product("b")], variantIds: [] });
  });

  it("nothing when the tag is removed whatever other orders hold ('always')", () => {
    const settings = { ...DEFAULT_SETTINGS, tagRules: [{ ...DEFAULT_SETTINGS.tagRules[0]!, removalPolicy: "always" as const }] };
    expect(ask(sent(), { action: "cancel" }, settings)).toEqual({ productIds: [], variantIds: [] });
  });

  it("the owners of a boolean write-back moving to a FALSE status, products or variants as the rule says", () => {
    const settings = { ...DEFAULT_SETTINGS, tagRules: [], writeBackRules: [{ ...booleanRule, owner: "variant" as const }] };
    expect(ask(sent(), { action: "cancel" }, settings)).toEqual({
      productIds: [],
      variantIds: ["gid://shopify/ProductVariant/a", "gid://shopify/ProductVariant/b"],
    });
    expect(ask(sent(), { action: "pause" }, settings)).toEqual({ productIds: [], variantIds: [] });
  });
});
