// What OneDrive shows on the admin event page: the event's folder with its link,
// how many materials are in it and how many people it is shared with; and per
// attendee whether their address has the folder. From our own records only.
import { sql } from "kysely";
import type { EventViewsCapability } from "../contract";
import { grantKey, KIND, type FolderRecord, type GrantRecord } from "./records";

export const onedriveEventViews: EventViewsCapability = {
  async panel(db, connection, eventId) {
    const folder = await db.selectFrom("external_objects").select(["external_id", "data"]).where("connection_id", "=", connection.id).where("kind", "=", KIND.folder).where("local_id", "=", eventId).executeTakeFirst();
    if (!folder?.external_id) return null;
    const f = folder.data as unknown as FolderRecord;
    const count = async (kind: string, field: string, whenLive: string, absent: string) =>
      Number(
        (
          await db
            .selectFrom("external_objects")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .where("connection_id", "=", connection.id)
            .where("kind", "=", kind)
            .where(sql`data->>'eventId'`, "=", eventId)
            .where(sql`coalesce(data->>${field}, ${absent})`, "=", whenLive)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const materials = await count(KIND.material, "removed", "false", "false");
    const people = await count(KIND.grant, "state", "shared", "");
    return {
      title: "OneDrive folder",
      ...(f.deleted ? {} : { link: { href: f.shareUrl || f.webUrl, label: f.name } }),
      rows: [
        { label: "Materials", value: String(materials) },
        { label: "Shared with", value: `${people} ${people === 1 ? "address" : "addresses"}` },
        { label: "State", value: f.deleted ? "deleted with the event" : "kept" },
      ],
    };
  },
  async attendeeStatus(db, connection, attendeeIds) {
    const attendees = await db.selectFrom("attendees").select(["id", "event_id", "email"]).where("org_id", "=", connection.orgId).where("id", "in", attendeeIds).execute();
    if (!attendees.length) return new Map();
    const keys = attendees.map((a) => grantKey(a.event_id, a.email));
    const grants = await db.selectFrom("external_objects").select(["local_id", "data"]).where("connection_id", "=", connection.id).where("kind", "=", KIND.grant).where("local_id", "in", keys).execute();
    const byKey = new Map(grants.map((g) => [g.local_id, g.data as unknown as GrantRecord]));
    const out = new Map<string, string>();
    for (const a of attendees) {
      const g = byKey.get(grantKey(a.event_id, a.email));
      if (g) out.set(a.id, g.state === "shared" ? `OneDrive: materials folder shared with ${g.email}` : `OneDrive: access to the materials folder removed`);
    }
    return out;
  },
};
