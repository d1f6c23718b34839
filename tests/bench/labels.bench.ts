import { afterAll, beforeAll, describe, test } from "vitest";

import { labelFile } from "~/services/labels/labels.server";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";

import { startStandin, type StandinServer } from "../standin";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { RECEIVED_UNITS, shopWithReceivedOrder } from "../support/label-order";

/**
 * Label PDFs for a 500-unit receipt, one label per unit, as the download route makes them: the
 * order loaded from SQLite, barcodes read from the stand-in over HTTP, the PDF rendered.
 */
const SHOP = "bench-labels.myshopify.com";
const UNITS = RECEIVED_UNITS.reduce((sum, units) => sum + units, 0);

describe(`labels for a ${UNITS}-unit receipt`, () => {
  let standin: StandinServer;
  let database: TestDatabase;
  let gateway: ShopifyGateway;
  let orderId = "";

  beforeAll(async () => {
    standin = await startStandin({ seedDemoShop: false });
    database = await createTestDatabase();
    ({ gateway, orderId } = await shopWithReceivedOrder(standin, database.db, SHOP));
  });
  afterAll(async () => {
    await database.cleanup();
    await standin.close();
  });

  for (const format of ["pdf_sheet", "pdf_single"] as const) {
    test(format, { timeout: 120_000 }, async ({ bench }) => {
      let size = 0;
      await bench(`${format}: ${UNITS} labels`, async () => {
        const file = await labelFile({ db: database.db, gateway }, SHOP, orderId, { source: "received", per: "unit", format });
        size = file.body.length;
      }).run({ iterations: 10, time: 0, warmupIterations: 1 });
      console.info(`${format}: ${UNITS} labels in ${Math.round(size / 1024)} KiB`);
    });
  }
});
