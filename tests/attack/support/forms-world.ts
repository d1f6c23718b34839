import { expect } from "vitest";

import { drainEffects } from "~/jobs/effects-worker.server";

import { emailSendingReady, type ApiClient, type OperationCall } from "../../support/api";
import type { Json } from "../../support/json";
import { createOrderOfVariants } from "../../support/orders";
import { standinGateway } from "../../support/shopify";

import type { IdKind } from "./forms-cases";
import type { TwoShops } from "./two-shops";

/**
 * What the form attacks act on: records of one shop made as its merchant would (through the
 * REST API where it has the operation, else the app's own services), fresh whenever a form
 * needs them in a given state. The same makers give the neighbour shop one of each, whose ids
 * every attack also aims at.
 */

export interface ShopHandle {
  domain: string;
  client: ApiClient;
  supplierId: string;
  locationId: string;
  variants: ReadonlyArray<{ variantId: string; inventoryItemId: string; sku: string }>;
}

export type OrderStatus = "draft" | "sent" | "confirmed" | "partially_received" | "received" | "completed" | "paused" | "disputed" | "cancelled";

export interface OrderRecord {
  id: string;
  version: number;
  lineIds: string[];
  /** The line of the first variant (W-1). */
  lineId: string;
}

const ACTOR = { type: "merchant", id: "forms-attack" } as const;
let sequence = 0;
/** A name no other record of the run has. */
export const unique = (prefix: string) => `${prefix} ${++sequence}`;

/** A day relative to now (never a fixed date, which would expire). */
export function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function ok<Body = Json>(client: ApiClient, operation: string, call: OperationCall = {}): Promise<Body> {
  const result = await client.call<Body>(operation, call);
  expect(result.status, `${operation}: ${JSON.stringify(result.error)}`).toBeLessThan(300);
  return result.body;
}

