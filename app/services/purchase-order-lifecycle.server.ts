import { randomUUID } from "node:crypto";

import { Prisma, type PrismaClient } from "@prisma/client";

import { GuardrailError, NotFoundError, StaleVersionError } from "~/domain/errors";
import type { UnitCostsEffectPayload } from "~/domain/effects";
import { unitCostWrites, type UnitCostWrite } from "~/domain/purchase-order/cost-sync";
import { decide, requestCompletion, type Decision, type LifecycleCommand } from "~/domain/purchase-order/lifecycle";
import type { IntakeReason } from "~/domain/intake-reasons";
import {
  lineItem,
  linesShopifyDeleted,
  type Booking,
  type CompletionRequest,
  type OrderLine,
  type PurchaseOrderState,
} from "~/domain/purchase-order/order";
import { previewChange, type ChangePreview } from "~/domain/purchase-order/preview";
import type { PurchaseOrderStatus } from "~/domain/purchase-order/status";
import type { ShopSettingsValues } from "~/domain/settings";

import type { Actor } from "./actor";
import { queueSupplierEmail, supplierEmailRecipients, type SupplierEmailRecipients } from "./email/outbox.server";
import { planOrderEffects, stageEffects, stageOrderEffects } from "./effects.server";
import { commandLocation, requireActiveLocations, type LocationsGateway } from "./locations.server";
import { loadSettings } from "./settings.server";
import { now as clockNow } from "~/clock.server";
import { chunks, updateByValue } from "~/db-chunks.server";

/**
 * Runs one lifecycle action: load the order (scoped to the shop) once → decide (pure domain) →
 * save the change and its audit entry in one transaction, guarded by the order's version so
 * that a concurrent change is never overwritten → answer the state as saved, without reading
 * it again. The command modules (app/commands) are the way in for screens, REST and MCP.
 */

type Db = PrismaClient | Prisma.TransactionClient;

/** What cost sync needs beyond the order's state, read with the order (not loaded again). */
export interface CostFacts {
  shopCurrencyCode: string;
  /** Order currency → shop currency; null when not set. */
  exchangeRate: string | null;
}

export interface LifecycleDeps {
  db: PrismaClient;
  /**
   * The unit costs a completion writes to Shopify (cost sync), computed from the order as loaded;
   * throws what completing must refuse (a foreign currency without an exchange rate). Absent: a
   * completion writes none (callers without Shopify). With writes, the order is completing until
   * the worker has applied them (requestCompletion, settleCompletion).
   */
  costSync?: (order: PurchaseOrderState, costs: CostFacts) => UnitCostWrite[];
  /** Checks a location a command names (receive, adjust_incoming, edit_header); needed only for such commands. */
  gateway?: LocationsGateway;
}

const NO_LOCATIONS: LocationsGateway = {
  locations: () => Promise.reject(new Error("performAction: a command naming a location needs deps.gateway to check it")),
};

export interface ActionOptions {
  /** The version the caller saw. Without it, a concurrent change is retried on fresh state. */
  expectedVersion?: number;
  /** Told the order as loaded, before anything is decided (a screen links a refusal's fix to its supplier). */
  onLoad?: (order: PurchaseOrderState) => void;
}

export interface ActionResult {
  /** The order after the action, as saved; null when it was deleted. */
  order: PurchaseOrderState | null;
  /** What the audit entry says: the action decided, or `complete_requested` for a completion that waits for its cost sync. */
  audit: OrderChange["audit"];
  /** The side-effect report: ids of the Shopify effects this action staged (applied later by the worker). */
  stagedEffects: string[];
  /** Lines Shopify was told nothing about because it deleted their variant (what to do: remove or replace them). */
  skippedLines: ReturnType<typeof linesShopifyDeleted>;
}

/** Attempts of an action checking a location outside the lock when the order's location changes under it. */
const MAX_ATTEMPTS_WITHOUT_EXPECTED_VERSION = 3;

