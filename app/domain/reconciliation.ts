import { GuardrailError } from "./errors";
import { inventoryEffects, purchaseOrderDocumentUri, type PlannedEffect, type QuantityDelta } from "./effects";

/**
 * Incoming reconciliation: compares what the shop's orders should hold as Shopify "incoming"
 * (their incoming ledgers) with what Shopify shows, per inventory item and location, and plans
 * the corrections that bring Shopify back, one ledger document (purchase order) at a time.
 *
 * Shopify keeps incoming per ledger document and never lets a document go below zero, but it
 * only lets us read the total per item and location. So which order's document holds what is
 * inferred from our own effects: a document holds the sum of the adjust_incoming deltas Shopify
 * applied for it. Shopify showing less than that means someone lowered one of our documents
 * (it goes back on the orders holding the position); showing more than our documents can
 * explain (another app's incoming, a Shopify transfer, or a raise of one of our documents,
 * which a total cannot tell apart) is reported as not ours, never forced onto an order.
 *
 * Effects still staged or being sent have not reached Shopify yet; their positions are reported
 * as pending (run again once the worker drained them), never as drift. A failed effect never
 * reaches Shopify by itself: the ledger already counts it, so its position shows as drift and
 * the fix takes its place (the service then marks it superseded, so a retry cannot apply it on
 * top of the correction).
 */

export interface Position {
  inventoryItemId: string;
  locationId: string;
}

/** One order's ledger position: what it should hold as incoming (orders not deleted only). */
export interface LedgerHolding extends Position {
  orderId: string;
  quantity: number;
}

export type EffectStatus = "staged" | "sent" | "applied" | "failed" | "superseded";

/** An adjust_incoming effect of the shop, any status; `orderId` names its ledger document. */
export interface IncomingEffect {
  id: string;
  orderId: string;
  status: EffectStatus;
  changes: readonly QuantityDelta[];
}

export interface ShopifyIncoming extends Position {
  quantity: number;
}

/** One order's document at a drifting position: what it should hold and what Shopify holds (as inferred). */
export interface DocumentHolding {
  orderId: string;
  expected: number;
  /** The sum of this document's adjust_incoming deltas Shopify applied. */
  inShopify: number;
  /** The correction the fix sends for this document (0: none). */
  correction: number;
}

/**
 * fixable: our documents explain the whole drift; partly_fixable: some of it is not ours;
 * not_ours: none of it is (fix it in Shopify); pending: effects for it are still on their way.
 */
export type DriftKind = "fixable" | "partly_fixable" | "not_ours" | "pending";

export interface DriftRow extends Position {
  expected: number;
  shopify: number;
  /** shopify − expected */
  drift: number;
  kind: DriftKind;
  /** The part of the drift our documents do not explain, left for the merchant to fix in Shopify (0 when fixable or pending). */
  notOurs: number;
  documents: DocumentHolding[];
}

export interface DriftReport {
  rows: DriftRow[];
  /** Failed effects the fix takes the place of (they never reached Shopify). */
  failedEffectIds: string[];
}

export function positionKey(position: Position): string {
  return `${position.inventoryItemId}@${position.locationId}`;
}

/**
 * The positions to read from Shopify: every position an order holds, and every position an
 * effect ever touched (so incoming stuck on a closed order's document is found too).
 */
export function reconciliationPositions(ledger: readonly LedgerHolding[], effects: readonly IncomingEffect[]): Position[] {
  const positions = new Map<string, Position>();
  const add = ({ inventoryItemId, locationId }: Position) =>
    positions.set(positionKey({ inventoryItemId, locationId }), { inventoryItemId, locationId });
  ledger.forEach(add);
  effects.forEach((effect) => effect.changes.forEach(add));
  return [...positions.values()].sort((a, b) => positionKey(a).localeCompare(positionKey(b)));
}

/**
 * The ledger and effects narrowed to some positions (a drift check for one item at one
 * location): every other position is simply not looked at, never reported as drift.
 */
export function narrowToPositions(
  ledger: readonly LedgerHolding[],
  effects: readonly IncomingEffect[],
  positions: readonly Position[],
): { ledger: LedgerHolding[]; effects: IncomingEffect[] } {
  const wanted = new Set(positions.map(positionKey));
  return {
    ledger: ledger.filter((holding) => wanted.has(positionKey(holding))),
    effects: effects.flatMap((effect) => {
      const changes = effect.changes.filter((change) => wanted.has(positionKey(change)));
      return changes.length > 0 ? [{ ...effect, changes }] : [];
    }),
  };
}

