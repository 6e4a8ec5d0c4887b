// The Google Drive emulation on its own: Google's error bodies for a missing token,
// a scope that cannot write, a body field no client may write, an unknown query
// parameter and a search it cannot read; one permission per person however often
// they are shared with; resumable uploads that refuse a chunk Drive would refuse;
// a folder's deletion taking its files; faults; and the inbox's folders with who
// they are shared with.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { control, requestsOf, resetSandbox, startTestSandbox } from "./helpers";

const FILE_SCOPE = "https://www.googleapis.com/auth/drive.file";
const READONLY = "https://www.googleapis.com/auth/drive.readonly";
let sb: Sandbox;
let token = "";

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb?.stop();
});
beforeEach(async () => {
  await resetSandbox(sb);
  token = await mint([FILE_SCOPE]);
});

async function mint(scopes: string[]): Promise<string> {
  const res = await control<{ access_token: string }>(sb, "POST", "tokens", { provider: "google-drive", scopes });
  expect(res.status).toBe(201);
  return res.body.access_token;
}

async function api(method: string, path: string, body?: unknown, opts: { token?: string | null; headers?: Record<string, string> } = {}) {
  const bearer = opts.token === undefined ? token : opts.token;
  const res = await fetch(`${sb.url}/google-drive${path}`, {
    method,
    headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body !== undefined && !Buffer.isBuffer(body) ? { "content-type": "application/json" } : {}), ...opts.headers },
    body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as any };
}

const folder = (name: string, extra: Record<string, unknown> = {}) => api("POST", "/drive/v3/files?fields=id,name,parents", { name, mimeType: "application/vnd.google-apps.folder", ...extra });

