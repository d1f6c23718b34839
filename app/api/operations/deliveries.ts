import type { PrismaClient } from "@prisma/client";
import { z } from "zod";

import { MAX_DELIVERY_LINES, MAX_SPLITS } from "~/domain/delivery";
import { ValidationError, type FieldErrors } from "~/domain/errors";
import { checkAttachedFile, DELIVERY_NOTE, MAX_FILES_PER_OWNER } from "~/domain/files";
import { INTAKE_REASON_TABLE, INTAKE_REASONS, intakeReasonByCode, intakeReasonByKey } from "~/domain/intake-reasons";
import { linesShopifyDeleted, type PurchaseOrderState } from "~/domain/purchase-order/order";
import { PURCHASE_ORDER_STATUSES } from "~/domain/purchase-order/status";
import { supplierCatalogue } from "~/services/catalogue.server";
import {
  cancelDelivery,
  createDelivery,
  creditDeliveryReturns,
  getDelivery,
  listDeliveries,
  previewDelivery,
  requireDeliveryOfOrder,
  saveDeliveryDraft,
  submitDelivery,
  updateDeliveryNote,
  type DeliveryLineInput,
  type DeliveryView,
} from "~/services/deliveries.server";
import { deleteDeliveryFile, uploadDeliveryFile } from "~/services/delivery-files.server";
import { loadOrderState } from "~/services/purchase-order-lifecycle.server";
import { variantForCode } from "~/services/purchase-order-lines.server";
import type { Actor } from "~/services/actor";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";
import fileStorage from "~/services/storage/default-storage.server";

import { ActionResultResponse, stagedEffectsJson } from "../action-result";
import { defineOperation, type OperationContext, type UploadedFile } from "../operation";
import { purchaseOrderJson } from "../purchase-orders";
import { apiSchemas, OrderIdParams, PurchaseOrder, quantityInput, recordId, requestSchemas, shopifyId, timestamp } from "../schemas";

/**
 * Deliveries of a purchase order, as the receiving screen handles them: a draft is counted (its
 * lines need not match the order), then submitted, which books it on the order as one receipt
 * (the order's status follows) and stages the Shopify effects, all through
 * app/services/deliveries.server.ts and delivery-files.server.ts.
 */

// ---------------------------------------------------------------------------------------------
// Shapes

const intakeReason = z
  .enum(INTAKE_REASONS)
  .describe(
    "Why the line came as it did: " +
      INTAKE_REASON_TABLE.map((reason) => `${reason.key} (${reason.outcome.replace("_", " ")})`).join(", ") +
      ". accepted reasons go with quantity_delivered > 0 (into stock); returned ones with quantity_returned > 0 (came and went back, booked as rejected); not delivered and canceled with both 0.",
  );

const DeliveryFile = z
  .strictObject({
    id: z.string(),
    file_name: z.string(),
    content_type: z.string().describe("Sniffed from the content when uploaded."),
    size: z.int().describe("Bytes."),
    created_at: timestamp,
  })
  .register(apiSchemas, { id: "DeliveryFile" });

const IntakeSplit = z
  .strictObject({
    intake_reason: z.enum(INTAKE_REASONS),
    quantity: z.int().describe("Units of the line this reason describes."),
  })
  .register(apiSchemas, { id: "DeliveryLineSplit" });

const DeliveryLine = z
  .strictObject({
    id: z.string(),
    line_id: z.string().nullable().describe("The order line it is booked on; null for a variant the order does not have (yet)."),
    variant_id: z.string().nullable(),
    sku: z.string().nullable(),
    barcode: z.string().nullable(),
    product_title: z.string(),
    variant_title: z.string().nullable(),
    quantity_delivered: z.int(),
    quantity_returned: z.int(),
    unit_price: z.string().describe("Decimal, up to 4 places, in the order's currency."),
    discount: z.string().describe("Amount off the line, decimal."),
    intake_reason: z
      .enum(INTAKE_REASONS)
      .describe("The line's reason; for a line split across reasons, the first that was not accepted (each part is booked under its own reason)."),
    splits: z.array(IntakeSplit).describe("The line's units per intake reason; a one-reason line has one part."),
    not_ordered: z.boolean().describe("A variant the order did not have: not on it yet (draft), or added by this delivery as not ordered."),
  })
  .register(apiSchemas, { id: "DeliveryLine" });

