export interface PdfPage {
  width: number;
  height: number;
  /** The page's text items, one a line. */
  text: string;
}

/** Each page's size and text, as a PDF reader extracts it. */
export async function readPdfPages(source: Response | Uint8Array): Promise<PdfPage[]> {
  const data = source instanceof Response ? new Uint8Array(await source.arrayBuffer()) : new Uint8Array(source);
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const loading = getDocument({ data, verbosity: 0 });
  const pdf = await loading.promise;
  const pages = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const page = await pdf.getPage(number);
    const [, , width, height] = page.view;
    const content = await page.getTextContent();
    pages.push({ width: width!, height: height!, text: content.items.map((item) => ("str" in item ? item.str : "")).join("\n") });
  }
  await loading.destroy();
  return pages;
}
