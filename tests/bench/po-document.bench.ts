import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, test } from "vitest";

import { MAX_LINES_PER_ORDER } from "~/domain/purchase-order/draft";
import { purchaseOrderPdf } from "~/services/documents/po-pdf.server";
import { addLine } from "~/services/purchase-order-lines.server";
import { createLocalDiskStorage } from "~/services/storage/local-disk.server";

import { startStandin, type StandinServer } from "../standin";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { shopForDocuments } from "../support/document-order";

/**
 * The PO document of a 1,000-line order as the download route makes it: the order, supplier
 * SKUs and template loaded from SQLite, the PDF rendered (multi-page, header row on each page).
 */
const SHOP = "bench-documents.myshopify.com";
const LINES = 1000;

describe(`PO document for a ${LINES}-line order`, () => {
  let standin: StandinServer;
  let database: TestDatabase;
  let filesDir: string;
  let orderId = "";

  beforeAll(async () => {
    standin = await startStandin({ seedDemoShop: false });
    database = await createTestDatabase();
    filesDir = await mkdtemp(path.join(tmpdir(), "inbound-bench-documents-"));
    // A draft is created with at most 500 lines; the rest are added one by one, as custom lines.
    const shop = await shopForDocuments(standin, database.db, SHOP, Math.ceil(MAX_LINES_PER_ORDER / 3));
    orderId = (await shop.order(MAX_LINES_PER_ORDER)).id;
    const deps = { db: database.db, gateway: shop.gateway };
    for (let line = MAX_LINES_PER_ORDER + 1; line < LINES; line += 1) {
      await addLine(deps, SHOP, { type: "system", id: "bench" }, orderId, {
        source: { type: "custom", title: `Spare part ${line}`, sku: `SPARE-${line}` },
        ordered: 3,
        unitCost: "1.25",
      });
    }
  }, 300_000);
  afterAll(async () => {
    await database.cleanup();
    await standin.close();
    await rm(filesDir, { recursive: true, force: true });
  });

  test("pdf", { timeout: 120_000 }, async ({ bench }) => {
    const deps = { db: database.db, storage: createLocalDiskStorage(filesDir) };
    let size = 0;
    await bench(`${LINES} lines`, async () => {
      size = (await purchaseOrderPdf(deps, SHOP, orderId)).body.length;
    }).run({ iterations: 10, time: 0, warmupIterations: 1 });
    console.info(`PO document: ${LINES} lines in ${Math.round(size / 1024)} KiB`);
  });
});
