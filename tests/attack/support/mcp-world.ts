import type { Client } from "@modelcontextprotocol/sdk/client/index.js";

import { emailSendingReady } from "../../support/api";
import { minimalPdf } from "../../support/files";
import { toolAnswer } from "../../support/mcp";
import type { Json } from "../../support/json";
import { createOrderOfVariants } from "../../support/orders";

import type { TwoShops } from "./two-shops";

/**
 * The records the MCP attack aims at: for each tool, arguments that are valid for the shop under
 * attack (its own records, fresh ones for a tool whose accepted call would change them, so no
 * tool's cases depend on another's), and the same kinds of record of the neighbour shop, whose
 * ids every id argument is also given and must never reach.
 */

/** Every kind of record a tool argument names, and one of each in the neighbour shop. */
export interface ShopRecords {
  supplierId: string;
  locationId: string;
  variantId: string;
  inventoryItemId: string;
  draftId: string;
  draftLineId: string;
  sentId: string;
  sentLineId: string;
  deliveryId: string;
  paymentId: string;
  shipmentId: string;
  creditId: string;
  applicationId: string;
  itemId: string;
  bookingId: string;
  fileId: string;
  runId: string;
}

export type RecordKind = keyof ShopRecords;

/** A Shopify gid of the kind's resource that no shop has (the stand-in numbers from 1). */
export const UNKNOWN_GIDS: Partial<Record<RecordKind, string>> = {
  locationId: "gid://shopify/Location/999999999",
  variantId: "gid://shopify/ProductVariant/999999999",
  inventoryItemId: "gid://shopify/InventoryItem/999999999",
};

export type ToolArguments = Record<string, unknown>;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * One shop's records made through its own MCP client (as an assistant would), each id noted with
 * its kind in `kinds`, shared by both shops' worlds.
 */
export class ShopWorld {
  private suppliers = 0;

  constructor(
    private readonly shops: TwoShops,
    private readonly client: Client,
    private readonly shop: {
      domain: string;
      supplierId: string;
      locationId: string;
      variants: ReadonlyArray<{ variantId: string; inventoryItemId: string }>;
    },
    readonly kinds: Map<string, RecordKind>,
  ) {}

  note(kind: RecordKind, id: string): string {
    this.kinds.set(id, kind);
    return id;
  }

  /** A setup call that must succeed (the rate limit refilled first). */
  async call(name: string, args: ToolArguments): Promise<Record<string, Json>> {
    await this.shops.refill();
    const answer = await toolAnswer(this.client, name, args);
    if (answer.status !== 200) throw new Error(`setup ${name}(${JSON.stringify(args)}) → ${answer.status}: ${answer.text}`);
    return answer.body!;
  }

  /** A draft of two variant lines (4 and 2 units). */
  async draft(): Promise<{ id: string; lineIds: [string, string] }> {
    const [first, second] = this.shop.variants;
    const order = await createOrderOfVariants(this.shops.db, this.shop.domain, this.shop.supplierId, this.shop.locationId, [
      { ...first!, quantity: 4 },
      { ...second!, quantity: 2 },
    ]);
    const lines = await this.shops.db.purchaseOrderLine.findMany({ where: { purchaseOrderId: order.id }, orderBy: { position: "asc" } });
    return { id: this.note("draftId", order.id), lineIds: [this.note("draftLineId", lines[0]!.id), this.note("draftLineId", lines[1]!.id)] };
  }

  /** A draft marked sent (no email): its first line's id as `lineId`. */
  async sent(): Promise<{ id: string; lineId: string; lineIds: [string, string] }> {
    const draft = await this.draft();
    await this.call("mark_purchase_order_sent", { id: draft.id });
    for (const lineId of draft.lineIds) this.note("sentLineId", lineId);
    return { id: this.note("sentId", draft.id), lineId: draft.lineIds[0], lineIds: draft.lineIds };
  }

  /** A sent order with every unit received. */
  async received(): Promise<string> {
    const order = await this.sent();
    const lines = order.lineIds.map((lineId, index) => ({ line_id: lineId, received: [4, 2][index] }));
    await this.call("receive_purchase_order", { id: order.id, lines });
    return order.id;
  }

