import { GuardrailError, ValidationError } from "./errors";

/**
 * Files the merchant attaches — a delivery's notes, an order's documents (supplier invoice,
 * quote): a PDF or an image, scanned or exported. What a file is comes from its first bytes,
 * never from its name or the browser's claimed type, so a renamed executable is refused and the
 * type Inbound serves it with is the one it checked. Every kind has the same limits; only the
 * words in the messages differ.
 */

export const MAX_ATTACHED_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_FILES_PER_OWNER = 10;

/** What the files are and what holds them, in the words the merchant reads in a refusal. */
export interface AttachmentKind {
  /** One file, as in "A delivery note file can be at most 20 MB". */
  file: string;
  /** What its content is, as in "A delivery note must be a PDF…" and "choose the delivery note again". */
  content: string;
  /** The owner and the files in it, as in "A delivery holds at most 10 files". */
  owner: string;
  files: string;
  /** The downloaded name when the uploaded one has nothing usable left. */
  fallbackStem: string;
}

export const DELIVERY_NOTE: AttachmentKind = {
  file: "delivery note file",
  content: "delivery note",
  owner: "delivery",
  files: "files",
  fallbackStem: "delivery-note",
};

export const ORDER_DOCUMENT: AttachmentKind = {
  file: "document",
  content: "document",
  owner: "purchase order",
  files: "documents",
  fallbackStem: "document",
};

export interface FileType {
  contentType: string;
  extension: string;
}

const PDF: FileType = { contentType: "application/pdf", extension: "pdf" };
const PNG: FileType = { contentType: "image/png", extension: "png" };
const JPEG: FileType = { contentType: "image/jpeg", extension: "jpg" };
const GIF: FileType = { contentType: "image/gif", extension: "gif" };
const WEBP: FileType = { contentType: "image/webp", extension: "webp" };
const HEIC: FileType = { contentType: "image/heic", extension: "heic" };
const HEIF: FileType = { contentType: "image/heif", extension: "heif" };
const AVIF: FileType = { contentType: "image/avif", extension: "avif" };

const ALLOWED_DESCRIPTION = "a PDF or an image (PNG, JPEG, GIF, WebP, HEIC or AVIF)";

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return bytes.length >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);
}

const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

/** ISO base media brands (bytes 8–11 after `ftyp`) of HEIF-family still images. */
const HEIF_BRANDS: Record<string, FileType> = {
  heic: HEIC,
  heix: HEIC,
  heim: HEIC,
  heis: HEIC,
  mif1: HEIF,
  msf1: HEIF,
  avif: AVIF,
  avis: AVIF,
};

/** The file's type by its magic bytes, or null when it is none of the allowed types. */
export function sniffFileType(bytes: Uint8Array): FileType | null {
  // PDF readers tolerate junk before the header; we do not, so nothing else can pass as a PDF.
  if (startsWith(bytes, ascii("%PDF-"))) return PDF;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return GIF;
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return WEBP;
  if (startsWith(bytes, ascii("ftyp"), 4) && bytes.length >= 12) {
    return HEIF_BRANDS[String.fromCharCode(...bytes.subarray(8, 12))] ?? null;
  }
  return null;
}

const MEGABYTE = 1024 * 1024;

/** A file's size as the cards show it: bytes, KB or MB. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MEGABYTE) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / MEGABYTE).toFixed(1)} MB`;
}

/** Refusal of a file over the size limit; `size` is null when the upload was cut off unread. */
export function fileTooLarge(kind: AttachmentKind, size: number | null): ValidationError {
  const actual = size === null ? "this one is larger" : `this one is ${(size / MEGABYTE).toFixed(1)} MB`;
  return new ValidationError({
    file: `A ${kind.file} can be at most ${MAX_ATTACHED_FILE_BYTES / MEGABYTE} MB; ${actual}.`,
  });
}

export interface CheckedFile {
  /** The name to show and to download under: no path, no control characters. */
  fileName: string;
  /** From the content, never the client's claim. */
  type: FileType;
}

/** A file's name, size and content checked; ValidationError on field `file` otherwise. */
export function checkAttachedFile(kind: AttachmentKind, fileName: string, bytes: Uint8Array): CheckedFile {
  if (bytes.length === 0) throw new ValidationError({ file: `The file is empty: choose the ${kind.content} again.` });
  if (bytes.length > MAX_ATTACHED_FILE_BYTES) throw fileTooLarge(kind, bytes.length);
  const type = sniffFileType(bytes);
  if (!type) {
    throw new ValidationError({
      file: `A ${kind.content} must be ${ALLOWED_DESCRIPTION}; the content of this file is none of these (its name does not count).`,
    });
  }
  return { fileName: safeFileName(fileName, type, kind), type };
}

/** Adding one more file to an owner that already holds `count`. */
export function guardFileCount(kind: AttachmentKind, count: number): void {
  if (count >= MAX_FILES_PER_OWNER) {
    throw new ValidationError({
      file: `A ${kind.owner} holds at most ${MAX_FILES_PER_OWNER} ${kind.files}; remove one before adding another.`,
    });
  }
}

/**
 * Files are the delivery's evidence: they can be added after submit (a note that arrives later),
 * but only a draft's files can be removed. (An order's documents are the merchant's own papers:
 * no such rule.)
 */
export function guardFileRemoval(deliveryStatus: string): void {
  if (deliveryStatus !== "draft") {
    throw new GuardrailError(
      "precondition_failed",
      "delivery_files_are_evidence",
      deliveryStatus,
      ["upload_file"],
      "This delivery was submitted: its files are kept as evidence of what arrived. You can still add files.",
    );
  }
}

const MAX_NAME_LENGTH = 120;

/**
 * A name safe to show and to download under: the last path segment, without control or
 * quoting characters, at most 120 characters, ending in the extension of the sniffed type
 * (so "note.exe" holding a PDF downloads as "note.exe.pdf", never as an executable).
 */
export function safeFileName(fileName: string, type: FileType, kind: AttachmentKind): string {
  const base = (fileName.split(/[/\\]/).pop() ?? "")
    .normalize("NFC")
    // eslint-disable-next-line no-control-regex -- control characters are what a safe file name must not contain
    .replace(/[\u0000-\u001f\u007f"*:<>?|]/g, "_")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  const withoutExtension = base.replace(/\.[^.]*$/, "");
  const extension = base.slice(withoutExtension.length + 1);
  const matches = [type.extension, ...(type === JPEG ? ["jpeg"] : [])].includes(extension.toLowerCase());
  const stem = (matches ? withoutExtension : base) || kind.fallbackStem;
  const suffix = `.${matches ? extension : type.extension}`;
  return `${[...stem].slice(0, MAX_NAME_LENGTH - suffix.length).join("")}${suffix}`;
}

/**
 * The Content-Disposition of a download: an ASCII `filename` for old clients and the exact
 * name as RFC 5987 `filename*`.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
