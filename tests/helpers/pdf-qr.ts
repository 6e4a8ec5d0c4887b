// Reads tickets back out of a PDF as a scanner would: each page's black squares
// (the QR modules pdf-lib drew) rasterised to pixels and decoded with jsQR, and the
// page's text (pdf-lib writes standard-font text as hex strings).
import zlib from "node:zlib";
import jsQR from "jsqr";
import { PDFArray, PDFDocument, PDFRawStream, type PDFStream } from "pdf-lib";

function streamText(s: PDFRawStream): string {
  const raw = Buffer.from(s.getContents());
  return s.dict.toString().includes("FlateDecode") ? zlib.inflateSync(raw).toString("latin1") : raw.toString("latin1");
}

function pageContent(contents: PDFStream | PDFArray | undefined): string {
  if (!contents) return "";
  if (contents instanceof PDFArray) {
    let out = "";
    for (let i = 0; i < contents.size(); i++) out += streamText(contents.lookup(i) as PDFRawStream);
    return out;
  }
  return streamText(contents as unknown as PDFRawStream);
}

/** A square of dark modules in points: [x, y, size]. */
function blackSquares(content: string): Array<[number, number, number]> {
  const squares: Array<[number, number, number]> = [];
  const re = /q\n0 0 0 rg\n[\s\S]*?1 0 0 1 ([\d.-]+) ([\d.-]+) cm\n[\s\S]*?0 0 m\n0 ([\d.]+) l\n([\d.]+) [\d.]+ l\n[\d.]+ 0 l\nh\nf\nQ/g;
  for (const m of content.matchAll(re)) squares.push([Number(m[1]), Number(m[2]), Number(m[4])]);
  return squares;
}

/** The QR code drawn on a page, decoded; null when none is found. */
export function decodeQr(content: string): string | null {
  const squares = blackSquares(content);
  if (!squares.length) return null;
  const cell = squares[0]![2];
  const minX = Math.min(...squares.map((s) => s[0])) - 4 * cell;
  const maxY = Math.max(...squares.map((s) => s[1] + cell)) + 4 * cell;
  const n = Math.round((Math.max(...squares.map((s) => s[0] + cell)) + 4 * cell - minX) / cell);
  return decodeModules(n, (r, c) => squares.some(([x, y]) => Math.round((x - minX) / cell) === c && Math.round((maxY - y - cell) / cell) === r));
}

/** Modules (n×n, quiet zone included) rendered black on white at 6 pixels each and read by jsQR. */
export function decodeModules(n: number, dark: (r: number, c: number) => boolean): string | null {
  const px = 6;
  const size = n * px;
  const rgba = new Uint8ClampedArray(size * size * 4).fill(255);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!dark(r, c)) continue;
      for (let y = r * px; y < (r + 1) * px; y++) for (let x = c * px; x < (c + 1) * px; x++) rgba.fill(0, (y * size + x) * 4, (y * size + x) * 4 + 3);
    }
  }
  return jsQR(rgba, size, size)?.data ?? null;
}

/** pdf-lib's hex text strings of a page, decoded (Latin-1). */
export function pageText(content: string): string {
  return [...content.matchAll(/<([0-9A-Fa-f]+)> Tj/g)].map((m) => Buffer.from(m[1]!, "hex").toString("latin1")).join("\n");
}

export async function readTicketPdf(bytes: Uint8Array): Promise<Array<{ qr: string | null; text: string }>> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((p) => {
    const content = pageContent(p.node.Contents());
    return { qr: decodeQr(content), text: pageText(content) };
  });
}