export async function performAction(
  deps: LifecycleDeps,
  shopDomain: string,
  actor: Actor,
  orderId: string,
  command: LifecycleCommand,
  options: ActionOptions = {},
): Promise<ActionResult> {
  for (let attempt = 1; ; attempt += 1) {
    const { order, shopId, costs, settings, decision } = await decideAction(deps, shopDomain, orderId, command, options);
    const planned = plannedChange(deps, order, costs, command, noteSkippedLines(decision), actor);
    try {
      const stagedEffects = await deps.db.$transaction((tx) => saveChange(tx, shopId, order, planned, actor, settings));
      return actionResult(planned.change, stagedEffects);
    } catch (error) {
      if (!(error instanceof StaleVersionError) || options.expectedVersion !== undefined) throw error;
      // Another change to the order committed after it was loaded. Decided again inside the write
      // transaction, which holds the write lock from BEGIN (decisions 010, 016), the order cannot
      // change again before the save: a caller that named no version is never refused because
      // others wrote.
      const locked = await decideAndSaveLocked(deps, shopDomain, actor, orderId, command, order);
      if (locked) return locked;
      if (attempt >= MAX_ATTEMPTS_WITHOUT_EXPECTED_VERSION) throw error;
    }
  }
}

/**
 * Loads, decides and saves in one write transaction (so on state no one else can change
 * meanwhile). Null, saving nothing, when the action needs a step outside the lock first:
 * checking a location the command names against an order whose own location changed since
 * `checked` (the order's own location is not asked about again).
 */
async function decideAndSaveLocked(
  deps: LifecycleDeps,
  shopDomain: string,
  actor: Actor,
  orderId: string,
  command: LifecycleCommand,
  checked: PurchaseOrderState,
): Promise<ActionResult | null> {
  const saved = await deps.db.$transaction(async (tx) => {
    const { order, shopId, costs } = await loadOrderForAction(tx, shopDomain, orderId);
    const namesLocation = Object.values(commandLocation(command)).some(Boolean);
    if (namesLocation && order.header.locationId !== checked.header.locationId) return null;
    const settings = await loadSettings(tx, shopId);
    const decision = decide(order, command, { now: clockNow(), newId: randomUUID, autoSyncOnReceive: settings.autoSyncOnReceive });
    const planned = plannedChange(deps, order, costs, command, noteSkippedLines(decision), actor);
    return { change: planned.change, stagedEffects: await saveChange(tx, shopId, order, planned, actor, settings) };
  });
  return saved && actionResult(saved.change, saved.stagedEffects);
}

/** A decided action as it is saved, and the unit costs Shopify must have before a completion is (none for other actions). */
interface PlannedChange {
  change: OrderChange;
  unitCosts: UnitCostWrite[];
}

/**
 * What saving a decided action writes: the decision; or, when it completes an order whose unit
 * costs Shopify must first have, the request to complete (requestCompletion) and their cost sync
 * as an effect, so no request waits for Shopify (the worker completes the order, settleCompletion).
 */
function plannedChange(
  deps: LifecycleDeps,
  order: PurchaseOrderState,
  costs: CostFacts,
  command: LifecycleCommand,
  decision: Decision,
  actor: Actor,
): PlannedChange {
  if (!completes(order, decision) || !deps.costSync) return { change: decision, unitCosts: [] };
  const unitCosts = deps.costSync(order, costs);
  if (unitCosts.length === 0) return { change: decision, unitCosts };
  const asked: CompletionRequest["command"] =
    command.action === "quick_complete"
      ? { action: "quick_complete" }
      : { action: "complete", ...(command.action === "complete" && command.closeRemainder ? { closeRemainder: true } : {}) };
  return { change: requestCompletion(order, asked, { type: actor.type, id: actor.id }, clockNow()), unitCosts };
}

async function saveChange(
  tx: Prisma.TransactionClient,
  shopId: string,
  order: PurchaseOrderState,
  planned: PlannedChange,
  actor: Actor,
  settings: ShopSettingsValues,
): Promise<string[]> {
  const staged = await saveDecision(tx, shopId, order, planned.change, actor, settings);
  const request = planned.change.next.completing;
  if (request === null || planned.unitCosts.length === 0) return staged;
  return [...staged, ...(await stageCostSync(tx, shopId, order.id, request, planned.unitCosts))];
}

