import { DOCUMENT_COLUMNS } from "~/domain/documents";
import { INTAKE_REASON_TABLE, INTAKE_REASONS } from "~/domain/intake-reasons";
import { isIsoCountryCode } from "~/domain/iso-codes";
import { PAYMENT_STATUSES } from "~/domain/payments";
import { MAX_QUANTITY } from "~/domain/purchase-order/lifecycle";
import { PURCHASE_ORDER_STATUSES } from "~/domain/purchase-order/status";
import { LABEL_FORMATS } from "~/domain/settings";
import { SAVED_VIEW_NAME_MAX } from "~/services/saved-views.server";

import {
  choice,
  day,
  email,
  file,
  flag,
  id,
  integer,
  json,
  money,
  rate,
  shaped,
  text,
  timestamp,
  version,
  type FieldKind,
  type FormField,
  type IdKind,
} from "./forms-cases";
import { dayFromNow, PDF, unique, type OrderRecord, type OrderStatus, type ShopMakers } from "./forms-world";

/**
 * Every form action of the embedded screens, each intent it handles, and a valid form for it:
 * the fields the screen's own form sends (read from the route and its components), what each may
 * hold by the form's rules, and the records it acts on (made fresh by `prepare`).
 */

export interface FormTarget {
  /** The route's id (file name): `app.purchase-orders.$id.payments`. */
  route: string;
  /** The intent field's value; null for a form without one. */
  intent: string | null;
  method?: "POST" | "DELETE";
  /** The form is sent as multipart/form-data only (it uploads a file). */
  upload?: boolean;
  /** The URL's parameters and the records they name. */
  params: Record<string, IdKind>;
  prepare(own: ShopMakers): Promise<{ params: Record<string, string>; fields: FormField[] }>;
}

const field = (name: string, value: string, kind: FieldKind, label?: string): FormField => ({ name, value, kind, ...(label ? { label } : {}) });
const intentField = (intent: string): FormField => field("intent", intent, choice([intent]));
const versionField = (order: OrderRecord) => field("version", String(order.version), version);
const quantity = (min = 0) => integer(min, MAX_QUANTITY);

/** A `,`- or line-separated list: each entry (trimmed, blanks dropped) passes `entry`, at most `max` of them. */
function list(entry: (value: string) => boolean, max: number): FieldKind {
  return {
    required: false,
    check: (value) => {
      const entries = value
        .split(/[,\n]/)
        .map((item) => item.trim())
        .filter(Boolean);
      return entries.length <= max && entries.every(entry);
    },
  };
}

/** A currency code (any case) that ISO 4217 knows. */
const currency = (value: string) => /^[A-Za-z]{3}$/.test(value) && Intl.supportedValuesOf("currency").includes(value.toUpperCase());

/** A text that names a Shopify variant by SKU or barcode: hostile text names none. */
const skuOfAVariant: FieldKind = { required: true, check: (value) => (value.trim() === "" ? false : value.trim() === "W-1" ? true : false) };

/** A text that must be blank (a rate for a payment in the shop's own currency; a password the server cannot encrypt). */
const blank: FieldKind = { required: false, check: (value) => value.trim() === "" };

/** An address's country: two letters (an order's address), or one ISO 3166-1 assigned (a supplier's). */
function addressFields(prefix: string, { isoCountry = false } = {}): FormField[] {
  const [sep, name] = prefix.endsWith(".") ? ["", prefix] : [".", prefix];
  const at = (key: string) => `${name}${sep}${key}`;
  return [
    field(at("name"), "Dock 4", text(200, { required: true })),
    field(at("company"), "Acme Receiving", text(200)),
    field(at("line1"), "1 Harbour Road", text(200, { required: true })),
    field(at("line2"), "", text(200)),
    field(at("city"), "Rotterdam", text(100, { required: true })),
    field(at("region"), "", text(100)),
    field(at("postalCode"), "3011", text(20)),
    field(
      at("countryCode"),
      "NL",
      isoCountry
        ? { required: true, check: (value) => /^[A-Za-z]{2}$/.test(value.trim()) && isIsoCountryCode(value.trim().toUpperCase()) }
        : shaped(/^[A-Za-z]{2}$/, { required: true }),
    ),
    field(at("phone"), "", text(40)),
  ];
}

