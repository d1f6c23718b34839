import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseCsv } from "~/domain/catalogue";
import { DEFAULT_SETTINGS, type LabelFormat } from "~/domain/settings";
import { saveSettings } from "~/services/settings.server";
import { offlineSessionId } from "~/services/shops.server";

import { startStandin, type StandinServer } from "../standin";
import { useDemoEnvironment } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { shopWithReceivedOrder } from "../support/label-order";
import { readPdfPages as pdfPages } from "../support/pdf";
import { answered } from "../support/responses";

/**
 * Labels for a 500-unit receipt through the download route (demo mode, against the stand-in):
 * barcodes read from Shopify, each format parsed back (PDF text and pages, CSV rows, XLSX rows),
 * the shop's default format, and bad parameters named.
 */
const SHOP = "labels.myshopify.com";
const actor = { type: "merchant", id: "staff-1" } as const;
let standin: StandinServer;
let database: TestDatabase;
let route: typeof import("~/routes/app.purchase-orders.$id.labels");
let orderId: string;
let unreceivedOrderId: string;

beforeAll(async () => {
  standin = await startStandin({ seedDemoShop: false });
  database = await createTestDatabase();
  const shop = await shopWithReceivedOrder(standin, database.db, SHOP);
  orderId = shop.orderId;
  unreceivedOrderId = await shop.draft([1]);

  // The route authenticates as the demo shop (the stand-in answers its Admin API calls).
  useDemoEnvironment(SHOP, standin.origin, database.url);
  await database.db.session.create({ data: { id: offlineSessionId(SHOP), shop: SHOP, state: "", accessToken: shop.accessToken } });
  route = await import("~/routes/app.purchase-orders.$id.labels");
}, 120_000);

afterAll(async () => {
  const { default: prisma } = await import("~/db.server");
  await prisma.$disconnect();
  await database.cleanup();
  await standin.close();
});

const download = (query: string, id = orderId) =>
  answered(() => route.loader({ request: new Request(`http://localhost/app/purchase-orders/${id}/labels?${query}`), params: { id }, context: {} }));

const count = (text: string, part: string) => text.split(part).length - 1;

describe("label downloads for a 500-unit receipt", () => {
  it("pdf_sheet: 24 labels per A4 page, so 21 pages, with titles, variants, SKUs and barcode values", async () => {
    const response = await download("source=received&per=unit&format=pdf_sheet");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="PO-0001-labels.pdf"');
    const pages = await pdfPages(response);
    expect(pages).toHaveLength(21);
    expect(pages[0]).toMatchObject({ width: expect.closeTo(595.28, 1), height: expect.closeTo(841.89, 1) });
    const text = pages.map((page) => page.text).join("\n");
    expect(count(text, "Lantern")).toBe(250);
    expect(count(text, "Small")).toBe(250);
    expect(count(text, "SKU LAN-S")).toBe(250);
    // The variant's barcode under the bars; a variant without one is encoded by its SKU.
    expect(count(text, "4006381333931")).toBe(250);
    expect(count(text, "KET-1")).toBe(2 * 200);
    // Helvetica cannot show "☕" or "東京": replaced, never a failed download.
    expect(count(text, "Café ? ??")).toBe(50);
    expect(pages[20]!.text).toContain("CAFE0001");
  });

  it("pdf_single: one label per page, 500 pages of 2.25 × 1.25 in", async () => {
    const pages = await pdfPages(await download("format=pdf_single"));
    expect(pages).toHaveLength(500);
    expect(pages[0]).toMatchObject({ width: 162, height: 90 });
    expect(pages[0]!.text).toContain("Lantern");
    expect(pages[300]!.text).toContain("SKU KET-1");
    expect(pages[499]!.text).toContain("CAFE0001");
  });

  it("per line of what was ordered: one label per line with its quantity, the custom line without a barcode", async () => {
    const pages = await pdfPages(await download("source=ordered&per=line&format=pdf_single"));
    expect(pages.map((page) => page.text.split("\n")[0])).toEqual(["Lantern", "Kettle", "Café ? ??", "Display stand"]);
    expect(pages[0]!.text).toContain("Qty 250");
    expect(pages[3]!.text).toContain("Qty 5");
  });

  it("csv: one row per label", async () => {
    const response = await download("format=csv");
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="PO-0001-labels.csv"');
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toEqual(["product_title", "variant_title", "sku", "barcode", "quantity"]);
    expect(rows).toHaveLength(500);
    expect(rows[0]).toEqual(["Lantern", "Small", "LAN-S", "4006381333931", "1"]);
    expect(rows[499]).toEqual(["Café ☕ 東京", "", "CAFE-1", "CAFE0001", "1"]);
  });

  it("xlsx: the same rows, read back as a workbook, barcodes kept as text", async () => {
    const response = await download("source=ordered&per=line&format=xlsx");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="PO-0001-labels.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const rows = (workbook.worksheets[0]!.getSheetValues() as unknown[][]).filter(Boolean).map((row) => row.slice(1));
    expect(rows).toEqual([
      ["product_title", "variant_title", "sku", "barcode", "quantity"],
      ["Lantern", "Small", "LAN-S", "4006381333931", 250],
      ["Kettle", "", "KET-1", "KET-1", 200],
      ["Café ☕ 東京", "", "CAFE-1", "CAFE0001", 50],
      ["Display stand", "", "", "", 5],
    ]);
  });

  it("without a format: the shop's default label format from Settings", async () => {
    const formats: Array<[LabelFormat, string]> = [
      ["csv", "text/csv; charset=utf-8"],
      ["pdf_single", "application/pdf"],
    ];
    for (const [labelFormat, contentType] of formats) {
      await saveSettings(database.db, SHOP, actor, { ...DEFAULT_SETTINGS, labelFormat });
      const response = await download("per=line");
      expect(response.headers.get("Content-Type")).toBe(contentType);
    }
  });
});

describe("refused label requests", () => {
  it("answers 400 naming each bad parameter", async () => {
    const response = await download("source=shipped&per=box&format=pdf");
    expect(response.status).toBe(400);
    const body = (await response.json()) as { fieldErrors: Record<string, string> };
    expect(Object.keys(body.fieldErrors).sort()).toEqual(["format", "per", "source"]);
    expect(body.fieldErrors.format).toMatch(/pdf_sheet, pdf_single, csv, xlsx/);
  });

  it("answers 400 when there is nothing to label, and 404 for an unknown order", async () => {
    const nothing = await download("source=received", unreceivedOrderId);
    expect(nothing.status).toBe(400);
    expect(await nothing.json()).toEqual({ fieldErrors: { source: "Nothing has been received on this order yet" } });
    expect((await download("", "no-such-order")).status).toBe(404);
  });
});
