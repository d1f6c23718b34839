import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseCsv } from "~/domain/catalogue";
import { bulkMarkSent, bulkPdf, bulkSummaryCsv } from "~/services/purchase-order-bulk.server";
import { createLocalDiskStorage } from "~/services/storage/local-disk.server";

import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { readPdfPages } from "../support/pdf";
import { installShop } from "../support/shopify";

/** The index's bulk actions over a selection, on a real SQLite file: mark as sent, CSV, one PDF. */
const SHOP = "index-bulk.myshopify.com";
const OTHER = "index-bulk-other.myshopify.com";
const actor = { type: "merchant", id: "staff-1" } as const;

let database: TestDatabase;
let storageRoot: string;
let supplierId: string;
let otherSupplierId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  storageRoot = await mkdtemp(path.join(tmpdir(), "inbound-bulk-"));
  supplierId = (await installShop(database.db, { domain: SHOP }, ["Acme"])).suppliers[0]!.id;
  otherSupplierId = (await installShop(database.db, { domain: OTHER }, ["Elsewhere"])).suppliers[0]!.id;
});
afterAll(async () => {
  await database.cleanup();
  await rm(storageRoot, { recursive: true, force: true });
});

const status = async (id: string) => (await database.db.purchaseOrder.findUniqueOrThrow({ where: { id } })).status;
const audited = async (id: string) => (await database.db.auditEntry.findMany({ where: { purchaseOrderId: id } })).map((entry) => entry.action);

describe("mark as sent", () => {
  it("sends each draft the lifecycle allows, one audited action each, and reports the others with why", async () => {
    const ready = await createOrder(database.db, SHOP, supplierId, [2]);
    const alsoReady = await createOrder(database.db, SHOP, supplierId, [1, 3]);
    const noLocation = await createOrder(database.db, SHOP, supplierId, [2]);
    await database.db.purchaseOrder.update({ where: { id: noLocation.id }, data: { locationId: null } });
    const alreadySent = await createOrder(database.db, SHOP, supplierId, [2]);
    await database.db.purchaseOrder.update({ where: { id: alreadySent.id }, data: { status: "sent" } });
    const elsewhere = await createOrder(database.db, OTHER, otherSupplierId, [2]);

    // Another shop's order in the selection: refused whole, naming the field, nothing sent.
    await expect(bulkMarkSent({ db: database.db }, SHOP, actor, [ready.id, elsewhere.id])).rejects.toMatchObject({
      fieldErrors: { id: expect.stringContaining(elsewhere.id) },
    });
    expect(await status(ready.id)).toBe("draft");

    const result = await bulkMarkSent({ db: database.db }, SHOP, actor, [ready.id, noLocation.id, alreadySent.id, alsoReady.id]);

    expect(result.sent).toHaveLength(2);
    expect(result.refused.map((refusal) => refusal.reason)).toEqual([
      "Choose a receiving location before sending the order.",
      expect.stringMatching(/sent/i),
    ]);
    expect([await status(ready.id), await status(alsoReady.id), await status(noLocation.id), await status(alreadySent.id)]).toEqual([
      "sent",
      "sent",
      "draft",
      "sent",
    ]);
    expect(await status(elsewhere.id)).toBe("draft");
    expect(await audited(ready.id)).toEqual(["send"]);
    expect(await audited(noLocation.id)).toEqual([]);
  });

  it("refuses an empty or oversized selection, naming it, changing nothing", async () => {
    await expect(bulkMarkSent({ db: database.db }, SHOP, actor, [])).rejects.toMatchObject({
      fieldErrors: { id: "Select at least one purchase order" },
    });
    const draft = await createOrder(database.db, SHOP, supplierId, [2]);
    const many = [draft.id, ...Array.from({ length: 50 }, (_, index) => `missing-${index}`)];
    await expect(bulkMarkSent({ db: database.db }, SHOP, actor, many)).rejects.toMatchObject({ fieldErrors: { id: expect.stringContaining("50") } });
    expect(await status(draft.id)).toBe("draft");
  });
});

describe("export and print", () => {
  it("a CSV row per selected order of the shop, as the index shows it", async () => {
    const first = await createOrder(database.db, SHOP, supplierId, [2, 2]);
    const second = await createOrder(database.db, SHOP, supplierId, [1]);
    const elsewhere = await createOrder(database.db, OTHER, otherSupplierId, [2]);
    const csv = await bulkSummaryCsv(database.db, SHOP, [second.id, first.id, elsewhere.id], { "gid://shopify/Location/1": "Warehouse" });
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual([
      "PO number",
      "Supplier",
      "Destination",
      "Status",
      "Units received",
      "Units owed",
      "Expected",
      "Total",
      "Currency",
      "Paid",
    ]);
    expect(rows).toEqual([
      [expect.stringMatching(/^PO-\d{4}$/), "Acme", "Warehouse", "Draft", "0", "1", "", "2.50", "USD", "no"],
      [expect.stringMatching(/^PO-\d{4}$/), "Acme", "Warehouse", "Draft", "0", "4", "", "10.00", "USD", "no"],
    ]);
  });

  it("one PDF with every selected order's document, in the order selected", async () => {
    const first = await createOrder(database.db, SHOP, supplierId, [2]);
    const second = await createOrder(database.db, SHOP, supplierId, [3]);
    const pdf = await bulkPdf({ db: database.db, storage: createLocalDiskStorage(storageRoot) }, SHOP, [second.id, first.id]);
    const pages = await readPdfPages(pdf);
    const text = pages.map((page) => page.text).join("\n");
    const names = [second, first].map((order) => `PO-${String(order.number).padStart(4, "0")}`);
    expect(text.indexOf(names[0]!)).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(names[0]!)).toBeLessThan(text.indexOf(names[1]!));
  });
});