function supplierFields(): FormField[] {
  return [
    field("name", unique("Supplier"), text(200, { required: true })),
    field("email", "orders@supplier.example", email()),
    field(
      "ccEmails",
      "",
      list((entry) => /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/.test(entry) && !/;/.test(entry), 20),
    ),
    field("currencyCode", "USD", { required: false, check: (value) => value.trim() === "" || currency(value.trim()) }),
    field("vendor", "", text(255)),
    field("paymentTerms", "Net 30", text(200)),
    field("paymentTermsDays", "30", integer(0, 365)),
    field("leadTimeDays", "14", integer(0, 730)),
    ...addressFields("address", { isoCountry: true }),
    field("notes", "", text(5000)),
  ];
}

const code = (value: string) => value.length <= 100 && !value.includes("|");
function catalogueTerms(): FormField[] {
  return [
    field("supplierSku", "AC-1", { required: false, check: (value) => value.trim() === "" || code(value.trim()) }),
    field("alternateSkus", "", list(code, 20)),
    field("unitCost", "2.40", money({ required: true })),
    field("minimumOrderQuantity", "", integer(1, 1_000_000)),
    field("packSize", "", integer(1, 1_000_000)),
  ];
}

function paymentFields(): FormField[] {
  return [
    field("amount", "1.00", money({ positive: true, required: true })),
    field("paidAt", dayFromNow(-1), timestamp({ required: true })),
    field("method", "Bank transfer", text(100)),
    field("reference", "PAY-1", text(200)),
    field("status", "completed", choice(PAYMENT_STATUSES)),
    // Blank: the order's currency, which is the shop's; then no rate may be given.
    field("currencyCode", "", { required: false, check: (value) => value.trim() === "" || value.trim().toUpperCase() === "USD" }),
    field("exchangeRate", "", blank),
    field("allowOverpayment", "false", flag),
  ];
}

function shipmentFields(): FormField[] {
  return [
    field("carrier", "DHL Express", text(100)),
    field("trackingNumber", "JD0002", shaped(/^[A-Za-z0-9-]{1,60}$/, { transform: (value) => value.replace(/\s+/g, "") })),
    field("estimatedArrivalAt", dayFromNow(5), day()),
    field("arrivedAt", "", day()),
    field("note", "", text(500)),
  ];
}

/** Settings → Email's sender and SMTP fields. */
function emailSettingsFields(): FormField[] {
  return [
    field("senderName", "Shop", text(100, { required: true })),
    field("senderEmail", "shop@example.com", email({ required: true })),
    field("replyTo", "", email()),
    field("smtpHost", "127.0.0.1", text(255, { required: true })),
    field("smtpPort", "2525", integer(1, 65535, { required: true })),
    field("smtpSecurity", "none", choice(["tls", "starttls", "none"])),
    field("smtpUser", "", text(255)),
    // The test server has no INBOUND_SECRETS_KEY: a password cannot be stored.
    field("smtpPassword", "", blank),
    field("clearPassword", "false", flag),
  ];
}

function emailWording(): FormField[] {
  const subject: FieldKind = { required: true, check: (value) => value.trim() !== "" && value.trim().length <= 200 && !/[\r\n]/.test(value.trim()) };
  return [
    field("subject", "Purchase order {{po_number}}", subject),
    field("body", "Please find our order attached.", text(20_000, { required: true })),
  ];
}

// ---------------------------------------------------------------------------------------------
// The order screen

const ORDER = "app.purchase-orders.$id";

