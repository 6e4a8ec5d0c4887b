// Names as OneDrive takes them. A name is made from the event or the material
// (never a path: whatever a person typed stays one name), without the characters
// OneDrive refuses, and the same on every attempt, so a retried create finds
// what an earlier attempt made instead of making a second one.
import type { EventSnapshot, MaterialSnapshot } from "@/lib/domain/outbox/catalog";

/** OneDrive refuses " * : < > ? / \ | and control characters, a leading or trailing space, and a trailing period. */
export function driveSafe(name: string, fallback: string): string {
  const cleaned = name.replace(/[\u0000-\u001f\u007f"*:<>?/\\|]/g, "_").replace(/\s+/g, " ").trim().replace(/[.\s]+$/, "");
  return cleaned && !/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(cleaned) && !cleaned.startsWith("~$") ? cleaned : fallback;
}

/** "Spring Summit 2030-06-01 (1a2b3c4d)": readable, and one event's alone even when two share a title and a day. */
export function eventFolderName(event: Pick<EventSnapshot, "id" | "title" | "startsAt">): string {
  return `${driveSafe(event.title, "Event").slice(0, 120)} ${event.startsAt.slice(0, 10)} (${event.id.slice(0, 8)})`;
}

/** The material's own name; `taken` when another material of the event already has it, so neither replaces the other. */
export function materialFileName(material: Pick<MaterialSnapshot, "id" | "filename">, taken: boolean): string {
  const name = driveSafe(material.filename, "file").slice(0, 200);
  if (!taken) return name;
  const dot = name.lastIndexOf(".");
  const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  return `${base} (${material.id.slice(0, 8)})${ext}`;
}