export interface DriftInput {
  ledger: readonly LedgerHolding[];
  effects: readonly IncomingEffect[];
  shopify: readonly ShopifyIncoming[];
  /** Positions whose effects changed while Shopify was being read: treated as pending. */
  settling?: readonly Position[];
}

const IN_FLIGHT: ReadonlySet<EffectStatus> = new Set(["staged", "sent"]);

/** The drifting positions (and pending ones that differ), each with the per-document corrections that fix it. */
export function detectDrift(input: DriftInput): DriftReport {
  const documents = new Map<string, Map<string, { expected: number; inShopify: number }>>();
  const documentAt = (position: Position, orderId: string) => {
    const key = positionKey(position);
    const byOrder = documents.get(key) ?? new Map<string, { expected: number; inShopify: number }>();
    documents.set(key, byOrder);
    const holding = byOrder.get(orderId) ?? { expected: 0, inShopify: 0 };
    byOrder.set(orderId, holding);
    return holding;
  };
  for (const holding of input.ledger) documentAt(holding, holding.orderId).expected += holding.quantity;
  const pending = new Set((input.settling ?? []).map(positionKey));
  for (const effect of input.effects) {
    for (const change of effect.changes) {
      if (IN_FLIGHT.has(effect.status)) pending.add(positionKey(change));
      if (effect.status === "applied") documentAt(change, effect.orderId).inShopify += change.delta;
    }
  }

  const rows: DriftRow[] = [];
  for (const reading of input.shopify) {
    const held = [...(documents.get(positionKey(reading))?.entries() ?? [])].map(([orderId, holding]) => ({ orderId, ...holding }));
    const expected = held.reduce((sum, holding) => sum + holding.expected, 0);
    const drift = reading.quantity - expected;
    const position = { inventoryItemId: reading.inventoryItemId, locationId: reading.locationId };
    if (pending.has(positionKey(reading))) {
      if (drift !== 0) {
        rows.push({
          ...position,
          expected,
          shopify: reading.quantity,
          drift,
          kind: "pending",
          notOurs: 0,
          documents: held.map((h) => ({ ...h, correction: 0 })),
        });
      }
      continue;
    }
    const corrections = planCorrections(held, drift);
    // A matching total can still hide a document short of what it holds (a failed effect)
    // beside one holding too much: those documents are corrected too.
    if (drift === 0 && corrections.size === 0) continue;
    const corrected = [...corrections.values()].reduce((sum, delta) => sum + delta, 0);
    const notOurs = drift + corrected;
    rows.push({
      ...position,
      expected,
      shopify: reading.quantity,
      drift,
      kind: notOurs === 0 ? "fixable" : corrections.size > 0 ? "partly_fixable" : "not_ours",
      notOurs,
      documents: held.map((holding) => ({ ...holding, correction: corrections.get(holding.orderId) ?? 0 })),
    });
  }
  rows.sort((a, b) => positionKey(a).localeCompare(positionKey(b)));
  const failedEffectIds = input.effects.filter((effect) => effect.status === "failed").map((effect) => effect.id);
  return { rows, failedEffectIds };
}

type Held = { orderId: string; expected: number; inShopify: number };

/**
 * The corrections, per order document, for a position where Shopify shows `drift` more than
 * the orders hold. Documents known to miss incoming (an effect that failed) get it back: adding
 * is always safe. Whatever Shopify then still shows too much is taken back from documents known
 * to hold more than they should, incoming stuck on a document that should hold nothing here
 * first (a closed order's), then the largest surplus, never more than that surplus (so no
 * document is taken below zero). Whatever it still shows too little, a document must have
 * lost (changed in Shopify): it goes back to the orders holding the position, largest first,
 * each up to what it should hold. What remains is not ours to fix.
 */