  /** A delivery of the order's first line (one unit, damaged and returned), submitted. */
  async submittedDelivery(order: { id: string; lineId: string }): Promise<string> {
    const deliveryId = await this.delivery(order.id);
    const line = { line_id: order.lineId, quantity_delivered: 0, quantity_returned: 1, intake_reason: "damaged_returned" };
    await this.call("update_purchase_order_delivery", { id: order.id, delivery_id: deliveryId, lines: [line] });
    await this.call("submit_purchase_order_delivery", { id: order.id, delivery_id: deliveryId });
    return deliveryId;
  }

  async delivery(orderId: string): Promise<string> {
    return this.note("deliveryId", (await this.call("create_purchase_order_delivery", { id: orderId })).id);
  }

  async booking(order: { id: string; lineId: string }): Promise<string> {
    await this.call("receive_purchase_order", { id: order.id, lines: [{ line_id: order.lineId, received: 1 }] });
    const booking = await this.shops.db.booking.findFirstOrThrow({ where: { purchaseOrderId: order.id } });
    return this.note("bookingId", booking.id);
  }

  async payment(orderId: string): Promise<string> {
    await this.call("record_purchase_order_payment", { id: orderId, amount: "1.00", paid_at: day(0), status: "completed" });
    return this.note("paymentId", (await this.shops.db.payment.findFirstOrThrow({ where: { purchaseOrderId: orderId } })).id);
  }

  async shipment(orderId: string): Promise<string> {
    return this.note(
      "shipmentId",
      (await this.call("add_purchase_order_shipment", { id: orderId, carrier: "UPS", tracking_number: "1Z999AA10123456784" })).id,
    );
  }

  async credit(supplierId = this.shop.supplierId): Promise<string> {
    return this.note("creditId", (await this.call("create_supplier_credit", { id: supplierId, source: "manual", amount: "5.00" })).id);
  }

  async application(orderId: string, creditId: string): Promise<string> {
    await this.call("apply_purchase_order_credits", { id: orderId, applications: [{ credit_id: creditId, amount: "1.00" }] });
    return this.note("applicationId", (await this.shops.db.creditApplication.findFirstOrThrow({ where: { purchaseOrderId: orderId, creditId } })).id);
  }

  /** A supplier of its own (named uniquely), for a tool whose accepted call changes a supplier or its catalogue. */
  async supplier(fields: ToolArguments = {}): Promise<string> {
    this.suppliers += 1;
    return this.note("supplierId", (await this.call("create_supplier", { name: `Attack supplier ${this.suppliers}`, ...fields })).id);
  }

  async item(supplierId: string, variantId = this.shop.variants[0]!.variantId): Promise<string> {
    return this.note("itemId", (await this.call("create_supplier_catalogue_item", { id: supplierId, variant_id: variantId, unit_cost: "2.00" })).id);
  }

  async file(orderId: string, deliveryId: string): Promise<string> {
    const uploaded = await this.call("upload_purchase_order_delivery_files", { id: orderId, delivery_id: deliveryId, files: [pdfFile()] });
    return this.note("fileId", uploaded.uploaded[0].id);
  }

  async run(): Promise<string> {
    return this.note("runId", (await this.call("reconcile_incoming", {})).id);
  }
}

async function cancelled(fresh: ShopWorld): Promise<string> {
  const { id } = await fresh.sent();
  await fresh.call("cancel_purchase_order", { id });
  return id;
}

function pdfFile() {
  return { file_name: "delivery-note.pdf", content_base64: Buffer.from(minimalPdf()).toString("base64") };
}

export interface AttackWorld {
  /** The attacked shop's records shared by the read tools (never changed by a case). */
  own: TwoShops["own"] & { inventoryItemId: string };
  /** Makes fresh records of the attacked shop. */
  fresh: ShopWorld;
  /** One record of every kind in the neighbour shop. */
  neighbour: ShopRecords;
  /** The kind of every id either world made or was given. */
  kinds: Map<string, RecordKind>;
}

