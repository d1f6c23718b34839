import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GuardrailError, NotFoundError, ValidationError } from "~/domain/errors";
import { deleteDeliveryFile, listDeliveryFiles, readDeliveryFile, uploadDeliveryFile, type DeliveryFileDeps } from "~/services/delivery-files.server";
import type { FileStorage } from "~/services/storage/file-storage";

import { fileError, recordingStorage, refusal, setUpFileShops, storedFiles as storedUnder, tearDownFileShops } from "../support/attached-files";
import type { TestDatabase } from "../support/database";
import { EXE, minimalPdf, PNG, pdfOfSize, sha256 } from "../support/files";
import { createOrder } from "../support/orders";
import { answered } from "../support/responses";
import { sessionToken } from "../support/session-token";

/**
 * Delivery note files through the service (real SQLite file, real directory for the bytes) and
 * through the upload and download routes, as the embedded screens call them.
 */
const SHOP = "delivery-files.myshopify.com";
const OTHER_SHOP = "delivery-files-other.myshopify.com";
const merchant = { type: "merchant", id: "staff-7" } as const;
const MB = 1024 * 1024;

let database: TestDatabase;
let filesDirectory: string;
let deps: DeliveryFileDeps;
let supplierId: string;
let otherSupplierId: string;
let filesRoute: typeof import("~/routes/app.purchase-orders.$id.deliveries.$deliveryId.files");
let fileRoute: typeof import("~/routes/app.purchase-orders.$id.deliveries.$deliveryId.files.$fileId");

beforeAll(async () => {
  ({ database, filesDirectory, deps, supplierId, otherSupplierId } = await setUpFileShops(SHOP, OTHER_SHOP, "inbound-files-"));
  filesRoute = await import("~/routes/app.purchase-orders.$id.deliveries.$deliveryId.files");
  fileRoute = await import("~/routes/app.purchase-orders.$id.deliveries.$deliveryId.files.$fileId");
});

afterAll(() => tearDownFileShops({ database, filesDirectory }));

/** A delivery row on a new order of the shop (the delivery service is not needed for files). */
async function newDelivery(shop = SHOP, supplier = supplierId, status: "draft" | "submitted" = "draft") {
  const order = await createOrder(database.db, shop, supplier, [5]);
  const delivery = await database.db.delivery.create({
    data: { purchaseOrderId: order.id, number: 1, status, submittedAt: status === "submitted" ? new Date() : null },
  });
  return { orderId: order.id, deliveryId: delivery.id };
}

/** What is stored for a delivery: the files under its folder in the storage directory. */
const storedFiles = (deliveryId: string) => storedUnder(filesDirectory, deliveryId);

