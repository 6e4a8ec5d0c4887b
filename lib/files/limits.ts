// What each kind of file may be. A "file" registration question narrows the
// answer's limits further (its own types and size, lib/domain/questions).
import type { FilePurpose } from "@/lib/db/schema";
import { IMAGE_TYPES, KNOWN_TYPES, type KnownType } from "./content-type";

export interface FileLimits {
  types: readonly KnownType[];
  maxBytes: number;
}

const MB = 1024 * 1024;

export const PURPOSE_LIMITS: Record<FilePurpose, FileLimits> = {
  cover: { types: IMAGE_TYPES, maxBytes: 10 * MB },
  material: { types: Object.keys(KNOWN_TYPES) as KnownType[], maxBytes: 100 * MB },
  answer: { types: ["application/pdf", ...IMAGE_TYPES, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"], maxBytes: 10 * MB },
};

export function formatBytes(n: number): string {
  if (n >= MB) return `${Math.round((n / MB) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