/** A lifecycle action of the order screen: an order in `status`, the action's own fields. */
function lifecycle(
  intent: string,
  status: OrderStatus,
  fields: (order: OrderRecord, own: ShopMakers) => FormField[] | Promise<FormField[]> = () => [],
  make?: (own: ShopMakers) => Promise<OrderRecord>,
): FormTarget {
  return {
    route: ORDER,
    intent,
    params: { id: "order" },
    async prepare(own) {
      const order = make ? await make(own) : await own.order(status);
      return { params: { id: order.id }, fields: [intentField(intent), versionField(order), ...(await fields(order, own))] };
    },
  };
}

const reason = (): FormField[] => [field("reason", "Supplier asked", text(500))];

const ORDER_SCREEN: FormTarget[] = [
  lifecycle("edit_header", "draft", (_, own) => [
    field("locationId", own.shop.locationId, id("location", { required: false })),
    field("reference", "REF-1", text(100)),
    field("note", "Deliver to dock 4", text(5000)),
    field("privateNote", "", text(5000)),
    field("shippingCost", "12.50", money()),
    field("tax", "0", money()),
  ]),
  lifecycle("add_line", "draft", () => [
    field("lineType", "sku", flag),
    field("sku", "W-1", skuOfAVariant),
    field("ordered", "2", integer(1, MAX_QUANTITY, { required: true })),
    field("unitCost", "2.75", money()),
  ]),
  lifecycle("update_line", "draft", (order) => [
    field("lineId", order.lineId, id("line")),
    field("ordered", "3", integer(1, MAX_QUANTITY, { required: true })),
  ]),
  lifecycle("remove_line", "draft", (order) => [field("lineId", order.lineId, id("line"))]),
  lifecycle("send", "draft"),
  lifecycle("confirm_lines", "sent", (order) => [field(`confirmed.${order.lineId}`, "4", quantity(), "confirmed.<line>")]),
  lifecycle("confirm_all", "sent"),
  lifecycle("start", "confirmed"),
  lifecycle("receive", "sent", (order) => [
    field(`received.${order.lineId}`, "2", quantity(), "received.<line>"),
    field(`rejected.${order.lineId}`, "", quantity(), "rejected.<line>"),
    field(`cancelled.${order.lineId}`, "", quantity(), "cancelled.<line>"),
    field(`reason.${order.lineId}`, "", choice(INTAKE_REASONS, { required: false }), "reason.<line>"),
    field("note", "Pallet 1", text(2000)),
  ]),
  lifecycle("close_deliveries", "sent"),
  lifecycle("unreceive", "partially_received", async (order, own) => [field("bookingId", await own.receiptOf(order.id), id("booking"))]),
  lifecycle("complete", "received", () => [field("closeRemainder", "", flag)]),
  lifecycle("quick_complete", "sent"),
  lifecycle("pause", "sent", reason),
  lifecycle("resume", "paused"),
  lifecycle("dispute", "sent", reason),
  lifecycle("resolve_dispute", "disputed"),
  lifecycle("cancel", "draft", reason),
  lifecycle("reopen", "cancelled"),
  lifecycle("delete", "draft"),
  lifecycle("sync_to_shopify", "partially_received"),
  lifecycle(
    "reset_sync",
    "partially_received",
    () => [],
    async (own) => own.synced(),
  ),
  lifecycle("adjust_incoming", "completed", (_, own) => [
    field("inventoryItemId", own.shop.variants[0]!.inventoryItemId, id("inventoryItem")),
    field("locationId", own.shop.locationId, id("location", { required: false })),
    field("delta", "-1", {
      required: true,
      check: (value) => integer(-MAX_QUANTITY, MAX_QUANTITY, { required: true }).check(value) && Number(value.trim()) !== 0,
    }),
  ]),
  {
    route: ORDER,
    intent: "credit_delivery_returns",
    params: { id: "order" },
    async prepare(own) {
      const { order, deliveryId } = await own.deliveryWithReturns();
      return {
        params: { id: order.id },
        fields: [intentField("credit_delivery_returns"), versionField(order), field("deliveryId", deliveryId, id("delivery"))],
      };
    },
  },
  {
    route: ORDER,
    intent: "update_delivery_note",
    params: { id: "order" },
    async prepare(own) {
      const { order, deliveryId } = await own.deliveryDraft();
      return {
        params: { id: order.id },
        fields: [
          intentField("update_delivery_note"),
          versionField(order),
          field("deliveryId", deliveryId, id("delivery")),
          field("note", "Two pallets", text(5000)),
        ],
      };
    },
  },
];

