// The GitHub emulation: who may call (the App's RS256 JWT checked against its key,
// installation tokens minted from it, personal access tokens), requests checked
// against GitHub's OpenAPI description with GitHub's error envelope, repositories
// from a template, invitations that are updated rather than doubled, archived
// repositories read-only, the install page's answer with the installer's one-time
// code, and the installations a user access token may see.
import { createSign, generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { control, resetSandbox, startTestSandbox } from "./helpers";

let sb: Sandbox;
const PAT = "github_pat_11FAKEFAKE0123456789_abcdefghijklmnop";

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb?.stop();
});
beforeEach(async () => {
  await resetSandbox(sb);
});

function jwt(privateKey: string | import("node:crypto").KeyObject, claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const unsigned = `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}`;
  return `${unsigned}.${createSign("RSA-SHA256").update(unsigned).sign(privateKey).toString("base64url")}`;
}

async function gh(path: string, init: { method?: string; auth?: string; body?: unknown } = {}) {
  const res = await fetch(`${sb.url}/github${path}`, {
    method: init.method ?? "GET",
    headers: { accept: "application/vnd.github+json", ...(init.auth ? { authorization: init.auth } : {}), ...(init.body ? { "content-type": "application/json" } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function installWithCode(login?: string): Promise<{ id: number; code: string }> {
  const who = login ? `&login=${login}` : "";
  const page = await fetch(`${sb.url}/github/apps/switchboard-sandbox/installations/new?state=s1${who}&redirect_uri=${encodeURIComponent("http://127.0.0.1:1/api/integrations/github/oauth/callback")}`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Install Switchboard (sandbox) on sandbox-hackers");
  const form = new URLSearchParams({ state: "s1", redirect_uri: "http://127.0.0.1:1/api/integrations/github/oauth/callback", decision: "allow", ...(login ? { login } : {}) });
  const res = await fetch(`${sb.url}/github/apps/switchboard-sandbox/installations/new`, { method: "POST", body: form, redirect: "manual" });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get("location")!);
  expect(back.searchParams.get("setup_action")).toBe(login ? "update" : "install");
  expect(back.searchParams.get("state")).toBe("s1");
  return { id: Number(back.searchParams.get("installation_id")), code: back.searchParams.get("code")! };
}

async function install(): Promise<number> {
  return (await installWithCode()).id;
}

async function redeem(code: string, client = { id: "switchboard-sandbox", secret: "sandbox-client-secret" }) {
  const res = await fetch(`${sb.url}/github/login/oauth/access_token`, {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify({ client_id: client.id, client_secret: client.secret, code }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe("GitHub App authentication", () => {
  it("mints an installation token for a JWT signed with the App's key, and refuses one signed with another", async () => {
    const id = await install();
    const app = (await control<{ appId: string; privateKey: string }>(sb, "GET", "github/app")).body;
    const now = Math.floor(Date.now() / 1000);
    const good = jwt(app.privateKey, { iss: app.appId, iat: now - 30, exp: now + 540 });
    const minted = await gh(`/app/installations/${id}/access_tokens`, { method: "POST", auth: `Bearer ${good}` });
    expect(minted.status).toBe(201);
    expect(minted.body.token).toMatch(/^ghs_/);
    const org = await gh("/orgs/sandbox-hackers", { auth: `token ${minted.body.token}` });
    expect(org.status).toBe(200);

    const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const forged = await gh(`/app/installations/${id}/access_tokens`, { method: "POST", auth: `Bearer ${jwt(stranger, { iss: app.appId, iat: now - 30, exp: now + 540 })}` });
    expect(forged).toMatchObject({ status: 401, body: { message: "A JSON web token could not be decoded", documentation_url: expect.any(String) } });
    const expired = await gh(`/app/installations/${id}/access_tokens`, { method: "POST", auth: `Bearer ${jwt(app.privateKey, { iss: app.appId, iat: now - 1200, exp: now - 600 })}` });
    expect(expired.status).toBe(401);
    // An installation token cannot act as the App, nor a JWT as an installation.
    expect((await gh(`/app/installations/${id}`, { auth: `token ${minted.body.token}` })).status).toBe(401);
    expect((await gh("/orgs/sandbox-hackers", { auth: `Bearer ${good}` })).status).toBe(403);
  });

  it("stops an uninstalled App's tokens", async () => {
    const id = await install();
    const app = (await control<{ appId: string; privateKey: string }>(sb, "GET", "github/app")).body;
    const now = Math.floor(Date.now() / 1000);
    const minted = await gh(`/app/installations/${id}/access_tokens`, { method: "POST", auth: `Bearer ${jwt(app.privateKey, { iss: app.appId, iat: now - 30, exp: now + 540 })}` });
    await control(sb, "POST", "github/installations/delete", {});
    expect((await gh("/orgs/sandbox-hackers", { auth: `token ${minted.body.token}` })).status).toBe(401);
  });
});

describe("GitHub REST", () => {
  it("checks requests against GitHub's OpenAPI description", async () => {
    const bad = await gh("/repos/sandbox-hackers/hackathon-template/generate", { method: "POST", auth: `token ${PAT}`, body: { owner: "sandbox-hackers", private: "yes" } });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toMatch(/^Invalid request\./);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(["name", "private"]));
    expect((await gh("/repos/sandbox-hackers/hackathon-template/collaborators/octocat", { method: "PUT", auth: `token ${PAT}`, body: { permission: 7 } })).status).toBe(422);
  });

  it("makes a repository from the template, invites once however often asked, and keeps an archived repository read-only", async () => {
    const made = await gh("/repos/sandbox-hackers/hackathon-template/generate", { method: "POST", auth: `token ${PAT}`, body: { owner: "sandbox-hackers", name: "jam", private: true } });
    expect(made).toMatchObject({ status: 201, body: { full_name: "sandbox-hackers/jam", private: true, template_repository: { full_name: "sandbox-hackers/hackathon-template" } } });
    expect((await gh("/repos/sandbox-hackers/hackathon-template/generate", { method: "POST", auth: `token ${PAT}`, body: { owner: "sandbox-hackers", name: "jam" } })).status).toBe(422);
    const first = await gh("/repos/sandbox-hackers/jam/collaborators/octocat", { method: "PUT", auth: `token ${PAT}`, body: { permission: "pull" } });
    const second = await gh("/repos/sandbox-hackers/jam/collaborators/octocat", { method: "PUT", auth: `token ${PAT}`, body: { permission: "push" } });
    expect(second.body.id).toBe(first.body.id);
    expect((await gh("/repos/sandbox-hackers/jam/invitations", { auth: `token ${PAT}` })).body).toEqual([expect.objectContaining({ id: first.body.id, permissions: "write" })]);
    expect((await gh("/repos/sandbox-hackers/jam/collaborators/nobody-here-at-all", { method: "PUT", auth: `token ${PAT}`, body: {} })).status).toBe(404);
    expect((await gh("/repos/sandbox-hackers/jam", { method: "PATCH", auth: `token ${PAT}`, body: { archived: true } })).body.archived).toBe(true);
    const write = await gh("/repos/sandbox-hackers/jam/contents/NOTES.md", { method: "PUT", auth: `token ${PAT}`, body: { message: "m", content: Buffer.from("x").toString("base64") } });
    expect(write).toMatchObject({ status: 403, body: { message: "Repository was archived so is read-only." } });
  });

  it("refuses a request without credentials, or with a revoked token", async () => {
    expect((await gh("/users/octocat")).status).toBe(401);
    await control(sb, "POST", "github/tokens/revoke", { token: PAT });
    expect((await gh("/users/octocat", { auth: `token ${PAT}` })).body).toMatchObject({ message: "Bad credentials" });
  });
});

describe("User authorization during installation", () => {
  it("redeems the installer's code once, with the App's client credentials only", async () => {
    const { code } = await installWithCode();
    expect(code).toMatch(/^[0-9a-f]{20}$/);
    expect(await redeem(code, { id: "switchboard-sandbox", secret: "wrong" })).toMatchObject({ error: "incorrect_client_credentials" });
    const token = await redeem(code);
    expect(token).toMatchObject({ access_token: expect.stringMatching(/^ghu_/), token_type: "bearer", scope: "", expires_in: 28800 });
    expect(await redeem(code)).toMatchObject({ error: "bad_verification_code", error_description: "The code passed is incorrect or expired." });
    expect(await redeem("0123456789abcdef0123")).toMatchObject({ error: "bad_verification_code" });
  });

  it("lists only the installations the token's person administers, and only for a user access token", async () => {
    const { id, code } = await installWithCode();
    const elsewhere = await control<{ id: number; installedBy: string }>(sb, "POST", "github/installations", { login: "monalisa", account: "monalisas-lab" });
    expect(elsewhere).toMatchObject({ status: 200, body: { installedBy: "monalisa" } });
    const admin = await redeem(code);
    const mine = await gh("/user/installations?per_page=100", { auth: `token ${admin.access_token as string}` });
    expect(mine).toMatchObject({ status: 200, body: { total_count: 1, installations: [expect.objectContaining({ id, account: expect.objectContaining({ login: "sandbox-hackers" }) })] } });
    // Another person signed in on the install page gets a code that is theirs: they now administer it too, and not monalisa's.
    const octocat = await redeem((await installWithCode("octocat")).code);
    expect((await gh("/user/installations", { auth: `token ${octocat.access_token as string}` })).body.installations.map((i: { id: number }) => i.id)).toEqual([id]);
    expect((await gh("/user/installations", { auth: `token ${PAT}` })).status).toBe(403);
    expect((await gh("/user/installations?per_page=nine", { auth: `token ${admin.access_token as string}` })).status).toBe(422);
  });
});
