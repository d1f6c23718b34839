import type { OrderLine, PurchaseOrderState } from "./order";
import type { SupplierFields } from "./supplier-fields";

/**
 * Orders for the core's own tests: a draft with variant lines, everything else blank. Kept
 * beside the core (and pure) so every test builds orders the same way.
 */
export function testLine(id: string, ordered: number, overrides: Partial<OrderLine> = {}): OrderLine {
  return {
    id,
    kind: "variant",
    variantId: `gid://shopify/ProductVariant/${id}`,
    inventoryItemId: `gid://shopify/InventoryItem/${id}`,
    productId: `gid://shopify/Product/${id}`,
    productTitle: `Product ${id}`,
    variantTitle: null,
    sku: `SKU-${id}`,
    vendor: null,
    notOrdered: false,
    ordered,
    confirmed: null,
    unitCost: "2.50",
    variantDeletedAt: null,
    ...overrides,
  };
}

export function testDraftOrder(lines: OrderLine[], overrides: Partial<PurchaseOrderState> = {}): PurchaseOrderState {
  return {
    id: "po-1",
    number: 7,
    status: "draft",
    previousStatus: null,
    version: 1,
    currencyCode: "EUR",
    header: {
      supplierId: "supplier-1",
      locationId: "gid://shopify/Location/1",
      reference: null,
      note: null,
      privateNote: null,
      orderDate: null,
      expectedArrivalAt: null,
      requestedShipAt: null,
      shippingCost: "0",
      tax: "0",
    },
    dates: {
      sentAt: null,
      confirmedAt: null,
      shippedAt: null,
      receivedAt: null,
      completedAt: null,
      cancelledAt: null,
      deliveriesClosedAt: null,
    },
    deletedAt: null,
    shipping: { dropShip: false, hasShippingAddress: false, holdUntil: null },
    lines,
    bookings: [],
    completing: null,
    ...overrides,
  };
}

/** An order's supplier-facing fields, none set. */
export const BLANK_SUPPLIER_FIELDS: SupplierFields = {
  vendorReference: null,
  externalNumbers: [],
  supplierConfirmed: false,
  promiseDate: null,
  holdUntil: null,
  customFields: {},
  tags: [],
};
