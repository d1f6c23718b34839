import type { PrismaClient } from "@prisma/client";
import { z } from "zod";

import { MAX_ALTERNATE_SKUS, type CatalogueTermsInput } from "~/domain/catalogue";
import { NotFoundError, ValidationError, withRenamedFields } from "~/domain/errors";
import { Decimal } from "~/domain/money";
import {
  BLANK_SUPPLIER_INPUT,
  MAX_CC_EMAILS,
  MAX_LEAD_TIME_DAYS,
  MAX_PAYMENT_TERMS_DAYS,
  supplierInputOf,
  type SupplierInput,
} from "~/domain/supplier";
import { addCatalogueItem, listCatalogue, removeCatalogueItem, updateCatalogueItem, type CatalogueItemView } from "~/services/catalogue.server";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";
import { createSupplier, getSupplier, listSupplierSummaries, updateSupplier, type SupplierDetail } from "~/services/suppliers.server";

import { Address, addressFields, addressJson, AddressRequest } from "../addresses";
import { defineOperation } from "../operation";
import { apiSchemas, recordId, requestSchemas, shopifyId } from "../schemas";

/**
 * Suppliers and their catalogues, through the services the supplier screens use. The services
 * take form-shaped input (text fields), so each body is turned into that input first — for a
 * PATCH on top of what is saved, so only the given fields change.
 */

export const SupplierIdParams = z.strictObject({ id: recordId.describe("The supplier's id.") });

// ---------------------------------------------------------------------------------------------
// Suppliers

const Supplier = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable().describe("Where purchase orders are sent."),
    cc_emails: z.array(z.string()).describe("Further recipients of purchase orders."),
    currency_code: z.string().describe("The currency the supplier's orders, catalogue prices and credits are in."),
    vendor: z.string().nullable().describe("The Shopify product vendor this supplier corresponds to, if any."),
    payment_terms: z.string().nullable(),
    payment_terms_days: z.int().nullable(),
    lead_time_days: z.int().nullable(),
    address: Address.nullable(),
    notes: z.string().nullable(),
  })
  .register(apiSchemas, { id: "Supplier" });

const SupplierSummary = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    currency_code: z.string(),
    catalogue_size: z.int().nonnegative().describe("Items in the supplier's catalogue."),
    open_orders: z.int().nonnegative().describe("Purchase orders of this supplier that are neither completed nor cancelled."),
  })
  .register(apiSchemas, { id: "SupplierSummary" });

const SupplierList = z.strictObject({ suppliers: z.array(SupplierSummary) }).register(apiSchemas, { id: "SupplierList" });

const optionalText = (description: string) => z.string().nullable().optional().describe(`${description} null clears it.`);
const days = (most: number) => z.int().min(0).max(most).nullable().optional();

const supplierFields = {
  email: optionalText("Where purchase orders are sent."),
  cc_emails: z.array(z.string()).max(MAX_CC_EMAILS).optional().describe("Further recipients of purchase orders (replaces the list)."),
  currency_code: z.string().optional().describe("ISO 4217, e.g. EUR; by default the shop's currency."),
  vendor: optionalText("The Shopify product vendor this supplier corresponds to."),
  payment_terms: optionalText("Free text, e.g. Net 30."),
  payment_terms_days: days(MAX_PAYMENT_TERMS_DAYS).describe("Days to pay after the invoice; null clears it."),
  lead_time_days: days(MAX_LEAD_TIME_DAYS).describe("Days from order to delivery; null clears it."),
  address: AddressRequest.nullable().optional().describe("The whole postal address (a given address replaces the saved one); null clears it."),
  notes: optionalText("Internal notes."),
};

const CreateSupplierRequest = z
  .strictObject({ name: z.string().describe("Unique among the shop's suppliers."), ...supplierFields })
  .register(requestSchemas, { id: "CreateSupplierRequest" });

const UpdateSupplierRequest = z
  .strictObject({ name: z.string().optional().describe("Unique among the shop's suppliers."), ...supplierFields })
  .register(requestSchemas, { id: "UpdateSupplierRequest" });

type SupplierBody = z.output<typeof UpdateSupplierRequest>;