/** Both shops' worlds: the neighbour gets one record of every kind through its own client. */
export async function attackWorld(shops: TwoShops, ownClient: Client, neighbourClient: Client): Promise<AttackWorld> {
  const kinds = new Map<string, RecordKind>();
  const lineOf = (id: string) => shops.db.purchaseOrderLine.findUniqueOrThrow({ where: { id } });
  const own = { ...shops.own, inventoryItemId: (await lineOf(shops.own.sentLineId)).inventoryItemId! };
  const fresh = new ShopWorld(
    shops,
    ownClient,
    { domain: shops.domain, supplierId: own.supplierId, locationId: own.locationId, variants: shops.products[0]!.variants },
    kinds,
  );
  for (const [kind, id] of Object.entries(own)) fresh.note(kind as RecordKind, id);
  // Email set up, so send can send; the shared delivery draft has a line, so it can be previewed.
  await emailSendingReady(shops.db, shops.domain, shops.writer, own.supplierId);
  await fresh.call("update_purchase_order_delivery", {
    id: own.sentId,
    delivery_id: own.deliveryId,
    lines: [{ line_id: own.sentLineId, quantity_delivered: 1 }],
  });

  const { neighbour: given } = shops;
  const theirs = new ShopWorld(
    shops,
    neighbourClient,
    { domain: given.domain, supplierId: given.supplierId, locationId: given.locationId, variants: [] },
    kinds,
  );
  const sent = { id: given.sentId, lineId: given.sentLineId };
  const creditId = await theirs.credit();
  const neighbour: ShopRecords = {
    supplierId: given.supplierId,
    locationId: given.locationId,
    variantId: given.variantId,
    inventoryItemId: (await lineOf(given.sentLineId)).inventoryItemId!,
    draftId: given.draftId,
    draftLineId: given.draftLineId,
    sentId: given.sentId,
    sentLineId: given.sentLineId,
    deliveryId: given.deliveryId,
    paymentId: await theirs.payment(sent.id),
    shipmentId: await theirs.shipment(sent.id),
    creditId,
    applicationId: await theirs.application(sent.id, creditId),
    itemId: await theirs.item(given.supplierId, given.variantId),
    bookingId: await theirs.booking(sent),
    fileId: await theirs.file(sent.id, given.deliveryId),
    runId: await theirs.run(),
  };
  for (const [kind, id] of Object.entries(neighbour)) theirs.note(kind as RecordKind, id);
  return { own, fresh, neighbour, kinds };
}

/**
 * Valid arguments for every tool, by name: what a careful assistant would send. Read tools use
 * the shop's shared records; a tool whose accepted call changes or removes something gets fresh
 * records of its own. Dates are relative to today.
 */
