import type { Prisma, PrismaClient } from "@prisma/client";

import { DEFAULT_SETTINGS, defaultReceivingLocation, validateSettings, type ShopSettingsValues } from "~/domain/settings";

import type { Actor } from "./actor";
import { requireActiveLocations, shopLocations, type LocationsGateway } from "./locations.server";
import { requireShop } from "./shops.server";

/** A shop's settings (incoming tracking, auto-sync, tag and write-back rules, label format, default receiving location). */

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
    defaultLocationId: row.defaultLocationId,
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
export async function saveSettings(
  db: PrismaClient,
  shopDomain: string,
  actor: Actor,
  input: unknown,
  locations: LocationsGateway | null = null,
): Promise<ShopSettingsValues> {
  const settings = validateSettings(input);
  const shop = await requireShop(db, shopDomain);
  // A new default location must be one of the shop's active locations (one kept as it was is not asked about again).
  if (settings.defaultLocationId) {
    const kept = (await loadSettings(db, shop.id)).defaultLocationId;
    if (locations) await requireActiveLocations(locations, { defaultLocationId: settings.defaultLocationId }, kept);
    else if (settings.defaultLocationId !== kept) throw new Error("saveSettings: a new default location needs the shop's locations to check it");
  }
  const data = {
    incomingTracking: settings.incomingTracking,
    autoSyncOnReceive: settings.autoSyncOnReceive,
    tagRules: JSON.stringify(settings.tagRules),
    writeBackRules: JSON.stringify(settings.writeBackRules),
    labelFormat: settings.labelFormat,
    defaultLocationId: settings.defaultLocationId,
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

/**
 * Where a new order can be received (the shop's active locations) and where it is by default
 * (the setting while it is active, else the first active location): for the create screen, and
 * for the API when `location_id` is left out.
 */
export async function receivingLocationChoice(deps: { db: PrismaClient; gateway: LocationsGateway }, shopDomain: string) {
  const [locations, settings] = await Promise.all([shopLocations(deps, shopDomain), loadShopSettings(deps.db, shopDomain)]);
  const active = locations.filter((location) => location.isActive).map(({ id, name }) => ({ id, name }));
  return {
    active,
    defaultId: defaultReceivingLocation(
      settings,
      active.map((location) => location.id),
    ),
  };
}
