import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { providerOf } from "~/db-provider.server";
import { applyMigrations, migrationsDirectory } from "~/migrations.server";

import { createEmptyDatabase, query, type EmptyDatabase } from "../support/database";

/** Migration 0015, on the suite's database: delivery lines saved with one reason each become one part of the units that reason describes. */
const SPLITS = "0015_delivery_line_splits";
const workDir = mkdtempSync(join(tmpdir(), "inbound-splits-"));
let database: EmptyDatabase | undefined;
afterAll(async () => {
  await database?.drop();
  rmSync(workDir, { recursive: true, force: true });
});

describe("migration 0015 (delivery line splits)", () => {
  it("turns every one-reason line into one part: accepted → delivered, returned → returned, not delivered / canceled → 0", async () => {
    database = await createEmptyDatabase();
    const url = database.url;
    const migrations = migrationsDirectory(providerOf(url));
    const before = join(workDir, "before");
    cpSync(migrations, before, { recursive: true });
    // Everything up to 0015 (whatever else lands beside it): the database as it was.
    for (const name of readdirSync(before)) if (name >= SPLITS) rmSync(join(before, name), { recursive: true });
    await applyMigrations(url, before);

    const line = (id: string, position: number, delivered: number, returned: number, reason: number) =>
      `INSERT INTO "DeliveryLine" ("id", "deliveryId", "position", "productTitle", "quantityDelivered", "quantityReturned", "unitPrice", "intakeReason") ` +
      `VALUES ('${id}', 'delivery', ${position}, 'Bolt', ${delivered}, ${returned}, 1, ${reason});`;
    for (const statement of [
      `INSERT INTO "Shop" ("id", "domain", "name", "currencyCode") VALUES ('shop', 'a.myshopify.com', 'A', 'EUR');`,
      `INSERT INTO "Supplier" ("id", "shopId", "name", "currencyCode") VALUES ('supplier', 'shop', 'Acme', 'EUR');`,
      `INSERT INTO "PurchaseOrder" ("id", "shopId", "supplierId", "number", "status", "currencyCode", "updatedAt") VALUES ('po', 'shop', 'supplier', 1, 'sent', 'EUR', CURRENT_TIMESTAMP);`,
      `INSERT INTO "Delivery" ("id", "purchaseOrderId", "number") VALUES ('delivery', 'po', 1);`,
      line("accepted", 0, 5, 0, 0),
      line("late-accepted", 1, 2, 0, 12),
      line("damaged", 2, 0, 3, 3),
      line("not-delivered", 3, 0, 0, 1),
    ]) {
      await query(url, statement);
    }

    expect(await applyMigrations(url, migrations)).toMatchObject({ applied: expect.arrayContaining([SPLITS]) });
    expect(
      await query(url, `SELECT "deliveryLineId", "position", "intakeReason", "quantity" FROM "DeliveryLineSplit" ORDER BY "deliveryLineId"`),
    ).toEqual([
      { deliveryLineId: "accepted", position: 0, intakeReason: 0, quantity: 5 },
      { deliveryLineId: "damaged", position: 0, intakeReason: 3, quantity: 3 },
      { deliveryLineId: "late-accepted", position: 0, intakeReason: 12, quantity: 2 },
      { deliveryLineId: "not-delivered", position: 0, intakeReason: 1, quantity: 0 },
    ]);
  });
});