export const TOOL_ARGUMENTS: Record<string, (world: AttackWorld) => Promise<ToolArguments>> = {
  list_purchase_orders: async ({ own }) => ({
    "search[status]": ["draft", "sent"],
    "search[supplier_id]": own.supplierId,
    "search[created_at_min]": day(-30),
    "search[late]": false,
    page: 1,
    per_page: 50,
  }),
  get_purchase_order: async ({ own }) => ({ id: own.draftId }),
  create_purchase_order: async ({ own }) => ({
    supplier_id: own.supplierId,
    location_id: own.locationId,
    reference: "Spring restock",
    note: "Deliver to dock 2",
    expected_arrival_at: day(14),
    shipping_cost: "5.00",
    items: [{ variant_id: own.variantId, quantity: 2, unit_cost: "2.50" }],
  }),
  update_purchase_order: async ({ fresh }) => {
    const draft = await fresh.draft();
    return {
      id: draft.id,
      reference: "Spring restock",
      note: "Call before delivery",
      shipping_cost: "4.00",
      tax: "1.00",
      tags: ["restock"],
      items: [
        { id: draft.lineIds[0], quantity: 5 },
        { id: draft.lineIds[1], quantity: 2 },
      ],
    };
  },
  delete_purchase_order: async ({ fresh }) => ({ id: (await fresh.draft()).id }),
  send_purchase_order: async ({ fresh }) => ({ id: (await fresh.draft()).id }),
  mark_purchase_order_sent: async ({ fresh }) => ({ id: (await fresh.draft()).id }),
  confirm_purchase_order: async ({ fresh }) => {
    const order = await fresh.sent();
    return { id: order.id, lines: [{ line_id: order.lineId, confirmed: 3 }] };
  },
  start_purchase_order: async ({ fresh }) => {
    // Confirmed (every line confirmed as ordered), where start is allowed.
    const { id, lineIds } = await fresh.sent();
    const lines = lineIds.map((lineId, index) => ({ line_id: lineId, confirmed: [4, 2][index] }));
    await fresh.call("confirm_purchase_order", { id, lines });
    return { id };
  },
  receive_purchase_order: async ({ fresh, own }) => {
    const order = await fresh.sent();
    return { id: order.id, lines: [{ line_id: order.lineId, received: 2 }], location_id: own.locationId, note: "Box dented" };
  },
  unreceive_purchase_order: async ({ fresh }) => {
    const order = await fresh.sent();
    return { id: order.id, booking_id: await fresh.booking(order) };
  },
  close_purchase_order_deliveries: async ({ fresh }) => ({ id: (await fresh.sent()).id }),
  complete_purchase_order: async ({ fresh }) => ({ id: await fresh.received(), close_remainder: true }),
  quick_complete_purchase_order: async ({ fresh }) => ({ id: (await fresh.sent()).id }),
  pause_purchase_order: async ({ fresh }) => ({ id: (await fresh.sent()).id, reason: "Supplier on holiday" }),
  resume_purchase_order: async ({ fresh }) => {
    const { id } = await fresh.sent();
    await fresh.call("pause_purchase_order", { id });
    return { id };
  },
  dispute_purchase_order: async ({ fresh }) => ({ id: (await fresh.sent()).id, reason: "Wrong items" }),
  resolve_purchase_order_dispute: async ({ fresh }) => {
    const { id } = await fresh.sent();
    await fresh.call("dispute_purchase_order", { id, reason: "Wrong items" });
    return { id };
  },
  cancel_purchase_order: async ({ fresh }) => ({ id: (await fresh.sent()).id, reason: "No longer needed" }),
  reopen_purchase_order: async ({ fresh }) => ({ id: await cancelled(fresh) }),
  sync_purchase_order: async ({ fresh }) => ({ id: await fresh.received() }),
  reset_purchase_order_sync: async ({ fresh }) => ({ id: await fresh.received() }),
  adjust_purchase_order_incoming: async ({ fresh, own }) => ({
    id: await cancelled(fresh),
    inventory_item_id: own.inventoryItemId,
    location_id: own.locationId,
    delta: 1,
  }),
  list_purchase_order_audit: async ({ own }) => ({ id: own.sentId }),
  list_purchase_order_effects: async ({ own }) => ({ id: own.sentId }),
  list_purchase_order_deliveries: async ({ own }) => ({ id: own.sentId }),
  get_purchase_order_delivery: async ({ own }) => ({ id: own.sentId, delivery_id: own.deliveryId }),
  create_purchase_order_delivery: async ({ fresh }) => ({ id: (await fresh.sent()).id }),
  update_purchase_order_delivery: async ({ fresh }) => {
    const order = await fresh.sent();
    return {
      id: order.id,
      delivery_id: await fresh.delivery(order.id),
      lines: [{ line_id: order.lineId, quantity_delivered: 2 }],
      note: "Pallet 1 of 2",
      delivered_at: day(0),
    };
  },
  preview_purchase_order_delivery: async ({ own }) => ({ id: own.sentId, delivery_id: own.deliveryId }),
  submit_purchase_order_delivery: async ({ fresh }) => {
    const order = await fresh.sent();
    const deliveryId = await fresh.delivery(order.id);
    await fresh.call("update_purchase_order_delivery", {
      id: order.id,
      delivery_id: deliveryId,
      lines: [{ line_id: order.lineId, quantity_delivered: 2 }],
    });
    return { id: order.id, delivery_id: deliveryId, delivered_at: day(0) };
  },
  cancel_purchase_order_delivery: async ({ fresh }) => {
    const { id } = await fresh.sent();
    return { id, delivery_id: await fresh.delivery(id) };
  },
  credit_purchase_order_delivery_returns: async ({ fresh }) => {
    const order = await fresh.sent();
    return { id: order.id, delivery_id: await fresh.submittedDelivery(order) };
  },
  upload_purchase_order_delivery_files: async ({ fresh }) => {
    const { id } = await fresh.sent();
    return { id, delivery_id: await fresh.delivery(id), files: [pdfFile()] };
  },
  delete_purchase_order_delivery_file: async ({ fresh }) => {
    const { id } = await fresh.sent();
    const deliveryId = await fresh.delivery(id);
    return { id, delivery_id: deliveryId, file_id: await fresh.file(id, deliveryId) };
  },
  list_purchase_order_payments: async ({ own }) => ({ id: own.sentId }),
  record_purchase_order_payment: async ({ fresh }) => ({
    id: (await fresh.sent()).id,
    amount: "1.00",
    paid_at: day(0),
    method: "Bank transfer",
    reference: "TX-1",
    status: "completed",
  }),
  update_purchase_order_payment: async ({ fresh }) => {
    const { id } = await fresh.sent();
    return { id, payment_id: await fresh.payment(id), amount: "2.00", paid_at: day(-1), reference: "TX-2", status: "completed" };
  },
  remove_purchase_order_payment: async ({ fresh }) => {
    const { id } = await fresh.sent();
    return { id, payment_id: await fresh.payment(id) };
  },
  set_purchase_order_exchange_rate: async ({ fresh, own }) => {
    // An order in another currency than the shop's (a draft takes its supplier's currency when created).
    const supplierId = await fresh.supplier({ currency_code: "EUR" });
    const created = await fresh.call("create_purchase_order", {
      supplier_id: supplierId,
      items: [{ variant_id: own.variantId, quantity: 1, unit_cost: "2.00" }],
    });
    return { id: fresh.note("draftId", created.id), exchange_rate: "1.25" };
  },
  list_purchase_order_credits: async ({ own }) => ({ id: own.sentId }),
  apply_purchase_order_credits: async ({ fresh }) => {
    const { id } = await fresh.sent();
    return { id, applications: [{ credit_id: await fresh.credit(), amount: "1.00" }] };
  },
  reverse_purchase_order_credit: async ({ fresh }) => {
    const { id } = await fresh.sent();
    return { id, application_id: await fresh.application(id, await fresh.credit()) };
  },
  list_supplier_credits: async ({ own }) => ({ id: own.supplierId }),
  create_supplier_credit: async ({ own }) => ({
    id: own.supplierId,
    source: "manual",
    amount: "5.00",
    reference: "CN-1",
    note: "Damaged in transit",
  }),
  list_purchase_order_shipments: async ({ own }) => ({ id: own.sentId }),
  add_purchase_order_shipment: async ({ fresh }) => ({
    id: (await fresh.sent()).id,
    carrier: "UPS",
    tracking_number: "1Z999AA10123456784",
    estimated_arrival_at: day(5),
    note: "Two pallets",
  }),
  update_purchase_order_shipment: async ({ fresh }) => {
    const { id } = await fresh.sent();
    return { id, shipment_id: await fresh.shipment(id), carrier: "DHL Express", tracking_number: "JD014600006281230704", arrived_at: day(0) };
  },
  remove_purchase_order_shipment: async ({ fresh }) => {
    const { id } = await fresh.sent();
    return { id, shipment_id: await fresh.shipment(id) };
  },
  get_purchase_order_addresses: async ({ own }) => ({ id: own.sentId }),
  update_purchase_order_addresses: async ({ fresh }) => ({
    id: (await fresh.draft()).id,
    shipping_address: { name: "Dock 2", line1: "1 Harbour Road", city: "Rotterdam", postal_code: "3011 AA", country_code: "NL" },
    drop_ship: false,
  }),
  get_incoming_reconciliation: async () => ({}),
  reconcile_incoming: async () => ({}),
  fix_incoming_reconciliation: async ({ fresh }) => ({ run_id: await fresh.run() }),
  list_suppliers: async () => ({}),
  get_supplier: async ({ own }) => ({ id: own.supplierId }),
  create_supplier: async () => ({
    name: "Harbour Supplies",
    email: "orders@harbour.example",
    cc_emails: ["accounts@harbour.example"],
    currency_code: "USD",
    lead_time_days: 7,
    notes: "Ships on Mondays",
  }),
  update_supplier: async ({ fresh }) => ({
    id: await fresh.supplier(),
    name: "Harbour Trading",
    email: "po@harbour.example",
    payment_terms_days: 30,
    lead_time_days: 5,
  }),
  list_supplier_catalogue_items: async ({ own }) => ({ id: own.supplierId }),
  create_supplier_catalogue_item: async ({ fresh, own }) => ({
    id: await fresh.supplier(),
    variant_id: own.variantId,
    unit_cost: "2.40",
    supplier_sku: "HB-100",
    minimum_order_quantity: 2,
    pack_size: 1,
  }),
  update_supplier_catalogue_item: async ({ fresh }) => {
    const supplierId = await fresh.supplier();
    return { id: supplierId, item_id: await fresh.item(supplierId), unit_cost: "2.60", supplier_sku: "HB-200", pack_size: 6 };
  },
  delete_supplier_catalogue_item: async ({ fresh }) => {
    const supplierId = await fresh.supplier();
    return { id: supplierId, item_id: await fresh.item(supplierId) };
  },
  split_purchase_order_by_supplier: async ({ fresh }) => ({ id: (await fresh.draft()).id }),
  create_purchase_orders_by_supplier: async ({ own }) => ({
    items: [{ variant_id: own.variantId, quantity: 2, supplier_id: own.supplierId }],
    location_id: own.locationId,
  }),
};