describe("uploading delivery note files", () => {
  it("accepts a PDF and a PNG, typed by their content, and gives them back byte for byte", async () => {
    const { orderId, deliveryId } = await newDelivery();
    const pdf = minimalPdf();
    const uploadedPdf = await uploadDeliveryFile(deps, SHOP, merchant, deliveryId, { fileName: "Lieferschein 4711.pdf", bytes: pdf });
    const uploadedPng = await uploadDeliveryFile(deps, SHOP, merchant, deliveryId, { fileName: "photo of box", bytes: PNG });

    expect(uploadedPdf).toMatchObject({ fileName: "Lieferschein 4711.pdf", contentType: "application/pdf", size: pdf.length, sha256: sha256(pdf) });
    expect(uploadedPng).toMatchObject({ fileName: "photo of box.png", contentType: "image/png", size: PNG.length, sha256: sha256(PNG) });
    expect((await listDeliveryFiles(database.db, SHOP, deliveryId)).map((file) => file.id)).toEqual([uploadedPdf.id, uploadedPng.id]);

    for (const [uploaded, original] of [
      [uploadedPdf, pdf],
      [uploadedPng, PNG],
    ] as const) {
      const read = await readDeliveryFile(deps, SHOP, deliveryId, uploaded.id);
      expect(read.contentType).toBe(uploaded.contentType);
      expect(sha256(read.bytes)).toBe(sha256(original));
      expect(Buffer.from(read.bytes).equals(Buffer.from(original))).toBe(true);
    }

    const audit = await database.db.auditEntry.findMany({ where: { purchaseOrderId: orderId, action: "upload_delivery_file" } });
    expect(audit.map((entry) => JSON.parse(entry.changes!))).toEqual([
      expect.objectContaining({ deliveryId, fileId: uploadedPdf.id, contentType: "application/pdf", sha256: sha256(pdf) }),
      expect.objectContaining({ deliveryId, fileId: uploadedPng.id, contentType: "image/png", sha256: sha256(PNG) }),
    ]);
  });

  it("keeps the stored bytes under a generated key, never the file's name", async () => {
    const { deliveryId } = await newDelivery();
    const uploaded = await uploadDeliveryFile(deps, SHOP, merchant, deliveryId, { fileName: "../../../etc/passwd.pdf", bytes: minimalPdf() });
    const row = await database.db.deliveryFile.findUniqueOrThrow({ where: { id: uploaded.id } });
    expect(row.storageKey).toMatch(new RegExp(`^delivery-files/[a-z0-9]+/${deliveryId}/[0-9a-f-]{36}$`));
    expect(uploaded.fileName).toBe("passwd.pdf");
    expect(storedFiles(deliveryId)).toEqual([row.storageKey.split("/").pop()]);
  });

  it("refuses an 11th file and removes the bytes it had stored", async () => {
    const { deliveryId } = await newDelivery();
    for (let index = 1; index <= 10; index += 1) {
      await uploadDeliveryFile(deps, SHOP, merchant, deliveryId, { fileName: `page-${index}.png`, bytes: PNG });
    }
    const { recording, puts, deletes } = recordingStorage(deps.storage);
    const message = await fileError(
      uploadDeliveryFile({ ...deps, storage: recording }, SHOP, merchant, deliveryId, { fileName: "page-11.png", bytes: PNG }),
    );
    expect(message).toBe("A delivery holds at most 10 files; remove one before adding another.");
    expect(deletes).toEqual(puts);
    expect(await database.db.deliveryFile.count({ where: { deliveryId } })).toBe(10);
    expect(storedFiles(deliveryId)).toHaveLength(10);
  });

  it("counts concurrent uploads one after another: never more than 10", async () => {
    const { deliveryId } = await newDelivery();
    // Every upload's bytes are stored before any of their transactions starts, so all 13 overlap.
    const uploads = 13;
    let stored = 0;
    let allStored: () => void;
    const barrier = new Promise<void>((resolve) => (allStored = resolve));
    const storage: FileStorage = {
      ...deps.storage,
      put: async (key, bytes) => {
        await deps.storage.put(key, bytes);
        if (++stored === uploads) allStored();
        await barrier;
      },
    };
    const results = await Promise.allSettled(
      Array.from({ length: uploads }, (_, index) =>
        uploadDeliveryFile({ ...deps, storage }, SHOP, merchant, deliveryId, { fileName: `scan-${index}.png`, bytes: PNG }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(10);
    const refused = results.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
    expect(refused.every((error) => error instanceof ValidationError)).toBe(true);
    expect(await database.db.deliveryFile.count({ where: { deliveryId } })).toBe(10);
    expect(storedFiles(deliveryId)).toHaveLength(10);
  });

  it("refuses a 21 MB file, naming the limit, and stores nothing", async () => {
    const { deliveryId } = await newDelivery();
    const { recording, puts } = recordingStorage(deps.storage);
    const message = await fileError(
      uploadDeliveryFile({ ...deps, storage: recording }, SHOP, merchant, deliveryId, { fileName: "big.pdf", bytes: pdfOfSize(21 * MB) }),
    );
    expect(message).toBe("A delivery note file can be at most 20 MB; this one is 21.0 MB.");
    expect(puts).toEqual([]);
    expect(await database.db.deliveryFile.count({ where: { deliveryId } })).toBe(0);
  });

  it("refuses an executable renamed to .pdf, by its content", async () => {
    const { deliveryId } = await newDelivery();
    const message = await fileError(uploadDeliveryFile(deps, SHOP, merchant, deliveryId, { fileName: "note.pdf", bytes: EXE }));
    expect(message).toMatch(/must be a PDF or an image \(PNG, JPEG, GIF, WebP, HEIC or AVIF\).*its name does not count/);
    expect(await database.db.deliveryFile.count({ where: { deliveryId } })).toBe(0);
  });

  it("adds files after submit (a note may come later) but removes them only from drafts", async () => {
    const { orderId, deliveryId } = await newDelivery();
    const kept = await uploadDeliveryFile(deps, SHOP, merchant, deliveryId, { fileName: "a.pdf", bytes: minimalPdf() });
    const removed = await uploadDeliveryFile(deps, SHOP, merchant, deliveryId, { fileName: "b.png", bytes: PNG });
    const removedKey = (await database.db.deliveryFile.findUniqueOrThrow({ where: { id: removed.id } })).storageKey;

    await deleteDeliveryFile(deps, SHOP, merchant, deliveryId, removed.id);
    expect((await listDeliveryFiles(database.db, SHOP, deliveryId)).map((file) => file.id)).toEqual([kept.id]);
    expect(await deps.storage.get(removedKey)).toBeNull();
    expect(await refusal(readDeliveryFile(deps, SHOP, deliveryId, removed.id))).toBeInstanceOf(NotFoundError);
    const deletions = await database.db.auditEntry.findMany({ where: { purchaseOrderId: orderId, action: "delete_delivery_file" } });
    expect(deletions.map((entry) => JSON.parse(entry.changes!))).toEqual([expect.objectContaining({ fileId: removed.id, fileName: "b.png" })]);

    await database.db.delivery.update({ where: { id: deliveryId }, data: { status: "submitted", submittedAt: new Date() } });
    const late = await uploadDeliveryFile(deps, SHOP, merchant, deliveryId, { fileName: "late.png", bytes: PNG });
    const error = await refusal(deleteDeliveryFile(deps, SHOP, merchant, deliveryId, kept.id));
    expect(error).toBeInstanceOf(GuardrailError);
    expect((error as GuardrailError).rule).toBe("delivery_files_are_evidence");
    expect((await listDeliveryFiles(database.db, SHOP, deliveryId)).map((file) => file.id)).toEqual([kept.id, late.id]);
    expect((await readDeliveryFile(deps, SHOP, deliveryId, kept.id)).bytes.length).toBe(kept.size);
  });

  it("never reaches another shop's delivery or files", async () => {
    const { deliveryId } = await newDelivery(OTHER_SHOP, otherSupplierId);
    const theirs = await uploadDeliveryFile(deps, OTHER_SHOP, merchant, deliveryId, { fileName: "theirs.pdf", bytes: minimalPdf() });

    expect(await refusal(listDeliveryFiles(database.db, SHOP, deliveryId))).toBeInstanceOf(NotFoundError);
    expect(await refusal(readDeliveryFile(deps, SHOP, deliveryId, theirs.id))).toBeInstanceOf(NotFoundError);
    expect(await refusal(deleteDeliveryFile(deps, SHOP, merchant, deliveryId, theirs.id))).toBeInstanceOf(NotFoundError);
    expect(await refusal(uploadDeliveryFile(deps, SHOP, merchant, deliveryId, { fileName: "mine.png", bytes: PNG }))).toBeInstanceOf(NotFoundError);
    // Nor through one of the shop's own deliveries.
    const own = await newDelivery();
    expect(await refusal(readDeliveryFile(deps, SHOP, own.deliveryId, theirs.id))).toBeInstanceOf(NotFoundError);
    expect(await listDeliveryFiles(database.db, OTHER_SHOP, deliveryId)).toHaveLength(1);
  });
});

describe("the upload and download routes", () => {
  const url = (orderId: string, deliveryId: string, fileId?: string) =>
    `https://inbound.example.com/app/purchase-orders/${orderId}/deliveries/${deliveryId}/files${fileId ? `/${fileId}` : ""}`;
  /** The JSON the routes answer (see the routes' comments). */
  interface Answer {
    ok: boolean;
    message?: string;
    fieldErrors?: Record<string, string>;
    file?: { id: string; fileName: string; contentType: string };
    files?: Array<{ id: string }>;
  }
  const answer = async (response: Response) => (await response.json()) as Answer;
  const auth = (shop = SHOP) => ({ Authorization: `Bearer ${sessionToken(shop)}` });

  function upload(orderId: string, deliveryId: string, fileName: string, bytes: Uint8Array<ArrayBuffer>, type = "application/octet-stream") {
    const form = new FormData();
    form.set("file", new File([bytes], fileName, { type }));
    const request = new Request(url(orderId, deliveryId), { method: "POST", body: form, headers: auth() });
    return filesRoute.action({ request, params: { id: orderId, deliveryId }, context: {} });
  }

  async function download(orderId: string, deliveryId: string, fileId: string, shop = SHOP): Promise<Response> {
    const request = new Request(url(orderId, deliveryId, fileId), { headers: auth(shop) });
    return answered(() => fileRoute.loader({ request, params: { id: orderId, deliveryId, fileId }, context: {} }));
  }

  it("uploads a PNG posted as multipart/form-data and downloads it byte-identical, as an attachment", async () => {
    const { orderId, deliveryId } = await newDelivery();
    // The browser's claimed type is ignored: the content decides.
    const response = await upload(orderId, deliveryId, "box.pdf", new Uint8Array(PNG), "application/pdf");
    expect(response.status).toBe(200);
    const body = await answer(response);
    expect(body).toMatchObject({ ok: true, file: { fileName: "box.pdf.png", contentType: "image/png" } });
    expect(body.files).toHaveLength(1);

    const downloaded = await download(orderId, deliveryId, body.file!.id);
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get("Content-Type")).toBe("image/png");
    expect(downloaded.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(downloaded.headers.get("Content-Disposition")).toBe(`attachment; filename="box.pdf.png"; filename*=UTF-8''box.pdf.png`);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(Buffer.from(PNG))).toBe(true);

    const listed = await filesRoute.loader({
      request: new Request(url(orderId, deliveryId), { headers: auth() }),
      params: { id: orderId, deliveryId },
      context: {},
    });
    expect((await answer(listed)).files!.map((file) => file.id)).toEqual([body.file!.id]);
  });

  it("refuses a 21 MB upload with the limit in the answer, not a crash", async () => {
    const { orderId, deliveryId } = await newDelivery();
    const response = await upload(orderId, deliveryId, "big.pdf", pdfOfSize(21 * MB));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      ok: false,
      status: 400,
      title: "Nothing was saved",
      message: "Fix the fields marked in red.",
      fix: null,
      fieldErrors: { file: "A delivery note file can be at most 20 MB; this one is larger." },
    });
    expect(await database.db.deliveryFile.count({ where: { deliveryId } })).toBe(0);
  });

  it("refuses a renamed executable and a request without a file", async () => {
    const { orderId, deliveryId } = await newDelivery();
    const exe = await upload(orderId, deliveryId, "note.pdf", new Uint8Array(EXE), "application/pdf");
    expect(exe.status).toBe(400);
    expect((await answer(exe)).fieldErrors!.file).toMatch(/must be a PDF or an image/);

    const empty = new Request(url(orderId, deliveryId), { method: "POST", body: new URLSearchParams({ note: "x" }), headers: auth() });
    const response = await filesRoute.action({ request: empty, params: { id: orderId, deliveryId }, context: {} });
    expect(response.status).toBe(400);
    expect((await answer(response)).fieldErrors!.file).toMatch(/multipart\/form-data in the field `file`/);
  });

  it("deletes a draft's file with DELETE and answers 404 for another shop's file", async () => {
    const { orderId, deliveryId } = await newDelivery();
    const uploaded = await answer(await upload(orderId, deliveryId, "a.pdf", minimalPdf()));

    expect((await download(orderId, deliveryId, uploaded.file!.id, OTHER_SHOP)).status).toBe(404);
    // The URL names the order too: the same delivery under another order of the shop is not found.
    const other = await newDelivery();
    expect((await download(other.orderId, deliveryId, uploaded.file!.id)).status).toBe(404);

    const request = new Request(url(orderId, deliveryId, uploaded.file!.id), { method: "DELETE", headers: auth() });
    const response = await fileRoute.action({ request, params: { id: orderId, deliveryId, fileId: uploaded.file!.id }, context: {} });
    expect(await response.json()).toEqual({ ok: true, message: "File removed", files: [] });
    expect((await download(orderId, deliveryId, uploaded.file!.id)).status).toBe(404);
  });
});
