import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { NotFoundError, ValidationError } from "~/domain/errors";
import { DEFAULT_SETTINGS, type ShopSettingsValues } from "~/domain/settings";
import { readLocations, type LocationsGateway } from "~/services/locations.server";
import { loadShopSettings, receivingLocationChoice, saveSettings } from "~/services/settings.server";

import { createTestDatabase, type TestDatabase } from "../support/database";
import { installShop } from "../support/shopify";
import { failure } from "../support/responses";

/** Effect settings on a real SQLite file: defaults, round trip, refusals, audit, tenancy. */
const SHOP = "settings-a.myshopify.com";
const NEIGHBOUR = "settings-b.myshopify.com";
const merchant = { type: "merchant", id: "staff-1" } as const;

const CUSTOM: ShopSettingsValues = {
  incomingTracking: false,
  autoSyncOnReceive: true,
  tagRules: [
    { tag: "on-order", applyStatuses: ["sent", "confirmed"], removeStatuses: ["completed", "cancelled"], removalPolicy: "protected" },
    { tag: "arriving", applyStatuses: ["in_progress"], removeStatuses: ["received"], removalPolicy: "always" },
  ],
  writeBackRules: [
    {
      kind: "value",
      namespace: "inbound",
      key: "expected_arrival",
      owner: "variant",
      field: "expectedArrivalAt",
      triggerStatuses: ["sent", "confirmed"],
    },
    { kind: "boolean", namespace: "inbound", key: "on_order", owner: "product", trueStatuses: ["sent"], falseStatuses: ["completed", "cancelled"] },
  ],
  labelFormat: "xlsx",
  defaultLocationId: null,
};

type ShopLocations = Awaited<ReturnType<LocationsGateway["locations"]>>;

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await installShop(database.db, { domain: SHOP });
  await installShop(database.db, { domain: NEIGHBOUR });
});
afterAll(async () => {
  await database.cleanup();
});

function settingsAudit() {
  return database.db.auditEntry.findMany({ where: { action: "update_settings" }, orderBy: { createdAt: "asc" } });
}

describe("effect settings", () => {
  it("are the defaults for a shop that never saved any", async () => {
    expect(await loadShopSettings(database.db, SHOP)).toEqual(DEFAULT_SETTINGS);
    expect(await database.db.shopSettings.count()).toBe(0);
  });

  it("are saved as given (normalised) and read back, with an audit entry of before and after", async () => {
    const saved = await saveSettings(database.db, SHOP, merchant, {
      ...CUSTOM,
      tagRules: CUSTOM.tagRules.map((rule, index) => (index === 0 ? { ...rule, tag: "  on-order " } : rule)),
    });
    expect(saved).toEqual(CUSTOM);
    expect(await loadShopSettings(database.db, SHOP)).toEqual(CUSTOM);

    const [audit, ...more] = await settingsAudit();
    expect(more).toEqual([]);
    expect(audit).toMatchObject({ actorType: "merchant", actorId: "staff-1", purchaseOrderId: null });
    expect(JSON.parse(audit!.changes!)).toEqual({ before: DEFAULT_SETTINGS, after: CUSTOM });
    // Settings belong to one shop.
    expect(await loadShopSettings(database.db, NEIGHBOUR)).toEqual(DEFAULT_SETTINGS);
  });

  it("saving again replaces everything, rules included", async () => {
    const next: ShopSettingsValues = { ...CUSTOM, autoSyncOnReceive: false, tagRules: [], writeBackRules: [CUSTOM.writeBackRules[1]!] };
    await saveSettings(database.db, SHOP, merchant, next);
    expect(await loadShopSettings(database.db, SHOP)).toEqual(next);
    const audits = await settingsAudit();
    expect(JSON.parse(audits.at(-1)!.changes!)).toEqual({ before: CUSTOM, after: next });
  });

  it("refuses invalid settings naming the field, and saves nothing", async () => {
    const before = await loadShopSettings(database.db, SHOP);
    expect(before).not.toEqual(CUSTOM);
    const auditsBefore = (await settingsAudit()).length;
    const refused = await failure(
      saveSettings(database.db, SHOP, merchant, {
        ...CUSTOM,
        tagRules: [...CUSTOM.tagRules, { tag: "a,b", applyStatuses: ["sent"], removeStatuses: [], removalPolicy: "always" }],
      }),
    );
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fieldErrors).toEqual({ "tagRules.2.tag": "A tag is 1 to 255 characters, without commas" });
    expect(await loadShopSettings(database.db, SHOP)).toEqual(before);
    expect(await settingsAudit()).toHaveLength(auditsBefore);
  });

  it("keep a default receiving location only if it is one of the shop's active locations; new orders start there", async () => {
    const [main, annex, closed] = ["gid://shopify/Location/1", "gid://shopify/Location/2", "gid://shopify/Location/3"];
    const locations: ShopLocations = [
      { id: main, name: "Main", isActive: true },
      { id: annex, name: "North annex", isActive: true },
      { id: closed, name: "Old store", isActive: false },
    ];
    const gateway: LocationsGateway = { locations: () => Promise.resolve(locations) };
    const current = await loadShopSettings(database.db, SHOP);
    // None set: the first active location.
    expect((await receivingLocationChoice({ db: database.db, gateway }, SHOP)).defaultId).toBe(main);

    for (const [defaultLocationId, error] of [
      [closed, "Choose one of the shop's active locations"],
      ["gid://shopify/Location/999", "Choose one of the shop's active locations"],
      ["Annex", "Must be a Shopify location id, e.g. gid://shopify/Location/1234567890"],
    ] as const) {
      const refused = await failure(saveSettings(database.db, SHOP, merchant, { ...current, defaultLocationId }, gateway));
      expect((refused as ValidationError).fieldErrors).toEqual({ defaultLocationId: error });
    }
    expect(await loadShopSettings(database.db, SHOP)).toEqual(current);

    await saveSettings(database.db, SHOP, merchant, { ...current, defaultLocationId: annex }, gateway);
    expect(await receivingLocationChoice({ db: database.db, gateway }, SHOP)).toEqual({
      active: [
        { id: main, name: "Main" },
        { id: annex, name: "North annex" },
      ],
      defaultId: annex,
    });
    // Closed since (Inbound learns it from the locations webhook, or when Settings reads them afresh):
    // new orders fall back to the first active location, and other settings still save.
    locations[1]!.isActive = false;
    await readLocations({ db: database.db, gateway }, SHOP);
    expect((await receivingLocationChoice({ db: database.db, gateway }, SHOP)).defaultId).toBe(main);
    await saveSettings(database.db, SHOP, merchant, { ...current, defaultLocationId: annex, autoSyncOnReceive: true }, gateway);
    expect(await loadShopSettings(database.db, NEIGHBOUR)).toEqual(DEFAULT_SETTINGS);
  });

  it("refuses an unknown shop", async () => {
    await expect(saveSettings(database.db, "nobody.myshopify.com", merchant, CUSTOM)).rejects.toBeInstanceOf(NotFoundError);
    await expect(loadShopSettings(database.db, "nobody.myshopify.com")).rejects.toBeInstanceOf(NotFoundError);
  });
});