function planCorrections(held: readonly Held[], drift: number): Map<string, number> {
  const corrections = new Map<string, number>();
  const correct = (orderId: string, delta: number) => {
    if (delta !== 0) corrections.set(orderId, (corrections.get(orderId) ?? 0) + delta);
  };
  let excess = drift; // what Shopify would still show too much (> 0) or too little (< 0)

  for (const holding of held) {
    const missing = Math.max(0, holding.expected - holding.inShopify);
    correct(holding.orderId, missing);
    excess += missing;
  }
  const surplus = held
    .filter((holding) => holding.inShopify > holding.expected)
    .sort(
      (a, b) =>
        Number(b.expected === 0) - Number(a.expected === 0) ||
        b.inShopify - b.expected - (a.inShopify - a.expected) ||
        a.orderId.localeCompare(b.orderId),
    );
  for (const holding of surplus) {
    const taken = Math.min(holding.inShopify - holding.expected, Math.max(excess, 0));
    correct(holding.orderId, -taken);
    excess -= taken;
  }
  const holders = held.filter((holding) => holding.expected > 0).sort((a, b) => b.expected - a.expected || a.orderId.localeCompare(b.orderId));
  for (const holding of holders) {
    // A document cannot have lost more than it held.
    const given = Math.min(Math.max(0, Math.min(holding.inShopify, holding.expected)), Math.max(-excess, 0));
    correct(holding.orderId, given);
    excess += given;
  }
  return corrections;
}

/** Whether the report has anything the fix would change. */
export function hasFixableDrift(report: DriftReport): boolean {
  return report.rows.some((row) => row.documents.some((document) => document.correction !== 0));
}

/** The fix: per order document, its corrections as adjust_incoming effects of ≤ 250 changes. */
export function planFix(report: DriftReport): Array<{ orderId: string; effects: PlannedEffect[] }> {
  const changesByOrder = new Map<string, QuantityDelta[]>();
  for (const row of report.rows) {
    for (const document of row.documents) {
      if (document.correction === 0) continue;
      const changes = changesByOrder.get(document.orderId) ?? [];
      changes.push({ inventoryItemId: row.inventoryItemId, locationId: row.locationId, delta: document.correction });
      changesByOrder.set(document.orderId, changes);
    }
  }
  return [...changesByOrder]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([orderId, changes]) => ({ orderId, effects: inventoryEffects("adjust_incoming", purchaseOrderDocumentUri(orderId), changes) }));
}

/** Run status after a detection: drift when anything but pending differs. */
export function detectionStatus(report: DriftReport): "clean" | "drift" {
  return report.rows.some((row) => row.kind !== "pending") ? "drift" : "clean";
}

export type ReconciliationStatus = "running" | "clean" | "drift" | "fixed" | "failed";

export interface FixRequest {
  status: ReconciliationStatus;
  report: DriftReport;
  /** A later run exists: its findings, not these, are current. */
  newerRun: boolean;
  /** Shopify effects were staged (or failed ones queued again) since the run read Shopify. */
  effectsChangedSince: boolean;
}

/**
 * Reconciling needs Inbound to manage Shopify's incoming: with incoming tracking off, orders keep
 * no ledger of what they hold, and "fixing" Shopify toward it would undo what the merchant does.
 */
export function requireIncomingTracking(incomingTracking: boolean): void {
  if (!incomingTracking) {
    throw new GuardrailError(
      "precondition_failed",
      "incoming_tracking_off",
      "incoming tracking off",
      ["settings"],
      "Incoming tracking is off in Settings, so Inbound does not manage Shopify's incoming and has nothing to reconcile. Turn it on first.",
    );
  }
}

/**
 * The fix of a run's drift, or the reason it is refused: only the latest run, with drift our
 * documents explain, and only while nothing was staged since (its findings may no longer hold).
 */
export function decideFix(request: FixRequest): Array<{ orderId: string; effects: PlannedEffect[] }> {
  const refuse = (rule: string, message: string, allowed: string[]) => {
    throw new GuardrailError("precondition_failed", rule, request.status, allowed, message);
  };
  if (request.status === "fixed")
    refuse("reconciliation_already_fixed", "This drift was already fixed. Run the reconciliation again to check Shopify now.", ["run"]);
  if (request.newerRun || request.effectsChangedSince) {
    refuse(
      "reconciliation_stale",
      "Shopify effects were staged or a newer reconciliation ran since this one. Run it again, then fix what it finds.",
      ["run"],
    );
  }
  if (request.status !== "drift" || !hasFixableDrift(request.report)) {
    refuse("reconciliation_nothing_to_fix", "There is no drift Inbound can fix: incoming that is not ours must be fixed in Shopify.", ["run"]);
  }
  return planFix(request.report);
}