/** Stages a completion request's cost sync, naming the request it is for. */
function stageCostSync(tx: Prisma.TransactionClient, shopId: string, orderId: string, request: CompletionRequest, writes: UnitCostWrite[]) {
  return stageEffects(tx, shopId, orderId, [
    { kind: "update_unit_costs", payload: { purchaseOrderId: orderId, requestedAt: request.since.toISOString(), writes } },
  ]);
}

/** The system actor of what the worker records after Shopify answered a completion's cost sync. */
const COST_SYNC_ACTOR: Actor = { type: "system", id: "cost-sync" };

/**
 * How a completion's cost sync ended, told by the worker in the transaction that records the
 * update_unit_costs effect's outcome. Applied: the command asked is decided again on the order as
 * it is now and saved in the asker's name (Completed) — unless the unit costs changed meanwhile
 * (they are synced again, the order still completing) or the order can no longer complete (the
 * request is dropped, saying why). Failed: the request is dropped with Shopify's reason; the
 * order is as it was before Complete, and Complete can be asked again.
 */
export async function settleCompletion(
  tx: Prisma.TransactionClient,
  shopDomain: string,
  payload: UnitCostsEffectPayload,
  outcome: { kind: "applied" } | { kind: "failed"; error: string },
): Promise<void> {
  const loaded = await loadOrderForAction(tx, shopDomain, payload.purchaseOrderId).catch((error: unknown) => {
    if (error instanceof NotFoundError) return null;
    throw error;
  });
  const request = loaded?.order.completing;
  // An outcome settles only the request its effect was staged for (not an earlier one's, retried).
  if (!loaded || !request || request.since.toISOString() !== payload.requestedAt) return;
  const { order, shopId, costs } = loaded;
  const settings = await loadSettings(tx, shopId);
  const cleared: PurchaseOrderState = { ...order, completing: null };
  const drop = (reason: string) =>
    saveDecision(
      tx,
      shopId,
      order,
      {
        next: { ...cleared, version: order.version + 1 },
        removal: "none",
        audit: { action: "complete_failed", fromStatus: order.status, toStatus: order.status, changes: { reason } },
      },
      COST_SYNC_ACTOR,
      settings,
    );
  if (outcome.kind === "failed") {
    await drop(`Shopify refused the unit costs: ${outcome.error}`);
    return;
  }
  let decision: Decision;
  let unitCosts: UnitCostWrite[];
  try {
    unitCosts = unitCostWrites(order, costs);
    decision = decide(cleared, request.command, { now: clockNow(), newId: randomUUID, autoSyncOnReceive: settings.autoSyncOnReceive });
  } catch (error) {
    if (!(error instanceof GuardrailError)) throw error;
    await drop(error.message);
    return;
  }
  if (unitCosts.length > 0 && JSON.stringify(unitCosts) !== JSON.stringify(payload.writes)) {
    // The costs changed while Shopify was told the earlier ones (an exchange rate set): Shopify is told these too.
    await stageCostSync(tx, shopId, order.id, request, unitCosts);
    return;
  }
  decision.audit.changes.unitCostsWritten = unitCosts;
  await saveDecision(tx, shopId, order, noteSkippedLines(decision), request.actor as Actor, settings);
}

/** The audit says why Shopify heard nothing of lines whose variant Shopify deleted. */
function noteSkippedLines(decision: Decision): Decision {
  const skippedLines = linesShopifyDeleted(decision.next);
  if (skippedLines.length > 0) decision.audit.changes.skippedInShopify = skippedLines;
  return decision;
}

function actionResult(decision: OrderChange, stagedEffects: string[]): ActionResult {
  return {
    order: decision.removal === "none" ? asSaved(decision.next) : null,
    audit: decision.audit,
    stagedEffects,
    skippedLines: linesShopifyDeleted(decision.next),
  };
}

/**
 * The decided state as a reload after saving would read it: decimals as the database gives
 * them back ("2.50" is 2.5). Everything else was written exactly as decided (saveDecision), so
 * callers answer with this instead of loading the order again.
 */
