import { expect } from "vitest";

import type { ApiClient } from "../../support/api";
import { minimalPdf } from "../../support/files";
import { createOrderOfVariants } from "../../support/orders";

import type { TwoShops } from "./two-shops";

/**
 * One valid request per REST operation, for the shop under attack, built fresh for each case
 * (`prepare`): an accepted case may change or consume what it acted on (delete a draft, send an
 * order, use up a credit), so each case gets its own draft, sent order, delivery, payment… and a
 * later case still has a valid target. The attack (tests/attack/api.test.ts) then breaks one
 * thing of the request at a time.
 */

/** Kinds of records (and Shopify ids) a request names, so the neighbour's own can be put in their place. */
export type RecordKind =
  | "order"
  | "supplier"
  | "line"
  | "delivery"
  | "payment"
  | "shipment"
  | "file"
  | "application"
  | "credit"
  | "item"
  | "run"
  | "booking"
  | "location"
  | "variant"
  | "inventoryItem";

export interface ValidRequest {
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** The JSON body (operations that take JSON). */
  body?: Record<string, unknown>;
  /** The multipart form's files (operations that take uploads). */
  files?: Array<{ name: string; bytes: Uint8Array }>;
  /** Dotted paths of `body` (or `query.<name>`) naming the shop's records, by kind: the neighbour's are put there. */
  names?: Record<string, RecordKind>;
}

