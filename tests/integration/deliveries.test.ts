import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { GuardrailError, NotFoundError, ValidationError } from "~/domain/errors";
import type { LifecycleCommand } from "~/domain/purchase-order/lifecycle";
import { DEFAULT_SETTINGS, type ShopSettingsValues } from "~/domain/settings";
import {
  cancelDelivery,
  creditDeliveryReturns,
  createDelivery,
  getDelivery,
  listDeliveries,
  openDraftDelivery,
  previewDelivery,
  saveDeliveryDraft,
  submitDelivery,
  updateDeliveryNote,
  type DeliveryLineInput,
} from "~/services/deliveries.server";
import { lineQuantities } from "~/domain/purchase-order/quantities";
import { loadOrderState } from "~/services/purchase-order-lifecycle.server";
import { createDraftPurchaseOrder } from "~/services/purchase-orders.server";
import { saveSettings } from "~/services/settings.server";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";
import { createLocalDiskStorage } from "~/services/storage/local-disk.server";

import {
  actAndApply,
  applyEffects,
  incomingHeld,
  inventoryLevel,
  sentOrder as sentOrderIn,
  startEffectsShop,
  type EffectsShop,
} from "../support/effects-shop";
import { standinShop } from "../support/shopify";

/**
 * Receiving at the dock, through the real pipeline: deliveries drafted and submitted against a
 * real SQLite file, variants resolved in the stand-in over HTTP, and the effects a submit stages
 * applied by the worker, so the stand-in's quantities are what the merchant would see.
 */
const SHOP = "dock.myshopify.com";
const NEIGHBOUR = "neighbour-dock.myshopify.com";
const actor = { type: "merchant", id: "staff-1" } as const;
let shop: EffectsShop;
let db: PrismaClient;
let gateway: ShopifyGateway;

beforeAll(async () => {
  shop = await startEffectsShop(
    SHOP,
    ["Lantern", "Kettle", "Tent"].map((title, index) => ({
      title,
      vendor: "Acme",
      variants: [
        { sku: `D${index}-S`, barcode: `40000000000${index}1`, price: "20", unitCost: "1.00" },
        { sku: `D${index}-L`, barcode: `40000000000${index}2`, price: "30", unitCost: "1.50" },
      ],
    })),
  );
  ({ db, gateway } = shop);
  await standinShop(shop.standin, db, NEIGHBOUR, [{ title: "Elsewhere", vendor: "Acme", variants: [{ sku: "N-1", price: "1" }] }]);
});
afterAll(() => shop.close());
beforeEach(async () => {
  await settings({});
});

async function settings(changes: Partial<ShopSettingsValues>) {
  await saveSettings(db, SHOP, actor, { ...DEFAULT_SETTINGS, ...changes });
}

const variant = (product: number, index: number) => shop.products[product]!.variants[index]!;
const sentOrder = (lines: Array<[number, number, number]>) => sentOrderIn(shop, actor, lines);
const act = (orderId: string, command: LifecycleCommand) => actAndApply(shop, actor, orderId, command);
const drain = () => applyEffects(shop);
/** A receipt's lines in a stable order: the database returns them in any. */
const byReason = <T extends { lineId: string; reason: string | null }>(lines: readonly T[]) =>
  [...lines].sort((a, b) => `${a.lineId} ${a.reason}`.localeCompare(`${b.lineId} ${b.reason}`));

function line(overrides: Partial<DeliveryLineInput>): DeliveryLineInput {
  return { lineId: null, variantId: null, quantityDelivered: 0, quantityReturned: 0, unitPrice: null, discount: "0", intakeReason: 0, ...overrides };
}

/** A saved draft on the order with these lines. */
async function draftWith(orderId: string, lines: DeliveryLineInput[], options: { note?: string; deliveredAt?: string } = {}) {
  const delivery = await createDelivery(db, SHOP, actor, orderId);
  return saveDeliveryDraft({ db, gateway }, SHOP, actor, delivery.id, {
    lines,
    note: options.note ?? null,
    deliveredAt: options.deliveredAt ?? null,
  });
}

const submit = (deliveryId: string, deliveredAt: string | null = null, on: PrismaClient = db) =>
  submitDelivery({ db: on, gateway }, SHOP, actor, deliveryId, { deliveredAt });

