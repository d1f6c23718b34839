import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startApiFixture, widget, type ApiFixture } from "../support/api";
import { installShop } from "../support/shopify";

/**
 * Suppliers and their catalogues over REST: created, read and changed through the services the
 * supplier screens use, variants found in the Shopify stand-in, another shop's suppliers unknown.
 */
const SHOP = "api-suppliers.myshopify.com";
const OTHER = "api-suppliers-other.myshopify.com";

let f: ApiFixture;
let foreignSupplierId: string;

beforeAll(async () => {
  f = await startApiFixture(SHOP, [widget(3)]);
  foreignSupplierId = (await installShop(f.db, { domain: OTHER }, ["Elsewhere"])).suppliers[0]!.id;
});

afterAll(async () => f.close());
beforeEach(async () => f.refill());

const variant = (index: number) => f.products[0]!.variants[index]!;

async function newSupplier(name: string, body: Record<string, unknown> = {}) {
  const created = await f.writer.call("create_supplier", { body: { name, ...body } });
  expect(created.status, JSON.stringify(created.error)).toBe(201);
  return created.body as { id: string; name: string };
}

describe("suppliers", () => {
  it("creates a supplier with its details, in the shop's currency by default", async () => {
    const created = await f.writer.call("create_supplier", {
      body: {
        name: "Bolt Trading",
        email: "orders@bolt.example",
        cc_emails: ["buyer@bolt.example"],
        payment_terms_days: 30,
        address: { name: "Bolt", line1: "1 Main St", city: "Springfield", postal_code: "12345", country_code: "us" },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Bolt Trading",
      currency_code: "USD",
      cc_emails: ["buyer@bolt.example"],
      payment_terms_days: 30,
      address: { line1: "1 Main St", postal_code: "12345", country_code: "US", company: null },
    });
    const saved = await f.db.supplier.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(saved).toMatchObject({ name: "Bolt Trading", email: "orders@bolt.example", paymentTermsDays: 30 });
    expect(JSON.parse(saved.address!)).toMatchObject({ postalCode: "12345" });

    const read = await f.reader.call("get_supplier", { params: { id: created.body.id } });
    expect(read.body).toEqual(created.body);
  });

  it("lists the shop's suppliers with catalogue size and open orders, never another shop's", async () => {
    const listed = await f.reader.call("list_suppliers");
    expect(listed.status).toBe(200);
    const names = listed.body.suppliers.map((supplier: { name: string }) => supplier.name);
    expect(names).toContain("Acme");
    expect(names).not.toContain("Elsewhere");
    expect(listed.body.suppliers.find((supplier: { id: string }) => supplier.id === f.supplierId)).toMatchObject({
      catalogue_size: expect.any(Number),
      open_orders: 0,
    });
  });

  it("refuses a name another supplier has, and an invalid field by its API name", async () => {
    const taken = await f.writer.call("create_supplier", { body: { name: "Acme" } });
    expect(taken.status).toBe(422);
    expect(taken.error?.field).toBe("name");
    expect(await f.db.supplier.count({ where: { name: "Acme" } })).toBe(1);

    const badCc = await f.writer.call("create_supplier", { body: { name: "Cc Co", cc_emails: ["not-an-address"] } });
    expect(badCc.status).toBe(422);
    expect(badCc.error?.field).toBe("cc_emails");

    const badAddress = await f.writer.call("create_supplier", { body: { name: "Addr Co", address: { name: "X", line1: "1 St" } } });
    expect(badAddress.status).toBe(422);
    expect(Object.keys(badAddress.error?.fields ?? {})).toEqual(expect.arrayContaining(["address.city", "address.country_code"]));

    // The ISO lists the screens choose from are the API's rule too (the domain's parseSupplier).
    const badCurrency = await f.writer.call("create_supplier", { body: { name: "Iso Co", currency_code: "XYZ" } });
    expect(badCurrency.status).toBe(422);
    expect(badCurrency.error?.field).toBe("currency_code");
    const badCountry = await f.writer.call("create_supplier", {
      body: { name: "Iso Co", address: { name: "X", line1: "1 St", city: "Leeds", country_code: "UK" } },
    });
    expect(badCountry.status).toBe(422);
    expect(badCountry.error?.field).toBe("address.country_code");

    const unknown = await f.writer.call("create_supplier", { body: { name: "Extra Co", rating: 5 } });
    expect(unknown.status).toBe(422);
    expect(unknown.error?.field).toBe("rating");
    expect(await f.db.supplier.count({ where: { name: { in: ["Cc Co", "Addr Co", "Iso Co", "Extra Co"] } } })).toBe(0);
  });

  it("updates only the given fields; null clears one", async () => {
    const supplier = await newSupplier("Patch Co", { email: "a@patch.example", lead_time_days: 10, notes: "Keep" });
    const patched = await f.writer.call("update_supplier", { params: { id: supplier.id }, body: { lead_time_days: 14, email: null } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "Patch Co", email: null, lead_time_days: 14, notes: "Keep" });
    expect(await f.db.supplier.findUniqueOrThrow({ where: { id: supplier.id } })).toMatchObject({
      email: null,
      leadTimeDays: 14,
      notes: "Keep",
    });

    const renamed = await f.writer.call("update_supplier", { params: { id: supplier.id }, body: { name: "Acme" } });
    expect(renamed.status).toBe(422);
    expect(renamed.error?.field).toBe("name");
    const badDays = await f.writer.call("update_supplier", { params: { id: supplier.id }, body: { payment_terms_days: -1 } });
    expect(badDays.status).toBe(422);
    expect(badDays.error?.field).toBe("payment_terms_days");
    expect((await f.db.supplier.findUniqueOrThrow({ where: { id: supplier.id } })).name).toBe("Patch Co");
  });

  it("refuses writes with a read key", async () => {
    const created = await f.reader.call("create_supplier", { body: { name: "Read Only Co" } });
    expect(created.status).toBe(403);
    const updated = await f.reader.call("update_supplier", { params: { id: f.supplierId }, body: { notes: "x" } });
    expect(updated.status).toBe(403);
    expect(await f.db.supplier.count({ where: { name: "Read Only Co" } })).toBe(0);
  });

  it("answers 404 for another shop's supplier, and changes nothing there", async () => {
    expect((await f.reader.call("get_supplier", { params: { id: foreignSupplierId } })).status).toBe(404);
    const patched = await f.writer.call("update_supplier", { params: { id: foreignSupplierId }, body: { name: "Taken over" } });
    expect(patched.status).toBe(404);
    expect((await f.reader.call("list_supplier_catalogue_items", { params: { id: foreignSupplierId } })).status).toBe(404);
    const added = await f.writer.call("create_supplier_catalogue_item", {
      params: { id: foreignSupplierId },
      body: { sku: "W-1", unit_cost: "1.00" },
    });
    expect(added.status).toBe(404);
    expect((await f.db.supplier.findUniqueOrThrow({ where: { id: foreignSupplierId } })).name).toBe("Elsewhere");
    expect(await f.db.catalogueItem.count({ where: { supplierId: foreignSupplierId } })).toBe(0);
  });
});

describe("catalogue items", () => {
  it("adds items by SKU or by variant id, resolved in Shopify, and lists them", async () => {
    const supplier = await newSupplier("Catalogue Co");
    const bySku = await f.writer.call("create_supplier_catalogue_item", {
      params: { id: supplier.id },
      body: { sku: "w-1", unit_cost: "1.9", supplier_sku: "BC-1", alternate_skus: ["OLD-1"], pack_size: 6 },
    });
    expect(bySku.status, JSON.stringify(bySku.error)).toBe(201);
    expect(bySku.body).toMatchObject({
      supplier_id: supplier.id,
      variant_id: variant(0).variantId,
      inventory_item_id: variant(0).inventoryItemId,
      sku: "W-1",
      supplier_sku: "BC-1",
      alternate_skus: ["OLD-1"],
      unit_cost: "1.90",
      currency_code: "USD",
      minimum_order_quantity: 1,
      pack_size: 6,
    });

    const byId = await f.writer.call("create_supplier_catalogue_item", {
      params: { id: supplier.id },
      body: { variant_id: variant(1).variantId, unit_cost: "2.1234" },
    });
    expect(byId.status, JSON.stringify(byId.error)).toBe(201);
    expect(byId.body).toMatchObject({ sku: "W-2", unit_cost: "2.1234" });

    const rows = await f.db.catalogueItem.findMany({ where: { supplierId: supplier.id }, orderBy: { sku: "asc" } });
    expect(rows.map((row) => [row.variantId, row.unitCost.toString()])).toEqual([
      [variant(0).variantId, "1.9"],
      [variant(1).variantId, "2.1234"],
    ]);

    const listed = await f.reader.call("list_supplier_catalogue_items", { params: { id: supplier.id } });
    expect(listed.status).toBe(200);
    expect(listed.body.catalogue_items.map((item: { sku: string }) => item.sku)).toEqual(["W-1", "W-2"]);
  });

  it("refuses variants Shopify does not have, duplicates, clashing codes and bad terms by field", async () => {
    const supplier = await newSupplier("Strict Co");
    const add = (body: Record<string, unknown>) => f.writer.call("create_supplier_catalogue_item", { params: { id: supplier.id }, body });
    expect(await add({ sku: "W-3", unit_cost: "4.00", supplier_sku: "S-3" })).toMatchObject({ status: 201 });

    const cases: Array<[Record<string, unknown>, string]> = [
      [{ sku: "NOPE", unit_cost: "1.00" }, "sku"],
      [{ variant_id: "gid://shopify/ProductVariant/999999", unit_cost: "1.00" }, "variant_id"],
      [{ variant_id: variant(2).variantId, unit_cost: "1.00" }, "variant_id"],
      [{ sku: "W-1", unit_cost: "1.00", supplier_sku: "S-3" }, "supplier_sku"],
      [{ sku: "W-1", unit_cost: "-1" }, "unit_cost"],
      [{ sku: "W-1", variant_id: variant(0).variantId, unit_cost: "1.00" }, "variant_id"],
      [{ sku: "W-1", unit_cost: "1.00", colour: "red" }, "colour"],
    ];
    for (const [body, field] of cases) {
      const refused = await add(body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.error?.field, JSON.stringify(body)).toBe(field);
    }
    expect(await f.db.catalogueItem.count({ where: { supplierId: supplier.id } })).toBe(1);
    expect(
      (await f.reader.call("create_supplier_catalogue_item", { params: { id: supplier.id }, body: { sku: "W-1", unit_cost: "1" } })).status,
    ).toBe(403);
  });

  it("updates only the given terms, and deletes an item", async () => {
    const supplier = await newSupplier("Edit Co");
    const added = await f.writer.call("create_supplier_catalogue_item", {
      params: { id: supplier.id },
      body: { sku: "W-1", unit_cost: "3.00", supplier_sku: "E-1", minimum_order_quantity: 10 },
    });
    const params = { id: supplier.id, item_id: added.body.id };

    const updated = await f.writer.call("update_supplier_catalogue_item", { params, body: { unit_cost: "2.75" } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ unit_cost: "2.75", supplier_sku: "E-1", minimum_order_quantity: 10 });
    expect(await f.db.catalogueItem.findUniqueOrThrow({ where: { id: added.body.id } })).toMatchObject({
      supplierSku: "E-1",
      minimumOrderQuantity: 10,
    });
    expect((await f.db.catalogueItem.findUniqueOrThrow({ where: { id: added.body.id } })).unitCost.toString()).toBe("2.75");

    const cleared = await f.writer.call("update_supplier_catalogue_item", { params, body: { supplier_sku: null } });
    expect(cleared.body.supplier_sku).toBeNull();
    const bad = await f.writer.call("update_supplier_catalogue_item", { params, body: { pack_size: 0 } });
    expect(bad.status).toBe(422);
    expect(bad.error?.field).toBe("pack_size");
    const derived = await f.writer.call("update_supplier_catalogue_item", { params, body: { variant_id: variant(1).variantId } });
    expect(derived.status).toBe(422);
    expect(derived.error?.field).toBe("variant_id");

    // An item is reached through its own supplier only.
    const elsewhere = await f.writer.call("update_supplier_catalogue_item", {
      params: { id: f.supplierId, item_id: added.body.id },
      body: { unit_cost: "9.00" },
    });
    expect(elsewhere.status).toBe(404);
    expect((await f.writer.call("delete_supplier_catalogue_item", { params: { id: foreignSupplierId, item_id: added.body.id } })).status).toBe(404);
    expect((await f.reader.call("delete_supplier_catalogue_item", { params })).status).toBe(403);

    const deleted = await f.writer.call("delete_supplier_catalogue_item", { params });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: added.body.id, deleted: true });
    expect(await f.db.catalogueItem.count({ where: { id: added.body.id } })).toBe(0);
    expect((await f.writer.call("delete_supplier_catalogue_item", { params })).status).toBe(404);
  });
});
