import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { NotFoundError } from "~/domain/errors";
import type { AttachedFileDeps } from "~/services/attached-files.server";
import { deleteOrderDocument, listOrderDocuments, readOrderDocument, uploadOrderDocument } from "~/services/purchase-order-documents.server";

import { fileError, recordingStorage, refusal, setUpFileShops, storedFiles, tearDownFileShops } from "../support/attached-files";
import type { TestDatabase } from "../support/database";
import { EXE, minimalPdf, pdfOfSize, PNG, sha256 } from "../support/files";
import { createOrder } from "../support/orders";
import { answered } from "../support/responses";
import { sessionToken } from "../support/session-token";

/**
 * The merchant's documents on an order (supplier invoice, quote) through the service (real
 * SQLite file, real directory for the bytes) and through the routes the order screen calls.
 */
const SHOP = "po-documents.myshopify.com";
const OTHER_SHOP = "po-documents-other.myshopify.com";
const merchant = { type: "merchant", id: "staff-8" } as const;
const MB = 1024 * 1024;

let database: TestDatabase;
let filesDirectory: string;
let deps: AttachedFileDeps;
let supplierId: string;
let otherSupplierId: string;
let documentsRoute: typeof import("~/routes/app.purchase-orders.$id.documents");
let documentRoute: typeof import("~/routes/app.purchase-orders.$id.documents.$documentId");

beforeAll(async () => {
  ({ database, filesDirectory, deps, supplierId, otherSupplierId } = await setUpFileShops(SHOP, OTHER_SHOP, "inbound-documents-"));
  documentsRoute = await import("~/routes/app.purchase-orders.$id.documents");
  documentRoute = await import("~/routes/app.purchase-orders.$id.documents.$documentId");
});

afterAll(() => tearDownFileShops({ database, filesDirectory }));

async function newOrder(shop = SHOP, supplier = supplierId, status = "draft") {
  const order = await createOrder(database.db, shop, supplier, [5]);
  if (status !== "draft") await database.db.purchaseOrder.update({ where: { id: order.id }, data: { status } });
  return order.id;
}

/** The bytes stored for an order's documents: files in its folder under the shop's prefix. */
const storedDocuments = (orderId: string) => storedFiles(filesDirectory, `documents/${orderId}`);