export function shopMakers(world: TwoShops, shop: ShopHandle) {
  const { db } = world;

  async function version(orderId: string): Promise<number> {
    return (await db.purchaseOrder.findUniqueOrThrow({ where: { id: orderId }, select: { version: true } })).version;
  }
  async function orderRecord(orderId: string): Promise<OrderRecord> {
    const lines = await db.purchaseOrderLine.findMany({ where: { purchaseOrderId: orderId }, orderBy: { position: "asc" } });
    return { id: orderId, version: await version(orderId), lineIds: lines.map((line) => line.id), lineId: lines[0]!.id };
  }
  const action = (operation: string, orderId: string, body: unknown = {}) => ok(shop.client, operation, { params: { id: orderId }, body });

  /** A draft of the given variants (by index: W-1 is 0), 4 units of the first and 2 of the others, unit cost 2.50. */
  async function orderOf(variants: readonly number[], supplierId = shop.supplierId): Promise<OrderRecord> {
    const draft = await createOrderOfVariants(
      db,
      shop.domain,
      supplierId,
      shop.locationId,
      variants.map((index, position) => ({ ...shop.variants[index]!, quantity: position === 0 ? 4 : 2 })),
    );
    return orderRecord(draft.id);
  }

  /** A fresh order of W-1 × 4 and W-2 × 2 (unit cost 2.50) at the shop's location, taken to `status`. */
  async function order(status: OrderStatus = "draft", { supplierId = shop.supplierId, currencyCode = "" } = {}): Promise<OrderRecord> {
    const record = await orderOf([0, 1], supplierId);
    const draft = { id: record.id };
    if (currencyCode) await db.purchaseOrder.update({ where: { id: draft.id }, data: { currencyCode } });
    const receive = (lines: Array<[string, number]>) =>
      action("receive_purchase_order", draft.id, { lines: lines.map(([line_id, received]) => ({ line_id, received })) });
    if (status === "draft") return record;
    if (status === "cancelled") {
      await action("cancel_purchase_order", draft.id);
      return orderRecord(draft.id);
    }
    await action("mark_purchase_order_sent", draft.id);
    if (status === "confirmed")
      await action("confirm_purchase_order", draft.id, {
        lines: record.lineIds.map((line_id, index) => ({ line_id, confirmed: index === 0 ? 4 : 2 })),
      });
    if (status === "paused") await action("pause_purchase_order", draft.id);
    if (status === "disputed") await action("dispute_purchase_order", draft.id);
    if (status === "partially_received") await receive([[record.lineId, 1]]);
    if (status === "received" || status === "completed") {
      await receive([
        [record.lineIds[0]!, 4],
        [record.lineIds[1]!, 2],
      ]);
    }
    if (status === "completed") {
      await action("complete_purchase_order", draft.id);
      // The worker writes the unit costs to Shopify, then completes the order.
      const gateway = standinGateway(world.standin, shop.domain, world.standin.store.shop(shop.domain).accessToken);
      await drainEffects(db, shop.domain, gateway);
    }
    return orderRecord(draft.id);
  }

  return {
    shop,
    version,
    orderRecord,
    order,
    orderOf,

    async receiptOf(orderId: string): Promise<string> {
      return (await db.booking.findFirstOrThrow({ where: { purchaseOrderId: orderId, kind: "receipt" } })).id;
    },

    /** A partially received order whose receipt was synced to Shopify's on hand. */
    async synced(): Promise<OrderRecord> {
      const received = await order("partially_received");
      await action("sync_purchase_order", received.id);
      return orderRecord(received.id);
    },

    /** A sent order in EUR (the shop's currency is USD), of a supplier in EUR, without an exchange rate yet. */
    async foreignOrder(): Promise<OrderRecord> {
      return order("sent", { supplierId: await this.supplier("EUR"), currencyCode: "EUR" });
    },

    /** A draft of W-1 and W-2 whose W-2 another supplier lists in its catalogue: Split by supplier moves it there. */
    async splittable(): Promise<OrderRecord> {
      const other = await this.supplier();
      await ok(shop.client, "create_supplier_catalogue_item", { params: { id: other }, body: { sku: shop.variants[1]!.sku, unit_cost: "2.10" } });
      return order("draft");
    },

    /** The receipt booked on a partially received order. */
    async receipt(): Promise<{ order: OrderRecord; bookingId: string }> {
      const received = await order("partially_received");
      return { order: received, bookingId: await this.receiptOf(received.id) };
    },

    /** A delivery draft on a sent order counting one unit of W-1 (not submitted). */
    async deliveryDraft(): Promise<{ order: OrderRecord; deliveryId: string }> {
      const sent = await order("sent");
      const delivery = await ok(shop.client, "create_purchase_order_delivery", { params: { id: sent.id }, body: {} });
      await ok(shop.client, "update_purchase_order_delivery", {
        params: { id: sent.id, delivery_id: delivery.id },
        body: { lines: [{ line_id: sent.lineId, quantity_delivered: 1 }] },
      });
      return { order: await orderRecord(sent.id), deliveryId: delivery.id };
    },

    /** A submitted delivery of a sent order that returned one damaged unit (and took one): its returns can be credited. */
    async deliveryWithReturns(): Promise<{ order: OrderRecord; deliveryId: string }> {
      const sent = await order("sent");
      const delivery = await ok(shop.client, "create_purchase_order_delivery", { params: { id: sent.id }, body: {} });
      const params = { id: sent.id, delivery_id: delivery.id };
      await ok(shop.client, "update_purchase_order_delivery", {
        params,
        body: {
          lines: [
            { line_id: sent.lineId, quantity_delivered: 1 },
            { line_id: sent.lineIds[1], quantity_returned: 1, intake_reason: "damaged_returned" },
          ],
        },
      });
      await ok(shop.client, "submit_purchase_order_delivery", { params, body: {} });
      return { order: await orderRecord(sent.id), deliveryId: delivery.id };
    },

    /** A delivery draft with one note file attached. */
    async deliveryFile(): Promise<{ order: OrderRecord; deliveryId: string; fileId: string }> {
      const { order: sent, deliveryId } = await this.deliveryDraft();
      const form = new FormData();
      form.set("file", new File([PDF], "note.pdf", { type: "application/pdf" }));
      const uploaded = await ok(shop.client, "upload_purchase_order_delivery_files", { params: { id: sent.id, delivery_id: deliveryId }, form });
      return { order: sent, deliveryId, fileId: uploaded.uploaded[0].id };
    },

    /** A document attached to a draft. */
    async orderDocument(): Promise<{ order: OrderRecord; documentId: string }> {
      const draft = await order("draft");
      const { uploadOrderDocument } = await import("~/services/purchase-order-documents.server");
      const { default: fileStorage } = await import("~/services/storage/default-storage.server");
      const document = await uploadOrderDocument({ db, storage: fileStorage }, shop.domain, ACTOR, draft.id, { fileName: "quote.pdf", bytes: PDF });
      return { order: draft, documentId: document.id };
    },

    /** A completed payment of 1.00 on a sent order. */
    async payment(): Promise<{ order: OrderRecord; paymentId: string }> {
      const sent = await order("sent");
      const result = await ok(shop.client, "record_purchase_order_payment", {
        params: { id: sent.id },
        body: { amount: "1.00", paid_at: dayFromNow(-1), status: "completed" },
      });
      return { order: await orderRecord(sent.id), paymentId: result.payment.id };
    },

    /** A manual credit of 5.00 from the order's supplier. */
    async credit(supplierId = shop.supplierId): Promise<string> {
      const credit = await ok(shop.client, "create_supplier_credit", { params: { id: supplierId }, body: { source: "manual", amount: "5.00" } });
      return credit.id;
    },

    /** A sent order with 1.00 of a supplier credit applied to it. */
    async creditApplication(): Promise<{ order: OrderRecord; creditId: string; applicationId: string }> {
      const sent = await order("sent");
      const creditId = await this.credit();
      await ok(shop.client, "apply_purchase_order_credits", {
        params: { id: sent.id },
        body: { applications: [{ credit_id: creditId, amount: "1.00" }] },
      });
      const application = await db.creditApplication.findFirstOrThrow({ where: { purchaseOrderId: sent.id, creditId } });
      return { order: await orderRecord(sent.id), creditId, applicationId: application.id };
    },

    /** A shipment (DHL Express, tracking number) on a sent order. */
    async shipment(): Promise<{ order: OrderRecord; shipmentId: string }> {
      const sent = await order("sent");
      const shipment = await ok(shop.client, "add_purchase_order_shipment", {
        params: { id: sent.id },
        body: { carrier: "DHL Express", tracking_number: "JD0001" },
      });
      return { order: sent, shipmentId: shipment.id };
    },

    /** A supplier of its own (unique name), in `currencyCode`. */
    async supplier(currencyCode = "USD"): Promise<string> {
      const supplier = await ok(shop.client, "create_supplier", { body: { name: unique("Supplier"), currency_code: currencyCode } });
      return supplier.id;
    },

    /** A catalogue item of the shop's supplier for W-1 (a fresh supplier, so the variant is free). */
    async catalogueItem(): Promise<{ supplierId: string; itemId: string }> {
      const supplierId = await this.supplier();
      const item = await ok(shop.client, "create_supplier_catalogue_item", {
        params: { id: supplierId },
        body: { sku: shop.variants[0]!.sku, unit_cost: "2.00" },
      });
      return { supplierId, itemId: item.id };
    },

    /** A failed Shopify effect of a sent order (as the worker leaves one it gave up on). */
    async failedEffect(): Promise<{ order: OrderRecord; effectId: string }> {
      const sent = await order("sent");
      const effect = await db.shopifyEffect.findFirstOrThrow({ where: { purchaseOrderId: sent.id } });
      await db.shopifyEffect.update({ where: { id: effect.id }, data: { status: "failed" } });
      return { order: sent, effectId: effect.id };
    },

    /**
     * A reconciliation run that found drift it can fix: a sent order whose incoming effects are
     * recorded as applied although Shopify never got them (the worker is not running). Every
     * staged effect of the shop counts as applied, so no drift waits on one still on its way.
     */
    async reconciliationRun(): Promise<string> {
      const sent = await order("sent");
      await db.shopifyEffect.updateMany({
        where: { shop: { domain: shop.domain }, status: "staged" },
        data: { status: "applied", appliedAt: new Date() },
      });
      const run = await ok(shop.client, "reconcile_incoming", { body: {} });
      expect(run.status, `no fixable drift for ${sent.id}`).toBe("drift");
      return run.id;
    },

    /** A write key of the shop (its id, as Settings → API access lists them). */
    async apiKey(): Promise<string> {
      const { createApiKey } = await import("~/services/api-keys.server");
      return (await createApiKey(db, shop.domain, ACTOR, { name: unique("Key"), scope: "write" })).view.id;
    },

    async exportTemplate(): Promise<string> {
      const { saveExportTemplate } = await import("~/services/documents/export-templates.server");
      const { default: fileStorage } = await import("~/services/storage/default-storage.server");
      const saved = await saveExportTemplate({ db, storage: fileStorage }, shop.domain, ACTOR, {
        id: null,
        name: unique("Template"),
        columns: ["sku", "quantity"],
        footer: "",
        isDefault: false,
        logo: null,
        removeLogo: false,
      });
      return saved.id;
    },

    async emailTemplate(): Promise<string> {
      const { saveEmailTemplate } = await import("~/services/email/settings.server");
      const saved = await saveEmailTemplate(db, shop.domain, ACTOR, {
        name: unique("Wording"),
        subject: "Order {{po_number}}",
        body: "Hello",
        isDefault: false,
      });
      return saved.id;
    },

    emailReady: () => emailSendingReady(db, shop.domain, shop.client, shop.supplierId),
  };
}