// ---------------------------------------------------------------------------------------------
// The order screen's cards (their own resource routes)

const card = (route: string, intent: string | null, prepare: FormTarget["prepare"], extra: Partial<FormTarget> = {}): FormTarget => ({
  route: `app.purchase-orders.$id.${route}`,
  intent,
  params: { id: "order" },
  prepare,
  ...extra,
});

const CARDS: FormTarget[] = [
  card("addresses", null, async (own) => {
    const draft = await own.order("draft");
    return { params: { id: draft.id }, fields: [...addressFields("shippingAddress"), field("dropShip", "true", flag)] };
  }),
  card("fields", null, async (own) => {
    const draft = await own.order("draft");
    return {
      params: { id: draft.id },
      fields: [
        field("vendorReference", "SO-1", text(100)),
        field(
          "externalNumbers",
          "ERP-1, ERP-2",
          list((entry) => entry.length <= 100, 20),
        ),
        field("supplierConfirmed", "true", flag),
        field("promiseDate", dayFromNow(20), day()),
        field("holdUntil", dayFromNow(3), timestamp()),
        field(
          "tags",
          "spring, urgent",
          list((entry) => entry.length <= 40, 50),
        ),
        field("customFields", "replace", flag),
        field("customFieldKey", "incoterm", { ...shaped(/^[a-z0-9_]{1,40}$/), many: true }),
        field("customFieldValue", "FOB", { ...text(500), many: true }),
        field(`comment.${draft.lineId}`, "Blue ones", text(1000), "comment.<line>"),
      ],
    };
  }),
  card("credits", "create_credit", async (own) => {
    const sent = await own.order("sent");
    return {
      params: { id: sent.id },
      fields: [
        intentField("create_credit"),
        field("source", "manual", choice(["return", "manual"])),
        field("amount", "5.00", money({ positive: true, required: true })),
        field("reference", "CN-1", text(200)),
        field("note", "", text(2000)),
      ],
    };
  }),
  card("credits", "apply_credits", async (own) => {
    const sent = await own.order("sent");
    const creditId = await own.credit();
    return {
      params: { id: sent.id },
      fields: [intentField("apply_credits"), versionField(sent), field(`amount.${creditId}`, "1.00", money({ positive: true }), "amount.<credit>")],
    };
  }),
  card("credits", "reverse_credit", async (own) => {
    const { order, applicationId } = await own.creditApplication();
    return {
      params: { id: order.id },
      fields: [intentField("reverse_credit"), versionField(order), field("applicationId", applicationId, id("application"))],
    };
  }),
  card(
    "deliveries.$deliveryId.files",
    null,
    async (own) => {
      const { order, deliveryId } = await own.deliveryDraft();
      return {
        params: { id: order.id, deliveryId },
        fields: [{ name: "file", value: { fileName: "note.pdf", type: "application/pdf", bytes: PDF }, kind: file }],
      };
    },
    { params: { id: "order", deliveryId: "delivery" }, upload: true },
  ),
  card(
    "deliveries.$deliveryId.files.$fileId",
    null,
    async (own) => {
      const { order, deliveryId, fileId } = await own.deliveryFile();
      return { params: { id: order.id, deliveryId, fileId }, fields: [] };
    },
    { params: { id: "order", deliveryId: "delivery", fileId: "file" }, method: "DELETE" },
  ),
  card(
    "documents",
    null,
    async (own) => {
      const draft = await own.order("draft");
      return {
        params: { id: draft.id },
        fields: [{ name: "file", value: { fileName: "quote.pdf", type: "application/pdf", bytes: PDF }, kind: file }],
      };
    },
    { upload: true },
  ),
  card(
    "documents.$documentId",
    null,
    async (own) => {
      const { order, documentId } = await own.orderDocument();
      return { params: { id: order.id, documentId }, fields: [] };
    },
    { params: { id: "order", documentId: "document" }, method: "DELETE" },
  ),
  card("effects", null, async (own) => {
    const { order, effectId } = await own.failedEffect();
    return { params: { id: order.id }, fields: [field("effectId", effectId, id("effect"))] };
  }),
  card("emails", null, async (own) => {
    await own.emailReady();
    const sent = await own.order("sent");
    return { params: { id: sent.id }, fields: [] };
  }),
  // Lines changed in place on the order page, saved from its save bar: a field left out is left alone, a blank one is refused.
  card("lines", "update_lines", async (own) => {
    const draft = await own.order("draft");
    return {
      params: { id: draft.id },
      fields: [
        intentField("update_lines"),
        versionField(draft),
        field(`ordered.${draft.lineId}`, "3", integer(1, MAX_QUANTITY, { blankValid: false }), "ordered.<line>"),
        field(`unitCost.${draft.lineId}`, "4.50", { required: false, check: (value) => money({ required: true }).check(value) }, "unitCost.<line>"),
      ],
    };
  }),
  card("lines", "add_products", async (own) => {
    const draft = await own.order("draft");
    return {
      params: { id: draft.id },
      fields: [intentField("add_products"), field("variantId", own.shop.variants[0]!.variantId, { ...id("variant"), many: true })],
    };
  }),
  card("payments", "record_payment", async (own) => {
    const sent = await own.order("sent");
    return { params: { id: sent.id }, fields: [intentField("record_payment"), versionField(sent), ...paymentFields()] };
  }),
  card("payments", "update_payment", async (own) => {
    const { order, paymentId } = await own.payment();
    return {
      params: { id: order.id },
      fields: [intentField("update_payment"), versionField(order), field("paymentId", paymentId, id("payment")), ...paymentFields()],
    };
  }),
  card("payments", "remove_payment", async (own) => {
    const { order, paymentId } = await own.payment();
    return { params: { id: order.id }, fields: [intentField("remove_payment"), versionField(order), field("paymentId", paymentId, id("payment"))] };
  }),
  card("payments", "set_exchange_rate", async (own) => {
    const order = await own.foreignOrder();
    return {
      params: { id: order.id },
      fields: [intentField("set_exchange_rate"), versionField(order), field("exchangeRate", "1.08", rate({ required: true }))],
    };
  }),
  card("reorganise", "split", async (own) => {
    const order = await own.splittable();
    return { params: { id: order.id }, fields: [intentField("split")] };
  }),
  card("reorganise", "move", async (own) => {
    const source = await own.order("draft");
    const target = await own.orderOf([2]);
    return {
      params: { id: source.id },
      fields: [intentField("move"), field("lineId", source.lineId, id("line", { many: true })), field("targetId", target.id, id("order"))],
    };
  }),
  card("shipments", "add", async (own) => {
    const sent = await own.order("sent");
    return { params: { id: sent.id }, fields: [intentField("add"), ...shipmentFields()] };
  }),
  card("shipments", "update", async (own) => {
    const { order, shipmentId } = await own.shipment();
    return { params: { id: order.id }, fields: [intentField("update"), field("shipmentId", shipmentId, id("shipment")), ...shipmentFields()] };
  }),
  card("shipments", "remove", async (own) => {
    const { order, shipmentId } = await own.shipment();
    return { params: { id: order.id }, fields: [intentField("remove"), field("shipmentId", shipmentId, id("shipment"))] };
  }),
];

