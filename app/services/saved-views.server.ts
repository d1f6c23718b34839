import type { PrismaClient } from "@prisma/client";

import { NotFoundError, ValidationError } from "~/domain/errors";
import { indexQueryParams, parseIndexQuery, type IndexQuery } from "~/domain/purchase-order/index-query";

import { requireShop } from "./shops.server";

/** A merchant's named view of the purchase orders index (its tab, filters and sort), per shop. */
export interface SavedView {
  id: string;
  name: string;
  query: IndexQuery;
}

export const SAVED_VIEW_NAME_MAX = 40;

export async function listSavedViews(db: PrismaClient, shopDomain: string): Promise<SavedView[]> {
  const shop = await requireShop(db, shopDomain);
  const rows = await db.savedView.findMany({ where: { shopId: shop.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((row) => ({ id: row.id, name: row.name, query: parseIndexQuery(new URLSearchParams(row.query)) }));
}

/** Saves the query under the name; a view of that name already there is replaced (Shopify's "Save as" over a name does the same). */
export async function saveView(db: PrismaClient, shopDomain: string, name: string, query: IndexQuery): Promise<SavedView> {
  const trimmed = name.trim();
  if (!trimmed) throw new ValidationError({ name: "Give the view a name" });
  if (trimmed.length > SAVED_VIEW_NAME_MAX) throw new ValidationError({ name: `At most ${SAVED_VIEW_NAME_MAX} characters` });
  const shop = await requireShop(db, shopDomain);
  const stored = indexQueryParams(query).toString();
  const row = await db.savedView.upsert({
    where: { shopId_name: { shopId: shop.id, name: trimmed } },
    create: { shopId: shop.id, name: trimmed, query: stored },
    update: { query: stored },
  });
  return { id: row.id, name: row.name, query: parseIndexQuery(new URLSearchParams(row.query)) };
}

export async function deleteSavedView(db: PrismaClient, shopDomain: string, viewId: string): Promise<void> {
  const shop = await requireShop(db, shopDomain);
  const { count } = await db.savedView.deleteMany({ where: { id: viewId, shopId: shop.id } });
  if (count === 0) throw new NotFoundError("Saved view", viewId);
}
