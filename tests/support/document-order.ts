import type { PrismaClient } from "@prisma/client";

import { addCatalogueItem } from "~/services/catalogue.server";
import { addLine } from "~/services/purchase-order-lines.server";
import { performAction } from "~/services/purchase-order-lifecycle.server";
import { createDraftPurchaseOrder } from "~/services/purchase-orders.server";

import type { StandinServer } from "../standin";

import { standinShop } from "./shopify";

const actor = { type: "merchant", id: "staff-1" } as const;

/**
 * A shop whose supplier has a catalogue with supplier SKUs, and a way to make orders of any size
 * for its PO document: `lineCount` variant lines (the first carries the supplier SKU
 * ACME-0-0), one custom line, tax 5.00, shipping 7.50 and a public note.
 */
export async function shopForDocuments(standin: StandinServer, db: PrismaClient, domain: string, variantsPerProduct = 40) {
  const shop = await standinShop(
    standin,
    db,
    domain,
    Array.from({ length: 3 }, (_, product) => ({
      title: `Lantern ${product}`,
      vendor: "Acme",
      variants: Array.from({ length: variantsPerProduct }, (_, variant) => ({
        title: `Size ${variant}`,
        sku: `LAN-${product}-${variant}`,
        price: "20",
      })),
    })),
  );
  const deps = { db, gateway: shop.gateway };
  await addCatalogueItem(deps, domain, actor, shop.supplierId, {
    sku: "LAN-0-0",
    supplierSku: "ACME-0-0",
    alternateSkus: [],
    unitCost: "2.50",
    minimumOrderQuantity: "",
    packSize: "",
  });
  const variantIds = shop.products.flatMap((product) => product.variants.map((variant) => variant.variantId));

  const order = async (lineCount: number) => {
    const draft = await createDraftPurchaseOrder(deps, domain, actor, {
      supplierId: shop.supplierId,
      locationId: shop.locationId,
      note: "",
      lines: variantIds.slice(0, lineCount).map((variantId) => ({ variantId, quantity: "10", unitCost: "2.50" })),
    });
    await addLine(deps, domain, actor, draft.id, { source: { type: "custom", title: "Display stand", sku: "STAND-1" }, ordered: 2, unitCost: "15" });
    const { order: loaded } = await performAction(deps, domain, actor, draft.id, {
      action: "edit_header",
      changes: { tax: "5.00", shippingCost: "7.50", note: "Please deliver to dock 4" },
    });
    return { id: draft.id, number: loaded!.number };
  };
  return { ...shop, order };
}