// ---------------------------------------------------------------------------------------------
// Receiving

const RECEIVE = "app.purchase-orders.$id_.receive";
const REASON_KEYS = INTAKE_REASON_TABLE.map((reason) => reason.key as string);

/**
 * The receiving screen's draft document: the delivery API's update request (one schema for both),
 * what each value may be. Fields left out keep their value or take their default; a line must
 * name what it is of.
 */
function draftInner(path: readonly (string | number)[], value: unknown, original: unknown): boolean | undefined {
  const key = path.at(-1);
  if (typeof key === "number") return undefined; // a line left out: a smaller count
  if (value === undefined) return key === "line_id" ? false : undefined;
  const nullable = ["note", "delivered_at"].includes(String(key));
  if (value === null) return nullable ? undefined : false;
  if (Array.isArray(original) !== Array.isArray(value)) return false;
  if (original !== null && typeof original !== typeof value) return false;
  if (nullable && typeof value !== "string") return false;
  switch (key) {
    case "quantity_delivered":
    case "quantity_returned":
      return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_QUANTITY ? undefined : false;
    case "intake_reason":
      return REASON_KEYS.includes(value as string) ? undefined : false;
    case "line_id":
      return value === original ? undefined : false;
    case "discount":
      return money().check(value as string) === false ? false : undefined;
    case "note":
      return (value as string).length <= 5000 ? undefined : false;
    case "delivered_at":
      return timestamp().check(value as string) === false ? false : undefined;
    default:
      return undefined;
  }
}

