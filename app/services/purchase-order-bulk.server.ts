import type { PrismaClient } from "@prisma/client";
import { PDFDocument } from "pdf-lib";

import { toCsv } from "~/domain/catalogue";
import { GuardrailError, NotFoundError, StaleVersionError, ValidationError } from "~/domain/errors";
import { purchaseOrderName, STATUS_LABELS } from "~/domain/purchase-order/status";

import type { Actor } from "./actor";
import type { DocumentDeps } from "./documents/po-document.server";
import { purchaseOrderPdf } from "./documents/po-pdf.server";
import { performAction, type LifecycleDeps } from "./purchase-order-lifecycle.server";
import { indexRowsOf } from "./purchase-order-search.server";

/**
 * The index's bulk actions over selected orders: a CSV of their summaries, their PO PDFs in one
 * file, and marking drafts as sent (one lifecycle action per order, each audited on its own).
 */

/** At most a page of the index is selected at once. */
export const BULK_MAX = 50;

/** The selection as given: ids, each once, at least one and at most a page. */
export function bulkSelection(ids: readonly string[]): string[] {
  const unique = [...new Set(ids.map((id) => id.trim()).filter((id) => id.length > 0))];
  if (unique.length === 0) throw new ValidationError({ id: "Select at least one purchase order" });
  if (unique.length > BULK_MAX) throw new ValidationError({ id: `Select at most ${BULK_MAX} purchase orders at once` });
  return unique;
}

/** The selected orders as the index shows them, one CSV row each. */
export async function bulkSummaryCsv(
  db: PrismaClient,
  shopDomain: string,
  ids: readonly string[],
  locationNames: Record<string, string>,
): Promise<string> {
  const rows = await indexRowsOf(db, shopDomain, bulkSelection(ids));
  return toCsv([
    ["PO number", "Supplier", "Destination", "Status", "Units received", "Units owed", "Expected", "Total", "Currency", "Paid"],
    ...rows.map((row) => [
      row.name,
      row.supplierName,
      (row.locationId && locationNames[row.locationId]) ?? "",
      STATUS_LABELS[row.status],
      String(row.receivedUnits),
      String(row.owedUnits),
      row.expectedArrivalDate ?? "",
      row.total,
      row.currencyCode,
      row.paid ? "yes" : "no",
    ]),
  ]);
}

/** The selected orders' PO documents, each in its supplier's template, one after another in one PDF. */
export async function bulkPdf(deps: DocumentDeps, shopDomain: string, ids: readonly string[]): Promise<Uint8Array<ArrayBuffer>> {
  const combined = await PDFDocument.create();
  for (const id of bulkSelection(ids)) {
    const file = await purchaseOrderPdf(deps, shopDomain, id);
    const source = await PDFDocument.load(file.body);
    for (const page of await combined.copyPages(source, source.getPageIndices())) combined.addPage(page);
  }
  return new Uint8Array(await combined.save());
}

export interface BulkSendResult {
  sent: string[];
  /** Orders the lifecycle refused, by name, with why (in the domain's words). */
  refused: Array<{ name: string; reason: string }>;
}

/**
 * Marks each selected order as sent (sent outside Inbound: no email), one audited lifecycle
 * action per order. A selection naming an order the shop does not have is refused whole, naming
 * the field, before anything is sent; a lifecycle refusal (not a draft, no location, on hold…)
 * leaves that order alone and is reported; the others go ahead.
 */
export async function bulkMarkSent(deps: LifecycleDeps, shopDomain: string, actor: Actor, ids: readonly string[]): Promise<BulkSendResult> {
  const result: BulkSendResult = { sent: [], refused: [] };
  const selection = bulkSelection(ids);
  const names = new Map(
    (
      await deps.db.purchaseOrder.findMany({
        where: { id: { in: selection }, shop: { domain: shopDomain }, deletedAt: null },
        select: { id: true, number: true },
      })
    ).map((order) => [order.id, purchaseOrderName(order.number)]),
  );
  const unknown = selection.filter((id) => !names.has(id));
  if (unknown.length > 0) throw new ValidationError({ id: `No purchase order of this shop has the id ${unknown[0]!.slice(0, 40)}` });
  for (const id of selection) {
    const name = names.get(id)!;
    try {
      await performAction(deps, shopDomain, actor, id, { action: "send", via: "manual" });
      result.sent.push(name);
    } catch (error) {
      const reason = refusalReason(error);
      if (reason === undefined) throw error;
      result.refused.push({ name, reason });
    }
  }
  return result;
}

/** Why the lifecycle refused one order, in the domain's words; undefined for a failure on our side (thrown on). */
function refusalReason(error: unknown): string | undefined {
  if (error instanceof GuardrailError) return error.message;
  if (error instanceof ValidationError) return Object.values(error.fieldErrors).join(" ");
  if (error instanceof StaleVersionError) return "It changed while being sent; try again.";
  if (error instanceof NotFoundError) return "Not found: it may have been deleted.";
  return undefined;
}
