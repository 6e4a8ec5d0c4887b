// What GitHub shows on the admin event page: the hackathon's repository with its
// pushes and how many participants joined (or, with a repository per team, one
// line per team's repository with its pushes), and per attendee whether they were
// invited, joined, removed, or not invited for want of a team. From our own
// records of what we did and what GitHub's webhooks told us.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import type { EventPanel, EventViewsCapability } from "../contract";
import { PARTICIPANT, type ParticipantRef } from "./participants";
import { REPOSITORY, type RepositoryRef } from "./repositories";

const WORDS: Record<ParticipantRef["state"], string> = { invited: "invited", member: "joined", removed: "access removed", no_team: "no team given" };

async function participants(db: Db, connectionId: string): Promise<ParticipantRef[]> {
  const rows = await db.selectFrom("external_objects").select("data").where("connection_id", "=", connectionId).where("kind", "=", PARTICIPANT).execute();
  return rows.map((r) => r.data as unknown as ParticipantRef);
}

const state = (repo: RepositoryRef) => (repo.archivedAt ? `archived ${repo.archivedAt.slice(0, 10)}` : "active");

function eventPanel(repo: RepositoryRef, people: ParticipantRef[]): EventPanel {
  const mine = people.filter((p) => p.repository === repo.fullName);
  return {
    title: "GitHub repository",
    link: { href: repo.htmlUrl, label: repo.fullName },
    rows: [
      { label: "Commits pushed", value: String(repo.pushes ?? 0) },
      { label: "Participants joined", value: String(mine.filter((p) => p.state === "member").length) },
      { label: "Invitations pending", value: String(mine.filter((p) => p.state === "invited").length) },
      { label: "State", value: state(repo) },
    ],
  };
}

function teamLine(repo: RepositoryRef, people: ParticipantRef[]): { label: string; value: string } {
  const mine = people.filter((p) => p.repository === repo.fullName);
  const joined = mine.filter((p) => p.state === "member").length;
  const pending = mine.filter((p) => p.state === "invited").length;
  const pushes = repo.pushes ?? 0;
  return {
    label: `${repo.team ?? repo.name} (${repo.fullName})`,
    value: `${pushes} ${pushes === 1 ? "commit" : "commits"} pushed · ${joined} joined · ${pending} invited · ${state(repo)}`,
  };
}

export const githubEventViews: EventViewsCapability = {
  async panel(db, connection, eventId) {
    const own = await db.selectFrom("external_objects").select(["external_id", "data"]).where("connection_id", "=", connection.id).where("kind", "=", REPOSITORY).where("local_id", "=", eventId).executeTakeFirst();
    const teams = await db
      .selectFrom("external_objects")
      .select(["external_id", "data"])
      .where("connection_id", "=", connection.id)
      .where("kind", "=", REPOSITORY)
      .where("external_id", "<>", "")
      .where(sql`data->>'eventId'`, "=", eventId)
      .orderBy("created_at")
      .execute();
    if (!own?.external_id && !teams.length) return null;
    const people = await participants(db, connection.id);
    const teamRows = teams.map((r) => teamLine(r.data as unknown as RepositoryRef, people));
    if (own?.external_id) {
      // The admin switched to a repository per team after this event's was made: both are shown.
      const panel = eventPanel(own.data as unknown as RepositoryRef, people);
      return { ...panel, rows: [...panel.rows, ...teamRows] };
    }
    return { title: "GitHub repositories per team", rows: teamRows };
  },
  async attendeeStatus(db, connection, attendeeIds) {
    const rows = await db.selectFrom("external_objects").select(["local_id", "data"]).where("connection_id", "=", connection.id).where("kind", "=", PARTICIPANT).where("local_id", "in", attendeeIds).execute();
    return new Map(rows.map((r) => {
      const p = r.data as unknown as ParticipantRef;
      if (p.state === "no_team") return [r.local_id, `GitHub: ${WORDS.no_team}, so ${p.username} was not invited to a team's repository`];
      const where = p.team ? `, team “${p.team}”` : p.via === "team" ? ` (team ${p.teamSlug ?? ""})` : "";
      return [r.local_id, `GitHub: ${WORDS[p.state]} as ${p.username}${where}`];
    }));
  },
};
