// What a hackathon's repository starts with, generated from the event: a README
// that says what, when and where, and issue templates for teams' ideas and calls
// for help; a team's repository names its team. Plain text in, so nothing an organizer typed becomes markup beyond
// what Markdown makes of it.
import type { EventSnapshot } from "@/lib/domain/outbox/catalog";

export interface RepoFile {
  path: string;
  content: string;
  message: string;
}

function when(e: EventSnapshot): string {
  const f = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: e.timeZone });
  return `${f.format(new Date(e.startsAt))} – ${f.format(new Date(e.endsAt))} (${e.timeZone})`;
}

/** `team`: the hackathon team this repository is for, as its first member wrote it; none for the event's own repository. */
export function repositoryFiles(e: EventSnapshot, team?: string): RepoFile[] {
  const readme = [
    team ? `# ${team} at ${e.title}` : `# ${e.title}`,
    "",
    ...(team ? [`The repository of team **${team}** at the hackathon ${e.title}.`, ""] : []),
    e.description.trim() || "A hackathon.",
    "",
    `- **When:** ${when(e)}`,
    `- **Where:** ${e.online ? "Online" : e.venue || "To be announced"}`,
    `- **Event page:** ${e.url}`,
    "",
    "## Taking part",
    "",
    team
      ? `Registered participants who gave their GitHub username and the team ${team} are invited to this repository.`
      : "Registered participants who gave their GitHub username are invited to this repository.",
    "Open an issue with the *Project idea* template to pitch what you will build, and *Help wanted* when you are stuck.",
    "",
  ].join("\n");
  const idea = ["---", "name: Project idea", "about: Pitch what your team will build", `title: "Idea: "`, "labels: idea", "---", "", "**What**", "", "**Who is in the team**", "", "**What you need**", ""].join("\n");
  const help = ["---", "name: Help wanted", "about: Ask the organizers or other teams for help", `title: "Help: "`, "labels: help wanted", "---", "", "**What you are trying to do**", "", "**What happens instead**", ""].join("\n");
  return [
    { path: "README.md", content: readme, message: "README for the hackathon" },
    { path: ".github/ISSUE_TEMPLATE/project-idea.md", content: idea, message: "Issue template: project idea" },
    { path: ".github/ISSUE_TEMPLATE/help-wanted.md", content: help, message: "Issue template: help wanted" },
  ];
}
