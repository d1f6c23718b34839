import type { PrismaClient } from "@prisma/client";

export async function listSuppliers(db: PrismaClient, shopDomain: string) {
  return db.supplier.findMany({ where: { shop: { domain: shopDomain } }, orderBy: { name: "asc" } });
}
