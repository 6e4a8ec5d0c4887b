// What a "file" question takes: the organizer's types and size, always inside
// what any attendee upload may be (PURPOSE_LIMITS.answer), so a question saved
// before the limits tightened never lets more through than they allow now.
import type { EventQuestionRow } from "@/lib/db/schema";
import { describeTypes, type KnownType } from "@/lib/files/content-type";
import { formatBytes, PURPOSE_LIMITS, type FileLimits } from "@/lib/files/limits";

export const MB = 1024 * 1024;

/** The types an organizer may offer for a file question, in the order the editor lists them. */
export const ANSWER_TYPES: readonly KnownType[] = PURPOSE_LIMITS.answer.types;

/** The largest file a question may take, in MB (the editor's field). */
export const ANSWER_MAX_MB = PURPOSE_LIMITS.answer.maxBytes / MB;

export function questionFileLimits(q: Pick<EventQuestionRow, "file_accept" | "file_max_bytes">): FileLimits {
  const chosen = ANSWER_TYPES.filter((t) => q.file_accept.includes(t));
  const max = PURPOSE_LIMITS.answer.maxBytes;
  return {
    types: chosen.length ? chosen : ANSWER_TYPES,
    maxBytes: q.file_max_bytes && q.file_max_bytes > 0 ? Math.min(q.file_max_bytes, max) : max,
  };
}

/** "PDF or PNG image, up to 5 MB", under the field on the public form. */
export function describeFileLimits(limits: FileLimits): string {
  return `${describeTypes(limits.types)}, up to ${formatBytes(limits.maxBytes)}.`;
}