function asSaved(next: PurchaseOrderState): PurchaseOrderState {
  const decimal = (value: string) => new Prisma.Decimal(value).toString();
  return {
    ...next,
    header: { ...next.header, shippingCost: decimal(next.header.shippingCost), tax: decimal(next.header.tax) },
    lines: next.lines.map((line) => ({ ...line, unitCost: decimal(line.unitCost) })),
  };
}

/** What an action would do, told before the merchant confirms it; with Send to supplier, who the email goes to. */
export interface ActionPreview extends ChangePreview {
  email: SupplierEmailRecipients | null;
}

/**
 * Decides an action as performAction would — the same refusals, cost sync's included — and
 * plans what Shopify would be told, saving and sending nothing.
 */
export async function previewAction(
  deps: LifecycleDeps,
  shopDomain: string,
  orderId: string,
  command: LifecycleCommand,
  options: ActionOptions = {},
): Promise<ActionPreview> {
  const { order, shopId, costs, settings, decision } = await decideAction(deps, shopDomain, orderId, command, options);
  // Completing would be refused the same way (a foreign currency without an exchange rate).
  if (completes(order, decision)) deps.costSync?.(order, costs);
  const email = command.action === "send" && command.via === "email" ? await supplierEmailRecipients(deps.db, shopId, orderId) : null;
  // A deleted draft takes nothing from Shopify (saveDecision stages nothing for it).
  const effects =
    decision.removal === "hard"
      ? []
      : (
          await planOrderEffects(
            deps.db,
            shopId,
            {
              before: order,
              next: decision.next,
              action: command.action,
              ...(decision.incomingCorrection ? { incomingCorrection: decision.incomingCorrection } : {}),
            },
            await deps.db.incomingLedger.findMany({ where: { purchaseOrderId: order.id } }),
            settings,
          )
        ).effects;
  return { ...previewChange(order, decision.next, effects), email };
}

/** Loads the order (checking the version the caller saw) and the shop's settings, and decides the command on it. */
async function decideAction(deps: LifecycleDeps, shopDomain: string, orderId: string, command: LifecycleCommand, options: ActionOptions) {
  const { order, shopId, costs } = await loadOrderForAction(deps.db, shopDomain, orderId);
  options.onLoad?.(order);
  if (options.expectedVersion !== undefined && order.version !== options.expectedVersion) {
    throw new StaleVersionError(options.expectedVersion, order.version);
  }
  await requireActiveLocations(deps.gateway ?? NO_LOCATIONS, commandLocation(command), order.header.locationId);
  const settings = await loadSettings(deps.db, shopId);
  const decision = decide(order, command, { now: clockNow(), newId: randomUUID, autoSyncOnReceive: settings.autoSyncOnReceive });
  return { order, shopId, costs, settings, decision };
}

function completes(order: PurchaseOrderState, decision: Decision): boolean {
  return decision.next.status === "completed" && order.status !== "completed";
}

/** Refuses (NotFoundError) an order that is not the shop's or was deleted, without reading its lines. */
export async function requireShopOrder(db: Db, shopDomain: string, orderId: string): Promise<void> {
  const order = await db.purchaseOrder.findFirst({ where: { id: orderId, shop: { domain: shopDomain }, deletedAt: null }, select: { id: true } });
  if (!order) throw new NotFoundError("Purchase order", orderId);
}

export async function loadOrderState(db: Db, shopDomain: string, orderId: string): Promise<PurchaseOrderState> {
  return (await loadOrder(db, shopDomain, orderId)).order;
}

/** The order and the id of its shop, for saving. */
export async function loadOrder(db: Db, shopDomain: string, orderId: string): Promise<{ order: PurchaseOrderState; shopId: string }> {
  const { order, shopId } = await loadOrderForAction(db, shopDomain, orderId);
  return { order, shopId };
}