describe("Google Drive sandbox", () => {
  it("answers Google's error bodies for a missing token and a scope that cannot write", async () => {
    const none = await api("GET", "/drive/v3/files", undefined, { token: null });
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({ code: 401, status: "UNAUTHENTICATED", errors: [{ reason: "authError", location: "Authorization" }] });
    const reader = await mint([READONLY]);
    expect((await api("GET", "/drive/v3/files", undefined, { token: reader })).status).toBe(200);
    const write = await api("POST", "/drive/v3/files", { name: "x" }, { token: reader });
    expect(write.status).toBe(403);
    expect(write.body.error.errors[0].reason).toBe("insufficientPermissions");
    const about = await api("GET", "/drive/v3/about");
    expect(about.status).toBe(400);
    expect(about.body.error.errors[0]).toMatchObject({ reason: "required", location: "fields" });
    expect((await api("GET", "/drive/v3/about?fields=user(emailAddress)")).body).toEqual({ user: { emailAddress: "sandbox.drive@example.com" } });
  });

  it("refuses a body field no client may write and a query parameter the method does not have, and logs why", async () => {
    const readOnlyField = await api("POST", "/drive/v3/files", { name: "x", size: "12" });
    expect(readOnlyField.status).toBe(400);
    expect(readOnlyField.body.error.errors[0]).toMatchObject({ reason: "fieldNotWritable" });
    const tooLong = await api("POST", "/drive/v3/files", { name: "x", appProperties: { k: "v".repeat(200) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toContain("124 bytes");
    const unknown = await api("GET", "/drive/v3/files?colour=blue");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.errors[0]).toMatchObject({ reason: "invalidParameter", location: "colour" });
    expect((await api("GET", "/drive/v3/files?pageSize=10")).status).toBe(200);
    const logged = (await requestsOf(sb, "google-drive")).filter((r) => r.status === 400 && r.operation === "drive files.create");
    expect(logged[0]!.validation.issues[0]).toMatchObject({ rule: "fieldNotWritable" });
    const ok = (await requestsOf(sb, "google-drive")).find((r) => r.status === 200 && r.operation === "drive files.list");
    expect(ok!.validation.notes[0]).toContain("zod schemas written from the googleapis drive_v3 types");
  });

  it("finds files by parent, type and appProperties, and refuses a search it cannot read", async () => {
    const parent = (await folder("Events", { appProperties: { switchboard: "root" } })).body;
    expect(parent.parents).toEqual(["0AsandboxRootFolderUk9PVA"]);
    const child = (await folder("Day 1", { parents: [parent.id], appProperties: { switchboardEvent: "e1" } })).body;
    const q = (s: string) => api("GET", `/drive/v3/files?fields=files(id)&q=${encodeURIComponent(s)}`);
    expect((await q(`'${parent.id}' in parents and mimeType = 'application/vnd.google-apps.folder' and trashed = false`)).body.files).toEqual([{ id: child.id }]);
    expect((await q("appProperties has { key='switchboardEvent' and value='e1' }")).body.files).toEqual([{ id: child.id }]);
    expect((await q("appProperties has { key='switchboardEvent' and value='it\\'s' }")).body.files).toEqual([]);
    const bad = await q("modifiedTime > '2020-01-01' or starred");
    expect(bad.status).toBe(400);
    expect(bad.body.error.errors[0]).toMatchObject({ message: "Invalid Value", location: "q" });
    const orphan = await folder("Lost", { parents: ["1doesNotExist00000000000000000000"] });
    expect(orphan.status).toBe(404);
    expect(orphan.body.error.message).toBe("File not found: 1doesNotExist00000000000000000000.");
  });

  it("keeps one permission per person, refuses a user without an address, and says 404 for one already gone", async () => {
    const f = (await folder("Shared")).body;
    const share = () => api("POST", `/drive/v3/files/${f.id}/permissions?sendNotificationEmail=false&fields=id,emailAddress,role`, { type: "user", role: "reader", emailAddress: "Ann@Example.com" });
    const a = await share();
    const b = await share();
    expect(a.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
    const list = await api("GET", `/drive/v3/files/${f.id}/permissions?fields=permissions(emailAddress,role)`);
    expect(list.body.permissions).toEqual([{ emailAddress: "sandbox.drive@example.com", role: "owner" }, { emailAddress: "ann@example.com", role: "reader" }]);
    const noAddress = await api("POST", `/drive/v3/files/${f.id}/permissions`, { type: "user", role: "reader" });
    expect(noAddress.status).toBe(400);
    expect(noAddress.body.error.message).toContain("emailAddress");
    expect((await api("DELETE", `/drive/v3/files/${f.id}/permissions/${a.body.id}`)).status).toBe(204);
    const again = await api("DELETE", `/drive/v3/files/${f.id}/permissions/${a.body.id}`);
    expect(again.status).toBe(404);
    expect(again.body.error.errors[0].reason).toBe("notFound");
  });

  it("takes a resumable upload in chunks of 256 KiB multiples, refusing others, and deletes a folder with its files", async () => {
    const f = (await folder("Uploads")).body;
    const total = 256 * 1024 + 10;
    const start = await api("POST", "/upload/drive/v3/files?uploadType=resumable&fields=id,size,parents", { name: "big.bin", parents: [f.id] }, { headers: { "X-Upload-Content-Type": "application/octet-stream", "X-Upload-Content-Length": String(total) } });
    expect(start.status).toBe(200);
    const session = start.headers.get("location")!;
    expect(session).toContain("upload_id=");
    const put = (bytes: Buffer, range: string) => fetch(session, { method: "PUT", headers: { "content-range": range }, body: new Uint8Array(bytes) });
    const odd = await put(Buffer.alloc(1000), `bytes 0-999/${total}`);
    expect(odd.status).toBe(400);
    const first = await put(Buffer.alloc(256 * 1024, 1), `bytes 0-${256 * 1024 - 1}/${total}`);
    expect(first.status).toBe(308);
    expect(first.headers.get("range")).toBe(`bytes=0-${256 * 1024 - 1}`);
    const last = await put(Buffer.alloc(10, 2), `bytes ${256 * 1024}-${total - 1}/${total}`);
    expect(last.status).toBe(200);
    expect(await last.json()).toMatchObject({ size: String(total), parents: [f.id] });

    expect((await api("DELETE", `/drive/v3/files/${f.id}`)).status).toBe(204);
    expect((await api("GET", "/drive/v3/files")).body.files).toEqual([]);
    expect((await api("GET", `/drive/v3/files/${f.id}`)).status).toBe(404);
  });

  it("injects faults in Google's shape and shows folders with their readers on the inbox", async () => {
    await control(sb, "POST", "faults", { provider: "google-drive", kind: "rate_limit", retryAfterSeconds: 3, times: 1 });
    const limited = await api("GET", "/drive/v3/files");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(limited.body.error).toMatchObject({ code: 429, status: "RESOURCE_EXHAUSTED", errors: [{ domain: "usageLimits", reason: "userRateLimitExceeded" }] });

    const f = (await folder("Conference (2030-06-01)")).body;
    await api("POST", `/drive/v3/files/${f.id}/permissions`, { type: "user", role: "reader", emailAddress: "zoe@example.com" });
    const page = await (await fetch(`${sb.url}/`)).text();
    expect(page).toContain("My Drive / Conference (2030-06-01)");
    expect(page).toContain("zoe@example.com · reader · e-mailed");
    const inbox = (await control<Record<string, any>>(sb, "GET", "inbox.json")).body["google-drive"];
    expect(inbox.items[0]).toMatchObject({ name: "Conference (2030-06-01)", folder: true, sharedWith: [{ email: "zoe@example.com", role: "reader", notified: true }] });
  });
});
