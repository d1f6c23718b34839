import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseCsv } from "~/domain/catalogue";
import { ValidationError } from "~/domain/errors";
import { saveExportTemplate } from "~/services/documents/export-templates.server";
import { setSupplierTemplate } from "~/services/suppliers.server";
import { offlineSessionId } from "~/services/shops.server";
import { createLocalDiskStorage } from "~/services/storage/local-disk.server";

import { startStandin, type StandinServer } from "../standin";
import { useDemoEnvironment } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { shopForDocuments } from "../support/document-order";
import { readPdfPages } from "../support/pdf";
import { answered } from "../support/responses";

/**
 * The PO document and line exports through their download routes (demo mode, against the
 * stand-in): the PDF parsed back (text per page), templates chosen per shop and per supplier,
 * CSV and XLSX rows read back.
 */
const SHOP = "documents.myshopify.com";
const actor = { type: "merchant", id: "staff-1" } as const;
let standin: StandinServer;
let database: TestDatabase;
let filesDir: string;
let shop: Awaited<ReturnType<typeof shopForDocuments>>;
let small: { id: string; number: number };
let pdfRoute: typeof import("~/routes/app.purchase-orders.$id.document[.pdf]");
let linesRoute: typeof import("~/routes/app.purchase-orders.$id.lines");

/** A real 1×1 PNG. */
const PNG = new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));

beforeAll(async () => {
  standin = await startStandin({ seedDemoShop: false });
  database = await createTestDatabase();
  filesDir = await mkdtemp(path.join(tmpdir(), "inbound-documents-"));
  shop = await shopForDocuments(standin, database.db, SHOP);
  small = await shop.order(2);
  useDemoEnvironment(SHOP, standin.origin, database.url, { INBOUND_FILES_DIR: filesDir });
  await database.db.session.create({ data: { id: offlineSessionId(SHOP), shop: SHOP, state: "", accessToken: shop.accessToken } });
  pdfRoute = await import("~/routes/app.purchase-orders.$id.document[.pdf]");
  linesRoute = await import("~/routes/app.purchase-orders.$id.lines");
}, 120_000);

afterAll(async () => {
  const { default: prisma } = await import("~/db.server");
  await prisma.$disconnect();
  await database.cleanup();
  await standin.close();
  await rm(filesDir, { recursive: true, force: true });
});

const downloadPdf = (id: string) =>
  answered(() => pdfRoute.loader({ request: new Request(`http://localhost/app/purchase-orders/${id}/document.pdf`), params: { id }, context: {} }));
const downloadLines = (id: string, query: string) =>
  answered(async () =>
    linesRoute.loader({ request: new Request(`http://localhost/app/purchase-orders/${id}/lines?${query}`), params: { id }, context: {} }),
  );

/** Each page's text, as a PDF reader extracts it. */
const pdfPages = async (response: Response) => (await readPdfPages(response)).map((page) => page.text);

const storage = () => createLocalDiskStorage(filesDir);
const template = (name: string, overrides: Partial<Parameters<typeof saveExportTemplate>[3]> = {}) =>
  saveExportTemplate({ db: database.db, storage: storage() }, SHOP, actor, {
    id: null,
    name,
    columns: ["sku", "supplierSku", "title", "variant", "quantity", "unitCost", "lineTotal"],
    footer: "",
    isDefault: false,
    logo: null,
    removeLogo: false,
    ...overrides,
  });