const Delivery = z
  .strictObject({
    id: z.string(),
    purchase_order_id: z.string(),
    number: z.int().positive().describe("1, 2, … per order."),
    status: z.enum(["draft", "submitted"]),
    delivered_at: timestamp.nullable(),
    note: z.string().nullable(),
    created_at: timestamp,
    submitted_at: timestamp.nullable(),
    booking_id: z
      .string()
      .nullable()
      .describe("The receipt booked on submit (for unreceive_purchase_order); null for drafts and deliveries that booked nothing."),
    credit_id: z.string().nullable().describe("The supplier credit created for its returns, if any."),
    lines: z.array(DeliveryLine),
    files: z.array(DeliveryFile),
  })
  .register(apiSchemas, { id: "Delivery" });

const DeliveryList = z.strictObject({ deliveries: z.array(Delivery) }).register(apiSchemas, { id: "DeliveryList" });

function fileJson(file: DeliveryView["files"][number]): z.input<typeof DeliveryFile> {
  return { id: file.id, file_name: file.fileName, content_type: file.contentType, size: file.size, created_at: file.createdAt };
}

function deliveryJson(delivery: DeliveryView): z.input<typeof Delivery> {
  return {
    id: delivery.id,
    purchase_order_id: delivery.purchaseOrderId,
    number: delivery.number,
    status: delivery.status,
    delivered_at: delivery.deliveredAt,
    note: delivery.note,
    created_at: delivery.createdAt,
    submitted_at: delivery.submittedAt,
    booking_id: delivery.bookingId,
    credit_id: delivery.creditId,
    lines: delivery.lines.map((line) => ({
      id: line.id,
      line_id: line.lineId,
      variant_id: line.variantId,
      sku: line.sku,
      barcode: line.barcode,
      product_title: line.productTitle,
      variant_title: line.variantTitle,
      quantity_delivered: line.quantityDelivered,
      quantity_returned: line.quantityReturned,
      unit_price: line.unitPrice ?? "0",
      discount: line.discount,
      intake_reason: reasonKey(line.intakeReason),
      splits: line.splits.map((part) => ({ intake_reason: reasonKey(part.intakeReason), quantity: part.quantity })),
      not_ordered: line.notOrdered,
    })),
    files: delivery.files.map(fileJson),
  };
}

function reasonKey(code: number) {
  return intakeReasonByCode(code)?.key ?? "accepted";
}

const DeliveryParams = OrderIdParams.extend({ delivery_id: recordId.describe("The delivery's id.") });

/** The delivery, of this order of the key's shop (another order's delivery is not found here). */
async function deliveryOfOrder(context: OperationContext, params: z.output<typeof DeliveryParams>): Promise<string> {
  await requireDeliveryOfOrder(context.db, context.shopDomain, params.id, params.delivery_id);
  return params.delivery_id;
}

// ---------------------------------------------------------------------------------------------
// Draft lines: the request names what came by order line, variant or SKU.

const SplitRequest = z.strictObject({
  intake_reason: intakeReason,
  quantity: quantityInput(1).describe("Units of the line this reason describes."),
});

/**
 * One delivery line as a request gives it: the same schema for the REST API, MCP and the
 * receiving screen's draft (app/routes/app.purchase-orders.$id_.receive), so all three refuse the
 * same input under the same field names.
 */