/** The body's fields over `base` (a blank form, or the saved supplier), as the service's input. */
function supplierInput(base: SupplierInput, body: SupplierBody): SupplierInput {
  const given = <T>(value: T | undefined, current: string, asText: (value: T) => string) => (value === undefined ? current : asText(value));
  const text = (value: string | null) => value ?? "";
  const number = (value: number | null) => value?.toString() ?? "";
  return {
    name: body.name ?? base.name,
    email: given(body.email, base.email, text),
    ccEmails: given(body.cc_emails, base.ccEmails, (emails) => emails.join(", ")),
    currencyCode: body.currency_code ?? base.currencyCode,
    vendor: given(body.vendor, base.vendor, text),
    paymentTerms: given(body.payment_terms, base.paymentTerms, text),
    paymentTermsDays: given(body.payment_terms_days, base.paymentTermsDays, number),
    leadTimeDays: given(body.lead_time_days, base.leadTimeDays, number),
    address: body.address === undefined ? base.address : addressInput(body.address),
    notes: given(body.notes, base.notes, text),
  };
}

/** A null address is all blank, which the service saves as no address. */
function addressInput(address: z.output<typeof AddressRequest> | null): SupplierInput["address"] {
  if (!address) return {};
  return Object.fromEntries(Object.entries(addressFields(address)).map(([key, value]) => [key, value ?? ""]));
}

