import { randomUUID } from "node:crypto";

import { Prisma, type ExportTemplate, type PrismaClient } from "@prisma/client";

import { checkLogo, DEFAULT_TEMPLATE, parseTemplateInput, readColumns, type TemplateChoices, type TemplateInput } from "~/domain/documents";
import { NotFoundError, ValidationError } from "~/domain/errors";

import type { Actor } from "../actor";
// Under the shop's files prefix, so erasing the shop (shop/redact) erases its logos too.
import { shopFilesPrefix } from "../delivery-files.server";
import { requireShop } from "../shops.server";
import type { FileStorage } from "../storage/file-storage";
import { recordShopChange } from "../suppliers.server";

/**
 * Export templates: the merchant's choices over the PO document's default layout (columns,
 * footer, logo), per shop, one of them the shop's default; a supplier may name its own. Logos
 * go to file storage under a generated key, written before the row and removed when it is not saved.
 */

type Db = PrismaClient | Prisma.TransactionClient;

export interface ExportTemplateView {
  id: string;
  name: string;
  columns: TemplateChoices["columns"];
  footer: string | null;
  isDefault: boolean;
  hasLogo: boolean;
}

export interface ExportTemplateSave extends TemplateInput {
  /** null: a new template. */
  id: string | null;
  isDefault: boolean;
  /** A new logo's bytes; null keeps the current one (or none). */
  logo: Uint8Array | null;
  removeLogo: boolean;
}

export interface TemplateDeps {
  db: PrismaClient;
  storage: FileStorage;
}

function view(row: ExportTemplate): ExportTemplateView {
  return {
    id: row.id,
    name: row.name,
    columns: readColumns(row.columns),
    footer: row.footer,
    isDefault: row.isDefault,
    hasLogo: row.logoKey !== null,
  };
}

export async function listExportTemplates(db: PrismaClient, shopDomain: string): Promise<ExportTemplateView[]> {
  const rows = await db.exportTemplate.findMany({ where: { shop: { domain: shopDomain } }, orderBy: { name: "asc" } });
  return rows.map(view);
}

/** Creates or edits a template; making it the default takes the mark from the shop's previous default. */
export async function saveExportTemplate(
  { db, storage }: TemplateDeps,
  shopDomain: string,
  actor: Actor,
  input: ExportTemplateSave,
): Promise<ExportTemplateView> {
  const choices = parseTemplateInput(input);
  const logoType = input.logo ? checkLogo(input.logo) : null;
  const shop = await requireShop(db, shopDomain);
  const existing = input.id ? await db.exportTemplate.findFirst({ where: { id: input.id, shopId: shop.id } }) : null;
  if (input.id && !existing) throw new NotFoundError("Export template", input.id);
  const logoKey = input.logo ? `${shopFilesPrefix(shop.id)}/export-template-logos/${randomUUID()}` : null;
  if (logoKey && input.logo) await storage.put(logoKey, input.logo);
  const keptLogoKey = input.removeLogo ? null : (existing?.logoKey ?? null);
  const data = {
    name: choices.name,
    columns: JSON.stringify(choices.columns),
    footer: choices.footer,
    isDefault: input.isDefault,
    logoKey: logoKey ?? keptLogoKey,
  };
  let saved: ExportTemplate;
  try {
    saved = await db.$transaction(async (tx) => {
      if (input.isDefault) await tx.exportTemplate.updateMany({ where: { shopId: shop.id, isDefault: true }, data: { isDefault: false } });
      const row = existing
        ? await tx.exportTemplate.update({ where: { id: existing.id }, data })
        : await tx.exportTemplate.create({ data: { shopId: shop.id, ...data } });
      await recordShopChange(tx, shop.id, actor, existing ? "update_export_template" : "create_export_template", {
        templateId: row.id,
        name: row.name,
        columns: choices.columns,
        footer: choices.footer,
        isDefault: row.isDefault,
        logo: logoType ? logoType.contentType : row.logoKey ? "kept" : null,
      });
      return row;
    });
  } catch (error) {
    if (logoKey) await storage.delete(logoKey);
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ValidationError({ name: `A template named “${choices.name}” already exists` });
    }
    throw error;
  }
  // The replaced logo goes once the row no longer names it.
  if (existing?.logoKey && existing.logoKey !== saved.logoKey) await storage.delete(existing.logoKey);
  return view(saved);
}

export interface ResolvedTemplate {
  choices: TemplateChoices;
  logo: { bytes: Uint8Array; contentType: string } | null;
}

/** The template a document uses: the supplier's, else the shop's default, else the built-in default. */
export async function documentTemplate(db: Db, storage: FileStorage, shopId: string, supplierTemplateId: string | null): Promise<ResolvedTemplate> {
  const row =
    (supplierTemplateId ? await db.exportTemplate.findFirst({ where: { id: supplierTemplateId, shopId } }) : null) ??
    (await db.exportTemplate.findFirst({ where: { shopId, isDefault: true } }));
  if (!row) return { choices: DEFAULT_TEMPLATE, logo: null };
  const bytes = row.logoKey ? await storage.get(row.logoKey) : null;
  // A logo whose bytes are gone (storage lost) leaves the document without a logo rather than failing it.
  return {
    choices: { columns: readColumns(row.columns), footer: row.footer },
    logo: bytes ? { bytes, contentType: checkLogo(bytes).contentType } : null,
  };
}
