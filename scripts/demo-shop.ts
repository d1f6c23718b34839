import { createPrismaClient } from "../app/db-client.server";
import { ADMIN_API_VERSION_STRING } from "../app/services/shopify/version";
import { createShopifyGateway } from "../app/services/shopify/gateway.server";
import { adminApiFetch } from "../app/services/shopify/transport.server";
import { offlineSessionId, recordInstalledShop } from "../app/services/shops.server";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN, DEMO_SUPPLIERS, type StandinServer } from "../tests/standin";

/**
 * Installs the demo shop in the app database the way a real install would leave it: the shop
 * (read from the Admin API through the gateway, as after OAuth), its offline session, and one
 * supplier per vendor of the demo store, whose catalogue lists that vendor's variants at
 * Shopify's unit cost under a supplier SKU of its own. Safe to run on every demo start.
 */
export async function installDemoShop(databaseUrl: string, standin: StandinServer): Promise<void> {
  const db = createPrismaClient(databaseUrl);
  try {
    const gateway = createShopifyGateway({
      shopDomain: DEMO_SHOP_DOMAIN,
      accessToken: DEMO_ACCESS_TOKEN,
      apiVersion: ADMIN_API_VERSION_STRING,
      fetchApi: adminApiFetch(standin.origin),
    });
    const shop = await recordInstalledShop(db, await gateway.shop());
    const session = {
      shop: shop.domain,
      state: "demo",
      isOnline: false,
      scope: "read_products,write_products,read_inventory,write_inventory,read_locations",
      accessToken: DEMO_ACCESS_TOKEN,
    };
    await db.session.upsert({
      where: { id: offlineSessionId(shop.domain) },
      create: { id: offlineSessionId(shop.domain), ...session },
      update: session,
    });
    for (const demo of DEMO_SUPPLIERS) {
      const details = { email: demo.email, leadTimeDays: demo.leadTimeDays, vendor: demo.name };
      const supplier = await db.supplier.upsert({
        where: { shopId_name: { shopId: shop.id, name: demo.name } },
        create: { shopId: shop.id, name: demo.name, currencyCode: demo.currencyCode, ...details },
        update: details,
      });
      for (const variant of await gateway.searchVariants({ vendor: demo.name }, 200)) {
        const listing = {
          inventoryItemId: variant.inventoryItemId,
          sku: variant.sku,
          barcode: variant.barcode,
          supplierSku: variant.sku ? `SUP-${variant.sku}` : null,
          unitCost: variant.unitCost?.amount ?? "0",
          currencyCode: supplier.currencyCode,
        };
        await db.catalogueItem.upsert({
          where: { supplierId_variantId: { supplierId: supplier.id, variantId: variant.id } },
          create: { supplierId: supplier.id, variantId: variant.id, ...listing },
          update: listing,
        });
      }
    }
  } finally {
    await db.$disconnect();
  }
}