/** The order, the id of its shop (for saving) and what cost sync needs, in one read. */
async function loadOrderForAction(db: Db, shopDomain: string, orderId: string) {
  const row = await db.purchaseOrder.findFirst({
    where: { id: orderId, shop: { domain: shopDomain }, deletedAt: null },
    include: {
      shop: { select: { currencyCode: true } },
      lines: { orderBy: { position: "asc" } },
      bookings: { orderBy: { bookedAt: "asc" }, include: { lines: true } },
    },
  });
  if (!row) throw new NotFoundError("Purchase order", orderId);
  const order: PurchaseOrderState = {
    id: row.id,
    number: row.number,
    status: row.status as PurchaseOrderStatus,
    previousStatus: row.previousStatus as PurchaseOrderStatus | null,
    version: row.version,
    currencyCode: row.currencyCode,
    header: {
      supplierId: row.supplierId,
      locationId: row.locationId,
      reference: row.reference,
      note: row.note,
      privateNote: row.privateNote,
      orderDate: row.orderDate,
      expectedArrivalAt: row.expectedArrivalAt,
      requestedShipAt: row.requestedShipAt,
      shippingCost: row.shippingCost.toString(),
      tax: row.tax.toString(),
    },
    dates: {
      sentAt: row.sentAt,
      confirmedAt: row.confirmedAt,
      shippedAt: row.shippedAt,
      receivedAt: row.receivedAt,
      completedAt: row.completedAt,
      cancelledAt: row.cancelledAt,
      deliveriesClosedAt: row.deliveriesClosedAt,
    },
    deletedAt: row.deletedAt,
    shipping: { dropShip: row.dropShip, hasShippingAddress: row.shippingAddress !== null, holdUntil: row.holdUntil },
    lines: row.lines.map((line): OrderLine => ({
      id: line.id,
      kind: line.kind === "custom" ? "custom" : "variant",
      ...lineItem(line),
      notOrdered: line.notOrdered,
      ordered: line.quantityOrdered,
      confirmed: line.quantityConfirmed,
      unitCost: line.unitCost.toString(),
      variantDeletedAt: line.variantDeletedAt,
    })),
    bookings: row.bookings.map((booking): Booking => ({
      id: booking.id,
      kind: booking.kind as Booking["kind"],
      reversesId: booking.reversesId,
      locationId: booking.locationId,
      note: booking.note,
      bookedAt: booking.bookedAt,
      syncedAt: booking.syncedAt,
      lines: booking.lines.map((line) => ({
        lineId: line.lineId,
        received: line.received,
        rejected: line.rejected,
        cancelled: line.cancelled,
        reason: line.reason as IntakeReason | null,
      })),
    })),
    completing:
      row.completingSince && row.completingRequest
        ? { since: row.completingSince, ...(JSON.parse(row.completingRequest) as Omit<CompletionRequest, "since">) }
        : null,
  };
  const costs: CostFacts = { shopCurrencyCode: row.shop.currencyCode, exchangeRate: row.exchangeRate?.toString() ?? null };
  return { order, shopId: row.shopId, costs };
}

/** Any decided change to one order: a lifecycle decision, or a line move (split/merge). */
export interface OrderChange {
  next: PurchaseOrderState;
  removal: Decision["removal"];
  incomingCorrection?: Decision["incomingCorrection"];
  audit: Omit<Decision["audit"], "action"> & { action: string };
}

/**
 * Writes a decided change: the order row (guarded by its version), added, changed and removed
 * lines, new bookings, one audit entry, and the Shopify effects the change calls for (staged,
 * not sent). Call inside a transaction. `settings`: the shop's, when they were read to decide.
 */