describe("an order's documents", () => {
  it("accepts a PDF and a PNG, typed by their content, and gives them back byte for byte", async () => {
    const orderId = await newOrder();
    const pdf = minimalPdf();
    const invoice = await uploadOrderDocument(deps, SHOP, merchant, orderId, { fileName: "Invoice 2024-117.pdf", bytes: pdf });
    const quote = await uploadOrderDocument(deps, SHOP, merchant, orderId, { fileName: "quote", bytes: PNG });

    expect(invoice).toMatchObject({ fileName: "Invoice 2024-117.pdf", contentType: "application/pdf", size: pdf.length, sha256: sha256(pdf) });
    expect(quote).toMatchObject({ fileName: "quote.png", contentType: "image/png", size: PNG.length, sha256: sha256(PNG) });
    expect((await listOrderDocuments(database.db, SHOP, orderId)).map((document) => document.id)).toEqual([invoice.id, quote.id]);

    for (const [uploaded, original] of [
      [invoice, pdf],
      [quote, PNG],
    ] as const) {
      const read = await readOrderDocument(deps, SHOP, orderId, uploaded.id);
      expect(read.contentType).toBe(uploaded.contentType);
      expect(Buffer.from(read.bytes).equals(Buffer.from(original))).toBe(true);
    }

    const row = await database.db.purchaseOrderDocument.findUniqueOrThrow({ where: { id: invoice.id } });
    const shop = await database.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    // Under the shop's prefix, so shop/redact erases it with the shop's other files.
    expect(row.storageKey).toMatch(new RegExp(`^delivery-files/${shop.id}/documents/${orderId}/[0-9a-f-]{36}$`));
    expect(storedDocuments(orderId)).toHaveLength(2);

    const audit = await database.db.auditEntry.findMany({ where: { purchaseOrderId: orderId, action: "upload_order_document" } });
    expect(audit.map((entry) => JSON.parse(entry.changes!))).toEqual([
      expect.objectContaining({ fileId: invoice.id, contentType: "application/pdf", sha256: sha256(pdf) }),
      expect.objectContaining({ fileId: quote.id, contentType: "image/png", sha256: sha256(PNG) }),
    ]);
  });

  it("refuses an 11th document and removes the bytes it had stored", async () => {
    const orderId = await newOrder();
    for (let index = 1; index <= 10; index += 1) {
      await uploadOrderDocument(deps, SHOP, merchant, orderId, { fileName: `page-${index}.png`, bytes: PNG });
    }
    const { recording, puts, deletes } = recordingStorage(deps.storage);
    const message = await fileError(
      uploadOrderDocument({ ...deps, storage: recording }, SHOP, merchant, orderId, { fileName: "page-11.png", bytes: PNG }),
    );
    expect(message).toBe("A purchase order holds at most 10 documents; remove one before adding another.");
    expect(deletes).toEqual(puts);
    expect(await database.db.purchaseOrderDocument.count({ where: { purchaseOrderId: orderId } })).toBe(10);
    expect(storedDocuments(orderId)).toHaveLength(10);
  });

  it("refuses a 21 MB file, naming the limit, and stores nothing", async () => {
    const orderId = await newOrder();
    const { recording, puts } = recordingStorage(deps.storage);
    const message = await fileError(
      uploadOrderDocument({ ...deps, storage: recording }, SHOP, merchant, orderId, { fileName: "big.pdf", bytes: pdfOfSize(21 * MB) }),
    );
    expect(message).toBe("A document can be at most 20 MB; this one is 21.0 MB.");
    expect(puts).toEqual([]);
  });

  it("refuses an executable renamed to .pdf, by its content", async () => {
    const orderId = await newOrder();
    const message = await fileError(uploadOrderDocument(deps, SHOP, merchant, orderId, { fileName: "invoice.pdf", bytes: EXE }));
    expect(message).toMatch(/A document must be a PDF or an image .*its name does not count/);
    expect(await database.db.purchaseOrderDocument.count({ where: { purchaseOrderId: orderId } })).toBe(0);
  });

  it("removes a document in any status, bytes and all, with an audit entry", async () => {
    const orderId = await newOrder(SHOP, supplierId, "received");
    const kept = await uploadOrderDocument(deps, SHOP, merchant, orderId, { fileName: "invoice.pdf", bytes: minimalPdf() });
    const removed = await uploadOrderDocument(deps, SHOP, merchant, orderId, { fileName: "old quote.png", bytes: PNG });
    const removedKey = (await database.db.purchaseOrderDocument.findUniqueOrThrow({ where: { id: removed.id } })).storageKey;

    await deleteOrderDocument(deps, SHOP, merchant, orderId, removed.id);
    expect((await listOrderDocuments(database.db, SHOP, orderId)).map((document) => document.id)).toEqual([kept.id]);
    expect(await deps.storage.get(removedKey)).toBeNull();
    expect(await refusal(readOrderDocument(deps, SHOP, orderId, removed.id))).toBeInstanceOf(NotFoundError);
    const deletions = await database.db.auditEntry.findMany({ where: { purchaseOrderId: orderId, action: "delete_order_document" } });
    expect(deletions.map((entry) => JSON.parse(entry.changes!))).toEqual([
      expect.objectContaining({ fileId: removed.id, fileName: "old quote.png" }),
    ]);
  });

  it("never reaches another shop's order or documents", async () => {
    const theirOrder = await newOrder(OTHER_SHOP, otherSupplierId);
    const theirs = await uploadOrderDocument(deps, OTHER_SHOP, merchant, theirOrder, { fileName: "theirs.pdf", bytes: minimalPdf() });

    expect(await refusal(listOrderDocuments(database.db, SHOP, theirOrder))).toBeInstanceOf(NotFoundError);
    expect(await refusal(readOrderDocument(deps, SHOP, theirOrder, theirs.id))).toBeInstanceOf(NotFoundError);
    expect(await refusal(deleteOrderDocument(deps, SHOP, merchant, theirOrder, theirs.id))).toBeInstanceOf(NotFoundError);
    expect(await refusal(uploadOrderDocument(deps, SHOP, merchant, theirOrder, { fileName: "mine.png", bytes: PNG }))).toBeInstanceOf(NotFoundError);
    // Nor through one of the shop's own orders.
    const own = await newOrder();
    expect(await refusal(readOrderDocument(deps, SHOP, own, theirs.id))).toBeInstanceOf(NotFoundError);
    expect(await refusal(deleteOrderDocument(deps, SHOP, merchant, own, theirs.id))).toBeInstanceOf(NotFoundError);
    expect(await listOrderDocuments(database.db, OTHER_SHOP, theirOrder)).toHaveLength(1);
  });
});

