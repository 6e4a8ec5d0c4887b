// What Google Drive shows on the admin event page: the event's folder with how
// many materials it holds and how many people may read it, and per attendee
// whether their e-mail is shared. From our own records; a page view asks Drive nothing.
import type { Db } from "@/lib/db/client";
import type { EventViewsCapability } from "../contract";
import { FOLDER, type FolderRef } from "./folders";
import { MATERIAL } from "./materials";
import { READER, readerKey, type ReaderRef } from "./sharing";

async function rowsOf(db: Db, connectionId: string, kind: string) {
  return db.selectFrom("external_objects").select(["local_id", "external_id", "data"]).where("connection_id", "=", connectionId).where("kind", "=", kind).execute();
}

export const driveEventViews: EventViewsCapability = {
  async panel(db, connection, eventId) {
    const folder = await db.selectFrom("external_objects").select(["external_id", "data"]).where("connection_id", "=", connection.id).where("kind", "=", FOLDER).where("local_id", "=", eventId).executeTakeFirst();
    if (!folder) return null;
    const ref = folder.data as unknown as FolderRef;
    if (ref.deleted) return { title: "Google Drive folder", rows: [{ label: "State", value: "deleted with the event" }] };
    const files = (await rowsOf(db, connection.id, MATERIAL)).filter((r) => (r.data as { eventId?: string; deleted?: boolean }).eventId === eventId && !(r.data as { deleted?: boolean }).deleted);
    const readers = (await rowsOf(db, connection.id, READER)).filter((r) => (r.data as unknown as ReaderRef).eventId === eventId && (r.data as unknown as ReaderRef).state === "shared");
    return {
      title: "Google Drive folder",
      ...(ref.webViewLink ? { link: { href: ref.webViewLink, label: ref.name } } : {}),
      rows: [
        { label: "Materials", value: String(files.length) },
        { label: "Shared with", value: `${readers.length} ${readers.length === 1 ? "person" : "people"}` },
      ],
    };
  },
  async attendeeStatus(db, connection, attendeeIds) {
    const attendees = await db.selectFrom("attendees").select(["id", "event_id", "email"]).where("id", "in", attendeeIds).where("org_id", "=", connection.orgId).execute();
    const keys = attendees.map((a) => readerKey(a.event_id, a.email));
    if (!keys.length) return new Map();
    const readers = await db.selectFrom("external_objects").select(["local_id", "data"]).where("connection_id", "=", connection.id).where("kind", "=", READER).where("local_id", "in", keys).execute();
    const byKey = new Map(readers.map((r) => [r.local_id, r.data as unknown as ReaderRef]));
    const out = new Map<string, string>();
    for (const a of attendees) {
      const ref = byKey.get(readerKey(a.event_id, a.email));
      if (ref) out.set(a.id, ref.state === "shared" ? "Drive: materials folder shared" : "Drive: access removed");
    }
    return out;
  },
};