function draftDocument(order: OrderRecord): string {
  return JSON.stringify({
    lines: [{ line_id: order.lineId, quantity_delivered: 1, quantity_returned: 0, intake_reason: "accepted", discount: "0" }],
    note: "Pallet 1",
    delivered_at: null,
  });
}

const receiving = (intent: string, prepare: (own: ShopMakers) => Promise<{ order: OrderRecord; fields: FormField[] }>): FormTarget => ({
  route: RECEIVE,
  intent,
  params: { id: "order" },
  async prepare(own) {
    const { order, fields } = await prepare(own);
    return { params: { id: order.id }, fields: [intentField(intent), ...fields] };
  },
});

const RECEIVING: FormTarget[] = [
  receiving("save", async (own) => {
    const order = await own.order("sent");
    return { order, fields: [field("draft", draftDocument(order), json(draftInner))] };
  }),
  receiving("review", async (own) => {
    const order = await own.order("sent");
    return { order, fields: [field("draft", draftDocument(order), json(draftInner))] };
  }),
  receiving("submit", async (own) => {
    const { order } = await own.deliveryDraft();
    return { order, fields: [field("deliveredAt", dayFromNow(-1), timestamp())] };
  }),
  receiving("cancel", async (own) => ({ order: (await own.deliveryDraft()).order, fields: [] })),
  receiving("lookup", async (own) => ({ order: await own.order("sent"), fields: [field("code", "W-1", skuOfAVariant)] })),
];

// ---------------------------------------------------------------------------------------------
// Suppliers, new orders, reconciliation, settings

const SUPPLIER = "app.suppliers.$id";