export type ShopMakers = ReturnType<typeof shopMakers>;

/** The smallest PDF the content sniffing takes. */
export const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

/** The two shops as handles: the one under attack and its neighbour. */
export function shopHandles(world: TwoShops): { own: ShopHandle; neighbour: ShopHandle } {
  const variantsOf = (domain: string) =>
    [...world.standin.store.shop(domain).variants.values()].map((variant) => ({
      variantId: variant.id,
      inventoryItemId: variant.inventoryItemId,
      sku: variant.sku!,
    }));
  return {
    own: {
      domain: world.domain,
      client: world.writer,
      supplierId: world.supplierId,
      locationId: world.locationId,
      variants: variantsOf(world.domain),
    },
    neighbour: {
      domain: world.neighbour.domain,
      client: world.neighbour.client,
      supplierId: world.neighbour.supplierId,
      locationId: world.neighbour.locationId,
      variants: variantsOf(world.neighbour.domain),
    },
  };
}

/** One record of each kind of the neighbour shop, for the attacks to aim at. */
export async function neighbourIds(neighbour: ShopMakers): Promise<Record<IdKind, string>> {
  const { order, deliveryId } = await neighbour.deliveryDraft();
  const booking = await neighbour.receipt();
  const file = await neighbour.deliveryFile();
  const application = await neighbour.creditApplication();
  const item = await neighbour.catalogueItem();
  return {
    order: order.id,
    line: order.lineId,
    supplier: neighbour.shop.supplierId,
    delivery: deliveryId,
    booking: booking.bookingId,
    payment: (await neighbour.payment()).paymentId,
    credit: application.creditId,
    application: application.applicationId,
    shipment: (await neighbour.shipment()).shipmentId,
    effect: (await neighbour.failedEffect()).effectId,
    file: file.fileId,
    document: (await neighbour.orderDocument()).documentId,
    item: item.itemId,
    key: await neighbour.apiKey(),
    exportTemplate: await neighbour.exportTemplate(),
    emailTemplate: await neighbour.emailTemplate(),
    run: await neighbour.reconciliationRun(),
    location: neighbour.shop.locationId,
    variant: neighbour.shop.variants[0]!.variantId,
    inventoryItem: neighbour.shop.variants[0]!.inventoryItemId,
  };
}
