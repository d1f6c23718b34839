import type { Prisma, PrismaClient } from "@prisma/client";

import { DEFAULT_SETTINGS, validateSettings, type ShopSettingsValues } from "~/domain/settings";

import type { Actor } from "./actor";
import { requireShop } from "./shops.server";

/** A shop's effect settings (incoming tracking, auto-sync, tag and write-back rules). */

type Db = PrismaClient | Prisma.TransactionClient;

/** The shop's saved settings, or the defaults when it never saved any. */
export async function loadSettings(db: Db, shopId: string): Promise<ShopSettingsValues> {
  const row = await db.shopSettings.findUnique({ where: { shopId } });
  if (!row) return structuredClone(DEFAULT_SETTINGS);
  // Saved rows passed validateSettings; parsing again keeps a hand-edited row from breaking effects silently.
  return validateSettings({
    incomingTracking: row.incomingTracking,
    autoSyncOnReceive: row.autoSyncOnReceive,
    tagRules: JSON.parse(row.tagRules) as unknown,
    writeBackRules: JSON.parse(row.writeBackRules) as unknown,
    labelFormat: row.labelFormat,
  });
}

export async function loadShopSettings(db: PrismaClient, shopDomain: string): Promise<ShopSettingsValues> {
  const shop = await requireShop(db, shopDomain);
  return loadSettings(db, shop.id);
}

/**
 * Validates and saves a shop's settings (all or nothing) with an audit entry. Settings apply
 * to actions from now on; nothing already staged changes.
 */
export async function saveSettings(db: PrismaClient, shopDomain: string, actor: Actor, input: unknown): Promise<ShopSettingsValues> {
  const settings = validateSettings(input);
  const shop = await requireShop(db, shopDomain);
  const data = {
    incomingTracking: settings.incomingTracking,
    autoSyncOnReceive: settings.autoSyncOnReceive,
    tagRules: JSON.stringify(settings.tagRules),
    writeBackRules: JSON.stringify(settings.writeBackRules),
    labelFormat: settings.labelFormat,
  };
  await db.$transaction(async (tx) => {
    const before = await loadSettings(tx, shop.id);
    await tx.shopSettings.upsert({ where: { shopId: shop.id }, create: { shopId: shop.id, ...data }, update: data });
    await tx.auditEntry.create({
      data: {
        shopId: shop.id,
        actorType: actor.type,
        actorId: actor.id,
        action: "update_settings",
        changes: JSON.stringify({ before, after: settings }),
      },
    });
  });
  return settings;
}