const available = (product: number, index: number) => inventoryLevel(shop, product, index).stored.available;
const incoming = (orderId: string, product: number, index: number) => incomingHeld(shop, orderId, product, index);

async function rejection<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

/** Everything a submit could have written to the order, to show that a refused one wrote none of it. */
async function orderFootprint(orderId: string) {
  const order = await loadOrderState(db, SHOP, orderId);
  return {
    version: order.version,
    status: order.status,
    lines: order.lines.length,
    bookings: order.bookings.length,
    effects: await db.shopifyEffect.count({ where: { purchaseOrderId: orderId } }),
    ledger: await db.incomingLedger.findMany({ where: { purchaseOrderId: orderId }, orderBy: { inventoryItemId: "asc" } }),
  };
}

describe("deliveries", () => {
  it("create → save → submit books the receipt; the order goes Partially received, then Received", async () => {
    const order = await sentOrder([
      [0, 0, 10],
      [0, 1, 4],
    ]);
    const [first, second] = order.lines;
    const draft = await draftWith(
      order.id,
      [
        line({ lineId: first!.id, quantityDelivered: 6 }),
        line({ lineId: first!.id, quantityReturned: 2, intakeReason: 3 }),
        line({ lineId: second!.id, intakeReason: 1 }),
      ],
      { note: " Pallet 1 ", deliveredAt: "2026-11-20T10:00" },
    );
    expect(draft).toMatchObject({ number: 1, status: "draft", note: "Pallet 1", deliveredAt: "2026-11-20T10:00:00.000Z", submittedAt: null });
    expect(draft.lines.map((entry) => [entry.sku, entry.barcode, entry.unitPrice, entry.reasonLabel, entry.notOrdered])).toEqual([
      ["D0-S", "4000000000001", "4", "Accepted", false],
      ["D0-S", "4000000000001", "4", "Damaged (returned)", false],
      ["D0-L", "4000000000002", "4", "Not delivered", false],
    ]);

    const { delivery, stagedEffects } = await submit(draft.id);
    expect(delivery).toMatchObject({ status: "submitted", deliveredAt: "2026-11-20T10:00:00.000Z" });
    expect(delivery.submittedAt).not.toBeNull();
    expect(stagedEffects.length).toBeGreaterThan(0);
    const booked = await loadOrderState(db, SHOP, order.id);
    expect(booked.status).toBe("partially_received");
    const receipt = booked.bookings.find((booking) => booking.id === delivery.bookingId)!;
    expect(receipt).toMatchObject({ kind: "receipt", note: "Delivery #1", locationId: shop.locationId });
    expect(byReason(receipt.lines)).toEqual([
      { lineId: first!.id, received: 6, rejected: 0, cancelled: 0, reason: "accepted" },
      { lineId: first!.id, received: 0, rejected: 2, cancelled: 0, reason: "damaged_returned" },
    ]);
    await drain();
    // Not synced (auto-sync off): received units stay incoming until synced; the returned ones leave it.
    expect(incoming(order.id, 0, 0)).toBe(8);

    const rest = await draftWith(order.id, [
      line({ lineId: first!.id, quantityDelivered: 2 }),
      line({ lineId: second!.id, quantityDelivered: 4, intakeReason: 12 }),
    ]);
    expect(rest.number).toBe(2);
    await submit(rest.id, "2026-11-21");
    expect((await loadOrderState(db, SHOP, order.id)).status).toBe("received");
    expect((await getDelivery(db, SHOP, rest.id)).deliveredAt).toBe("2026-11-21T00:00:00.000Z");
    expect((await listDeliveries(db, SHOP, order.id)).map((entry) => [entry.number, entry.status])).toEqual([
      [1, "submitted"],
      [2, "submitted"],
    ]);
    const audit = await db.auditEntry.findMany({ where: { purchaseOrderId: order.id }, orderBy: { createdAt: "asc" }, select: { action: true } });
    expect(audit.map((entry) => entry.action).filter((action) => action.includes("delivery") || action === "receive")).toEqual([
      "create_delivery",
      "save_delivery",
      "receive",
      "submit_delivery",
      "create_delivery",
      "save_delivery",
      "receive",
      "submit_delivery",
    ]);
  });

  it("a variant the order does not have becomes a not-ordered line and is booked; one sent back books nothing", async () => {
    const order = await sentOrder([[1, 0, 5]]);
    const draft = await draftWith(order.id, [
      line({ lineId: order.lines[0]!.id, quantityDelivered: 5 }),
      line({ variantId: variant(1, 1).variantId, quantityDelivered: 3, intakeReason: 6, unitPrice: "2.75" }),
      line({ variantId: variant(2, 0).variantId, quantityReturned: 2, intakeReason: 5 }),
    ]);
    expect(draft.lines.map((entry) => [entry.lineId, entry.sku, entry.unitPrice, entry.notOrdered])).toEqual([
      [order.lines[0]!.id, "D1-S", "4", false],
      [null, "D1-L", "2.75", true],
      // No price given: the variant's Shopify unit cost (the supplier's catalogue has none).
      [null, "D2-S", "1", true],
    ]);

    const preview = await previewDelivery({ db }, SHOP, draft.id);
    expect(preview.booked.map((entry) => [entry.sku, entry.received, entry.rejected, entry.newLine])).toEqual([
      ["D1-S", 5, 0, false],
      ["D1-L", 3, 0, true],
    ]);

    const { delivery } = await submit(draft.id);
    const after = await loadOrderState(db, SHOP, order.id);
    const added = after.lines.find((entry) => entry.variantId === variant(1, 1).variantId)!;
    expect(added).toMatchObject({ notOrdered: true, ordered: 3, unitCost: "2.75", sku: "D1-L", inventoryItemId: variant(1, 1).inventoryItemId });
    expect(after.lines).toHaveLength(2);
    expect(after.status).toBe("received");
    expect(after.bookings.find((booking) => booking.id === delivery.bookingId)!.lines).toEqual([
      { lineId: order.lines[0]!.id, received: 5, rejected: 0, cancelled: 0, reason: "accepted" },
      { lineId: added.id, received: 3, rejected: 0, cancelled: 0, reason: "wrongly_delivered_accepted" },
    ]);
    expect(delivery.lines.map((entry) => [entry.lineId, entry.notOrdered])).toEqual([
      [order.lines[0]!.id, false],
      [added.id, true],
      [null, true],
    ]);
  });

  it("refuses a submit after deliveries were closed, and a new delivery too; the draft stays a draft", async () => {
    const order = await sentOrder([[2, 1, 6]]);
    const draft = await draftWith(order.id, [line({ lineId: order.lines[0]!.id, quantityDelivered: 2 })]);
    await act(order.id, { action: "close_deliveries" });
    const before = await orderFootprint(order.id);

    const refused = await rejection(submit(draft.id), GuardrailError);
    expect(refused.rule).toBe("deliveries_closed");
    expect(refused.message).toMatch(/closed on \d{4}-\d{2}-\d{2}: no further delivery can be registered/);
    expect((await rejection(createDelivery(db, SHOP, actor, order.id), GuardrailError)).rule).toBe("deliveries_closed");
    expect((await getDelivery(db, SHOP, draft.id)).status).toBe("draft");
    expect(await orderFootprint(order.id)).toEqual(before);
  });

  it("opening the order's draft from two screens at once gives both the same one; an order without a draft gets a new one", async () => {
    const order = await sentOrder([[0, 0, 5]]);

    const [first, second] = await Promise.all([openDraftDelivery(db, SHOP, actor, order.id), openDraftDelivery(db, SHOP, actor, order.id)]);

    expect(first!.id).toBe(second!.id);
    expect([first!.created, second!.created].sort()).toEqual([false, true]);
    expect(await db.delivery.count({ where: { purchaseOrderId: order.id } })).toBe(1);
    expect(await openDraftDelivery(db, SHOP, actor, order.id)).toEqual({ id: first!.id, number: 1, created: false });
  });

  it("refuses deliveries on an order that was not sent", async () => {
    const draftOrder = await createDraftPurchaseOrder({ db, gateway }, SHOP, actor, {
      supplierId: shop.supplierId,
      locationId: shop.locationId,
      note: "",
      lines: [{ variantId: variant(0, 0).variantId, quantity: "1", unitCost: "1" }],
    });
    expect((await rejection(createDelivery(db, SHOP, actor, draftOrder.id), GuardrailError)).rule).toBe("order_not_sent");
  });

  it("cancels a draft for good (lines and file rows with it), never a submitted delivery", async () => {
    const order = await sentOrder([[0, 1, 3]]);
    const draft = await draftWith(order.id, [line({ lineId: order.lines[0]!.id, quantityDelivered: 1 })]);
    const storageDir = mkdtempSync(path.join(tmpdir(), "inbound-files-"));
    const storage = createLocalDiskStorage(storageDir);
    const storageKey = `delivery-files/test/${draft.id}/note`;
    await storage.put(storageKey, Buffer.from("%PDF-1.4"));
    await db.deliveryFile.create({
      data: { deliveryId: draft.id, fileName: "note.pdf", contentType: "application/pdf", size: 8, storageKey, sha256: "0" },
    });
    await cancelDelivery({ db, storage }, SHOP, actor, draft.id);
    expect(await storage.get(storageKey), "the file's bytes go with the draft").toBeNull();
    rmSync(storageDir, { recursive: true, force: true });
    await rejection(getDelivery(db, SHOP, draft.id), NotFoundError);
    expect(await db.deliveryLine.count({ where: { deliveryId: draft.id } })).toBe(0);
    expect(await db.deliveryFile.count({ where: { deliveryId: draft.id } })).toBe(0);

    const submitted = await draftWith(order.id, [line({ lineId: order.lines[0]!.id, quantityDelivered: 1 })]);
    await submit(submitted.id);
    const refused = await rejection(cancelDelivery({ db, storage }, SHOP, actor, submitted.id), GuardrailError);
    expect(refused.rule).toBe("delivery_submitted");
    expect(refused.allowed).toEqual(["update_delivery_note", "credit_returns"]);
    expect((await getDelivery(db, SHOP, submitted.id)).status).toBe("submitted");
    const actions = await db.auditEntry.findMany({ where: { purchaseOrderId: order.id, action: "cancel_delivery" } });
    expect(actions).toHaveLength(1);
  });

  it("two returned reasons split on one line: each part kept and booked under its own reason; the same reason twice is refused, naming the part", async () => {
    const order = await sentOrder([[1, 0, 8]]);
    const lineId = order.lines[0]!.id;
    const splits = [
      { intakeReason: 0, quantity: 3 },
      { intakeReason: 3, quantity: 1 },
      { intakeReason: 4, quantity: 2 },
    ];
    const draft = await draftWith(order.id, [line({ lineId, quantityDelivered: 3, quantityReturned: 3, splits })]);
    expect(draft.lines[0]!.splits.map((part) => [part.reasonLabel, part.quantity])).toEqual([
      ["Accepted", 3],
      ["Damaged (returned)", 1],
      ["Quality issue (returned)", 2],
    ]);
    const { delivery } = await submit(draft.id);
    const after = await loadOrderState(db, SHOP, order.id);
    const receipt = after.bookings.find((booking) => booking.id === delivery.bookingId)!;
    expect(byReason(receipt.lines)).toEqual([
      { lineId, received: 3, rejected: 0, cancelled: 0, reason: "accepted" },
      { lineId, received: 0, rejected: 1, cancelled: 0, reason: "damaged_returned" },
      { lineId, received: 0, rejected: 2, cancelled: 0, reason: "quality_issue_returned" },
    ]);
    expect(lineQuantities(after.lines[0]!, after.bookings)).toMatchObject({ received: 3, rejected: 3, pending: 2 });
    expect((await getDelivery(db, SHOP, delivery.id)).lines[0]!.splits.map((part) => [part.intakeReason, part.quantity])).toEqual([
      [0, 3],
      [3, 1],
      [4, 2],
    ]);

    const twice = await createDelivery(db, SHOP, actor, order.id);
    const sameReason = [
      { intakeReason: 3, quantity: 1 },
      { intakeReason: 3, quantity: 1 },
    ];
    const refused = await rejection(
      saveDeliveryDraft({ db, gateway }, SHOP, actor, twice.id, {
        lines: [line({ lineId, quantityReturned: 2, intakeReason: 3, splits: sameReason })],
        note: null,
        deliveredAt: null,
      }),
      ValidationError,
    );
    expect(refused.fieldErrors["lines.0.splits.1.intakeReason"]).toContain('"Damaged (returned)" is already a part of this line');
    expect((await getDelivery(db, SHOP, twice.id)).lines).toEqual([]);
  });

  it("a draft saved again and again as it is counted (the screen autosaves) is audited once; its submit is audited too", async () => {
    const order = await sentOrder([[1, 0, 6]]);
    const lineId = order.lines[0]!.id;
    const draft = await draftWith(order.id, [line({ lineId, quantityDelivered: 1 })]);
    for (const counted of [2, 3, 4]) {
      await saveDeliveryDraft({ db, gateway }, SHOP, actor, draft.id, {
        lines: [line({ lineId, quantityDelivered: counted })],
        note: null,
        deliveredAt: null,
      });
    }
    const other = await draftWith(order.id, []);
    await saveDeliveryDraft({ db, gateway }, SHOP, actor, other.id, { lines: [], note: "Second van", deliveredAt: null });
    await submit(draft.id);
    const audit = await db.auditEntry.findMany({
      where: { purchaseOrderId: order.id, action: { in: ["save_delivery", "submit_delivery"] } },
      orderBy: { createdAt: "asc" },
      select: { action: true, changes: true },
    });
    expect(audit.map((entry) => [entry.action, (JSON.parse(entry.changes ?? "{}") as { deliveryId: string }).deliveryId])).toEqual([
      ["save_delivery", draft.id],
      ["save_delivery", other.id],
      ["submit_delivery", draft.id],
    ]);
    // The last count is what was booked.
    expect((await getDelivery(db, SHOP, draft.id)).lines.map((entry) => entry.quantityDelivered)).toEqual([4]);
  });

  it("freezes a submitted delivery's lines; its note can still change", async () => {
    const order = await sentOrder([[1, 0, 3]]);
    const draft = await draftWith(order.id, [line({ lineId: order.lines[0]!.id, quantityDelivered: 1 })]);
    await submit(draft.id);
    const input = { lines: [line({ lineId: order.lines[0]!.id, quantityDelivered: 2 })], note: null, deliveredAt: null };
    expect((await rejection(saveDeliveryDraft({ db, gateway }, SHOP, actor, draft.id, input), GuardrailError)).rule).toBe("delivery_submitted");
    expect((await rejection(submit(draft.id), GuardrailError)).rule).toBe("delivery_submitted");

    const noted = await updateDeliveryNote(db, SHOP, actor, draft.id, "Driver signed at 10:05");
    expect(noted).toMatchObject({ status: "submitted", note: "Driver signed at 10:05" });
    expect(noted.lines.map((entry) => entry.quantityDelivered)).toEqual([1]);
    expect(await db.auditEntry.count({ where: { purchaseOrderId: order.id, action: "update_delivery_note" } })).toBe(1);
  });

  it("saves a draft all or nothing: every bad field named, the saved lines kept", async () => {
    const order = await sentOrder([[2, 0, 3]]);
    const lineId = order.lines[0]!.id;
    const draft = await draftWith(order.id, [line({ lineId, quantityDelivered: 1 })], { note: "first count" });
    const refused = await rejection(
      saveDeliveryDraft({ db, gateway }, SHOP, actor, draft.id, {
        lines: [
          line({ lineId, quantityDelivered: 2 }),
          line({ lineId, quantityDelivered: 0, intakeReason: 0 }),
          line({ variantId: "gid://shopify/ProductVariant/999999", quantityDelivered: 1 }),
        ],
        note: "second count",
        deliveredAt: "2026-13-01",
      }),
      ValidationError,
    );
    expect(Object.keys(refused.fieldErrors).sort()).toEqual(["deliveredAt", "lines.1.quantityDelivered", "lines.2.variantId"]);
    expect(await getDelivery(db, SHOP, draft.id)).toMatchObject({ note: "first count", lines: [{ quantityDelivered: 1 }] });
  });

  it("refuses more than is pending, saying how to record the extra units, and saves nothing", async () => {
    const order = await sentOrder([[0, 0, 4]]);
    const draft = await draftWith(order.id, [
      line({ variantId: variant(0, 1).variantId, quantityDelivered: 2, intakeReason: 10 }),
      line({ lineId: order.lines[0]!.id, quantityDelivered: 5 }),
    ]);
    const before = await orderFootprint(order.id);
    const refused = await rejection(submit(draft.id), ValidationError);
    expect(refused.fieldErrors["lines.1.quantityDelivered"]).toContain('with the reason "Delivered too much (accepted)"');
    expect(await orderFootprint(order.id)).toEqual(before);
    expect(await getDelivery(db, SHOP, draft.id)).toMatchObject({ status: "draft", bookingId: null, lines: [{ lineId: null }, {}] });
  });

  it("is one transaction: a failure after the order was booked leaves nothing behind", async () => {
    const order = await sentOrder([[1, 1, 4]]);
    const draft = await draftWith(order.id, [
      line({ variantId: variant(2, 1).variantId, quantityDelivered: 1, intakeReason: 8 }),
      line({ lineId: order.lines[0]!.id, quantityDelivered: 2 }),
    ]);
    const before = await orderFootprint(order.id);
    // The very last write of a submit fails: the new line, the receipt and the effects were written by then.
    const failing = db.$extends({
      query: {
        auditEntry: {
          create({ args, query }) {
            if (args.data.action === "submit_delivery") throw new Error("disk full");
            return query(args);
          },
        },
      },
    }) as unknown as PrismaClient;
    await expect(submit(draft.id, null, failing)).rejects.toThrow("disk full");
    expect(await orderFootprint(order.id)).toEqual(before);
    expect(await getDelivery(db, SHOP, draft.id)).toMatchObject({ status: "draft", bookingId: null, submittedAt: null });

    await submit(draft.id);
    expect((await orderFootprint(order.id)).lines).toBe(2);
  });

  it("with auto-sync on, the preview shows on hand per SKU and submitting moves the stand-in's available", async () => {
    await settings({ autoSyncOnReceive: true });
    const order = await sentOrder([
      [2, 0, 8],
      [2, 1, 2],
    ]);
    const availableBefore = [available(2, 0), available(2, 1), available(0, 1)];
    const draft = await draftWith(order.id, [
      line({ lineId: order.lines[0]!.id, quantityDelivered: 5 }),
      line({ lineId: order.lines[1]!.id, quantityReturned: 2, intakeReason: 4 }),
      line({ variantId: variant(0, 1).variantId, quantityDelivered: 1, intakeReason: 10 }),
    ]);

    const preview = await previewDelivery({ db }, SHOP, draft.id);
    expect(preview).toMatchObject({ statusFrom: "sent", statusTo: "partially_received", autoSyncOnReceive: true });
    expect(preview.onHand.map((change) => [change.sku, change.delta])).toEqual([
      ["D2-S", 5],
      ["D0-L", 1],
    ]);
    expect(preview.incoming.map((change) => [change.sku, change.delta])).toEqual([
      ["D2-S", -5],
      ["D2-L", -2],
    ]);
    expect(await db.shopifyEffect.count({ where: { purchaseOrderId: order.id, status: "staged" } })).toBe(0);

    const { stagedEffects } = await submit(draft.id);
    expect(stagedEffects).toHaveLength(await db.shopifyEffect.count({ where: { id: { in: stagedEffects } } }));
    await drain();
    expect([available(2, 0), available(2, 1), available(0, 1)]).toEqual([availableBefore[0]! + 5, availableBefore[1], availableBefore[2]! + 1]);
    expect([incoming(order.id, 2, 0), incoming(order.id, 2, 1), incoming(order.id, 0, 1)]).toEqual([3, 0, 0]);
  });

  it("keeps each shop's deliveries to itself", async () => {
    const order = await sentOrder([[0, 0, 2]]);
    const draft = await draftWith(order.id, [line({ lineId: order.lines[0]!.id, quantityDelivered: 1 })]);
    const input = { lines: [], note: null, deliveredAt: null };
    await rejection(getDelivery(db, NEIGHBOUR, draft.id), NotFoundError);
    await rejection(listDeliveries(db, NEIGHBOUR, order.id), NotFoundError);
    await rejection(createDelivery(db, NEIGHBOUR, actor, order.id), NotFoundError);
    await rejection(saveDeliveryDraft({ db, gateway }, NEIGHBOUR, actor, draft.id, input), NotFoundError);
    await rejection(previewDelivery({ db }, NEIGHBOUR, draft.id), NotFoundError);
    await rejection(submitDelivery({ db, gateway }, NEIGHBOUR, actor, draft.id, { deliveredAt: null }), NotFoundError);
    await rejection(updateDeliveryNote(db, NEIGHBOUR, actor, draft.id, "x"), NotFoundError);
    await rejection(cancelDelivery({ db, storage: createLocalDiskStorage(tmpdir()) }, NEIGHBOUR, actor, draft.id), NotFoundError);
    expect(await getDelivery(db, SHOP, draft.id)).toMatchObject({ status: "draft", note: null, lines: [{ quantityDelivered: 1 }] });
  });
});

