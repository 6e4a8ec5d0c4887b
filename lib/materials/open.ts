// Opening an event's materials with a link from an e-mail. The link names an
// attendee; the attendee's own event and organization decide which files it
// shows, so a link can never reach another event's or organization's files.
// Refusals say why in words and carry no file.
import type { Db } from "@/lib/db/client";
import type { FileRow } from "@/lib/db/schema";
import { listEventFiles } from "@/lib/files/records";
import type { Keyring } from "@/lib/vault";
import { verifyMaterialsToken } from "./access";

export type MaterialsAccess =
  | { ok: true; attendee: { id: string; name: string }; event: { id: string; orgId: string; title: string; slug: string }; materials: FileRow[] }
  | { ok: false; status: 403 | 404; message: string };

const NOT_VALID: MaterialsAccess = { ok: false, status: 403, message: "This materials link is not valid. Use the link from your e-mail as it was sent." };

export async function openMaterials(db: Db, keyring: Keyring, slug: string, token: string, now = Date.now()): Promise<MaterialsAccess> {
  const check = verifyMaterialsToken(keyring, token, now);
  if (!check.ok) {
    return check.reason === "expired"
      ? { ok: false, status: 403, message: "This materials link has expired: materials stay available for 30 days after the event." }
      : NOT_VALID;
  }
  const row = await db
    .selectFrom("attendees")
    .innerJoin("events", "events.id", "attendees.event_id")
    .select(["attendees.id", "attendees.name", "attendees.status", "events.id as event_id", "events.org_id", "events.title", "events.slug"])
    .where("attendees.id", "=", check.attendeeId)
    .whereRef("attendees.org_id", "=", "events.org_id")
    .executeTakeFirst();
  // A valid link presented under another event's address opens nothing.
  if (!row || row.slug !== slug) return { ok: false, status: 404, message: "These materials are no longer available." };
  if (row.status === "refunded") return { ok: false, status: 403, message: "Your ticket was refunded, so this event's materials are no longer shared with you." };
  if (row.status === "cancelled") return { ok: false, status: 403, message: "Your registration was cancelled, so this event's materials are no longer shared with you." };
  if (row.status !== "paid") return { ok: false, status: 403, message: "Materials are shared once your ticket is paid. Finish your order, then use this link again." };
  const materials = await listEventFiles(db, row.org_id, row.event_id, "material");
  return { ok: true, attendee: { id: row.id, name: row.name }, event: { id: row.event_id, orgId: row.org_id, title: row.title, slug: row.slug }, materials };
}