describe("the documents routes", () => {
  const url = (orderId: string, documentId?: string) =>
    `https://inbound.example.com/app/purchase-orders/${orderId}/documents${documentId ? `/${documentId}` : ""}`;
  /** The JSON the routes answer (see the routes' comments). */
  interface Answer {
    ok: boolean;
    message?: string;
    fieldErrors?: Record<string, string>;
    document?: { id: string; fileName: string; contentType: string };
    documents?: Array<{ id: string }>;
  }
  const answer = async (response: Response) => (await response.json()) as Answer;
  const auth = (shop = SHOP) => ({ Authorization: `Bearer ${sessionToken(shop)}` });

  function upload(orderId: string, fileName: string, bytes: Uint8Array<ArrayBuffer>, type = "application/octet-stream") {
    const form = new FormData();
    form.set("file", new File([bytes], fileName, { type }));
    const request = new Request(url(orderId), { method: "POST", body: form, headers: auth() });
    return documentsRoute.action({ request, params: { id: orderId }, context: {} });
  }

  const download = (orderId: string, documentId: string, shop = SHOP) =>
    answered(() =>
      documentRoute.loader({
        request: new Request(url(orderId, documentId), { headers: auth(shop) }),
        params: { id: orderId, documentId },
        context: {},
      }),
    );

  it("uploads a PDF posted as multipart/form-data and downloads it byte-identical, as an attachment", async () => {
    const orderId = await newOrder();
    const pdf = minimalPdf();
    const response = await upload(orderId, "Rechnung Müller.pdf", pdf, "application/pdf");
    expect(response.status).toBe(200);
    const body = await answer(response);
    expect(body).toMatchObject({ ok: true, document: { fileName: "Rechnung Müller.pdf", contentType: "application/pdf" } });
    expect(body.documents).toHaveLength(1);

    const downloaded = await download(orderId, body.document!.id);
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get("Content-Type")).toBe("application/pdf");
    expect(downloaded.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(downloaded.headers.get("Content-Disposition")).toBe(
      `attachment; filename="Rechnung M_ller.pdf"; filename*=UTF-8''Rechnung%20M%C3%BCller.pdf`,
    );
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);

    // The order page's one loader lists them (app/services/purchase-order-page.server.ts) with this service.
    expect((await listOrderDocuments(database.db, SHOP, orderId)).map((document) => document.id)).toEqual([body.document!.id]);
  });

  it("refuses a 21 MB upload and a renamed executable with the reason in the answer", async () => {
    const orderId = await newOrder();
    const big = await upload(orderId, "big.pdf", pdfOfSize(21 * MB));
    expect(big.status).toBe(400);
    expect(await answer(big)).toEqual({
      ok: false,
      status: 400,
      title: "Nothing was saved",
      message: "Fix the fields marked in red.",
      fix: null,
      fieldErrors: { file: "A document can be at most 20 MB; this one is larger." },
    });
    const exe = await upload(orderId, "invoice.pdf", new Uint8Array(EXE), "application/pdf");
    expect(exe.status).toBe(400);
    expect((await answer(exe)).fieldErrors!.file).toMatch(/must be a PDF or an image/);
    expect(await database.db.purchaseOrderDocument.count({ where: { purchaseOrderId: orderId } })).toBe(0);
  });

  it("deletes with DELETE and answers 404 for another shop's order or document", async () => {
    const orderId = await newOrder();
    const uploaded = await answer(await upload(orderId, "quote.png", new Uint8Array(PNG)));
    const documentId = uploaded.document!.id;

    expect((await download(orderId, documentId, OTHER_SHOP)).status).toBe(404);
    await expect(listOrderDocuments(database.db, OTHER_SHOP, orderId)).rejects.toThrow(NotFoundError);
    // The URL names the order too: the document under another order of the shop is not found.
    expect((await download(await newOrder(), documentId)).status).toBe(404);
    const foreignDelete = new Request(url(orderId, documentId), { method: "DELETE", headers: auth(OTHER_SHOP) });
    expect((await answered(() => documentRoute.action({ request: foreignDelete, params: { id: orderId, documentId }, context: {} }))).status).toBe(
      404,
    );

    const request = new Request(url(orderId, documentId), { method: "DELETE", headers: auth() });
    const response = await documentRoute.action({ request, params: { id: orderId, documentId }, context: {} });
    expect(await response.json()).toEqual({ ok: true, message: "Document removed", documents: [] });
    expect((await download(orderId, documentId)).status).toBe(404);
  });
});