const SUPPLIERS: FormTarget[] = [
  {
    route: SUPPLIER,
    intent: "save_supplier",
    params: { id: "supplier" },
    async prepare(own) {
      return { params: { id: await own.supplier() }, fields: [intentField("save_supplier"), ...supplierFields()] };
    },
  },
  {
    route: SUPPLIER,
    intent: "add_item",
    params: { id: "supplier" },
    async prepare(own) {
      return { params: { id: await own.supplier() }, fields: [intentField("add_item"), field("sku", "W-1", skuOfAVariant), ...catalogueTerms()] };
    },
  },
  {
    route: SUPPLIER,
    intent: "update_item",
    params: { id: "supplier" },
    async prepare(own) {
      const { supplierId, itemId } = await own.catalogueItem();
      return { params: { id: supplierId }, fields: [intentField("update_item"), field("itemId", itemId, id("item")), ...catalogueTerms()] };
    },
  },
  {
    route: SUPPLIER,
    intent: "remove_item",
    params: { id: "supplier" },
    async prepare(own) {
      const { supplierId, itemId } = await own.catalogueItem();
      return { params: { id: supplierId }, fields: [intentField("remove_item"), field("itemId", itemId, id("item"))] };
    },
  },
  {
    route: SUPPLIER,
    intent: "import_catalogue",
    params: { id: "supplier" },
    upload: true,
    async prepare(own) {
      const csv = new TextEncoder().encode("sku,unit_cost\nW-1,2.50\n");
      return {
        params: { id: await own.supplier() },
        fields: [intentField("import_catalogue"), { name: "file", value: { fileName: "catalogue.csv", type: "text/csv", bytes: csv }, kind: file }],
      };
    },
  },
  {
    route: "app.suppliers.new",
    intent: null,
    params: {},
    async prepare() {
      return { params: {}, fields: supplierFields() };
    },
  },
  {
    route: "app.purchase-orders.new",
    intent: null,
    params: {},
    async prepare(own) {
      return {
        params: {},
        fields: [
          field("supplierId", own.shop.supplierId, id("supplier")),
          field("locationId", own.shop.locationId, id("location", { required: false })),
          field("note", "", text(5000)),
          field("variantId", own.shop.variants[0]!.variantId, { ...id("variant"), many: true }),
          field("quantity", "3", { ...integer(1, 1_000_000, { required: true }), many: true }),
          field("unitCost", "2.50", { ...money(), many: true }),
        ],
      };
    },
  },
  {
    route: "app.reconciliation",
    intent: "run",
    params: {},
    async prepare() {
      return { params: {}, fields: [intentField("run")] };
    },
  },
  {
    route: "app.reconciliation",
    intent: "fix",
    params: {},
    async prepare(own) {
      return { params: {}, fields: [intentField("fix"), field("runId", await own.reconciliationRun(), id("run"))] };
    },
  },
];

const STATUS_SET = new Set<string>(PURCHASE_ORDER_STATUSES);

/** The settings document: values of the wrong type or outside their choices are refused; other text is the merchant's. */
function settingsInner(path: readonly (string | number)[], value: unknown, original: unknown): boolean | undefined {
  const key = path.at(-1);
  // labelFormat and defaultLocationId may be left out (settings saved before they existed): the default then.
  if (value === undefined) return typeof key === "number" || key === "labelFormat" || key === "defaultLocationId" ? undefined : false;
  // No default receiving location: the first active one.
  if (key === "defaultLocationId") return value === null || value === "" || value === original ? undefined : false;
  if (value === null) return false;
  if (Array.isArray(original) !== Array.isArray(value) || typeof original !== typeof value) return false;
  const parent = path.at(-2);
  if (typeof key === "number" && (parent === "applyStatuses" || parent === "removeStatuses"))
    return STATUS_SET.has(value as string) ? undefined : false;
  switch (key) {
    case "tag":
      return /^[^,]{1,255}$/.test((value as string).trim()) ? undefined : false;
    case "removalPolicy":
      return ["always", "protected"].includes(value as string) ? undefined : false;
    case "labelFormat":
      return (LABEL_FORMATS as readonly string[]).includes(value as string) ? undefined : false;
    default:
      return undefined;
  }
}

/** Valid settings: the default receiving location is one of the shop's active locations (any other is refused). */
const validSettings = (locationId: string) =>
  JSON.stringify({
    incomingTracking: true,
    autoSyncOnReceive: false,
    tagRules: [{ tag: "on-purchase-order", applyStatuses: ["sent"], removeStatuses: ["completed", "cancelled"], removalPolicy: "protected" }],
    writeBackRules: [],
    labelFormat: "pdf_sheet",
    defaultLocationId: locationId,
  });

/** Which of the shop's templates a supplier's documents or emails use (blank: the shop's default). */
function supplierTemplate(route: string, kind: "exportTemplate" | "emailTemplate", template: (own: ShopMakers) => Promise<string>): FormTarget {
  return {
    route,
    intent: "supplier_template",
    params: {},
    async prepare(own) {
      return {
        params: {},
        fields: [
          intentField("supplier_template"),
          field("supplierId", await own.supplier(), id("supplier")),
          field("templateId", await template(own), id(kind, { required: false })),
        ],
      };
    },
  };
}