const DeliveryLineRequest = z
  .strictObject({
    line_id: recordId.optional().describe("The order line delivered."),
    variant_id: shopifyId("ProductVariant")
      .optional()
      .describe("A Shopify ProductVariant gid; booked on the order's line of that variant if it has one, else added as not ordered on submit."),
    sku: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe(
        "A SKU (any case): the order's line with that SKU, else the Shopify variant with it, else the supplier catalogue's item whose " +
          "supplier SKU, alternate SKU or barcode it is.",
      ),
    separate_line: z
      .boolean()
      .optional()
      .describe(
        "With variant_id or sku: true keeps the units on a line of their own even when the order has a line of the variant — for units " +
          "beyond what is pending there (reason delivered_too_much_accepted), added as not ordered on submit.",
      ),
    quantity_delivered: quantityInput(0)
      .optional()
      .describe("Taken into stock (default 0). With splits: the accepted parts' sum (left out: taken from the splits; given: must equal it)."),
    quantity_returned: quantityInput(0)
      .optional()
      .describe("Came and went back, booked as rejected (default 0). With splits: the returned parts' sum (left out: taken from them)."),
    intake_reason: intakeReason.optional().describe("The line's one reason (default accepted); leave it out when giving splits."),
    splits: z
      .array(SplitRequest)
      .min(1)
      .max(MAX_SPLITS)
      .optional()
      .describe(
        "The line's units split across intake reasons, one part per reason, e.g. 6 arrived: [{intake_reason: accepted, quantity: 5}, " +
          "{intake_reason: damaged_returned, quantity: 1}]. Accepted and returned reasons only. On submit the line books received = the " +
          "accepted parts, rejected = the returned parts; the receipt's reason for the line is the first part that was not accepted.",
      ),
    unit_price: z
      .string()
      .optional()
      .describe(
        "Decimal, in the order's currency; default: the order line's unit cost, else the variant's default cost on the order (the " +
          "supplier's catalogue price in the order's currency, else Shopify's unit cost in it or converted at the order's exchange_rate); " +
          "with none known, a line of a variant the order lacks needs one (422).",
      ),
    discount: z.string().optional().describe("Amount off the line, decimal; default 0."),
  })
  .refine((line) => [line.line_id, line.variant_id, line.sku].filter((value) => value !== undefined).length === 1, {
    message: "Give exactly one of line_id, variant_id or sku",
    path: ["line_id"],
  })
  .refine((line) => line.splits === undefined || line.intake_reason === undefined, {
    message: "Give either intake_reason or splits: the splits name each part's reason",
    path: ["intake_reason"],
  })
  .refine((line) => !line.separate_line || line.line_id === undefined, {
    message: "separate_line goes with variant_id or sku: a line_id names the order's line itself",
    path: ["separate_line"],
  });

type DeliveryLineRequest = z.output<typeof DeliveryLineRequest>;

/**
 * The request's lines as the service takes them. A variant or SKU the order has a line of is
 * booked on that line (as the receiving screen's scan does); anything else is a variant the order
 * does not have. SKUs are looked up in Shopify (and the supplier's catalogue) like the screen's
 * lookup.
 */
