import type { PrismaClient } from "@prisma/client";
import { z } from "zod";

import { requireActiveLocations } from "~/services/locations.server";
import { createOrdersBySupplier, splitBySupplier } from "~/services/split-merge.server";

import { defineOperation } from "../operation";
import { decimalInput } from "./purchase-order-writes";
import { loadPurchaseOrderJson } from "../purchase-orders";
import { apiSchemas, OrderIdParams, PurchaseOrder, quantityInput, recordId, requestSchemas, shopifyId } from "../schemas";

/**
 * Orders by supplier, through the reorganising service the order screen's "Reorganise" card
 * uses: split one order's lines among the suppliers whose catalogues list them, or build one
 * draft per supplier from a mixed list of items.
 */

const SplitBySupplierResult = z
  .strictObject({
    purchase_order: PurchaseOrder,
    created: z.array(PurchaseOrder).describe("One new draft per other supplier, with the lines moved to it."),
  })
  .register(apiSchemas, { id: "SplitBySupplierResult" });

const PurchaseOrdersBySupplier = z
  .strictObject({ purchase_orders: z.array(PurchaseOrder).describe("One new draft per supplier, by supplier name.") })
  .register(apiSchemas, { id: "PurchaseOrdersBySupplier" });

const CreatePurchaseOrdersBySupplierRequest = z
  .strictObject({
    items: z
      .array(
        z
          .strictObject({
            variant_id: shopifyId("ProductVariant").optional().describe("The Shopify ProductVariant gid; give this or `sku`."),
            sku: z.string().min(1).optional().describe("The variant's SKU in Shopify; give this or `variant_id`."),
            quantity: quantityInput(1),
            unit_cost: decimalInput
              .optional()
              .describe(
                "In the supplier's currency. Default: the supplier's catalogue price in its currency, else Shopify's unit cost when in that " +
                  "currency; with neither, the item needs one (422 on `items.<n>.unit_cost`).",
              ),
            supplier_id: recordId
              .optional()
              .describe("Order the item from this supplier; by default the first supplier (by name) whose catalogue lists the variant."),
          })
          .refine((item) => (item.variant_id === undefined) !== (item.sku === undefined), {
            message: "Give either `variant_id` or `sku`",
            path: ["variant_id"],
          }),
      )
      .min(1),
    location_id: shopifyId("Location").optional().describe("Shopify Location gid the goods are received at; one of the shop's active locations."),
  })
  .register(requestSchemas, { id: "CreatePurchaseOrdersBySupplierRequest" });

async function ordersJson(db: PrismaClient, shopDomain: string, orders: ReadonlyArray<{ id: string }>) {
  return Promise.all(orders.map((order) => loadPurchaseOrderJson(db, shopDomain, order.id)));
}

export const splitOperations = [
  defineOperation({
    name: "split_purchase_order_by_supplier",
    method: "POST",
    path: "/purchase_orders/{id}/split_by_supplier",
    scope: "write",
    title: "Split an order by supplier",
    description:
      "Moves each line whose variant the order's supplier does not list in its catalogue, but another supplier does, to a new draft " +
      "for that supplier (the first by name), priced from that supplier's catalogue; only the pending quantity moves. Lines no other " +
      "supplier lists stay. Refused (422 on `lines`) when nothing would move or a listing is not in its supplier's currency, and (409 " +
      "with the rule) when the order's status allows " +
      "no line changes. Answers the order as left and the new drafts.",
    params: OrderIdParams,
    body: z.strictObject({}),
    response: SplitBySupplierResult,
    async handle({ db, shopDomain, actor }, { params }) {
      const created = await splitBySupplier(db, shopDomain, actor, params.id);
      return {
        // The order split, keeping the lines its own supplier (or no other supplier) lists.
        purchase_order: await loadPurchaseOrderJson(db, shopDomain, params.id),
        created: await ordersJson(db, shopDomain, created),
      };
    },
  }),
  defineOperation({
    name: "create_purchase_orders_by_supplier",
    method: "POST",
    path: "/purchase_orders/by_supplier",
    scope: "write",
    title: "Create one draft per supplier",
    description:
      "Creates one draft per supplier from a mixed list of items, all or nothing: each item is found in Shopify (by `variant_id` " +
      "or `sku`), assigned to its `supplier_id` or else to the supplier whose catalogue lists it, and priced at its `unit_cost` or " +
      "else its default (see `unit_cost`). An item no catalogue lists needs a `supplier_id` (422 on `items.<n>.supplier_id`). " +
      "Answers the new drafts (201).",
    body: CreatePurchaseOrdersBySupplierRequest,
    response: PurchaseOrdersBySupplier,
    status: 201,
    async handle(context, { body }) {
      const { db, shopDomain, actor } = context;
      const gateway = await context.gateway();
      // The service stores the location as given; drafts made elsewhere accept only active locations.
      await requireActiveLocations(gateway, { location_id: body.location_id });
      const items = body.items.map((item) => ({
        variantId: item.variant_id,
        sku: item.sku,
        quantity: item.quantity,
        supplierId: item.supplier_id,
        unitCost: item.unit_cost,
      }));
      const created = await createOrdersBySupplier({ db, gateway }, shopDomain, actor, { items, locationId: body.location_id ?? null });
      return { purchase_orders: await ordersJson(db, shopDomain, created) };
    },
  }),
];