export interface Target {
  prepare(): Promise<ValidRequest>;
  /** The status the valid request gets when not a success (a 409 because, e.g., no email is set up to send with). */
  refusedBecause?: { status: number; why: string };
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Dates relative to now: nothing here expires. */
const dayFromNow = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
const instantFromNow = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

const address = (name: string) => ({
  name,
  company: "Acme Ltd",
  line1: "1 Dock Road",
  line2: "Unit 4",
  city: "Leeds",
  region: "West Yorkshire",
  postal_code: "LS1 4AP",
  country_code: "GB",
  phone: "+44 113 496 0000",
});

/** The attack's world: two shops (two-shops.ts) and the records the valid requests need beyond them. */
export async function apiWorld(w: TwoShops) {
  const writer = w.writer;
  const variants = w.products[0]!.variants;
  const neighbourInventoryItem = (await w.db.purchaseOrderLine.findFirstOrThrow({ where: { id: w.neighbour.sentLineId } })).inventoryItemId!;
  const ok = async (client: ApiClient, name: string, call: Parameters<ApiClient["call"]>[1], status = 200) => {
    await w.refill();
    const result = await client.call(name, call);
    expect(result.status, `${name}: ${JSON.stringify(result.error)}`).toBe(status);
    return result.body;
  };
  const ownShopId = (await w.db.shop.findUniqueOrThrow({ where: { domain: w.domain } })).id;
  let serial = 0;
  const unique = (prefix: string) => `${prefix} ${(serial += 1)}`;

  // Beta lists the second variant: a draft of Acme's with that variant splits off to Beta.
  const betaId = (await ok(writer, "create_supplier", { body: { name: "Beta" } }, 201)).id as string;
  await ok(
    writer,
    "create_supplier_catalogue_item",
    { params: { id: betaId }, body: { variant_id: variants[1]!.variantId, unit_cost: "2.90" } },
    201,
  );
  const euroSupplierId = (await w.db.supplier.create({ data: { shopId: ownShopId, name: "Euro Supplies", currencyCode: "EUR" } })).id;
  // The fixed delivery has a line, so previewing it has something to book.
  await ok(writer, "update_purchase_order_delivery", {
    params: { id: w.own.sentId, delivery_id: w.own.deliveryId },
    body: { lines: [{ line_id: w.own.sentLineId, quantity_delivered: 1 }] },
  });

  // The neighbour's records of every kind a request can name.
  const n = w.neighbour;
  const nc = n.client;
  const nPayment = await ok(
    nc,
    "record_purchase_order_payment",
    {
      params: { id: n.sentId },
      body: { amount: "1.00", paid_at: dayFromNow(-1), status: "completed" },
    },
    201,
  );
  const nShipment = await ok(nc, "add_purchase_order_shipment", { params: { id: n.sentId }, body: { carrier: "UPS", tracking_number: "1Z1" } }, 201);
  const nCredit = await ok(nc, "create_supplier_credit", { params: { id: n.supplierId }, body: { source: "manual", amount: "5.00" } }, 201);
  const nCredits = await ok(nc, "apply_purchase_order_credits", {
    params: { id: n.sentId },
    body: { applications: [{ credit_id: nCredit.id, amount: "1.00" }] },
  });
  const nItem = await ok(
    nc,
    "create_supplier_catalogue_item",
    {
      params: { id: n.supplierId },
      body: { variant_id: n.variantId, unit_cost: "1.00", supplier_sku: "N-1" },
    },
    201,
  );
  const nFiles = new FormData();
  nFiles.append("file", new Blob([minimalPdf()], { type: "application/pdf" }), "neighbour.pdf");
  const nUpload = await ok(nc, "upload_purchase_order_delivery_files", { params: { id: n.sentId, delivery_id: n.deliveryId }, form: nFiles }, 201);
  const nRun = await ok(nc, "reconcile_incoming", { body: {} });
  await ok(nc, "receive_purchase_order", { params: { id: n.sentId }, body: { lines: [{ line_id: n.sentLineId, received: 1 }] } });
  const nBooking = await w.db.booking.findFirstOrThrow({ where: { purchaseOrderId: n.sentId } });

  /** The neighbour's record of each kind, put where a request names the shop's own. */
  const neighbour: Record<RecordKind, string> = {
    order: n.sentId,
    supplier: n.supplierId,
    line: n.sentLineId,
    delivery: n.deliveryId,
    payment: nPayment.payment.id,
    shipment: nShipment.id,
    file: nUpload.uploaded[0].id,
    application: nCredits.applications[0].id,
    credit: nCredit.id,
    item: nItem.id,
    run: nRun.id,
    booking: nBooking.id,
    location: n.locationId,
    variant: n.variantId,
    inventoryItem: neighbourInventoryItem,
  };
  /** Text that may appear only in answers to the neighbour: its ids, its domain, its draft's. */
  const neighbourTokens = [...new Set([...Object.values(neighbour), n.draftId, n.draftLineId, n.domain])];

  // Fresh records, one set per case.
  const v = (index: number) => variants[index]!;
  async function draft(
    supplierId = w.own.supplierId,
    lines = [
      { ...v(0), quantity: 4 },
      { ...v(1), quantity: 2 },
    ],
  ) {
    const order = await createOrderOfVariants(w.db, w.domain, supplierId, w.locationId, lines);
    const saved = await w.db.purchaseOrderLine.findMany({ where: { purchaseOrderId: order.id }, orderBy: { position: "asc" } });
    return { id: order.id, lineIds: saved.map((line) => line.id) };
  }
  const version = async (id: string) => (await w.db.purchaseOrder.findUniqueOrThrow({ where: { id } })).version;
  async function sent() {
    const order = await draft(w.own.supplierId, [{ ...v(0), quantity: 6 }]);
    await ok(writer, "mark_purchase_order_sent", { params: { id: order.id }, body: {} });
    return { id: order.id, lineId: order.lineIds[0]! };
  }
  async function sentThen(name: string, body: Record<string, unknown> = {}) {
    const order = await sent();
    await ok(writer, name, { params: { id: order.id }, body });
    return order;
  }
  /** A sent order with goods received: all six units, or one. */
  async function received(units: 1 | 6) {
    const order = await sent();
    await ok(writer, "receive_purchase_order", { params: { id: order.id }, body: { lines: [{ line_id: order.lineId, received: units }] } });
    return order;
  }
  async function delivery(lines?: unknown[]) {
    const order = await sent();
    const created = await ok(writer, "create_purchase_order_delivery", { params: { id: order.id }, body: {} }, 201);
    if (lines)
      await ok(writer, "update_purchase_order_delivery", {
        params: { id: order.id, delivery_id: created.id },
        body: { lines: lines.map((line) => ({ line_id: order.lineId, ...(line as object) })) },
      });
    return { ...order, deliveryId: created.id as string };
  }
  async function supplier() {
    return (await w.db.supplier.create({ data: { shopId: ownShopId, name: unique("Fresh supplier"), currencyCode: "USD" } })).id;
  }
  async function catalogueItem() {
    const supplierId = await supplier();
    const item = await ok(
      writer,
      "create_supplier_catalogue_item",
      { params: { id: supplierId }, body: { variant_id: v(0).variantId, unit_cost: "2.40" } },
      201,
    );
    return { supplierId, itemId: item.id as string };
  }
  async function payment() {
    const order = await sent();
    const recorded = await ok(
      writer,
      "record_purchase_order_payment",
      {
        params: { id: order.id },
        body: { amount: "1.00", paid_at: dayFromNow(-1), status: "completed" },
      },
      201,
    );
    return { ...order, paymentId: recorded.payment.id as string };
  }
  async function credit() {
    const order = await sent();
    const created = await ok(writer, "create_supplier_credit", { params: { id: w.own.supplierId }, body: { source: "manual", amount: "5.00" } }, 201);
    return { ...order, creditId: created.id as string };
  }
  async function shipment() {
    const added = await ok(
      writer,
      "add_purchase_order_shipment",
      { params: { id: w.own.sentId }, body: { carrier: "DHL", tracking_number: "JD0001" } },
      201,
    );
    return added.id as string;
  }

  const lifecycle = (
    prepare: () => Promise<{ id: string }>,
    body: (order: { id: string; lineId?: string }) => Record<string, unknown> = () => ({}),
    names: Record<string, RecordKind> = {},
  ): Target => ({
    async prepare() {
      const order = await prepare();
      return {
        params: { id: order.id },
        body: { ...body(order as { id: string; lineId?: string }), expected_version: await version(order.id) },
        names,
      };
    },
  });
  const header = () => ({
    reference: "ATT-1",
    note: "Please pack by size",
    private_note: "Second supplier if late",
    order_date: dayFromNow(0),
    expected_arrival_at: instantFromNow(14),
    requested_ship_at: dayFromNow(7),
    shipping_cost: "5.00",
    tax: "1.50",
  });
  const shipmentBody = () => ({
    carrier: "UPS",
    tracking_number: "1Z999AA1",
    estimated_arrival_at: dayFromNow(5),
    arrived_at: dayFromNow(-1),
    note: "two pallets",
  });
  const supplierBody = () => ({
    name: unique("Attack supplier"),
    email: "orders@example.com",
    cc_emails: ["accounts@example.com"],
    currency_code: "USD",
    vendor: "Attack Vendor",
    payment_terms: "Net 30",
    payment_terms_days: 30,
    lead_time_days: 14,
    address: address("Attack supplier"),
    notes: "Prefers email",
  });
  const catalogueTerms = () => ({
    unit_cost: "2.60",
    supplier_sku: "SUP-1",
    alternate_skus: ["ALT-1", "ALT-2"],
    minimum_order_quantity: 2,
    pack_size: 6,
  });

  return {
    neighbour,
    neighbourTokens,
    own: w.own,
    db: w.db,
    writer,
    locationId: w.locationId,
    betaId,
    euroSupplierId,
    v,
    ok,
    draft,
    version,
    sent,
    sentThen,
    received,
    delivery,
    supplier,
    catalogueItem,
    payment,
    credit,
    shipment,
    lifecycle,
    header,
    shipmentBody,
    supplierBody,
    catalogueTerms,
    address,
    dayFromNow,
    instantFromNow,
  };
}

export type ApiWorld = Awaited<ReturnType<typeof apiWorld>>;

/** The valid request of every operation, by its name (the OpenAPI operationId). */
export const API_TARGETS: Record<string, (c: ApiWorld) => Target> = {
  list_purchase_orders: (c) => ({
    prepare: async () => ({
      query: {
        "search[status]": "draft,sent",
        "search[supplier_id]": c.own.supplierId,
        "search[ids]": `${c.own.draftId},${c.own.sentId}`,
        "search[order_item_name]": "Widget",
        "search[late]": "false",
        "search[created_at_min]": c.dayFromNow(-30),
        page: "1",
        per_page: "50",
      },
      names: { "query.search[supplier_id]": "supplier", "query.search[ids]": "order" },
    }),
  }),
  create_purchase_order: (c) => ({
    prepare: async () => ({
      body: {
        supplier_id: c.own.supplierId,
        location_id: c.locationId,
        ...c.header(),
        items: [
          { variant_id: c.v(0).variantId, quantity: 2, unit_cost: "2.50" },
          { sku: "W-2", quantity: 1 },
          { title: "Custom crate", sku: "CRATE", quantity: 1, unit_cost: "3.00" },
        ],
      },
      names: { supplier_id: "supplier", location_id: "location", "items.0.variant_id": "variant" },
    }),
  }),
  get_purchase_order: (c) => ({ prepare: async () => ({ params: { id: c.own.draftId } }) }),
  update_purchase_order: (c) => ({
    async prepare() {
      const order = await c.draft();
      return {
        params: { id: order.id },
        body: {
          supplier_id: c.own.supplierId,
          location_id: c.locationId,
          ...c.header(),
          items: [
            { id: order.lineIds[0], quantity: 5, unit_cost: "2.75", comment: "rush" },
            { id: order.lineIds[1], quantity: 2 },
            { variant_id: c.v(2).variantId, quantity: 1, unit_cost: "4.00" },
          ],
          vendor_reference: "SO-77",
          order_public_references: ["#1001"],
          supplier_confirmed: true,
          promise_date: c.dayFromNow(10),
          hold_until: c.instantFromNow(3),
          tags: ["attack"],
          custom_fields: { colour: "blue" },
          allow_overpayment: false,
          expected_version: await c.version(order.id),
        },
        names: { supplier_id: "supplier", location_id: "location", "items.0.id": "line", "items.2.variant_id": "variant" },
      };
    },
  }),
  delete_purchase_order: (c) => ({ prepare: async () => ({ params: { id: (await c.draft()).id } }) }),
  send_purchase_order: (c) => ({
    ...c.lifecycle(() => c.draft()),
    refusedBecause: { status: 422, why: "no email sending is set up in the attack's shop" },
  }),
  mark_purchase_order_sent: (c) => c.lifecycle(() => c.draft()),
  confirm_purchase_order: (c) =>
    c.lifecycle(c.sent, (order) => ({ lines: [{ line_id: order.lineId, confirmed: 5 }] }), { "lines.0.line_id": "line" }),
  start_purchase_order: (c) =>
    c.lifecycle(async () => {
      const order = await c.sent();
      await c.ok(c.writer, "confirm_purchase_order", { params: { id: order.id }, body: { lines: [{ line_id: order.lineId, confirmed: 6 }] } });
      return order;
    }),
  receive_purchase_order: (c) =>
    c.lifecycle(
      c.sent,
      (order) => ({
        lines: [{ line_id: order.lineId, received: 2, rejected: 1, cancelled: 0, reason: "damaged_returned" }],
        location_id: c.locationId,
        note: "dock 3",
      }),
      { "lines.0.line_id": "line", location_id: "location" },
    ),
  unreceive_purchase_order: (c) => ({
    async prepare() {
      const order = await c.received(1);
      const booking = await c.db.booking.findFirstOrThrow({ where: { purchaseOrderId: order.id } });
      return {
        params: { id: order.id },
        body: { booking_id: booking.id, expected_version: await c.version(order.id) },
        names: { booking_id: "booking" },
      };
    },
  }),
  close_purchase_order_deliveries: (c) => c.lifecycle(c.sent),
  complete_purchase_order: (c) =>
    c.lifecycle(
      () => c.received(6),
      () => ({ close_remainder: false }),
    ),
  quick_complete_purchase_order: (c) => c.lifecycle(c.sent),
  pause_purchase_order: (c) => c.lifecycle(c.sent, () => ({ reason: "supplier on holiday" })),
  resume_purchase_order: (c) => c.lifecycle(() => c.sentThen("pause_purchase_order")),
  dispute_purchase_order: (c) => c.lifecycle(c.sent, () => ({ reason: "wrong prices" })),
  resolve_purchase_order_dispute: (c) => c.lifecycle(() => c.sentThen("dispute_purchase_order")),
  cancel_purchase_order: (c) => c.lifecycle(c.sent, () => ({ reason: "no longer needed" })),
  reopen_purchase_order: (c) => c.lifecycle(() => c.sentThen("cancel_purchase_order")),
  sync_purchase_order: (c) => c.lifecycle(() => c.received(1)),
  reset_purchase_order_sync: (c) =>
    c.lifecycle(async () => {
      const order = await c.received(1);
      await c.ok(c.writer, "sync_purchase_order", { params: { id: order.id }, body: {} });
      return order;
    }),
  adjust_purchase_order_incoming: (c) =>
    c.lifecycle(
      () => c.sentThen("cancel_purchase_order"),
      () => ({ inventory_item_id: c.v(0).inventoryItemId, location_id: c.locationId, delta: 1 }),
      { inventory_item_id: "inventoryItem", location_id: "location" },
    ),
  list_purchase_order_audit: (c) => ({ prepare: async () => ({ params: { id: c.own.sentId } }) }),
  list_purchase_order_effects: (c) => ({ prepare: async () => ({ params: { id: c.own.sentId } }) }),
  list_purchase_order_deliveries: (c) => ({ prepare: async () => ({ params: { id: c.own.sentId } }) }),
  create_purchase_order_delivery: (c) => ({ prepare: async () => ({ params: { id: (await c.sent()).id }, body: {} }) }),
  get_purchase_order_delivery: (c) => ({ prepare: async () => ({ params: { id: c.own.sentId, delivery_id: c.own.deliveryId } }) }),
  update_purchase_order_delivery: (c) => ({
    async prepare() {
      const { id, lineId, deliveryId } = await c.delivery();
      return {
        params: { id, delivery_id: deliveryId },
        body: {
          lines: [
            { line_id: lineId, quantity_delivered: 2, quantity_returned: 0, intake_reason: "accepted", unit_price: "2.50", discount: "0.10" },
            { variant_id: c.v(1).variantId, quantity_delivered: 1, intake_reason: "wrongly_delivered_accepted" },
            { sku: "W-3", quantity_returned: 1, intake_reason: "wrongly_delivered_returned", unit_price: "4.00" },
          ],
          note: "left at gate",
          delivered_at: c.dayFromNow(-1),
        },
        names: { "lines.0.line_id": "line", "lines.1.variant_id": "variant" },
      };
    },
  }),
  cancel_purchase_order_delivery: (c) => ({
    async prepare() {
      const { id, deliveryId } = await c.delivery();
      return { params: { id, delivery_id: deliveryId } };
    },
  }),
  preview_purchase_order_delivery: (c) => ({ prepare: async () => ({ params: { id: c.own.sentId, delivery_id: c.own.deliveryId } }) }),
  submit_purchase_order_delivery: (c) => ({
    async prepare() {
      const { id, deliveryId } = await c.delivery([{ quantity_delivered: 2 }]);
      return { params: { id, delivery_id: deliveryId }, body: { delivered_at: c.instantFromNow(-1) } };
    },
  }),
  credit_purchase_order_delivery_returns: (c) => ({
    async prepare() {
      const { id, deliveryId } = await c.delivery([{ quantity_returned: 1, intake_reason: "damaged_returned" }]);
      await c.ok(c.writer, "submit_purchase_order_delivery", { params: { id, delivery_id: deliveryId }, body: {} });
      return { params: { id, delivery_id: deliveryId }, body: {} };
    },
  }),
  upload_purchase_order_delivery_files: (c) => ({
    async prepare() {
      const { id, deliveryId } = await c.delivery();
      return { params: { id, delivery_id: deliveryId }, files: [{ name: "delivery-note.pdf", bytes: minimalPdf() }] };
    },
  }),
  delete_purchase_order_delivery_file: (c) => ({
    async prepare() {
      const { id, deliveryId } = await c.delivery();
      const form = new FormData();
      form.append("file", new Blob([minimalPdf()], { type: "application/pdf" }), "note.pdf");
      const uploaded = await c.ok(c.writer, "upload_purchase_order_delivery_files", { params: { id, delivery_id: deliveryId }, form }, 201);
      return { params: { id, delivery_id: deliveryId, file_id: uploaded.uploaded[0].id } };
    },
  }),
  list_purchase_order_payments: (c) => ({ prepare: async () => ({ params: { id: c.own.sentId } }) }),
  record_purchase_order_payment: (c) =>
    c.lifecycle(c.sent, () => ({
      amount: "1.00",
      paid_at: c.instantFromNow(-1),
      method: "wire",
      reference: "TX-1",
      status: "completed",
      currency_code: "USD",
      allow_overpayment: false,
    })),
  update_purchase_order_payment: (c) => ({
    async prepare() {
      const { id, paymentId } = await c.payment();
      return {
        params: { id, payment_id: paymentId },
        body: {
          amount: "2.00",
          paid_at: c.dayFromNow(-2),
          method: "card",
          reference: "TX-2",
          status: "pending",
          allow_overpayment: false,
          expected_version: await c.version(id),
        },
      };
    },
  }),
  remove_purchase_order_payment: (c) => ({
    async prepare() {
      const { id, paymentId } = await c.payment();
      return { params: { id, payment_id: paymentId } };
    },
  }),
  set_purchase_order_exchange_rate: (c) => ({
    async prepare() {
      const order = await c.draft(c.euroSupplierId);
      await c.db.purchaseOrder.update({ where: { id: order.id }, data: { currencyCode: "EUR" } });
      return { params: { id: order.id }, body: { exchange_rate: "1.08", expected_version: await c.version(order.id) } };
    },
  }),
  list_purchase_order_credits: (c) => ({ prepare: async () => ({ params: { id: c.own.sentId } }) }),
  apply_purchase_order_credits: (c) => ({
    async prepare() {
      const { id, creditId } = await c.credit();
      return {
        params: { id },
        body: { applications: [{ credit_id: creditId, amount: "1.00" }], expected_version: await c.version(id) },
        names: { "applications.0.credit_id": "credit" },
      };
    },
  }),
  reverse_purchase_order_credit: (c) => ({
    async prepare() {
      const { id, creditId } = await c.credit();
      const applied = await c.ok(c.writer, "apply_purchase_order_credits", {
        params: { id },
        body: { applications: [{ credit_id: creditId, amount: "1.00" }] },
      });
      return { params: { id, application_id: applied.applications[0].id }, body: { expected_version: await c.version(id) } };
    },
  }),
  list_supplier_credits: (c) => ({ prepare: async () => ({ params: { id: c.own.supplierId } }) }),
  create_supplier_credit: (c) => ({
    prepare: async () => ({ params: { id: c.own.supplierId }, body: { source: "manual", amount: "5.00", reference: "CN-1", note: "goodwill" } }),
  }),
  list_purchase_order_shipments: (c) => ({ prepare: async () => ({ params: { id: c.own.sentId } }) }),
  add_purchase_order_shipment: (c) => ({ prepare: async () => ({ params: { id: c.own.sentId }, body: c.shipmentBody() }) }),
  update_purchase_order_shipment: (c) => ({
    prepare: async () => ({ params: { id: c.own.sentId, shipment_id: await c.shipment() }, body: c.shipmentBody() }),
  }),
  remove_purchase_order_shipment: (c) => ({ prepare: async () => ({ params: { id: c.own.sentId, shipment_id: await c.shipment() } }) }),
  get_purchase_order_addresses: (c) => ({ prepare: async () => ({ params: { id: c.own.sentId } }) }),
  update_purchase_order_addresses: (c) => ({
    prepare: async () => ({
      params: { id: (await c.draft()).id },
      body: { billing_address: c.address("Billing"), shipping_address: c.address("Shipping"), drop_ship: true },
    }),
  }),
  get_incoming_reconciliation: () => ({ prepare: async () => ({}) }),
  reconcile_incoming: () => ({ prepare: async () => ({ body: {} }) }),
  fix_incoming_reconciliation: (c) => ({
    prepare: async () => ({ params: { run_id: (await c.ok(c.writer, "reconcile_incoming", { body: {} })).id }, body: {} }),
    refusedBecause: { status: 409, why: "the attack's shop has no drift to fix" },
  }),
  list_suppliers: () => ({ prepare: async () => ({}) }),
  create_supplier: (c) => ({ prepare: async () => ({ body: c.supplierBody() }) }),
  get_supplier: (c) => ({ prepare: async () => ({ params: { id: c.own.supplierId } }) }),
  update_supplier: (c) => ({ prepare: async () => ({ params: { id: await c.supplier() }, body: c.supplierBody() }) }),
  list_supplier_catalogue_items: (c) => ({ prepare: async () => ({ params: { id: c.own.supplierId } }) }),
  create_supplier_catalogue_item: (c) => ({
    prepare: async () => ({
      params: { id: await c.supplier() },
      body: { variant_id: c.v(0).variantId, ...c.catalogueTerms() },
      names: { variant_id: "variant" },
    }),
  }),
  update_supplier_catalogue_item: (c) => ({
    async prepare() {
      const { supplierId, itemId } = await c.catalogueItem();
      return { params: { id: supplierId, item_id: itemId }, body: c.catalogueTerms() };
    },
  }),
  delete_supplier_catalogue_item: (c) => ({
    async prepare() {
      const { supplierId, itemId } = await c.catalogueItem();
      return { params: { id: supplierId, item_id: itemId } };
    },
  }),
  split_purchase_order_by_supplier: (c) => ({ prepare: async () => ({ params: { id: (await c.draft()).id }, body: {} }) }),
  create_purchase_orders_by_supplier: (c) => ({
    prepare: async () => ({
      body: {
        items: [
          { variant_id: c.v(0).variantId, quantity: 2, unit_cost: "2.50", supplier_id: c.own.supplierId },
          { sku: "W-2", quantity: 1, supplier_id: c.betaId },
        ],
        location_id: c.locationId,
      },
      names: { "items.0.supplier_id": "supplier", "items.0.variant_id": "variant", location_id: "location" },
    }),
  }),
};
