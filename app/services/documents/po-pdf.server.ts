import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFImage, type PDFPage } from "pdf-lib";

import { COLUMN_LAYOUT, paginateRows, type PurchaseOrderDocument } from "~/domain/documents";

import { fitText, winAnsi } from "../labels/pdf.server";

import { loadPurchaseOrderDocument, type DocumentDeps, type LoadedDocument } from "./po-document.server";

/**
 * The PO document as a PDF: A4 portrait, Helvetica (a standard font, nothing embedded), the
 * header block on the first page, the line table across as many pages as it needs with its
 * header row repeated on each, totals and the public note after the last row, and the
 * template's footer and "Page N of M" at the bottom of every page.
 */

export interface DocumentFile {
  fileName: string;
  contentType: string;
  body: Uint8Array<ArrayBuffer>;
}

export async function purchaseOrderPdf(deps: DocumentDeps, shopDomain: string, orderId: string): Promise<DocumentFile> {
  const loaded = await loadPurchaseOrderDocument(deps, shopDomain, orderId);
  return { fileName: `${loaded.fileStem}.pdf`, contentType: "application/pdf", body: await renderPurchaseOrderPdf(loaded) };
}

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 40;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const TEXT_SIZE = 9;
const SMALL_SIZE = 8;
const TITLE_SIZE = 16;
const LINE_HEIGHT = 12;
const ROW_HEIGHT = 14;
const CELL_PADDING = 3;
const LOGO_MAX_HEIGHT = 48;
const LOGO_MAX_WIDTH = 160;
const FOOTER_LINES = 3;
/** Room at the bottom of every page: the footer's lines and the page number. */
const BOTTOM = MARGIN + (FOOTER_LINES + 1) * (SMALL_SIZE + 2);
const GREY = rgb(0.93, 0.93, 0.93);
const RULE = rgb(0.75, 0.75, 0.75);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  encodable: Set<number>;
}

export async function renderPurchaseOrderPdf({ document: content, logo }: LoadedDocument): Promise<Uint8Array<ArrayBuffer>> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(content.title);
  pdf.setProducer("Inbound");
  pdf.setCreator("Inbound");
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const fonts: Fonts = { regular, bold, encodable: new Set(regular.getCharacterSet()) };
  const image = logo ? await (logo.contentType === "image/png" ? pdf.embedPng(logo.bytes) : pdf.embedJpg(logo.bytes)) : null;

  const text = (value: string) => winAnsi(value, fonts.encodable);
  const widths = columnWidths(content);
  const noteLines = paragraphs(content.note).flatMap((paragraph) => wrap(text(paragraph), regular, TEXT_SIZE, CONTENT_WIDTH));
  const closingHeight = LINE_HEIGHT + content.totals.length * LINE_HEIGHT + (noteLines.length > 0 ? LINE_HEIGHT * (noteLines.length + 2) : 0);
  const headerBottom = headerBlockBottom(content, image);
  const pages = paginateRows(
    content.rows.length,
    Math.floor((headerBottom - ROW_HEIGHT - BOTTOM) / ROW_HEIGHT),
    Math.floor((PAGE_HEIGHT - MARGIN - ROW_HEIGHT - BOTTOM) / ROW_HEIGHT),
    Math.ceil(closingHeight / ROW_HEIGHT),
  );
  const footerLines = paragraphs(content.footer)
    .flatMap((paragraph) => wrap(text(paragraph), regular, SMALL_SIZE, CONTENT_WIDTH))
    .slice(0, FOOTER_LINES);

  let row = 0;
  pages.forEach((rowsOnPage, index) => {
    const page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    let y = index === 0 ? drawHeaderBlock(page, content, image, fonts) : PAGE_HEIGHT - MARGIN;
    if (rowsOnPage > 0 || index === 0) {
      y = drawTableRow(page, content.headers, widths, content, y, fonts.bold, fonts, GREY);
      for (const cells of content.rows.slice(row, row + rowsOnPage)) y = drawTableRow(page, cells, widths, content, y, fonts.regular, fonts, null);
      row += rowsOnPage;
    }
    if (index === pages.length - 1) drawClosingBlock(page, content, noteLines, y, fonts);
    drawPageFooter(page, footerLines, `Page ${index + 1} of ${pages.length}`, fonts);
  });
  return new Uint8Array(await pdf.save());
}

function columnWidths(content: PurchaseOrderDocument): number[] {
  const total = content.columns.reduce((sum, column) => sum + COLUMN_LAYOUT[column].weight, 0);
  return content.columns.map((column) => (COLUMN_LAYOUT[column].weight / total) * CONTENT_WIDTH);
}

/** Left: shop, then supplier; right: the details; below: billing and shipping addresses. */
function headerBlockHeights(content: PurchaseOrderDocument, image: PDFImage | null) {
  const logoHeight = image ? Math.min(LOGO_MAX_HEIGHT, image.scaleToFit(LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT).height) + 8 : 0;
  // "From", the shop, a blank line, "Supplier", the supplier, and a blank line before what follows.
  const parties = Math.max(content.shopLines.length + content.supplierLines.length + 4, content.details.length + 1) * LINE_HEIGHT;
  const addresses = Math.max(content.billingLines.length, content.shippingLines.length);
  return { logoHeight, parties, addresses: addresses > 0 ? (addresses + 2) * LINE_HEIGHT : 0 };
}

function headerBlockBottom(content: PurchaseOrderDocument, image: PDFImage | null): number {
  const heights = headerBlockHeights(content, image);
  return PAGE_HEIGHT - MARGIN - heights.logoHeight - TITLE_SIZE - 10 - heights.parties - heights.addresses;
}