const SETTINGS: FormTarget[] = [
  {
    route: "app.settings",
    intent: null,
    params: {},
    async prepare(own) {
      return { params: {}, fields: [field("settings", validSettings(own.shop.locationId), json(settingsInner))] };
    },
  },
  {
    route: "app.settings_.api",
    intent: "create",
    params: {},
    async prepare() {
      return {
        params: {},
        fields: [
          intentField("create"),
          field("name", unique("Key"), text(100, { required: true })),
          field("scope", "read", choice(["read", "write"])),
        ],
      };
    },
  },
  {
    route: "app.settings_.api",
    intent: "revoke",
    params: {},
    async prepare(own) {
      return { params: {}, fields: [intentField("revoke"), field("keyId", await own.apiKey(), id("key")), field("name", "Old key", flag)] };
    },
  },
  {
    route: "app.settings_.documents",
    intent: "save_template",
    params: {},
    upload: true,
    async prepare() {
      return {
        params: {},
        fields: [
          intentField("save_template"),
          field("id", "", id("exportTemplate", { required: false })),
          field("name", unique("Template"), text(100, { required: true })),
          field("columns", "sku", { ...choice(DOCUMENT_COLUMNS), many: true }),
          field("columns", "quantity", { ...choice(DOCUMENT_COLUMNS), many: true }),
          field("footer", "Thank you", text(500)),
          field("isDefault", "", flag),
        ],
      };
    },
  },
  supplierTemplate("app.settings_.documents", "exportTemplate", (own) => own.exportTemplate()),
  {
    route: "app.settings_.email",
    intent: "save_settings",
    params: {},
    async prepare() {
      return { params: {}, fields: [intentField("save_settings"), ...emailSettingsFields()] };
    },
  },
  {
    // The save bar: the sender and SMTP settings and the default wording in one post.
    route: "app.settings_.email",
    intent: "save_changes",
    params: {},
    async prepare() {
      return { params: {}, fields: [intentField("save_changes"), ...emailSettingsFields(), ...emailWording()] };
    },
  },
  {
    route: "app.settings_.email",
    intent: "save_template",
    params: {},
    async prepare() {
      return { params: {}, fields: [intentField("save_template"), ...emailWording()] };
    },
  },
  {
    route: "app.settings_.email",
    intent: "save_supplier_wording",
    params: {},
    async prepare() {
      return {
        params: {},
        fields: [intentField("save_supplier_wording"), field("name", unique("Wording"), text(100, { required: true })), ...emailWording()],
      };
    },
  },
  supplierTemplate("app.settings_.email", "emailTemplate", (own) => own.emailTemplate()),
];

// ---------------------------------------------------------------------------------------------
// The purchase orders index: saved views, bulk mark as sent

/** Any text: the index reads a view's query leniently (what it does not know is dropped). */
const anyText: FieldKind = { required: false, check: () => true };

const INDEX: FormTarget[] = [
  {
    route: "app.purchase-orders._index",
    intent: "save_view",
    params: {},
    async prepare() {
      return {
        params: {},
        fields: [
          intentField("save_view"),
          field("name", unique("View"), text(SAVED_VIEW_NAME_MAX, { required: true })),
          field("query", "tab=open&sort=number", anyText),
        ],
      };
    },
  },
  {
    route: "app.purchase-orders._index",
    intent: "delete_view",
    params: {},
    // Deleting a view that is not there (another tab deleted it, or another shop's) is done already.
    async prepare() {
      return { params: {}, fields: [intentField("delete_view"), field("viewId", "no-such-view", anyText)] };
    },
  },
  {
    route: "app.purchase-orders.bulk-send",
    intent: null,
    params: {},
    async prepare(own) {
      return { params: {}, fields: [field("id", (await own.order("draft")).id, id("order", { many: true }))] };
    },
  },
];

export const FORM_TARGETS: readonly FormTarget[] = [...ORDER_SCREEN, ...CARDS, ...RECEIVING, ...SUPPLIERS, ...SETTINGS, ...INDEX];

export const targetName = (target: FormTarget) => `${target.route}${target.intent === null ? "" : `:${target.intent}`}`;