export async function saveDecision(
  tx: Prisma.TransactionClient,
  shopId: string,
  before: PurchaseOrderState,
  decision: OrderChange,
  actor: Actor,
  settings?: ShopSettingsValues,
): Promise<string[]> {
  const { next } = decision;
  // The version guard: only the writer that saw the current version may write.
  const updated = await tx.purchaseOrder.updateMany({
    where: { id: before.id, version: before.version },
    data: {
      status: next.status,
      previousStatus: next.previousStatus,
      version: next.version,
      ...next.header,
      ...next.dates,
      deletedAt: next.deletedAt,
      completingSince: next.completing?.since ?? null,
      completingRequest: next.completing && JSON.stringify({ command: next.completing.command, actor: next.completing.actor }),
    },
  });
  if (updated.count === 0) {
    const current = await tx.purchaseOrder.findUnique({ where: { id: before.id }, select: { version: true } });
    throw new StaleVersionError(before.version, current?.version ?? before.version);
  }

  const previousLines = new Map(before.lines.map((line) => [line.id, line]));
  const nextIds = new Set(next.lines.map((line) => line.id));
  const removed = before.lines.filter((line) => !nextIds.has(line.id)).map((line) => line.id);
  for (const chunk of chunks(removed)) await tx.purchaseOrderLine.deleteMany({ where: { id: { in: chunk } } });
  // Set-based, so a change to every line of a large order is a few statements: new lines go last
  // in one insert (the last position is read only when there are new lines), and changed lines
  // are updated together per set of new values (confirm all: one statement per distinct quantity).
  const added = next.lines.filter((line) => !previousLines.has(line.id));
  if (added.length > 0) {
    const last = (await tx.purchaseOrderLine.aggregate({ where: { purchaseOrderId: before.id }, _max: { position: true } }))._max.position ?? -1;
    const rows = added.map((line, index) => ({
      id: line.id,
      purchaseOrderId: before.id,
      position: last + 1 + index,
      kind: line.kind,
      ...lineItem(line),
      notOrdered: line.notOrdered,
      // A line moved to another order (split, merge) keeps what Shopify said of its variant.
      variantDeletedAt: line.variantDeletedAt,
      ...savedQuantities(line),
    }));
    for (const chunk of chunks(rows)) await tx.purchaseOrderLine.createMany({ data: chunk });
  }
  const changed = next.lines.filter((line) => {
    const previous = previousLines.get(line.id);
    return previous && (previous.ordered !== line.ordered || previous.confirmed !== line.confirmed || previous.unitCost !== line.unitCost);
  });
  await updateByValue(
    changed.map((line) => ({ id: line.id, data: savedQuantities(line) })),
    (ids, data) => tx.purchaseOrderLine.updateMany({ where: { id: { in: ids } }, data }),
  );

  const existingBookings = new Map(before.bookings.map((booking) => [booking.id, booking]));
  for (const booking of next.bookings) {
    const existing = existingBookings.get(booking.id);
    // Bookings are append-only; only their sync mark changes (sync, complete, sync reset).
    if (existing && existing.syncedAt?.getTime() !== booking.syncedAt?.getTime()) {
      await tx.booking.update({ where: { id: booking.id }, data: { syncedAt: booking.syncedAt } });
    }
  }
  for (const booking of next.bookings.filter((candidate) => !existingBookings.has(candidate.id))) {
    await tx.booking.create({
      data: {
        id: booking.id,
        purchaseOrderId: before.id,
        kind: booking.kind,
        reversesId: booking.reversesId,
        locationId: booking.locationId,
        note: booking.note,
        bookedAt: booking.bookedAt,
        syncedAt: booking.syncedAt,
        actorType: actor.type,
        actorId: actor.id,
        lines: { createMany: { data: booking.lines } },
      },
    });
  }

  await tx.auditEntry.create({
    data: {
      shopId,
      purchaseOrderId: before.id,
      actorType: actor.type,
      actorId: actor.id,
      action: decision.audit.action,
      fromStatus: decision.audit.fromStatus,
      toStatus: decision.removal === "hard" ? null : decision.audit.toStatus,
      changes: JSON.stringify(decision.audit.changes),
    },
  });
  if (decision.removal === "hard") {
    await tx.purchaseOrder.delete({ where: { id: before.id } });
    return [];
  }
  // Send to supplier (via email, issue #8): the email is queued with the status change, so the
  // order is sent exactly when its email is; no email settings or no supplier address refuses both.
  if (decision.audit.action === "send" && decision.audit.changes.via === "email") await queueSupplierEmail(tx, shopId, before.id);
  return stageOrderEffects(
    tx,
    shopId,
    {
      before,
      next,
      action: decision.audit.action,
      ...(decision.incomingCorrection ? { incomingCorrection: decision.incomingCorrection } : {}),
    },
    settings,
  );
}

/** A line's quantities and cost as the line row stores them. */
function savedQuantities(line: OrderLine) {
  return { quantityOrdered: line.ordered, quantityConfirmed: line.confirmed, unitCost: line.unitCost };
}