function drawHeaderBlock(page: PDFPage, content: PurchaseOrderDocument, image: PDFImage | null, fonts: Fonts): number {
  const text = (value: string) => winAnsi(value, fonts.encodable);
  const heights = headerBlockHeights(content, image);
  let top = PAGE_HEIGHT - MARGIN;
  if (image) {
    const size = image.scaleToFit(LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT);
    page.drawImage(image, { x: MARGIN, y: top - size.height, width: size.width, height: size.height });
    top -= heights.logoHeight;
  }
  top -= TITLE_SIZE;
  page.drawText(text(content.title), { x: MARGIN, y: top, size: TITLE_SIZE, font: fonts.bold });
  top -= 10;

  const half = CONTENT_WIDTH / 2;
  const lines = (x: number, y: number, heading: string | null, values: readonly string[]) => {
    let at = y;
    if (heading) {
      at -= LINE_HEIGHT;
      page.drawText(heading, { x, y: at, size: TEXT_SIZE, font: fonts.bold });
    }
    for (const value of values) {
      at -= LINE_HEIGHT;
      page.drawText(fitText(text(value), fonts.regular, TEXT_SIZE, half - 10), { x, y: at, size: TEXT_SIZE, font: fonts.regular });
    }
    return at;
  };
  const afterShop = lines(MARGIN, top, "From", content.shopLines);
  lines(MARGIN, afterShop - LINE_HEIGHT, "Supplier", content.supplierLines);
  let detailsY = top;
  for (const [label, value] of content.details) {
    detailsY -= LINE_HEIGHT;
    page.drawText(`${label}:`, { x: MARGIN + half, y: detailsY, size: TEXT_SIZE, font: fonts.bold });
    page.drawText(fitText(text(value), fonts.regular, TEXT_SIZE, half / 2), {
      x: MARGIN + half + half / 2,
      y: detailsY,
      size: TEXT_SIZE,
      font: fonts.regular,
    });
  }
  top -= heights.parties;
  if (heights.addresses > 0) {
    if (content.billingLines.length > 0) lines(MARGIN, top, "Bill to", content.billingLines);
    if (content.shippingLines.length > 0) lines(MARGIN + half, top, content.shippingHeading, content.shippingLines);
    top -= heights.addresses;
  }
  return top;
}

function drawTableRow(
  page: PDFPage,
  cells: readonly string[],
  widths: readonly number[],
  content: PurchaseOrderDocument,
  top: number,
  font: PDFFont,
  fonts: Fonts,
  background: ReturnType<typeof rgb> | null,
): number {
  const bottom = top - ROW_HEIGHT;
  if (background) page.drawRectangle({ x: MARGIN, y: bottom, width: CONTENT_WIDTH, height: ROW_HEIGHT, color: background });
  let x = MARGIN;
  cells.forEach((cell, index) => {
    const width = widths[index]!;
    const value = fitText(winAnsi(cell, fonts.encodable), font, TEXT_SIZE, width - 2 * CELL_PADDING);
    const right = COLUMN_LAYOUT[content.columns[index]!].align === "right";
    const textX = right ? x + width - CELL_PADDING - font.widthOfTextAtSize(value, TEXT_SIZE) : x + CELL_PADDING;
    page.drawText(value, { x: textX, y: bottom + 4, size: TEXT_SIZE, font });
    x += width;
  });
  page.drawLine({ start: { x: MARGIN, y: bottom }, end: { x: MARGIN + CONTENT_WIDTH, y: bottom }, thickness: 0.5, color: RULE });
  return bottom;
}

function drawClosingBlock(page: PDFPage, content: PurchaseOrderDocument, noteLines: readonly string[], top: number, fonts: Fonts): void {
  let y = top - LINE_HEIGHT;
  const right = MARGIN + CONTENT_WIDTH - CELL_PADDING;
  content.totals.forEach(([label, value], index) => {
    y -= LINE_HEIGHT;
    const font = index === content.totals.length - 1 ? fonts.bold : fonts.regular;
    page.drawText(label, { x: right - 200, y, size: TEXT_SIZE, font });
    page.drawText(value, { x: right - font.widthOfTextAtSize(value, TEXT_SIZE), y, size: TEXT_SIZE, font });
  });
  if (noteLines.length === 0) return;
  y -= 2 * LINE_HEIGHT;
  page.drawText("Note", { x: MARGIN, y, size: TEXT_SIZE, font: fonts.bold });
  for (const line of noteLines) {
    y -= LINE_HEIGHT;
    page.drawText(line, { x: MARGIN, y, size: TEXT_SIZE, font: fonts.regular });
  }
}

function drawPageFooter(page: PDFPage, footerLines: readonly string[], pageNumber: string, fonts: Fonts): void {
  let y = BOTTOM - SMALL_SIZE - 4;
  for (const line of footerLines) {
    page.drawText(line, { x: MARGIN, y, size: SMALL_SIZE, font: fonts.regular });
    y -= SMALL_SIZE + 2;
  }
  const width = fonts.regular.widthOfTextAtSize(pageNumber, SMALL_SIZE);
  page.drawText(pageNumber, { x: PAGE_WIDTH - MARGIN - width, y: MARGIN, size: SMALL_SIZE, font: fonts.regular });
}

/** The merchant's own line breaks are kept; the text within them is wrapped. */
function paragraphs(text: string | null): string[] {
  return text ? text.split(/\r?\n/).filter((line) => line.trim() !== "") : [];
}

/** Words into lines no wider than the width (a word wider than a line is cut). */
function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    const candidate = current ? `${current} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= maxWidth || !current) current = candidate;
    else {
      lines.push(fitText(current, font, size, maxWidth));
      current = word;
    }
  }
  if (current) lines.push(fitText(current, font, size, maxWidth));
  return lines;
}
