// What GitHub shows on the admin event page: the hackathon's repository with its
// pushes and how many participants joined, and per attendee whether they were
// invited, joined or removed. From our own records of what we did and what
// GitHub's webhooks told us.
import type { Db } from "@/lib/db/client";
import type { EventViewsCapability } from "../contract";
import { PARTICIPANT, type ParticipantRef } from "./participants";
import { REPOSITORY, type RepositoryRef } from "./repositories";

const WORDS: Record<ParticipantRef["state"], string> = { invited: "invited", member: "joined", removed: "access removed" };

async function participants(db: Db, connectionId: string, repository: string): Promise<ParticipantRef[]> {
  const rows = await db.selectFrom("external_objects").select("data").where("connection_id", "=", connectionId).where("kind", "=", PARTICIPANT).execute();
  return rows.map((r) => r.data as unknown as ParticipantRef).filter((p) => p.repository === repository);
}

export const githubEventViews: EventViewsCapability = {
  async panel(db, connection, eventId) {
    const row = await db.selectFrom("external_objects").select(["external_id", "data"]).where("connection_id", "=", connection.id).where("kind", "=", REPOSITORY).where("local_id", "=", eventId).executeTakeFirst();
    if (!row?.external_id) return null;
    const repo = row.data as unknown as RepositoryRef;
    const people = await participants(db, connection.id, repo.fullName);
    return {
      title: "GitHub repository",
      link: { href: repo.htmlUrl, label: repo.fullName },
      rows: [
        { label: "Commits pushed", value: String(repo.pushes ?? 0) },
        { label: "Participants joined", value: String(people.filter((p) => p.state === "member").length) },
        { label: "Invitations pending", value: String(people.filter((p) => p.state === "invited").length) },
        { label: "State", value: repo.archivedAt ? `archived ${repo.archivedAt.slice(0, 10)}` : "active" },
      ],
    };
  },
  async attendeeStatus(db, connection, attendeeIds) {
    const rows = await db.selectFrom("external_objects").select(["local_id", "data"]).where("connection_id", "=", connection.id).where("kind", "=", PARTICIPANT).where("local_id", "in", attendeeIds).execute();
    return new Map(rows.map((r) => {
      const p = r.data as unknown as ParticipantRef;
      return [r.local_id, `GitHub: ${WORDS[p.state]} as ${p.username}${p.via === "team" ? ` (team ${p.teamSlug ?? ""})` : ""}`];
    }));
  },
};
