import {
  fill,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingGrayscaleColor,
  StandardFonts,
  type PDFFont,
  type PDFPage,
} from "pdf-lib";

import { encodeCode128, QUIET_ZONE_MODULES } from "~/domain/code128";
import type { Label } from "~/domain/labels";

/**
 * Label PDFs: a sheet of labels on A4 paper, or one label per page for label printers. Text is
 * set in Helvetica (a standard PDF font, nothing embedded); bars are filled rectangles.
 */

const MM = 72 / 25.4;

export type LabelLayout = "sheet" | "single";

interface PageLayout {
  /** Page size in points. */
  width: number;
  height: number;
  columns: number;
  rows: number;
}

const PAGE_LAYOUTS: Record<LabelLayout, PageLayout> = {
  // A4 with 3 × 8 labels of 70 × 37.1 mm edge to edge (the common 24-up sheet, e.g. Avery 3474).
  sheet: { width: 210 * MM, height: 297 * MM, columns: 3, rows: 8 },
  // 2.25 × 1.25 in (57 × 32 mm), the usual product label on thermal label printers.
  single: { width: 2.25 * 72, height: 1.25 * 72, columns: 1, rows: 1 },
};

const LABELS_PER_PAGE: Record<LabelLayout, number> = {
  sheet: PAGE_LAYOUTS.sheet.columns * PAGE_LAYOUTS.sheet.rows,
  single: 1,
};

const PADDING_X = 3 * MM;
const PADDING_Y = 2.5 * MM;
const TITLE_SIZE = 8;
const TEXT_SIZE = 7;
const LINE_GAP = 1.5;
/** Thicker modules print no better on a label; thinner ones are still read down to ~0.19 mm. */
const MAX_MODULE_WIDTH = 0.33 * MM;
const MAX_BAR_HEIGHT = 14 * MM;

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  /** Code points the fonts can encode (WinAnsi, the same for every standard text font). */
  encodable: Set<number>;
}

/** What one label draws, relative to its box's bottom-left corner; shared by every copy of a label. */
interface PreparedLabel {
  texts: Array<{ text: string; x: number; y: number; size: number; font: PDFFont }>;
  bars: Array<{ x: number; width: number }>;
  barsY: number;
  barHeight: number;
}

export async function renderLabelPdf(labels: readonly Label[], layout: LabelLayout, title: string): Promise<Uint8Array<ArrayBuffer>> {
  const document = await PDFDocument.create();
  document.setTitle(title);
  document.setProducer("Inbound");
  document.setCreator("Inbound");
  const regular = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  const fonts: Fonts = { regular, bold, encodable: new Set(regular.getCharacterSet()) };

  const page = PAGE_LAYOUTS[layout];
  const boxWidth = page.width / page.columns;
  const boxHeight = page.height / page.rows;
  const prepared = new Map<Label, PreparedLabel>();
  let current: PDFPage | null = null;
  labels.forEach((label, index) => {
    const slot = index % LABELS_PER_PAGE[layout];
    if (slot === 0) current = document.addPage([page.width, page.height]);
    let drawing = prepared.get(label);
    if (!drawing) {
      drawing = prepareLabel(label, boxWidth, boxHeight, fonts);
      prepared.set(label, drawing);
    }
    const column = slot % page.columns;
    const row = Math.floor(slot / page.columns);
    drawLabel(current!, drawing, column * boxWidth, page.height - (row + 1) * boxHeight);
  });
  // A copy on a plain ArrayBuffer, as a Response body wants.
  return new Uint8Array(await document.save());
}

function prepareLabel(label: Label, width: number, height: number, fonts: Fonts): PreparedLabel {
  const inner = width - 2 * PADDING_X;
  const texts: PreparedLabel["texts"] = [];
  let top = height - PADDING_Y;
  const line = (text: string, font: PDFFont, size: number) => {
    top -= size;
    texts.push({ text: fitText(winAnsi(text, fonts.encodable), font, size, inner), x: PADDING_X, y: top, size, font });
    top -= LINE_GAP;
  };
  line(label.productTitle, fonts.bold, TITLE_SIZE);
  if (label.variantTitle) line(label.variantTitle, fonts.regular, TEXT_SIZE);
  const details = [label.sku ? `SKU ${label.sku}` : null, label.quantity > 1 ? `Qty ${label.quantity}` : null].filter(Boolean);
  if (details.length > 0) line(details.join("  ·  "), fonts.regular, TEXT_SIZE);
  if (!label.barcode) return { texts, bars: [], barsY: 0, barHeight: 0 };

  // The value under the bars, centred; the bars fill the space between it and the text above.
  const value = fitText(label.barcode, fonts.regular, TEXT_SIZE, inner);
  const valueWidth = fonts.regular.widthOfTextAtSize(value, TEXT_SIZE);
  texts.push({ text: value, x: (width - valueWidth) / 2, y: PADDING_Y, size: TEXT_SIZE, font: fonts.regular });
  const barsY = PADDING_Y + TEXT_SIZE + LINE_GAP;
  const barHeight = Math.min(MAX_BAR_HEIGHT, top - LINE_GAP - barsY);
  const code = encodeCode128(label.barcode);
  const module = Math.min(MAX_MODULE_WIDTH, inner / (code.modules + 2 * QUIET_ZONE_MODULES));
  let x = (width - code.modules * module) / 2;
  const bars: PreparedLabel["bars"] = [];
  code.widths.forEach((modules, index) => {
    // Even positions are bars, odd ones the spaces between them.
    if (index % 2 === 0) bars.push({ x, width: modules * module });
    x += modules * module;
  });
  return { texts, bars, barsY, barHeight };
}

function drawLabel(page: PDFPage, label: PreparedLabel, x: number, y: number): void {
  for (const text of label.texts) page.drawText(text.text, { x: x + text.x, y: y + text.y, size: text.size, font: text.font });
  if (label.bars.length === 0) return;
  // One path for all bars, filled once: far smaller and faster than a rectangle object per bar.
  page.pushOperators(
    pushGraphicsState(),
    setFillingGrayscaleColor(0),
    ...label.bars.map((bar) => rectangle(x + bar.x, y + label.barsY, bar.width, label.barHeight)),
    fill(),
    popGraphicsState(),
  );
}

/**
 * Text the standard fonts can show: Helvetica encodes WinAnsi only (Latin-1 and a few more), so
 * an accented letter outside it loses its accent and anything else ("☕", "東京") becomes "?".
 */
export function winAnsi(text: string, encodable: ReadonlySet<number>): string {
  let result = "";
  for (const char of text.replace(/\s+/g, " ")) {
    if (encodable.has(char.codePointAt(0)!)) {
      result += char;
      continue;
    }
    const base = char.normalize("NFD").replace(/\p{M}/gu, "");
    result += base !== "" && [...base].every((part) => encodable.has(part.codePointAt(0)!)) ? base : "?";
  }
  return result;
}

/** The text, cut with an ellipsis where it is wider than the label. */
export function fitText(text: string, font: PDFFont, size: number, maxWidth: number): string {
  if (font.widthOfTextAtSize(text, size) <= maxWidth) return text;
  let end = text.length;
  while (end > 0 && font.widthOfTextAtSize(`${text.slice(0, end).trimEnd()}…`, size) > maxWidth) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}