async function draftLines(order: PurchaseOrderState, gateway: ShopifyGateway, db: PrismaClient, lines: readonly DeliveryLineRequest[]) {
  const errors: FieldErrors = {};
  const catalogue = lines.some((line) => line.sku !== undefined) ? await supplierCatalogue(db, order.header.supplierId) : [];
  const resolved: DeliveryLineInput[] = [];
  for (const [index, line] of lines.entries()) {
    let lineId = line.line_id ?? null;
    let variantId = line.variant_id ?? null;
    if (line.sku !== undefined) {
      const sku = line.sku;
      const orderLine = order.lines.find((candidate) => candidate.sku?.toLowerCase() === sku.toLowerCase());
      if (orderLine) lineId = orderLine.id;
      else {
        const variant = await variantForCode(gateway, catalogue, sku);
        if (!variant) errors[`lines.${index}.sku`] = `Neither this order, Shopify nor the supplier's catalogue knows the SKU "${sku}"`;
        variantId = variant?.id ?? null;
      }
    }
    if (line.separate_line) lineId = null;
    else if (lineId === null && variantId !== null) lineId = order.lines.find((candidate) => candidate.variantId === variantId)?.id ?? null;
    const splits = line.splits?.map((part) => ({ intakeReason: intakeReasonByKey(part.intake_reason).code, quantity: part.quantity })) ?? null;
    const sum = (outcome: string) =>
      (line.splits ?? []).reduce((total, part) => total + (intakeReasonByKey(part.intake_reason).outcome === outcome ? part.quantity : 0), 0);
    resolved.push({
      lineId,
      variantId: lineId === null ? variantId : null,
      quantityDelivered: line.quantity_delivered ?? sum("accepted"),
      quantityReturned: line.quantity_returned ?? sum("returned"),
      unitPrice: line.unit_price ?? null,
      discount: line.discount ?? "0",
      intakeReason: intakeReasonByKey(line.intake_reason ?? "accepted").code,
      splits,
    });
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return resolved;
}

export const UpdateDeliveryRequest = z
  .strictObject({
    lines: z
      .array(DeliveryLineRequest)
      .max(MAX_DELIVERY_LINES)
      .optional()
      .describe(
        "Replaces all the draft's lines, in this order (drafts only). Lines that book nothing (not delivered, canceled) record that nothing came.",
      ),
    note: z
      .string()
      .nullable()
      .optional()
      .describe("At most 5,000 characters; null or empty clears it. The only field a submitted delivery still takes."),
    delivered_at: z
      .string()
      .nullable()
      .optional()
      .describe(
        "When the goods arrived: a day (2026-11-20) or a date and time (2026-11-20T10:00, UTC unless an offset is given); null or an " +
          "empty (or blank) string clears it.",
      ),
  })
  .register(requestSchemas, { id: "UpdateDeliveryRequest" });

/**
 * Saves what an update request asks of a delivery, as the REST API, MCP and the receiving screen
 * send it: fields left out keep their value; only a note goes through on a submitted delivery.
 */
export async function updateDeliveryFromRequest(
  deps: { db: PrismaClient; gateway: () => Promise<ShopifyGateway> },
  shopDomain: string,
  actor: Actor,
  ids: { orderId: string; deliveryId: string },
  body: z.output<typeof UpdateDeliveryRequest>,
): Promise<DeliveryView> {
  const { db } = deps;
  if (body.lines === undefined && body.delivered_at === undefined) {
    // Only the note: the one change a submitted delivery still takes.
    if (body.note === undefined) return getDelivery(db, shopDomain, ids.deliveryId);
    return updateDeliveryNote(db, shopDomain, actor, ids.deliveryId, body.note);
  }
  const current = await getDelivery(db, shopDomain, ids.deliveryId);
  const gateway = await deps.gateway();
  // A submitted delivery's lines are not resolved: the service refuses the change (409) whatever they are.
  const lines =
    body.lines && current.status === "draft"
      ? await draftLines(await loadOrderState(db, shopDomain, ids.orderId), gateway, db, body.lines)
      : current.lines;
  return saveDeliveryDraft({ db, gateway }, shopDomain, actor, ids.deliveryId, {
    lines,
    note: body.note === undefined ? current.note : body.note,
    deliveredAt: body.delivered_at === undefined ? current.deliveredAt : body.delivered_at,
  });
}

// ---------------------------------------------------------------------------------------------
// Submitting and previewing

const DeliverySubmission = z
  .strictObject({
    delivery: Delivery,
    purchase_order: PurchaseOrder,
    audit: ActionResultResponse.shape.audit,
    side_effects: ActionResultResponse.shape.side_effects,
  })
  .register(apiSchemas, { id: "DeliverySubmission" });

const SubmitDeliveryRequest = z
  .strictObject({
    delivered_at: z
      .string()
      .nullable()
      .optional()
      .describe("When the goods arrived (as in update); left out, null or an empty (or blank) string keeps the draft's."),
  })
  .register(requestSchemas, { id: "SubmitDeliveryRequest" });

const inventoryChange = z.strictObject({
  inventory_item_id: z.string(),
  sku: z.string().nullable(),
  product_title: z.string(),
  variant_title: z.string().nullable(),
  delta: z.int(),
});
const productTags = z.strictObject({ product_id: z.string(), tags: z.array(z.string()) });

const DeliveryPreview = z
  .strictObject({
    status_from: z.enum(PURCHASE_ORDER_STATUSES),
    status_to: z.enum(PURCHASE_ORDER_STATUSES),
    booked: z
      .array(
        z.strictObject({
          line_id: z.string(),
          sku: z.string().nullable(),
          product_title: z.string(),
          variant_title: z.string().nullable(),
          received: z.int(),
          rejected: z.int(),
          reason: z.enum(INTAKE_REASONS).nullable(),
          new_line: z.boolean().describe("Added by this delivery: a variant the order did not have."),
        }),
      )
      .describe("Per order line, what the receipt would book; a line whose units come under several intake reasons has a row per reason."),
    on_hand: z.array(inventoryChange).describe("Shopify on-hand changes (only when auto-sync on receiving is on; otherwise sync later)."),
    incoming: z.array(inventoryChange).describe("Shopify incoming changes (this order's share)."),
    tags_added: z.array(productTags),
    tags_removed: z.array(productTags),
    metafield_writes: z.int(),
    effect_count: z.int().describe("How many Shopify effects submitting would stage."),
    auto_sync_on_receive: z.boolean(),
  })
  .register(apiSchemas, { id: "DeliveryPreview" });

type InventoryChangeView = Awaited<ReturnType<typeof previewDelivery>>["onHand"][number];
const inventoryChangeJson = (change: InventoryChangeView) => ({
  inventory_item_id: change.inventoryItemId,
  sku: change.sku,
  product_title: change.productTitle,
  variant_title: change.variantTitle,
  delta: change.delta,
});
const tagsJson = (entry: { productId: string; tags: string[] }) => ({ product_id: entry.productId, tags: entry.tags });

/** The order's submit_delivery audit entry for this delivery (what it booked and added). */
async function submissionAuditChanges(db: PrismaClient, orderId: string, deliveryId: string): Promise<Record<string, unknown>> {
  const entries = await db.auditEntry.findMany({
    where: { purchaseOrderId: orderId, action: "submit_delivery" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { changes: true },
  });
  const changes = entries.map((entry) => JSON.parse(entry.changes ?? "{}") as Record<string, unknown>);
  return changes.find((entry) => entry.deliveryId === deliveryId) ?? {};
}

// ---------------------------------------------------------------------------------------------
// Files

const UploadedFiles = z
  .strictObject({ uploaded: z.array(DeliveryFile).describe("The files this request added, in the order sent."), delivery: Delivery })
  .register(apiSchemas, { id: "DeliveryFileUpload" });

/**
 * Every file checked before any is stored (content type sniffed, size, the delivery's file count),
 * so a request with one bad file adds none; errors name the file by its place (`file.0`) and name.
 */
async function checkUploads(context: OperationContext, deliveryId: string, files: readonly UploadedFile[]): Promise<void> {
  if (files.length === 0) throw new ValidationError({ file: "Send at least one file, as multipart/form-data in the field `file`." });
  const errors: FieldErrors = {};
  for (const [index, file] of files.entries()) {
    try {
      checkAttachedFile(DELIVERY_NOTE, file.fileName, file.bytes);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors[`file.${index}`] = `${file.fileName || "(unnamed)"}: ${Object.values(error.fieldErrors).join(" ")}`;
    }
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  const held = (await getDelivery(context.db, context.shopDomain, deliveryId)).files.length;
  if (held + files.length > MAX_FILES_PER_OWNER) {
    throw new ValidationError({
      file: `A delivery holds at most ${MAX_FILES_PER_OWNER} files; it has ${held} and this request adds ${files.length}. Remove some or send fewer.`,
    });
  }
}

// ---------------------------------------------------------------------------------------------

const noFields = z.strictObject({});

export const deliveryOperations = [
  defineOperation({
    name: "list_purchase_order_deliveries",
    method: "GET",
    path: "/purchase_orders/{id}/deliveries",
    scope: "read",
    title: "List an order's deliveries",
    description:
      "The order's deliveries, first to last: drafts (being counted) and submitted ones (booked as a receipt), each with its lines " +
      "(delivered / returned quantities, intake reason, price), note, delivery date and files.",
    params: OrderIdParams,
    response: DeliveryList,
    idempotent: true,
    async handle({ db, shopDomain }, { params }) {
      return { deliveries: (await listDeliveries(db, shopDomain, params.id)).map(deliveryJson) };
    },
  }),
  defineOperation({
    name: "get_purchase_order_delivery",
    method: "GET",
    path: "/purchase_orders/{id}/deliveries/{delivery_id}",
    scope: "read",
    title: "Get a delivery",
    description: "One delivery of the order, with its lines, note, delivery date, files, and (once submitted) the receipt it booked.",
    params: DeliveryParams,
    response: Delivery,
    idempotent: true,
    async handle(context, { params }) {
      return deliveryJson(await getDelivery(context.db, context.shopDomain, await deliveryOfOrder(context, params)));
    },
  }),
  defineOperation({
    name: "create_purchase_order_delivery",
    method: "POST",
    path: "/purchase_orders/{id}/deliveries",
    scope: "write",
    title: "Start a delivery (draft)",
    description:
      "Opens a new, empty draft delivery on the order, numbered after its last one; fill it with update_purchase_order_delivery, " +
      "check it with preview_purchase_order_delivery, then submit_purchase_order_delivery. Only orders that were sent and still await " +
      "goods take deliveries: refused (409, rule order_not_sent / order_not_receiving / deliveries_closed) otherwise.",
    params: OrderIdParams,
    body: noFields,
    response: Delivery,
    status: 201,
    async handle({ db, shopDomain, actor }, { params }) {
      return deliveryJson(await createDelivery(db, shopDomain, actor, params.id));
    },
  }),
  defineOperation({
    name: "update_purchase_order_delivery",
    method: "PATCH",
    path: "/purchase_orders/{id}/deliveries/{delivery_id}",
    scope: "write",
    title: "Update a delivery",
    description:
      "Changes a delivery; only the fields given change. `lines` replaces all of a draft's lines: each names what came by exactly one of " +
      "line_id, variant_id or sku, with quantity_delivered / quantity_returned and the intake_reason (the reason decides which quantity " +
      "may be above 0). Lines need not match the order: a variant it does not have becomes a not-ordered line on submit. Nothing is " +
      "booked until submit. A submitted delivery only takes `note` (lines and delivered_at: 409 delivery_submitted). Invalid lines are " +
      "refused (422) with every field at fault, e.g. `lines.2.quantity_delivered`. Answers the delivery.",
    params: DeliveryParams,
    body: UpdateDeliveryRequest,
    response: Delivery,
    idempotent: true,
    async handle(context, { params, body }) {
      const deliveryId = await deliveryOfOrder(context, params);
      const ids = { orderId: params.id, deliveryId };
      return deliveryJson(await updateDeliveryFromRequest(context, context.shopDomain, context.actor, ids, body));
    },
  }),
  defineOperation({
    name: "preview_purchase_order_delivery",
    method: "GET",
    path: "/purchase_orders/{id}/deliveries/{delivery_id}/preview",
    scope: "read",
    title: "Preview submitting a delivery",
    description:
      "What submitting the draft would do, decided exactly as submit decides, saving nothing: the order's status before and after, " +
      "what the receipt books per line (new not-ordered lines flagged), and the Shopify changes it would stage (on hand, incoming, " +
      "tags, metafields). Refused (409 / 422) for the same reasons submit would be.",
    params: DeliveryParams,
    response: DeliveryPreview,
    idempotent: true,
    async handle(context, { params }) {
      const preview = await previewDelivery({ db: context.db }, context.shopDomain, await deliveryOfOrder(context, params));
      return {
        status_from: preview.statusFrom,
        status_to: preview.statusTo,
        booked: preview.booked.map((line) => ({
          line_id: line.lineId,
          sku: line.sku,
          product_title: line.productTitle,
          variant_title: line.variantTitle,
          received: line.received,
          rejected: line.rejected,
          reason: line.reason,
          new_line: line.newLine,
        })),
        on_hand: preview.onHand.map(inventoryChangeJson),
        incoming: preview.incoming.map(inventoryChangeJson),
        tags_added: preview.tagsAdded.map(tagsJson),
        tags_removed: preview.tagsRemoved.map(tagsJson),
        metafield_writes: preview.metafieldWrites,
        effect_count: preview.effectCount,
        auto_sync_on_receive: preview.autoSyncOnReceive,
      };
    },
  }),
  defineOperation({
    name: "submit_purchase_order_delivery",
    method: "POST",
    path: "/purchase_orders/{id}/deliveries/{delivery_id}/submit",
    scope: "write",
    title: "Submit a delivery",
    description:
      "Books the draft on the order in one transaction: variants the order did not have that went into stock become not-ordered lines, " +
      "then one receipt books every line (received = delivered, rejected = returned); the order becomes Partially received or Received, " +
      "and the Shopify effects are staged (incoming released; on hand raised at once when auto-sync on receiving is on, else by " +
      "sync_purchase_order later). The delivery is then frozen (only its note changes; unreceive_purchase_order with its booking_id " +
      "corrects it). Refused with nothing saved: 409 (rule delivery_submitted, order_not_receiving, deliveries_closed…) or 422 " +
      "(e.g. more than is pending: `lines.N.quantity_delivered` says what to do instead). Answers the delivery, the order, the audit " +
      "entry and the staged Shopify effects.",
    params: DeliveryParams,
    body: SubmitDeliveryRequest,
    response: DeliverySubmission,
    async handle(context, { params, body }) {
      const { db, shopDomain, actor } = context;
      const deliveryId = await deliveryOfOrder(context, params);
      const before = await loadOrderState(db, shopDomain, params.id);
      const gateway = await context.gateway();
      const { delivery, stagedEffects } = await submitDelivery({ db, gateway }, shopDomain, actor, deliveryId, {
        deliveredAt: body.delivered_at ?? null,
      });
      const after = await loadOrderState(db, shopDomain, params.id);
      return {
        delivery: deliveryJson(delivery),
        purchase_order: await purchaseOrderJson(db, shopDomain, after),
        audit: {
          action: "submit_delivery",
          from_status: before.status,
          to_status: after.status,
          changes: await submissionAuditChanges(db, after.id, deliveryId),
        },
        side_effects: {
          staged: await stagedEffectsJson(db, stagedEffects),
          skipped_lines: linesShopifyDeleted(after).map((line) => ({ line_id: line.lineId, sku: line.sku, product_title: line.productTitle })),
        },
      };
    },
  }),
  defineOperation({
    name: "cancel_purchase_order_delivery",
    method: "DELETE",
    path: "/purchase_orders/{id}/deliveries/{delivery_id}",
    scope: "write",
    title: "Cancel a draft delivery",
    description:
      "Deletes a draft delivery for good, with its lines and files; the order is untouched. A submitted delivery cannot be cancelled " +
      "(409 delivery_submitted): its receipt is booked; reverse it with unreceive_purchase_order instead.",
    params: DeliveryParams,
    response: z.strictObject({ id: z.string(), cancelled: z.literal(true) }).register(apiSchemas, { id: "CancelledDelivery" }),
    destructive: true,
    async handle(context, { params }) {
      const deliveryId = await deliveryOfOrder(context, params);
      await cancelDelivery({ db: context.db, storage: fileStorage }, context.shopDomain, context.actor, deliveryId);
      return { id: deliveryId, cancelled: true as const };
    },
  }),
  defineOperation({
    name: "credit_purchase_order_delivery_returns",
    method: "POST",
    path: "/purchase_orders/{id}/deliveries/{delivery_id}/credit_returns",
    scope: "write",
    title: "Credit a delivery's returns",
    description:
      "Creates one supplier credit (source return) worth the submitted delivery's returned quantities × their unit prices, and links it " +
      "to the delivery (credit_id), so it is never created twice. Refused (409) for drafts (delivery_not_submitted), when already " +
      "credited (returns_already_credited) or when nothing was returned (nothing_returned). Answers the delivery.",
    params: DeliveryParams,
    body: noFields,
    response: Delivery,
    async handle(context, { params }) {
      const deliveryId = await deliveryOfOrder(context, params);
      return deliveryJson(await creditDeliveryReturns(context.db, context.shopDomain, context.actor, deliveryId));
    },
  }),
  defineOperation({
    name: "upload_purchase_order_delivery_files",
    method: "POST",
    path: "/purchase_orders/{id}/deliveries/{delivery_id}/files",
    scope: "write",
    title: "Attach delivery note files",
    description:
      "Attaches files (the supplier's delivery note, photos) to a delivery, draft or submitted, as multipart/form-data in the field " +
      "`file` (repeat it for several). Each must be a PDF or an image (PNG, JPEG, GIF, WebP, HEIC, AVIF) by its content, whatever its " +
      `name, non-empty and at most 20 MB; a delivery holds at most ${MAX_FILES_PER_OWNER} files. One bad file refuses the request ` +
      "(422, `file.N` naming it) and none is stored. Answers the files added and the delivery.",
    params: DeliveryParams,
    body: noFields,
    multipart: true,
    response: UploadedFiles,
    status: 201,
    async handle(context, { params, files }) {
      const deliveryId = await deliveryOfOrder(context, params);
      await checkUploads(context, deliveryId, files);
      const uploaded = [];
      for (const file of files) {
        uploaded.push(
          await uploadDeliveryFile({ db: context.db, storage: fileStorage }, context.shopDomain, context.actor, deliveryId, {
            fileName: file.fileName,
            bytes: file.bytes,
          }),
        );
      }
      return { uploaded: uploaded.map(fileJson), delivery: deliveryJson(await getDelivery(context.db, context.shopDomain, deliveryId)) };
    },
  }),
  defineOperation({
    name: "delete_purchase_order_delivery_file",
    method: "DELETE",
    path: "/purchase_orders/{id}/deliveries/{delivery_id}/files/{file_id}",
    scope: "write",
    title: "Remove a delivery file",
    description:
      "Removes a file from a draft delivery. A submitted delivery keeps its files as evidence of what arrived (409 " +
      "delivery_files_are_evidence). Answers the delivery.",
    params: DeliveryParams.extend({ file_id: recordId.describe("The file's id.") }),
    response: Delivery,
    destructive: true,
    async handle(context, { params }) {
      const deliveryId = await deliveryOfOrder(context, params);
      await deleteDeliveryFile({ db: context.db, storage: fileStorage }, context.shopDomain, context.actor, deliveryId, params.file_id);
      return deliveryJson(await getDelivery(context.db, context.shopDomain, deliveryId));
    },
  }),
];