describe("crediting returned goods", () => {
  it("creates one supplier credit worth the order's own returned units at their unit cost, when the merchant chooses", async () => {
    const order = await sentOrder([
      [0, 0, 6],
      [0, 1, 4],
    ]);
    const delivery = await draftWith(order.id, [
      line({ lineId: order.lines[0]!.id, quantityDelivered: 3 }),
      line({ lineId: order.lines[0]!.id, quantityReturned: 2, unitPrice: "4.25", intakeReason: 3 }),
      line({ lineId: order.lines[1]!.id, quantityReturned: 1, unitPrice: "10", intakeReason: 13 }),
      // Wrongly delivered, never on the order, sent straight back: the merchant never owed for it.
      line({ variantId: variant(2, 0).variantId, quantityReturned: 5, unitPrice: "30", intakeReason: 5 }),
    ]);
    await rejection(creditDeliveryReturns(db, SHOP, actor, delivery.id), GuardrailError).then((refused) =>
      expect(refused.rule).toBe("delivery_not_submitted"),
    );
    await submit(delivery.id);

    const credited = await creditDeliveryReturns(db, SHOP, actor, delivery.id);
    const credit = await db.supplierCredit.findUniqueOrThrow({ where: { id: credited.creditId! } });
    expect({ amount: credit.amount.toString(), source: credit.source, currency: credit.currencyCode }).toEqual({
      amount: "12", // (2 + 1) × 4.00, the lines' unit cost; the 5 wrongly delivered units are not credited
      source: "return",
      currency: "USD",
    });
    expect(credit.reference).toMatch(/^PO-\d{4} delivery #1$/);

    const twice = await rejection(creditDeliveryReturns(db, SHOP, actor, delivery.id), GuardrailError);
    expect(twice.rule).toBe("returns_already_credited");
    expect(await db.supplierCredit.count({ where: { reference: credit.reference } })).toBe(1);
  });

  it("is refused for a delivery that returned only goods never ordered, and for one whose receipt was un-received", async () => {
    const order = await sentOrder([[0, 0, 4]]);
    const strays = await draftWith(order.id, [line({ variantId: variant(2, 1).variantId, quantityReturned: 2, intakeReason: 5 })]);
    await submit(strays.id);
    const refused = await rejection(creditDeliveryReturns(db, SHOP, actor, strays.id), GuardrailError);
    expect(refused.rule).toBe("nothing_returned");
    expect(refused.message).toMatch(/never ordered: they go back without a credit/);

    const returned = await draftWith(order.id, [line({ lineId: order.lines[0]!.id, quantityReturned: 1, intakeReason: 3 })]);
    const { delivery } = await submit(returned.id);
    await act(order.id, { action: "unreceive", bookingId: delivery.bookingId! });
    expect((await rejection(creditDeliveryReturns(db, SHOP, actor, returned.id), GuardrailError)).rule).toBe("delivery_receipt_reversed");
    expect(await db.supplierCredit.count({ where: { reference: { contains: "delivery #2" } } })).toBe(0);
  });

  it("is refused for a delivery that returned nothing, and for another shop", async () => {
    const order = await sentOrder([[1, 0, 2]]);
    const delivery = await draftWith(order.id, [line({ lineId: order.lines[0]!.id, quantityDelivered: 2 })]);
    await submit(delivery.id);
    expect((await rejection(creditDeliveryReturns(db, SHOP, actor, delivery.id), GuardrailError)).rule).toBe("nothing_returned");
    await rejection(creditDeliveryReturns(db, NEIGHBOUR, actor, delivery.id), NotFoundError);
  });
});