function supplierJson(supplier: SupplierDetail): z.infer<typeof Supplier> {
  return {
    id: supplier.id,
    name: supplier.name,
    email: supplier.email,
    cc_emails: supplier.ccEmails,
    currency_code: supplier.currencyCode,
    vendor: supplier.vendor,
    payment_terms: supplier.paymentTerms,
    payment_terms_days: supplier.paymentTermsDays,
    lead_time_days: supplier.leadTimeDays,
    address: addressJson(supplier.address),
    notes: supplier.notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Catalogue items

/** Unit costs keep up to 4 decimals (as the catalogue stores them), written with at least 2. */
const unitCostText = z
  .string()
  .regex(/^\d+\.\d{2,4}$/)
  .describe('Decimal price per unit in the supplier\'s currency, e.g. "12.50".');

function decimalText(value: string): string {
  const amount = new Decimal(value);
  return amount.toFixed(Math.max(2, amount.decimalPlaces()));
}

const CatalogueItem = z
  .strictObject({
    id: z.string(),
    supplier_id: z.string(),
    variant_id: z.string().describe("The Shopify ProductVariant gid."),
    inventory_item_id: z.string().nullable(),
    sku: z.string().nullable().describe("The variant's SKU in Shopify (when the item was saved)."),
    barcode: z.string().nullable(),
    supplier_sku: z.string().nullable().describe("The supplier's own code for the item."),
    alternate_skus: z.array(z.string()).describe("Other codes that name this item in orders and imports."),
    unit_cost: unitCostText,
    currency_code: z.string(),
    minimum_order_quantity: z.int().positive(),
    pack_size: z.int().positive(),
  })
  .register(apiSchemas, { id: "CatalogueItem" });

const CatalogueItemList = z
  .strictObject({ supplier_id: z.string(), catalogue_items: z.array(CatalogueItem) })
  .register(apiSchemas, { id: "CatalogueItemList" });

const DeletedCatalogueItem = z.strictObject({ id: z.string(), deleted: z.literal(true) }).register(apiSchemas, { id: "DeletedCatalogueItem" });

const CatalogueItemParams = SupplierIdParams.extend({ item_id: recordId.describe("The catalogue item's id.") });

const catalogueTerms = {
  supplier_sku: z.string().nullable().optional().describe("The supplier's own code; unique within the catalogue. null clears it."),
  alternate_skus: z
    .array(z.string())
    .max(MAX_ALTERNATE_SKUS)
    .optional()
    .describe("Other codes for the item (replaces the list); unique within the catalogue."),
  minimum_order_quantity: z.int().min(1).optional().describe("Default 1."),
  pack_size: z.int().min(1).optional().describe("Units per pack; default 1."),
};
const unitCostInput = z.string().describe('Decimal string, 0 or more with at most 4 decimals, e.g. "12.50"; in the supplier\'s currency.');

const CreateCatalogueItemRequest = z
  .strictObject({
    variant_id: shopifyId("ProductVariant").optional().describe("The Shopify ProductVariant gid; give this or `sku`."),
    sku: z.string().min(1).optional().describe("The variant's SKU in Shopify; give this or `variant_id`."),
    unit_cost: unitCostInput,
    ...catalogueTerms,
  })
  .refine((body) => (body.variant_id === undefined) !== (body.sku === undefined), {
    message: "Give either `variant_id` or `sku`",
    path: ["variant_id"],
  })
  .register(requestSchemas, { id: "CreateCatalogueItemRequest" });

const UpdateCatalogueItemRequest = z
  .strictObject({ unit_cost: unitCostInput.optional(), ...catalogueTerms })
  .register(requestSchemas, { id: "UpdateCatalogueItemRequest" });

type CatalogueTermsBody = z.output<typeof UpdateCatalogueItemRequest>;

const BLANK_TERMS: CatalogueTermsInput = { supplierSku: "", alternateSkus: [], unitCost: "", minimumOrderQuantity: "", packSize: "" };

function catalogueTermsInput(base: CatalogueTermsInput, body: CatalogueTermsBody): CatalogueTermsInput {
  return {
    supplierSku: body.supplier_sku === undefined ? base.supplierSku : (body.supplier_sku ?? ""),
    alternateSkus: body.alternate_skus ?? base.alternateSkus,
    unitCost: body.unit_cost ?? base.unitCost,
    minimumOrderQuantity: body.minimum_order_quantity?.toString() ?? base.minimumOrderQuantity,
    packSize: body.pack_size?.toString() ?? base.packSize,
  };
}

function catalogueItemJson(supplierId: string, item: CatalogueItemView): z.infer<typeof CatalogueItem> {
  return {
    id: item.id,
    supplier_id: supplierId,
    variant_id: item.variantId,
    inventory_item_id: item.inventoryItemId,
    sku: item.sku,
    barcode: item.barcode,
    supplier_sku: item.supplierSku,
    alternate_skus: item.alternateSkus,
    unit_cost: decimalText(item.unitCost),
    currency_code: item.currencyCode,
    minimum_order_quantity: item.minimumOrderQuantity,
    pack_size: item.packSize,
  };
}

/** The item as saved, found in this supplier's catalogue: an item of another supplier or shop is not found. */
async function requireCatalogueItem(db: PrismaClient, shopDomain: string, supplierId: string, itemId: string) {
  const item = (await listCatalogue(db, shopDomain, supplierId)).find((candidate) => candidate.id === itemId);
  if (!item) throw new NotFoundError("Catalogue item", itemId);
  return item;
}

export const supplierOperations = [
  defineOperation({
    name: "list_suppliers",
    method: "GET",
    path: "/suppliers",
    scope: "read",
    title: "List suppliers",
    description:
      "Every supplier of this shop, by name: id, email, currency, how many items its catalogue has and how many of its purchase " +
      "orders are open (neither completed nor cancelled). Use get_supplier for payment terms, lead time, address and notes.",
    response: SupplierList,
    idempotent: true,
    async handle({ db, shopDomain }) {
      const suppliers = await listSupplierSummaries(db, shopDomain);
      return {
        suppliers: suppliers.map((supplier) => ({
          id: supplier.id,
          name: supplier.name,
          email: supplier.email,
          currency_code: supplier.currencyCode,
          catalogue_size: supplier.catalogueSize,
          open_orders: supplier.openOrders,
        })),
      };
    },
  }),
  defineOperation({
    name: "get_supplier",
    method: "GET",
    path: "/suppliers/{id}",
    scope: "read",
    title: "Get a supplier",
    description:
      "One supplier by id with all its details: email and cc recipients, currency, vendor, payment terms, lead time, address, notes. " +
      "Not found (404) for ids of other shops.",
    params: SupplierIdParams,
    response: Supplier,
    idempotent: true,
    async handle({ db, shopDomain }, { params }) {
      return supplierJson(await getSupplier(db, shopDomain, params.id));
    },
  }),
  defineOperation({
    name: "create_supplier",
    method: "POST",
    path: "/suppliers",
    scope: "write",
    title: "Create a supplier",
    description:
      "Creates a supplier. Only `name` is required and must be unique among the shop's suppliers (a taken name is refused, 422 on " +
      "`name`); the currency defaults to the shop's. Answers the supplier (201).",
    body: CreateSupplierRequest,
    response: Supplier,
    status: 201,
    async handle({ db, shopDomain, actor }, { body }) {
      return supplierJson(await createSupplier(db, shopDomain, actor, supplierInput(BLANK_SUPPLIER_INPUT, body)));
    },
  }),
  defineOperation({
    name: "update_supplier",
    method: "PATCH",
    path: "/suppliers/{id}",
    scope: "write",
    title: "Update a supplier",
    description:
      "Changes the given fields of a supplier; fields left out keep their values, null clears an optional one. `address` and " +
      "`cc_emails` are replaced whole. A name another supplier has is refused (422 on `name`). Answers the supplier as saved.",
    params: SupplierIdParams,
    body: UpdateSupplierRequest,
    response: Supplier,
    idempotent: true,
    async handle({ db, shopDomain, actor }, { params, body }) {
      const saved = await getSupplier(db, shopDomain, params.id);
      const input = supplierInput(supplierInputOf(saved), body);
      return supplierJson(await updateSupplier(db, shopDomain, actor, params.id, input));
    },
  }),
  defineOperation({
    name: "list_supplier_catalogue_items",
    method: "GET",
    path: "/suppliers/{id}/catalogue_items",
    scope: "read",
    title: "List a supplier's catalogue",
    description:
      "The supplier's catalogue: which Shopify variants it sells, at what unit cost (its currency), under which supplier SKU and " +
      "alternate codes, with minimum order quantity and pack size. Orders for this supplier are priced from it.",
    params: SupplierIdParams,
    response: CatalogueItemList,
    idempotent: true,
    async handle({ db, shopDomain }, { params }) {
      const items = await listCatalogue(db, shopDomain, params.id);
      return { supplier_id: params.id, catalogue_items: items.map((item) => catalogueItemJson(params.id, item)) };
    },
  }),
  defineOperation({
    name: "create_supplier_catalogue_item",
    method: "POST",
    path: "/suppliers/{id}/catalogue_items",
    scope: "write",
    title: "Add a catalogue item",
    description:
      "Adds a Shopify variant to the supplier's catalogue, found by `variant_id` or by its Shopify `sku`, with the supplier's " +
      "`unit_cost` and optional codes and quantities. Refused (422) when Shopify has no such variant, when the variant is already in " +
      "the catalogue (update that item instead) or when a code already names another item. Answers the item (201).",
    params: SupplierIdParams,
    body: CreateCatalogueItemRequest,
    response: CatalogueItem,
    status: 201,
    async handle(context, { params, body }) {
      const { db, shopDomain, actor } = context;
      const gateway = await context.gateway();
      const terms = catalogueTermsInput(BLANK_TERMS, body);
      const sku = body.variant_id === undefined ? (body.sku ?? "") : await skuOfVariant(gateway, body.variant_id);
      // The variant was named by id: a refusal of its SKU is about the variant_id the client sent.
      const item = await withRenamedFields(
        (field) => (field === "sku" && body.variant_id !== undefined ? "variant_id" : field),
        () => addCatalogueItem({ db, gateway }, shopDomain, actor, params.id, { sku, ...terms }),
      );
      return catalogueItemJson(params.id, item);
    },
  }),
  defineOperation({
    name: "update_supplier_catalogue_item",
    method: "PATCH",
    path: "/suppliers/{id}/catalogue_items/{item_id}",
    scope: "write",
    title: "Update a catalogue item",
    description:
      "Changes the given terms of a catalogue item (unit cost, supplier SKU, alternate SKUs, minimum order quantity, pack size); " +
      "fields left out keep their values. The variant itself cannot change: delete the item and add another. Answers the item.",
    params: CatalogueItemParams,
    body: UpdateCatalogueItemRequest,
    response: CatalogueItem,
    idempotent: true,
    async handle({ db, shopDomain, actor }, { params, body }) {
      const saved = await requireCatalogueItem(db, shopDomain, params.id, params.item_id);
      const base: CatalogueTermsInput = {
        supplierSku: saved.supplierSku ?? "",
        alternateSkus: saved.alternateSkus,
        unitCost: saved.unitCost,
        minimumOrderQuantity: saved.minimumOrderQuantity.toString(),
        packSize: saved.packSize.toString(),
      };
      const input = catalogueTermsInput(base, body);
      return catalogueItemJson(params.id, await updateCatalogueItem(db, shopDomain, actor, params.id, saved.id, input));
    },
  }),
  defineOperation({
    name: "delete_supplier_catalogue_item",
    method: "DELETE",
    path: "/suppliers/{id}/catalogue_items/{item_id}",
    scope: "write",
    title: "Remove a catalogue item",
    description:
      "Removes an item from the supplier's catalogue. Orders already placed keep their lines and prices; new orders are no longer " +
      "priced from it and split_by_supplier no longer assigns the variant to this supplier.",
    params: CatalogueItemParams,
    response: DeletedCatalogueItem,
    destructive: true,
    async handle({ db, shopDomain, actor }, { params }) {
      const saved = await requireCatalogueItem(db, shopDomain, params.id, params.item_id);
      await removeCatalogueItem(db, shopDomain, actor, params.id, saved.id);
      return { id: saved.id, deleted: true as const };
    },
  }),
];

/**
 * The catalogue service adds items by their Shopify SKU (as the screen does); a variant given by
 * id is looked up for its SKU first.
 */
async function skuOfVariant(gateway: ShopifyGateway, variantId: string): Promise<string> {
  const variant = (await gateway.variantsByIds([variantId])).get(variantId);
  if (!variant) throw new ValidationError({ variant_id: "No variant in your Shopify store has this id" });
  if (!variant.sku) throw new ValidationError({ variant_id: "This variant has no SKU in Shopify; give it one there first" });
  return variant.sku;
}
