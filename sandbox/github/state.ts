// One GitHub organization with a few people, our demo App and its installations,
// the repositories (a template among them) with their files, collaborators,
// invitations and teams, and the webhooks the App sent to the app.
import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";
import { stateSlot } from "../core/state-slot";
import { emptyGrantBook, type AuthCode, type Grant, type GrantBook } from "../oauth/grants";

export interface GithubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
  visibility: "public" | "private" | null;
}

export interface GithubUser {
  id: number;
  login: string;
  name: string;
  /** The account's addresses as /user/emails lists them; the profile shows the primary one only when it is public. */
  emails?: GithubEmail[];
}

/** A code from "Sign in with GitHub" (an OAuth app's web flow): whose it is. */
export type SignInCode = AuthCode & { login: string };

export interface Installation {
  id: number;
  account: string;
  suspendedAt: string | null;
  deleted: boolean;
  /** Lowercased logins who may administer it (GitHub lists it in their GET /user/installations): who installed it and the account's owners. */
  admins: string[];
}

/** A one-time code GitHub hands the person who installed, redeemed at /login/oauth/access_token. */
export interface UserCode {
  login: string;
  expiresAt: number;
}

export interface RepoFile {
  /** Base64, as the contents API carries it. */
  content: string;
  sha: string;
}

export interface Invitation {
  id: number;
  login: string;
  permission: string;
  createdAt: string;
}

export interface Repo {
  id: number;
  owner: string;
  name: string;
  description: string;
  private: boolean;
  isTemplate: boolean;
  archived: boolean;
  fromTemplate: string | null;
  createdAt: string;
  files: Map<string, RepoFile>;
  /** By lowercased login. */
  collaborators: Map<string, { login: string; permission: string }>;
  invitations: Map<number, Invitation>;
  pushes: number;
}

export interface Team {
  id: number;
  name: string;
  slug: string;
  description: string;
  privacy: string;
  /** Lowercased login → state. */
  members: Map<string, { login: string; state: "active" | "pending" }>;
  repos: Map<string, string>;
}

export type SignatureKind = "valid" | "forged" | "none";

export interface WebhookSent {
  id: string;
  at: string;
  event: string;
  action: string | null;
  signature: SignatureKind;
  status: number | null;
  error: string | null;
}

export interface GithubState extends GrantBook<Grant, SignInCode> {
  org: { id: number; login: string; name: string };
  users: Map<string, GithubUser>;
  installations: Map<number, Installation>;
  /** Installation access token → the installation and when it lapses. */
  installationTokens: Map<string, { installationId: number; expiresAt: number }>;
  tokensMinted: number;
  /** Personal access tokens revoked through the control API. */
  revokedTokens: Set<string>;
  /** Codes from the install page, each good once for ten minutes. */
  userCodes: Map<string, UserCode>;
  /** User access tokens (ghu_) minted from those codes → whose and when they lapse. */
  userTokens: Map<string, { login: string; expiresAt: number }>;
  repos: Map<string, Repo>;
  teams: Map<string, Team>;
  nextId: number;
  app: { webhookUrl: string | null; sent: WebhookSent[] };
}

/** Public on purpose: it only signs for the local emulator. */
export const SANDBOX_GITHUB_WEBHOOK_SECRET = "sandbox-github-webhook-secret-0000";
export const SANDBOX_APP = { id: 424242, slug: "switchboard-sandbox", name: "Switchboard (sandbox)" };
export const SANDBOX_ORG = "sandbox-hackers";
/** The person the sandbox's GitHub pages are signed in as, an owner of the organization. */
export const SANDBOX_ADMIN = "sandbox-admin";

// The demo App's key pair: made once per process when first needed (a reset keeps
// it, so the app's copy stays valid), never written anywhere.
let keys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
export function appKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  keys ??= generateKeyPairSync("rsa", { modulusLength: 2048 });
  return keys;
}

export const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");

function file(text: string): RepoFile {
  const content = Buffer.from(text, "utf8").toString("base64");
  return { content, sha: sha1(text) };
}

export function newRepo(state: GithubState, input: { owner: string; name: string; description?: string; private?: boolean; isTemplate?: boolean; fromTemplate?: string | null; now: number }): Repo {
  return {
    id: state.nextId++,
    owner: input.owner,
    name: input.name,
    description: input.description ?? "",
    private: input.private ?? false,
    isTemplate: input.isTemplate ?? false,
    archived: false,
    fromTemplate: input.fromTemplate ?? null,
    createdAt: new Date(input.now).toISOString(),
    files: new Map(),
    collaborators: new Map(),
    invitations: new Map(),
    pushes: 0,
  };
}

export const repoKey = (owner: string, name: string) => `${owner}/${name}`.toLowerCase();

export const GITHUB_STATE = stateSlot<"github", GithubState>("github", (now) => {
  const state: GithubState = {
    org: { id: 9000001, login: SANDBOX_ORG, name: "Sandbox Hackers" },
    users: new Map(),
    installations: new Map(),
    installationTokens: new Map(),
    tokensMinted: 0,
    revokedTokens: new Set(),
    userCodes: new Map(),
    userTokens: new Map(),
    repos: new Map(),
    teams: new Map(),
    nextId: 1000,
    app: { webhookUrl: null, sent: [] },
    ...emptyGrantBook<Grant, SignInCode>(),
  };
  for (const [login, name] of [["octocat", "The Octocat"], ["hubot", "Hubot"], ["monalisa", "Mona Lisa Octocat"], ["sandbox-admin", "Sandbox Admin"]] as const) {
    state.users.set(login.toLowerCase(), { id: state.nextId++, login, name, emails: [{ email: `${login}@users.sandbox.test`, primary: true, verified: true, visibility: "public" }] });
  }
  // The demo organization's people (lib/demo), so the demo signs in with GitHub too; the
  // member's primary address is one GitHub has not verified.
  state.users.set("demo-admin", { id: state.nextId++, login: "demo-admin", name: "Demo Admin", emails: [{ email: "admin@demo.switchboard.test", primary: true, verified: true, visibility: "private" }] });
  state.users.set("demo-member", {
    id: state.nextId++,
    login: "demo-member",
    name: "Demo Member",
    emails: [
      { email: "member@demo.switchboard.test", primary: true, verified: false, visibility: "public" },
      { email: "demo-member@users.sandbox.test", primary: false, verified: true, visibility: null },
    ],
  });
  const template = newRepo(state, { owner: SANDBOX_ORG, name: "hackathon-template", description: "Starter for hackathon teams", isTemplate: true, now });
  template.files.set("README.md", file("# Hackathon template\n"));
  template.files.set(".gitignore", file("node_modules/\n"));
  template.files.set("CONTRIBUTING.md", file("# Contributing\n\nOne branch per team; open a pull request to show your work.\n"));
  state.repos.set(repoKey(SANDBOX_ORG, template.name), template);
  return state;
});

export function fileOf(text: string): RepoFile {
  return file(text);
}
