import type { IntakeReason } from "../intake-reasons";
import type { PurchaseOrderStatus } from "./status";

/**
 * A purchase order as the lifecycle core sees it: plain data, loaded by a service, decided on
 * by lifecycle.ts, saved by the service. Quantities received, rejected and cancelled are not
 * stored on lines: they are the sum of the order's bookings (receipts and their reversals,
 * cancellations, closures), so the history and the totals can never disagree.
 */

export type LineKind = "variant" | "custom";

/** What a line is of: the Shopify variant and how it was named (order lines, delivery lines). */
export interface LineItem {
  /** Shopify ids; null on custom lines, which are never pushed to Shopify. */
  variantId: string | null;
  inventoryItemId: string | null;
  /** The variant's product (tags and product metafields); null on custom lines. */
  productId: string | null;
  productTitle: string;
  variantTitle: string | null;
  sku: string | null;
  /**
   * The variant's Shopify product vendor when the line was made (null on custom lines): a vendor
   * of another of the shop's suppliers flags the line (otherSupplierOf in new-line.ts).
   */
  vendor: string | null;
}

/** The item fields of anything that carries them (a line, a stored row), and nothing else. */
export function lineItem(source: LineItem): LineItem {
  return {
    variantId: source.variantId,
    inventoryItemId: source.inventoryItemId,
    productId: source.productId,
    productTitle: source.productTitle,
    variantTitle: source.variantTitle,
    sku: source.sku,
    vendor: source.vendor,
  };
}

export interface OrderLine extends LineItem {
  id: string;
  kind: LineKind;
  /** Added by a delivery that brought a variant the order did not have. */
  notOrdered: boolean;
  ordered: number;
  /** What the supplier confirmed; null until confirmed. */
  confirmed: number | null;
  /** Decimal string. */
  unitCost: string;
  /** Shopify deleted the variant (a webhook said so): the line stays, Shopify hears nothing of it. */
  variantDeletedAt: Date | null;
}

/**
 * The one rule for which lines Shopify hears about: variant lines whose variant Shopify still
 * has. Custom lines never reach Shopify; a line whose variant was deleted is skipped (and reported).
 */
export function reachesShopify(line: OrderLine): line is OrderLine & { kind: "variant"; inventoryItemId: string } {
  return line.kind === "variant" && line.inventoryItemId !== null && line.variantDeletedAt === null;
}

/** Lines Shopify no longer knows, for the side-effect report and the order screen. */
export function linesShopifyDeleted(order: Pick<PurchaseOrderState, "lines">): Array<{ lineId: string; sku: string | null; productTitle: string }> {
  return order.lines
    .filter((line) => line.kind === "variant" && line.variantDeletedAt !== null)
    .map((line) => ({ lineId: line.id, sku: line.sku, productTitle: line.productTitle }));
}

export type BookingKind =
  | "receipt" // goods booked at the dock
  | "reversal" // compensates an earlier booking (un-receive, reopen)
  | "cancellation" // pending quantities released when the order is cancelled
  | "closure" // pending quantities cancelled when a partially received order is completed
  | "deliveries_closed"; // pending quantities released when deliveries are closed (never reopened)

export interface BookingLine {
  lineId: string;
  /** Signed: a reversal carries the negated quantities of the booking it reverses. */
  received: number;
  rejected: number;
  cancelled: number;
  reason: IntakeReason | null;
}

export interface Booking {
  id: string;
  kind: BookingKind;
  /** For a reversal: the booking it compensates. */
  reversesId: string | null;
  locationId: string | null;
  note: string | null;
  bookedAt: Date;
  /**
   * When its received quantities were pushed to Shopify on hand (null: not yet). Receipts are
   * synced by auto-sync, Sync to Shopify, quick complete and complete; the reversal of a synced
   * receipt is synced at once (its compensating on-hand change).
   */
  syncedAt: Date | null;
  lines: BookingLine[];
}

export interface LifecycleDates {
  sentAt: Date | null;
  confirmedAt: Date | null;
  shippedAt: Date | null;
  receivedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  /** No further deliveries (close deliveries released what was still pending). */
  deliveriesClosedAt: Date | null;
}

export interface OrderHeader {
  supplierId: string;
  locationId: string | null;
  reference: string | null;
  note: string | null;
  privateNote: string | null;
  orderDate: Date | null;
  expectedArrivalAt: Date | null;
  requestedShipAt: Date | null;
  /** Decimal strings. */
  shippingCost: string;
  tax: string;
}

export interface PurchaseOrderState {
  id: string;
  number: number;
  status: PurchaseOrderStatus;
  /** Where pause, dispute, cancel and complete came from, so resolve and reopen return exactly there. */
  previousStatus: PurchaseOrderStatus | null;
  version: number;
  currencyCode: string;
  header: OrderHeader;
  dates: LifecycleDates;
  deletedAt: Date | null;
  /** Facts kept by the supplier-fields service that sending must respect (read-only here). */
  shipping: { dropShip: boolean; hasShippingAddress: boolean; holdUntil: Date | null };
  lines: OrderLine[];
  bookings: Booking[];
  /** Complete was asked and waits for Shopify to have the unit costs; null otherwise. */
  completing: CompletionRequest | null;
}

/**
 * A completion waiting for its cost sync (the unit costs written to Shopify by the worker): what
 * was asked and by whom, decided again on the order as it is once Shopify has them.
 */
export interface CompletionRequest {
  since: Date;
  command: { action: "complete"; closeRemainder?: boolean } | { action: "quick_complete" };
  actor: { type: string; id: string };
}
