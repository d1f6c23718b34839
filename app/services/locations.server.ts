import type { PrismaClient } from "@prisma/client";

import { now } from "~/clock.server";
import { NotFoundError, ValidationError, type FieldErrors } from "~/domain/errors";
import { isShopifyId } from "~/domain/input";
import type { LifecycleCommand } from "~/domain/purchase-order/lifecycle";

import type { ShopifyGateway, ShopLocation } from "./shopify/gateway.server";

/**
 * A location named from outside (a new order, a header change, a receipt, an incoming correction)
 * must be one of the shop's active locations: the domain cannot know them, and a booking at any
 * other would be accepted here and fail later at Shopify. Every path that takes a location asks
 * here, so each refuses with the same words.
 */

export const ACTIVE_LOCATION_MESSAGE = "Choose one of the shop's active locations";

export type LocationsGateway = Pick<ShopifyGateway, "locations">;

/**
 * The shop's locations as Inbound keeps them, by name: what screens show and offer, without asking
 * Shopify on each view (the locations webhooks keep them current). The first time, they are read
 * from Shopify and kept.
 */
export async function shopLocations(deps: { db: PrismaClient; gateway: LocationsGateway }, shopDomain: string): Promise<ShopLocation[]> {
  const shop = await deps.db.shop.findUnique({
    where: { domain: shopDomain },
    select: { locationsReadAt: true, locations: true },
  });
  if (!shop) throw new NotFoundError("shop", shopDomain);
  if (!shop.locationsReadAt) return readLocations(deps, shopDomain);
  return byName(shop.locations.map(({ locationId, name, isActive }) => ({ id: locationId, name, isActive })));
}

/** Reads the shop's locations from Shopify and keeps them in place of what was kept (Settings does, on each view). */
export async function readLocations(deps: { db: PrismaClient; gateway: LocationsGateway }, shopDomain: string): Promise<ShopLocation[]> {
  const locations = await deps.gateway.locations();
  await deps.db.$transaction(async (tx) => {
    const shop = await tx.shop.update({ where: { domain: shopDomain }, data: { locationsReadAt: now() }, select: { id: true } });
    await tx.shopLocation.deleteMany({ where: { shopId: shop.id } });
    await tx.shopLocation.createMany({
      data: locations.map((location) => ({ shopId: shop.id, locationId: location.id, name: location.name, isActive: location.isActive })),
    });
  });
  return byName(locations);
}

/** By name, as Shopify lists them (the database's collation differs between SQLite and PostgreSQL). */
function byName(locations: readonly ShopLocation[]): ShopLocation[] {
  return [...locations].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/**
 * The named locations that are not active locations of the shop, by field (`{}` when all are).
 * Blank and unchanged ones (`keep`, e.g. the order's own location) are not asked about; Shopify
 * is asked once, and never about an id of the wrong shape.
 */
export async function inactiveLocationErrors(
  gateway: LocationsGateway,
  named: Record<string, string | null | undefined>,
  keep: string | null = null,
): Promise<FieldErrors> {
  const toCheck = Object.entries(named).filter((entry): entry is [string, string] => !!entry[1] && entry[1] !== keep);
  if (toCheck.length === 0) return {};
  const active = toCheck.some(([, id]) => isShopifyId("Location", id))
    ? new Set((await gateway.locations()).filter((location) => location.isActive).map((location) => location.id))
    : new Set<string>();
  return Object.fromEntries(toCheck.filter(([, id]) => !active.has(id)).map(([field]) => [field, ACTIVE_LOCATION_MESSAGE]));
}

/** Refuses (ValidationError) a named location that is not one of the shop's active ones. */
export async function requireActiveLocations(
  gateway: LocationsGateway,
  named: Record<string, string | null | undefined>,
  keep: string | null = null,
): Promise<void> {
  const errors = await inactiveLocationErrors(gateway, named, keep);
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}

/** The location a lifecycle command names (a receipt, an incoming correction, a header change), if any; under its field name. */
export function commandLocation(command: LifecycleCommand): Record<string, string | null | undefined> {
  switch (command.action) {
    case "receive":
    case "adjust_incoming":
      return { locationId: command.locationId?.trim() };
    case "edit_header":
      return { locationId: command.changes.locationId?.trim() };
    default:
      return {};
  }
}
