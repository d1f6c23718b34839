import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { NotFoundError, ValidationError } from "~/domain/errors";
import { BLANK_SUPPLIER_INPUT } from "~/domain/supplier";
import { createSupplier, getSupplier, listSupplierSummaries, updateSupplier } from "~/services/suppliers.server";

import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { installShop } from "../support/shopify";
import { failure } from "../support/responses";

/** Suppliers end to end on a real SQLite file: validation, unique names, audit, tenancy. */
const SHOP_A = "suppliers-a.myshopify.com";
const SHOP_B = "suppliers-b.myshopify.com";
const merchant = { type: "merchant", id: "staff-1" } as const;
const blank = BLANK_SUPPLIER_INPUT;

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await installShop(database.db, { domain: SHOP_A, currencyCode: "EUR" });
  await installShop(database.db, { domain: SHOP_B });
});
afterAll(async () => {
  await database.cleanup();
});

describe("suppliers", () => {
  it("creates a supplier in the shop's currency and audits who did it", async () => {
    const created = await createSupplier(database.db, SHOP_A, merchant, {
      ...blank,
      name: "Northwind Textiles",
      email: "orders@northwind.example",
      ccEmails: "ops@northwind.example",
      leadTimeDays: "14",
      address: { name: "Northwind", line1: "1 Mill St", city: "Leeds", countryCode: "gb" },
    });
    expect(created).toMatchObject({
      name: "Northwind Textiles",
      currencyCode: "EUR",
      ccEmails: ["ops@northwind.example"],
      leadTimeDays: 14,
      address: { city: "Leeds", countryCode: "GB" },
    });
    expect(await getSupplier(database.db, SHOP_A, created.id)).toEqual(created);
    const audit = await database.db.auditEntry.findFirstOrThrow({ where: { action: "create_supplier" } });
    expect(audit).toMatchObject({ actorType: "merchant", actorId: "staff-1", purchaseOrderId: null });
    expect(JSON.parse(audit.changes!)).toMatchObject({ supplierId: created.id, name: "Northwind Textiles" });
  });

  it("refuses invalid details and a taken name, saving nothing", async () => {
    const before = await database.db.supplier.count();
    const invalid = await failure(createSupplier(database.db, SHOP_A, merchant, { ...blank, name: "X", email: "nope" }));
    expect((invalid as ValidationError).fieldErrors).toEqual({ email: "An email address, e.g. orders@supplier.com" });
    const taken = await failure(createSupplier(database.db, SHOP_A, merchant, { ...blank, name: "Northwind Textiles" }));
    expect((taken as ValidationError).fieldErrors).toEqual({
      name: 'Another supplier is already called "Northwind Textiles"; supplier names are unique',
    });
    expect(await database.db.supplier.count()).toBe(before);
    // Names are unique per shop, not across shops.
    await expect(createSupplier(database.db, SHOP_B, merchant, { ...blank, name: "Northwind Textiles" })).resolves.toMatchObject({
      currencyCode: "USD",
    });
  });

  it("edits a supplier, auditing only what changed, and refuses renaming onto another", async () => {
    const harbor = await createSupplier(database.db, SHOP_A, merchant, { ...blank, name: "Harbor Ceramics", currencyCode: "USD" });
    const updated = await updateSupplier(database.db, SHOP_A, merchant, harbor.id, {
      ...blank,
      name: "Harbor Ceramics",
      currencyCode: "USD",
      paymentTerms: "Net 30",
      paymentTermsDays: "30",
    });
    expect(updated).toMatchObject({ paymentTerms: "Net 30", paymentTermsDays: 30 });
    const audit = await database.db.auditEntry.findFirstOrThrow({ where: { action: "update_supplier" } });
    expect(JSON.parse(audit.changes!)).toEqual({
      supplierId: harbor.id,
      paymentTerms: { from: null, to: "Net 30" },
      paymentTermsDays: { from: null, to: 30 },
    });
    const clash = await failure(updateSupplier(database.db, SHOP_A, merchant, harbor.id, { ...blank, name: "Northwind Textiles" }));
    expect((clash as ValidationError).fieldErrors).toHaveProperty("name");
    expect((await getSupplier(database.db, SHOP_A, harbor.id)).name).toBe("Harbor Ceramics");
  });

  it("lists suppliers with their catalogue size and open orders", async () => {
    const summit = await createSupplier(database.db, SHOP_A, merchant, { ...blank, name: "Summit Outdoor" });
    await createOrder(database.db, SHOP_A, summit.id, [1]);
    const finished = await createOrder(database.db, SHOP_A, summit.id, [1]);
    await database.db.purchaseOrder.update({ where: { id: finished.id }, data: { status: "completed" } });
    await database.db.catalogueItem.create({
      data: { supplierId: summit.id, variantId: "gid://shopify/ProductVariant/9", unitCost: "1", currencyCode: "EUR" },
    });
    const summaries = await listSupplierSummaries(database.db, SHOP_A);
    expect(summaries.map((supplier) => supplier.name)).toEqual(["Harbor Ceramics", "Northwind Textiles", "Summit Outdoor"]);
    expect(summaries.find((supplier) => supplier.id === summit.id)).toMatchObject({ catalogueSize: 1, openOrders: 1 });
  });

  it("takes currency and country only from the ISO lists, refusing any other code by its field and saving nothing", async () => {
    const address = { name: "Lisboa Cerâmica", line1: "Rua 1", city: "Lisbon" };
    const before = await database.db.supplier.count();
    for (const [input, field] of [
      [{ ...blank, name: "Made-up currency", currencyCode: "XYZ" }, "currencyCode"],
      [{ ...blank, name: "Withdrawn country", address: { ...address, countryCode: "UK" } }, "address.countryCode"],
      [{ ...blank, name: "Reserved country", address: { ...address, countryCode: "XK" } }, "address.countryCode"],
    ] as const) {
      const refused = await failure(createSupplier(database.db, SHOP_A, merchant, input));
      expect(refused).toBeInstanceOf(ValidationError);
      expect(Object.keys((refused as ValidationError).fieldErrors)).toEqual([field]);
    }
    expect(await database.db.supplier.count()).toBe(before);

    const lisboa = await createSupplier(database.db, SHOP_A, merchant, {
      ...blank,
      name: "Lisboa",
      currencyCode: "eur",
      address: { ...address, countryCode: "pt" },
    });
    expect(lisboa).toMatchObject({ currencyCode: "EUR", address: { countryCode: "PT" } });
    const edit = await failure(updateSupplier(database.db, SHOP_A, merchant, lisboa.id, { ...blank, name: "Lisboa", currencyCode: "EURO" }));
    expect((edit as ValidationError).fieldErrors).toEqual({
      currencyCode: '"EURO" is not an ISO 4217 currency code: choose the currency from the list',
    });
    expect((await getSupplier(database.db, SHOP_A, lisboa.id)).currencyCode).toBe("EUR");
  });

  it("keeps shops apart: another shop's supplier is not found, read or edited", async () => {
    const [ofShopB] = await listSupplierSummaries(database.db, SHOP_B);
    expect(await failure(getSupplier(database.db, SHOP_A, ofShopB!.id))).toBeInstanceOf(NotFoundError);
    expect(await failure(updateSupplier(database.db, SHOP_A, merchant, ofShopB!.id, { ...blank, name: "Mine now" }))).toBeInstanceOf(NotFoundError);
    expect((await getSupplier(database.db, SHOP_B, ofShopB!.id)).name).toBe("Northwind Textiles");
  });
});
