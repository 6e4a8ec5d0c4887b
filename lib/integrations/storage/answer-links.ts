// Download links for the files attendees gave as answers, for the admin's
// attendee list: short-lived, made when the page renders, so a copied link
// soon stops working. A file whose link cannot be made now (its storage
// connection failing) is shown by name without one.
import type { Db } from "@/lib/db/client";
import type { StoredAnswer } from "@/lib/db/schema";
import { log } from "@/lib/log";
import type { Keyring } from "@/lib/vault";
import { fileLink } from "./links";

/** Long enough to click through from the list, short enough that a forwarded link is of little use. */
export const ANSWER_LINK_SECONDS = 10 * 60;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function answerFileLinks(db: Db, keyring: Keyring, orgId: string, attendees: ReadonlyArray<{ answers: readonly StoredAnswer[] }>): Promise<Map<string, string>> {
  const ids = [...new Set(attendees.flatMap((a) => a.answers.filter((x) => x.kind === "file" && typeof x.value === "string" && UUID.test(x.value)).map((x) => x.value as string)))];
  const links = new Map<string, string>();
  if (ids.length === 0) return links;
  const files = await db.selectFrom("files").selectAll().where("org_id", "=", orgId).where("id", "in", ids).where("status", "=", "stored").execute();
  await Promise.all(
    files.map(async (f) => {
      try {
        links.set(f.id, await fileLink(db, keyring, f, { expiresInSeconds: ANSWER_LINK_SECONDS, download: true }));
      } catch (err) {
        log.warn({ fileId: f.id, err: (err as Error).message }, "no download link for an answer's file");
      }
    }),
  );
  return links;
}
