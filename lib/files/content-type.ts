// What a file is, read from its first bytes with file-type, never from its name
// or the type a browser claimed: a script renamed to slides.pdf is not a PDF.
import { fileTypeFromBuffer } from "file-type";

/** How many leading bytes file-type needs to recognise every type we accept. */
export const SNIFF_BYTES = 4100;

/** The types a file can be, as the forms offer them; each is recognisable from its bytes. */
export const KNOWN_TYPES = {
  "application/pdf": { label: "PDF", ext: "pdf" },
  "image/png": { label: "PNG image", ext: "png" },
  "image/jpeg": { label: "JPEG image", ext: "jpg" },
  "image/webp": { label: "WebP image", ext: "webp" },
  "image/gif": { label: "GIF image", ext: "gif" },
  "application/zip": { label: "ZIP archive", ext: "zip" },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { label: "Word document", ext: "docx" },
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": { label: "PowerPoint presentation", ext: "pptx" },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { label: "Excel workbook", ext: "xlsx" },
} as const;

export type KnownType = keyof typeof KNOWN_TYPES;

export const IMAGE_TYPES: readonly KnownType[] = ["image/png", "image/jpeg", "image/webp", "image/gif"];

export function isKnownType(t: string): t is KnownType {
  return Object.hasOwn(KNOWN_TYPES, t);
}

/** The type the bytes are, or null when file-type does not recognise them. */
export async function sniffContentType(head: Uint8Array): Promise<string | null> {
  const found = await fileTypeFromBuffer(head);
  return found?.mime ?? null;
}

/** "PDF, PNG image or JPEG image", for a field error. */
export function describeTypes(types: readonly string[]): string {
  const labels = types.map((t) => (isKnownType(t) ? KNOWN_TYPES[t].label : t));
  return labels.length <= 1 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} or ${labels.at(-1)}`;
}