describe("the PO document (built-in template)", () => {
  it("is a PDF download named after the order, with parties, lines, supplier SKUs, tax, shipping, total and note", async () => {
    const response = await downloadPdf(small.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="PO-0001\.pdf"/);
    const pages = await pdfPages(response);
    expect(pages).toHaveLength(1);
    const text = pages[0]!;
    for (const expected of [
      "Purchase order PO-0001",
      SHOP,
      "Acme",
      "LAN-0-0",
      "LAN-0-1",
      "STAND-1",
      "ACME-0-0",
      "Supplier SKU",
      "Display stand",
      "Size 1",
      // 10 × 2.50 twice, 2 × 15 custom: 80.00, + tax 5.00 + shipping 7.50.
      "80.00 USD",
      "5.00 USD",
      "7.50 USD",
      "92.50 USD",
      "Please deliver to dock 4",
      "Page 1 of 1",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("runs over pages for 120 lines, each page with the table header and its page number", async () => {
    const large = await shop.order(120);
    const pages = await pdfPages(await downloadPdf(large.id));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((text, index) => {
      expect(text).toContain(`Page ${index + 1} of ${pages.length}`);
      // The last page may hold only the totals.
      if (text.includes("LAN-")) expect(text).toContain("Supplier SKU");
    });
    const all = pages.join("\n");
    for (let variant = 0; variant < 40; variant += 1)
      for (let product = 0; product < 3; product += 1) expect(all).toContain(`LAN-${product}-${variant}`);
    expect(all).toContain("STAND-1");
    // 121 lines: 120 × 25.00 + 30.00 + 5.00 + 7.50.
    expect(pages.at(-1)).toContain("3042.50 USD");
  }, 60_000);

  it("answers 404 for an order that is not the shop's", async () => {
    expect((await downloadPdf("nope")).status).toBe(404);
  });
});

describe("line exports", () => {
  it("CSV: the document's columns, one row per line", async () => {
    const response = await downloadLines(small.id, "format=csv");
    expect(response.headers.get("Content-Disposition")).toMatch(/filename="PO-0001-lines\.csv"/);
    const rows = parseCsv(await response.text());
    expect(rows[0]).toEqual(["SKU", "Supplier SKU", "Title", "Variant", "Quantity", "Unit cost (USD)", "Line total (USD)"]);
    expect(rows.slice(1)).toEqual([
      ["LAN-0-0", "ACME-0-0", "Lantern 0", "Size 0", "10", "2.50", "25.00"],
      ["LAN-0-1", "", "Lantern 0", "Size 1", "10", "2.50", "25.00"],
      ["STAND-1", "", "Display stand", "", "2", "15.00", "30.00"],
    ]);
  });

  it("XLSX: the same rows, quantities and amounts as numbers", async () => {
    const response = await downloadLines(small.id, "format=xlsx");
    expect(response.headers.get("Content-Type")).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const rows = workbook.worksheets[0]!.getSheetValues()
      .filter(Boolean)
      .map((row) => (row as unknown[]).slice(1));
    expect(rows[0]).toEqual(["SKU", "Supplier SKU", "Title", "Variant", "Quantity", "Unit cost (USD)", "Line total (USD)"]);
    expect(rows[1]).toEqual(["LAN-0-0", "ACME-0-0", "Lantern 0", "Size 0", 10, 2.5, 25]);
    expect(rows[3]).toEqual(["STAND-1", "", "Display stand", "", 2, 15, 30]);
  });

  it("refuses an unknown format, naming it", async () => {
    const response = await downloadLines(small.id, "format=pdf");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ fieldErrors: { format: "Must be one of: csv, xlsx" } });
  });
});

describe("export templates", () => {
  it("refuses a logo that is not a PNG or JPEG by content, and a template without columns", async () => {
    const refusal = (overrides: Partial<Parameters<typeof saveExportTemplate>[3]>) =>
      template("Bad", overrides).then(
        () => null,
        (error: unknown) => (error instanceof ValidationError ? error.fieldErrors : error),
      );
    expect(await refusal({ logo: new Uint8Array(Buffer.from("%PDF-1.4 not an image")) })).toEqual({
      logo: "A logo must be a PNG or JPEG image; the content of this file is neither (its name does not count).",
    });
    expect(await refusal({ columns: [] })).toEqual({ columns: "Show at least one column" });
    expect(await refusal({ columns: ["sku", "barcode"] })).toEqual({
      columns: "Unknown columns: barcode; choose from sku, supplierSku, title, variant, quantity, unitCost, lineTotal",
    });
    expect(await database.db.exportTemplate.count()).toBe(0);
  });

  it("the shop's default: hidden columns lose their header and cells, the footer and logo show on the PDF and exports follow", async () => {
    const saved = await template("House style", {
      columns: ["sku", "title", "quantity", "unitCost", "lineTotal"],
      footer: "Payment terms: 30 days. Thank you!",
      isDefault: true,
      logo: PNG,
    });
    expect(saved).toMatchObject({ isDefault: true, hasLogo: true });
    const pages = await pdfPages(await downloadPdf(small.id));
    expect(pages[0]).not.toContain("Supplier SKU");
    expect(pages[0]).not.toContain("ACME-0-0");
    expect(pages[0]).not.toContain("Variant");
    expect(pages[0]).toContain("Payment terms: 30 days. Thank you!");
    expect(pages[0]).toContain("92.50 USD");
    expect(parseCsv(await (await downloadLines(small.id, "format=csv")).text())[0]).toEqual([
      "SKU",
      "Title",
      "Quantity",
      "Unit cost (USD)",
      "Line total (USD)",
    ]);
  });

  it("a supplier's own template wins over the shop's default", async () => {
    const own = await template("For Acme", { footer: "Acme account 4471" });
    await setSupplierTemplate(database.db, SHOP, actor, "export", shop.supplierId, own.id);
    const text = (await pdfPages(await downloadPdf(small.id)))[0]!;
    expect(text).toContain("Acme account 4471");
    expect(text).not.toContain("Payment terms");
    expect(text).toContain("ACME-0-0");

    await setSupplierTemplate(database.db, SHOP, actor, "export", shop.supplierId, null);
    expect((await pdfPages(await downloadPdf(small.id)))[0]).toContain("Payment terms");
  });

  it("one default per shop: making another the default takes the mark", async () => {
    await template("Plain", { isDefault: true });
    const defaults = await database.db.exportTemplate.findMany({ where: { isDefault: true }, select: { name: true } });
    expect(defaults).toEqual([{ name: "Plain" }]);
  });
});
