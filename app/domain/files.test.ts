import { describe, expect, it } from "vitest";

import { GuardrailError, ValidationError } from "./errors";
import {
  attachmentDisposition,
  checkAttachedFile,
  DELIVERY_NOTE,
  guardFileCount,
  guardFileRemoval,
  MAX_ATTACHED_FILE_BYTES,
  ORDER_DOCUMENT,
  safeFileName,
  sniffFileType,
} from "./files";

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === "string" ? [...Buffer.from(part, "latin1")] : part)));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fieldErrors.file!;
  }
  throw new Error("expected a refusal");
}

describe("sniffing a file's type from its first bytes", () => {
  it.each([
    ["PDF", bytes("%PDF-1.7\n"), "application/pdf"],
    ["PNG", bytes(PNG_SIGNATURE, [0, 0, 0, 13]), "image/png"],
    ["JPEG", bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16]), "image/jpeg"],
    ["GIF 89a", bytes("GIF89a", [1, 0]), "image/gif"],
    ["GIF 87a", bytes("GIF87a", [1, 0]), "image/gif"],
    ["WebP", bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 "), "image/webp"],
    ["HEIC", bytes([0, 0, 0, 0x18], "ftypheic", [0, 0, 0, 0]), "image/heic"],
    ["HEIF", bytes([0, 0, 0, 0x18], "ftypmif1", [0, 0, 0, 0]), "image/heif"],
    ["AVIF", bytes([0, 0, 0, 0x1c], "ftypavif", [0, 0, 0, 0]), "image/avif"],
  ])("recognises %s", (_name, content, contentType) => {
    expect(sniffFileType(content)?.contentType).toBe(contentType);
  });

  it.each([
    ["a Windows executable", bytes("MZ", [0x90, 0, 3, 0])],
    ["a ZIP archive", bytes("PK", [3, 4])],
    ["HTML", bytes("<!doctype html><script>")],
    ["SVG (script-capable)", bytes("<svg xmlns='http://www.w3.org/2000/svg'>")],
    ["a PDF header after other bytes", bytes("MZ", "%PDF-1.7")],
    ["a RIFF file that is not WebP", bytes("RIFF", [0, 0, 0, 0], "WAVEfmt ")],
    ["an MP4 video", bytes([0, 0, 0, 0x18], "ftypisom")],
    ["a truncated PNG signature", bytes(PNG_SIGNATURE.slice(0, 5))],
    ["nothing", bytes()],
  ])("refuses %s", (_name, content) => {
    expect(sniffFileType(content)).toBeNull();
  });
});

describe("checking a delivery note file", () => {
  it("takes the type from the content, not the name", () => {
    const checked = checkAttachedFile(DELIVERY_NOTE, "scan.pdf", bytes(PNG_SIGNATURE));
    expect(checked.type.contentType).toBe("image/png");
    expect(checked.fileName).toBe("scan.pdf.png");
  });

  it("refuses a renamed executable, saying what is allowed", () => {
    expect(refusal(() => checkAttachedFile(DELIVERY_NOTE, "note.pdf", bytes("MZ", [0x90, 0])))).toBe(
      "A delivery note must be a PDF or an image (PNG, JPEG, GIF, WebP, HEIC or AVIF); the content of this file is none of these (its name does not count).",
    );
  });

  it("accepts exactly 20 MB and refuses one byte more, naming the limit and the size", () => {
    const limit = new Uint8Array(MAX_ATTACHED_FILE_BYTES);
    limit.set(bytes("%PDF-1.4"));
    expect(checkAttachedFile(DELIVERY_NOTE, "big.pdf", limit).type.contentType).toBe("application/pdf");

    const over = new Uint8Array(21 * 1024 * 1024);
    over.set(bytes("%PDF-1.4"));
    expect(refusal(() => checkAttachedFile(DELIVERY_NOTE, "bigger.pdf", over))).toBe(
      "A delivery note file can be at most 20 MB; this one is 21.0 MB.",
    );
    const oneByteOver = new Uint8Array(MAX_ATTACHED_FILE_BYTES + 1);
    oneByteOver.set(bytes("%PDF-1.4"));
    expect(refusal(() => checkAttachedFile(DELIVERY_NOTE, "bigger.pdf", oneByteOver))).toMatch(/at most 20 MB/);
  });

  it("refuses an empty file", () => {
    expect(refusal(() => checkAttachedFile(DELIVERY_NOTE, "empty.pdf", bytes()))).toMatch(/empty/);
  });

  it("allows ten files per delivery", () => {
    expect(() => guardFileCount(DELIVERY_NOTE, 9)).not.toThrow();
    expect(refusal(() => guardFileCount(DELIVERY_NOTE, 10))).toBe("A delivery holds at most 10 files; remove one before adding another.");
  });

  it("words an order's documents' refusals for documents, with the same limits", () => {
    expect(refusal(() => guardFileCount(ORDER_DOCUMENT, 10))).toBe("A purchase order holds at most 10 documents; remove one before adding another.");
    expect(refusal(() => checkAttachedFile(ORDER_DOCUMENT, "quote.pdf", new Uint8Array(MAX_ATTACHED_FILE_BYTES + 1)))).toBe(
      "A document can be at most 20 MB; this one is 20.0 MB.",
    );
    expect(checkAttachedFile(ORDER_DOCUMENT, "", bytes("%PDF-1.7")).fileName).toBe("document.pdf");
  });

  it("removes files only from drafts: a submitted delivery keeps its evidence", () => {
    expect(() => guardFileRemoval("draft")).not.toThrow();
    expect(() => guardFileRemoval("submitted")).toThrow(GuardrailError);
    try {
      guardFileRemoval("submitted");
    } catch (error) {
      expect((error as GuardrailError).toJSON()).toMatchObject({ rule: "delivery_files_are_evidence", allowed: ["upload_file"] });
    }
  });
});

describe("file names", () => {
  const pdf = sniffFileType(bytes("%PDF-"))!;
  const jpeg = sniffFileType(bytes([0xff, 0xd8, 0xff]))!;

  it.each([
    ["Lieferschein 4711.PDF", "Lieferschein 4711.PDF", pdf],
    ["../../etc/passwd", "passwd.pdf", pdf],
    ["C:\\Users\\me\\note.pdf", "note.pdf", pdf],
    ['a"b\r\nc.pdf', "a_b__c.pdf", pdf],
    ["invoice.exe", "invoice.exe.pdf", pdf],
    ["photo.jpeg", "photo.jpeg", jpeg],
    ["photo", "photo.jpg", jpeg],
    ["...", "delivery-note.pdf", pdf],
    ["", "delivery-note.pdf", pdf],
  ])("keeps %j safe as %j", (name, safe, type) => {
    expect(safeFileName(name, type, DELIVERY_NOTE)).toBe(safe);
  });

  it("caps long names, keeping the extension", () => {
    const safe = safeFileName(`${"x".repeat(300)}.pdf`, pdf, DELIVERY_NOTE);
    expect(safe).toHaveLength(120);
    expect(safe.endsWith(".pdf")).toBe(true);
  });

  it("downloads under an ASCII fallback and the exact UTF-8 name", () => {
    expect(attachmentDisposition("Lieferschein Müller (1).pdf")).toBe(
      "attachment; filename=\"Lieferschein M_ller (1).pdf\"; filename*=UTF-8''Lieferschein%20M%C3%BCller%20%281%29.pdf",
    );
  });
});
