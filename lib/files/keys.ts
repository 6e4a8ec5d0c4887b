// Object keys are made here and nowhere else: org/<org id>/<purpose>/<file id>.
// Nothing a person typed (a file name) ever becomes part of a key or a path, so
// a name like "../../other-org/x" is only ever a download name.
import type { FilePurpose } from "@/lib/db/schema";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const KEY = new RegExp(`^org/(${UUID})/(cover|material|answer)/(${UUID})$`);

export function objectKey(orgId: string, purpose: FilePurpose, fileId: string): string {
  const key = `org/${orgId}/${purpose}/${fileId}`;
  if (!KEY.test(key)) throw new Error("object key from malformed ids");
  return key;
}

/** The organization a key belongs to; null for anything that is not a key we made. */
export function keyOrg(key: string): string | null {
  return KEY.exec(key)?.[1] ?? null;
}

export function isObjectKey(key: string): boolean {
  return KEY.test(key);
}

/** The prefix every key of one organization starts with (listing, cleanup). */
export function orgPrefix(orgId: string): string {
  return `org/${orgId}/`;
}
