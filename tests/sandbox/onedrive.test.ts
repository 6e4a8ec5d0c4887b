// The OneDrive sandbox on its own: Graph's CSDL picks the overload of an action
// bound to driveItem (invite, createUploadSession), upload sessions keep Graph's
// chunk rules (in order, 320 KiB multiples, 416 for a range already received),
// a folder name taken is refused with 409 and a token without Files.ReadWrite
// with 403, permissions come and go, and the owner's cannot be removed.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { createCsdlModel, type CsdlModel } from "../../sandbox/validation/csdl";
import { defaultSpecsDir } from "../../sandbox/validation/spec-store";
import { control, startTestSandbox } from "./helpers";

let model: CsdlModel;
let sb: Sandbox;
let token = "";
beforeAll(async () => {
  model = createCsdlModel(await readFile(path.join(defaultSpecsDir(), "microsoft/graph-v1.0.csdl"), "utf8"));
  sb = await startTestSandbox();
  token = (await control<{ access_token: string }>(sb, "POST", "tokens", { provider: "onedrive" })).body.access_token;
});
afterAll(async () => {
  await sb?.stop();
});

const api = (p: string, init: { method?: string; body?: unknown; bearer?: string } = {}) =>
  fetch(`${sb.url}/onedrive/v1.0/${p}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${init.bearer ?? token}`, ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

describe("Graph's CSDL for drive actions", () => {
  it("checks invite against the overload bound to driveItem, not the call participants' one", () => {
    expect(model.check("action:invite@graph.driveItem", { recipients: [{ email: "a@example.com" }], roles: ["read"], requireSignIn: true, sendInvitation: false }).issues).toEqual([]);
    expect(model.check("action:invite@graph.driveItem", { participants: [] }).issues[0]?.message).toContain("'participants' is not a parameter of invite");
    expect(model.check("action:invite@graph.driveItem", { recipients: [{ mail: "a@example.com" }] }).issues[0]?.message).toContain("'mail' does not exist on type 'microsoft.graph.driveRecipient'");
    expect(model.check("action:createUploadSession@graph.driveItem", { item: { name: "a.pdf", fileSize: 10 } }).issues).toEqual([]);
    // Without a binding, the first action of the name, as before.
    expect(model.check("action:invite", { participants: [] }).issues).toEqual([]);
  });
});

describe("the OneDrive sandbox", () => {
  it("refuses a folder name already taken with 409, and a write with a read-only token with 403", async () => {
    expect((await api("me/drive/root/children", { method: "POST", body: { name: "Docs", folder: {} } })).status).toBe(201);
    const again = await api("me/drive/root/children", { method: "POST", body: { name: "docs", folder: {}, "@microsoft.graph.conflictBehavior": "fail" } });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("nameAlreadyExists");
    const readOnly = (await control<{ access_token: string }>(sb, "POST", "tokens", { provider: "onedrive", scopes: ["User.Read", "Files.Read"] })).body.access_token;
    expect((await api("me/drive/root/children", { method: "POST", body: { name: "Other", folder: {} }, bearer: readOnly })).status).toBe(403);
    expect((await api("me/drive/root:/Docs", { bearer: readOnly })).status).toBe(200);
  });

  it("takes an upload session's chunks in order only, answering 416 for a range it has and 202 until the last", async () => {
    const folder = await (await api("me/drive/root:/Docs")).json();
    const session = await (await api(`me/drive/items/${folder.id}:/big.bin:/createUploadSession`, { method: "POST", body: { item: { "@microsoft.graph.conflictBehavior": "replace", name: "big.bin" } } })).json();
    expect(session.nextExpectedRanges).toEqual(["0-"]);
    const chunk = 320 * 1024;
    const bytes = Buffer.alloc(chunk + 10, 7);
    const put = (start: number, end: number) => fetch(session.uploadUrl, { method: "PUT", headers: { "content-range": `bytes ${start}-${end}/${bytes.length}` }, body: bytes.subarray(start, end + 1) });
    const gap = await put(chunk, bytes.length - 1);
    expect(gap.status).toBe(416);
    const first = await put(0, chunk - 1);
    expect(first.status).toBe(202);
    expect((await first.json()).nextExpectedRanges).toEqual([`${chunk}-`]);
    expect((await put(0, chunk - 1)).status).toBe(416);
    const last = await put(chunk, bytes.length - 1);
    expect(last.status).toBe(201);
    expect(await last.json()).toMatchObject({ name: "big.bin", size: bytes.length });
    // The session is spent.
    expect((await fetch(session.uploadUrl)).status).toBe(404);
  });

  it("invites by e-mail, lists the permission beside the owner's, deletes it, and keeps the owner's", async () => {
    const folder = await (await api("me/drive/root:/Docs")).json();
    const invited = await (await api(`me/drive/items/${folder.id}/invite`, { method: "POST", body: { recipients: [{ email: "Ann@Example.com" }], roles: ["read"], requireSignIn: true, sendInvitation: false } })).json();
    expect(invited.value[0]).toMatchObject({ roles: ["read"], grantedToV2: { user: { email: "ann@example.com" } } });
    const listed = (await (await api(`me/drive/items/${folder.id}/permissions`)).json()).value;
    expect(listed.map((p: { roles: string[] }) => p.roles[0])).toEqual(["owner", "read"]);
    expect((await api(`me/drive/items/${folder.id}/permissions/${listed[0].id}`, { method: "DELETE" })).status).toBe(403);
    expect((await api(`me/drive/items/${folder.id}/permissions/${invited.value[0].id}`, { method: "DELETE" })).status).toBe(204);
    expect((await api(`me/drive/items/${folder.id}/permissions/${invited.value[0].id}`, { method: "DELETE" })).status).toBe(404);
    const inbox = (await control<{ onedrive: { items: Array<{ name: string; sharedWith: string[] }> } }>(sb, "GET", "inbox.json")).body;
    expect(inbox.onedrive.items.find((i) => i.name === "Docs")!.sharedWith).toEqual([]);
  });
});
