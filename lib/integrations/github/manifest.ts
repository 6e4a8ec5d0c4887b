// GitHub as data: what the catalog shows, the two ways in (a fine-grained personal
// access token typed by the admin, or our GitHub App installed through GitHub's
// install page), the hackathon settings, and the question kinds it brings.
import { z } from "zod";
import { defineManifest, type ConnectorContext } from "../contract";
import type { QuestionKindManifest } from "../contract/questions";

/** GitHub's rule for account and organization logins. */
export const LOGIN_PATTERN = "^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$";
const login = new RegExp(LOGIN_PATTERN);
const personalToken = /^(github_pat_[A-Za-z0-9_]{20,}|ghp_[A-Za-z0-9]{20,})$/;

/** What an admin types: a token and the organization it acts on. Nothing typed can claim an App installation. */
export const githubTokenCredentials = z.object({
  token: z
    .string()
    .trim()
    .regex(personalToken, "A personal access token starts with github_pat_ (fine-grained) or ghp_ (classic); create one under Settings → Developer settings")
    .meta({
      label: "Fine-grained personal access token",
      input: "secret",
      placeholder: "github_pat_…",
      help: "Settings → Developer settings → Fine-grained tokens: resource owner your organization, all repositories, Administration and Contents read and write, Members read and write.",
    }),
  organization: z
    .string()
    .trim()
    .regex(login, "An organization login has letters, digits and single hyphens, up to 39 characters, as in github.com/<login>")
    .meta({ label: "Organization", placeholder: "my-hackathons", help: "The organization the repositories are made in (its login, as in github.com/<login>)." }),
  connectedVia: z.literal("token", "Type a token, or install the App with the button above").default("token"),
});

/** What the App's install flow stores: the installation, read from GitHub with the App's own credentials. */
export interface GithubAppCredentials {
  connectedVia: "app";
  installationId: number;
  organization: string;
}

export type GithubCredentials = z.infer<typeof githubTokenCredentials> | GithubAppCredentials;

const githubSettings = z.object({
  templateRepository: z
    .string()
    .trim()
    .default("")
    .meta({ label: "Template repository", input: "select", emptyChoice: "None: an empty repository with a README", help: "Each hackathon's repository starts as a copy of this template repository of the organization." }),
  repositoryPer: z
    .enum(["event", "team"])
    .default("event")
    .meta({
      label: "Repository per",
      choiceLabels: { event: "Event: one repository for all participants", team: "Team: one repository per hackathon team" },
      help: "Per team: each team named in the “Hackathon team” question gets its own repository when its first member is invited; participants without a team are not invited.",
    }),
  permission: z
    .enum(["pull", "triage", "push"])
    .default("push")
    .meta({ label: "Participants' permission", choiceLabels: { pull: "Read (pull)", triage: "Triage", push: "Write (push)" }, help: "What each registrant with a GitHub username may do in the event's (or their team's) repository." }),
  access: z
    .enum(["collaborators", "team"])
    .default("collaborators")
    .meta({ label: "Give access as", choiceLabels: { collaborators: "Outside collaborators, invited to the repository", team: "Members of a team per event (they must be organization members)" }, help: "With a repository per team, each hackathon team gets its own GitHub team, named like its repository." }),
  archiveAfterDays: z.coerce
    .number({ error: "Enter a number of days" })
    .int("Whole days")
    .min(0, "0 or more days")
    .max(365, "At most 365 days")
    .default(14)
    .meta({ label: "Archive the repository after the event ends (days)", help: "The repository is made read-only this many days after the hackathon ends." }),
});
export type GithubSettings = z.infer<typeof githubSettings>;
export type GithubContext = ConnectorContext<GithubCredentials, GithubSettings>;

export const GITHUB_USERNAME: QuestionKindManifest = {
  id: "github-username",
  label: "GitHub username",
  help: "Your username on github.com; you are invited to the hackathon's repository.",
  placeholder: "octocat",
  pattern: LOGIN_PATTERN,
  patternMessage: "A GitHub username has letters, digits and single hyphens (not at the start or end), up to 39 characters",
  maxLength: 39,
};

/** Letters, digits, spaces, . _ -; at least one letter or digit, so every name has a slug. Compiled without flags. */
export const TEAM_PATTERN = "(?=.*[A-Za-z0-9])[A-Za-z0-9 ._\\-]{1,40}";

export const HACKATHON_TEAM: QuestionKindManifest = {
  id: "hackathon-team",
  label: "Hackathon team",
  help: "Your team's name, spelled as your teammates spell it; a repository is made for each team.",
  placeholder: "Team Rocket",
  pattern: TEAM_PATTERN,
  patternMessage: "A team name has 1 to 40 letters, digits, spaces, dots, underscores or hyphens",
  maxLength: 40,
};

export const manifest = defineManifest<GithubCredentials, GithubSettings>({
  id: "github",
  name: "GitHub",
  category: "developer",
  description: "For hackathons: a repository per event (or per team) from a template, participants invited by their GitHub username, archived after the event; pushes counted on the event page.",
  auth: "api_key",
  baseUrls: { live: "https://api.github.com", sandboxPath: "/github" },
  credentialsSchema: githubTokenCredentials as z.ZodType<GithubCredentials>,
  settingsSchema: githubSettings,
  // The App's permissions are set on the App itself, not asked for per install.
  oauth: { scopes: [], pkce: false, scopeSeparator: ",", answer: "install", connectLabel: "Install on GitHub" },
  // GitHub allows 5,000 requests an hour per installation or token, and discourages bursts of writes.
  rateLimit: { capacity: 50, refillPerSecond: 5 },
  questionKinds: [GITHUB_USERNAME, HACKATHON_TEAM],
});
