import type { PrismaClient } from "@prisma/client";

/** A draft order with variant lines of the given ordered quantities (unit cost 2.50 each). */
export async function createOrder(db: PrismaClient, shopDomain: string, supplierId: string, quantities: number[]) {
  return db.$transaction(async (tx) => {
    const shop = await tx.shop.update({
      where: { domain: shopDomain },
      data: { nextPoNumber: { increment: 1 } },
      select: { id: true, nextPoNumber: true, currencyCode: true },
    });
    return tx.purchaseOrder.create({
      data: {
        shopId: shop.id,
        number: shop.nextPoNumber - 1,
        status: "draft",
        supplierId,
        locationId: "gid://shopify/Location/1",
        currencyCode: shop.currencyCode,
        lines: {
          create: quantities.map((quantity, position) => ({
            position,
            variantId: `gid://shopify/ProductVariant/${1000 + position}`,
            inventoryItemId: `gid://shopify/InventoryItem/${2000 + position}`,
            productTitle: `Product ${position + 1}`,
            variantTitle: "Default",
            sku: `SKU-${position + 1}`,
            quantityOrdered: quantity,
            unitCost: "2.50",
          })),
        },
      },
    });
  });
}

/** A draft at the location whose lines order the given Shopify variants (unit cost 2.50 each). */
export async function createOrderOfVariants(
  db: PrismaClient,
  shopDomain: string,
  supplierId: string,
  locationId: string,
  lines: Array<{ variantId: string; inventoryItemId: string; quantity: number }>,
) {
  const order = await createOrder(
    db,
    shopDomain,
    supplierId,
    lines.map((line) => line.quantity),
  );
  await db.purchaseOrder.update({ where: { id: order.id }, data: { locationId } });
  const saved = await db.purchaseOrderLine.findMany({ where: { purchaseOrderId: order.id }, orderBy: { position: "asc" } });
  for (const [index, line] of saved.entries()) {
    const { variantId, inventoryItemId } = lines[index]!;
    await db.purchaseOrderLine.update({ where: { id: line.id }, data: { variantId, inventoryItemId } });
  }
  return order;
}
