import { Prisma, type PrismaClient, type Supplier } from "@prisma/client";

import { readAddress } from "~/domain/address";
import { NotFoundError, ValidationError } from "~/domain/errors";
import { countryOptions, currencyOptions } from "~/domain/iso-codes";
import { BLANK_SUPPLIER_INPUT, CLOSED_STATUSES, parseSupplier, type SupplierFields, type SupplierInput } from "~/domain/supplier";

import type { Actor } from "./actor";
import { requireShop } from "./shops.server";

type Db = PrismaClient | Prisma.TransactionClient;

export async function listSuppliers(db: PrismaClient, shopDomain: string) {
  return db.supplier.findMany({ where: { shop: { domain: shopDomain } }, orderBy: { name: "asc" } });
}

export interface SupplierSummary {
  id: string;
  name: string;
  email: string | null;
  currencyCode: string;
  catalogueSize: number;
  openOrders: number;
}

export async function listSupplierSummaries(db: PrismaClient, shopDomain: string): Promise<SupplierSummary[]> {
  const rows = await db.supplier.findMany({
    where: { shop: { domain: shopDomain } },
    orderBy: { name: "asc" },
    include: {
      _count: {
        select: {
          catalogueItems: true,
          purchaseOrders: { where: { deletedAt: null, status: { notIn: [...CLOSED_STATUSES] } } },
        },
      },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    currencyCode: row.currencyCode,
    catalogueSize: row._count.catalogueItems,
    openOrders: row._count.purchaseOrders,
  }));
}

/** The ISO lists the supplier form chooses currency and country from. */
export function supplierFormChoices() {
  return { currencies: currencyOptions(), countries: countryOptions() };
}

/** A new supplier's form: blank, in the shop's currency (the default a blank currency would get). */
export async function newSupplierInput(db: PrismaClient, shopDomain: string): Promise<SupplierInput> {
  const shop = await requireShop(db, shopDomain);
  return { ...BLANK_SUPPLIER_INPUT, currencyCode: shop.currencyCode };
}

export interface SupplierDetail extends SupplierFields {
  id: string;
}

/** A supplier of this shop; another shop's id is as unknown as a made-up one. */
export async function requireSupplier(db: Db, shopDomain: string, supplierId: string): Promise<Supplier> {
  const row = await db.supplier.findFirst({ where: { id: supplierId, shop: { domain: shopDomain } } });
  if (!row) throw new NotFoundError("Supplier", supplierId);
  return row;
}

export async function getSupplier(db: PrismaClient, shopDomain: string, supplierId: string): Promise<SupplierDetail> {
  return toDetail(await requireSupplier(db, shopDomain, supplierId));
}

export async function createSupplier(db: PrismaClient, shopDomain: string, actor: Actor, input: SupplierInput): Promise<SupplierDetail> {
  const shop = await requireShop(db, shopDomain);
  const fields = parseSupplier(input, shop.currencyCode);
  const row = await refusingTakenName(fields.name, () =>
    db.$transaction(async (tx) => {
      const created = await tx.supplier.create({ data: { shopId: shop.id, ...toColumns(fields) } });
      await recordShopChange(tx, shop.id, actor, "create_supplier", { supplierId: created.id, ...fields });
      return created;
    }),
  );
  return toDetail(row);
}

export async function updateSupplier(
  db: PrismaClient,
  shopDomain: string,
  actor: Actor,
  supplierId: string,
  input: SupplierInput,
): Promise<SupplierDetail> {
  const shop = await requireShop(db, shopDomain);
  const before = toDetail(await requireSupplier(db, shopDomain, supplierId));
  const fields = parseSupplier(input, shop.currencyCode);
  const changed = (Object.keys(fields) as Array<keyof SupplierFields>).filter((key) => JSON.stringify(fields[key]) !== JSON.stringify(before[key]));
  if (changed.length === 0) return before;
  const row = await refusingTakenName(fields.name, () =>
    db.$transaction(async (tx) => {
      const updated = await tx.supplier.update({ where: { id: supplierId }, data: toColumns(fields) });
      await recordShopChange(tx, shop.id, actor, "update_supplier", {
        supplierId,
        ...Object.fromEntries(changed.map((key) => [key, { from: before[key], to: fields[key] }])),
      });
      return updated;
    }),
  );
  return toDetail(row);
}

/**
 * Changes that belong to the shop rather than to one purchase order (suppliers, catalogues)
 * are audited too, with no order attached.
 */
export async function recordShopChange(tx: Prisma.TransactionClient, shopId: string, actor: Actor, action: string, changes: Record<string, unknown>) {
  await tx.auditEntry.create({
    data: { shopId, actorType: actor.type, actorId: actor.id, action, changes: JSON.stringify(changes) },
  });
}

/** The database's unique index decides, so two concurrent saves cannot both take a name. */
async function refusingTakenName<T>(name: string, save: () => Promise<T>): Promise<T> {
  try {
    return await save();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ValidationError({ name: `Another supplier is already called "${name}"; supplier names are unique` });
    }
    throw error;
  }
}

function toColumns(fields: SupplierFields) {
  return {
    ...fields,
    ccEmails: JSON.stringify(fields.ccEmails),
    address: fields.address ? JSON.stringify(fields.address) : null,
  };
}

function toDetail(row: Supplier): SupplierDetail {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    ccEmails: JSON.parse(row.ccEmails) as string[],
    currencyCode: row.currencyCode,
    vendor: row.vendor,
    paymentTerms: row.paymentTerms,
    paymentTermsDays: row.paymentTermsDays,
    leadTimeDays: row.leadTimeDays,
    address: readAddress(row.address),
    notes: row.notes,
  };
}

/** The two kinds of template a supplier can have of its own (null: the shop's default). */
const SUPPLIER_TEMPLATES = {
  export: { field: "exportTemplateId", action: "set_supplier_export_template" },
  email: { field: "emailTemplateId", action: "set_supplier_email_template" },
} as const;

/** Each supplier of the shop with the templates it has of its own, for the settings screens' pickers. */
export async function listSupplierTemplateChoices(db: PrismaClient, shopDomain: string) {
  return db.supplier.findMany({
    where: { shop: { domain: shopDomain } },
    select: { id: true, name: true, emailTemplateId: true, exportTemplateId: true },
    orderBy: { name: "asc" },
  });
}

/** Who an order is addressed to, for its page and its receiving screen. */
export async function supplierContact(db: PrismaClient, supplierId: string) {
  return db.supplier.findUniqueOrThrow({
    where: { id: supplierId },
    select: { id: true, name: true, email: true, ccEmails: true, paymentTerms: true },
  });
}

/** Chooses the supplier's own PO document layout or email wording (null: the shop's default). */
export async function setSupplierTemplate(
  db: PrismaClient,
  shopDomain: string,
  actor: Actor,
  kind: keyof typeof SUPPLIER_TEMPLATES,
  supplierId: string,
  templateId: string | null,
) {
  const { field, action } = SUPPLIER_TEMPLATES[kind];
  const supplier = await requireSupplier(db, shopDomain, supplierId);
  const where = { id: templateId ?? "", shopId: supplier.shopId };
  const known = templateId ? (kind === "export" ? await db.exportTemplate.count({ where }) : await db.emailTemplate.count({ where })) : 1;
  if (known === 0) throw new ValidationError({ [field]: "No such template in this shop" });
  await db.$transaction(async (tx) => {
    await tx.supplier.update({ where: { id: supplier.id }, data: { [field]: templateId } });
    await recordShopChange(tx, supplier.shopId, actor, action, { supplierId, [field]: { from: supplier[field], to: templateId } });
  });
}
