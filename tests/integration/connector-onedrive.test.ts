// OneDrive end to end against the sandbox: the identity platform's OAuth (PKCE),
// an event's materials copied into a folder of its own inside the "Switchboard"
// folder (a large one through an upload session, in 320 KiB-multiple chunks),
// one file however often a delivery is repeated, the folder shared with paid
// attendees' addresses and unshared on refund (kept for an address with another
// paid ticket), the folder deleted with the event, and failures (503, a revoked
// grant) ending as failed deliveries while the core flow goes on.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addTicketType, createEvent, publishEvent } from "@/lib/domain/events/service";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { applyRefunds, markOrderPaid } from "@/lib/domain/orders/settle";
import { recordDomainEvent } from "@/lib/domain/outbox/record";
import { putLocal } from "@/lib/files/local-disk";
import { insertFile } from "@/lib/files/records";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connectorContext } from "@/lib/integrations/connections/context";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { loadConnector } from "@/lib/integrations/registry";
import { appKeyring } from "@/lib/vault/app-keyring";
import { consent } from "../helpers/consent";
import { eventFields } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
const USER_MAIL = "organizer@contoso.sandbox.test";
const KiB = 1024;

interface SandboxItem {
  id: string;
  name: string;
  kind: "folder" | "file";
  path: string;
  parentId: string;
  size: number;
  uploadedIn: null | { via: "put" } | { via: "session"; chunks: number };
  permissions: Array<{ id: string; email: string | null; roles: string[]; link: { type: string; scope: string; webUrl: string } | null }>;
  sharedWith: string[];
  deletedAt: string | null;
}

let dataDir = "";
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "onedrive-files-"));
  process.env.SWITCHBOARD_DATA_DIR = dataDir;
});
afterAll(async () => {
  delete process.env.SWITCHBOARD_DATA_DIR;
  await rm(dataDir, { recursive: true, force: true });
});

const onedrive = async () => (await loadConnector("onedrive"))!;
const items = async (): Promise<SandboxItem[]> => (await sandbox.inbox()).onedrive.items;
const live = async () => (await items()).filter((i) => !i.deletedAt);

async function context() {
  const row = (await findConnection(t.db, t.orgId, "onedrive"))!;
  return connectorContext(t.db, appKeyring(), await onedrive(), row);
}

async function paidEvent(title: string, price = "20") {
  const event = await createEvent(t.db, t.orgId, { ...eventFields, title });
  const ticketType = await addTicketType(t.db, t.orgId, event.id, { name: "General", price, currency: "EUR", quantity: 50 });
  return { event: await publishEvent(t.db, t.orgId, event.id), ticketType };
}

async function pay(slug: string, ticketTypeId: string, email: string, quantity = 1) {
  const { order, attendees } = await createPendingOrder(t.db, slug, { name: "Buyer", email, attempt: randomUUID(), items: [{ ticketTypeId, quantity }] }, "stripe");
  expect(await markOrderPaid(t.db, order.id, { paymentIntentId: `pi_${order.id.slice(0, 8)}` })).toBe("changed");
  return { order, attendees };
}

/** A material as the materials page will add it: the file kept on the local disk, and the fact recorded. */
async function addMaterial(eventId: string, filename: string, bytes: Buffer, contentType = "application/pdf") {
  const file = await insertFile(t.db, { orgId: t.orgId, eventId, purpose: "material", filename, contentType, size: bytes.length, connectionId: null });
  await putLocal(file.object_key, bytes);
  const material = { id: file.id, filename: file.filename, contentType, size: bytes.length };
  const fact = await recordFact(eventId, "event.material_added", material);
  return { material, fact };
}

async function recordFact(eventId: string, type: "event.material_added" | "event.material_removed" | "event.deleted", material?: { id: string; filename: string; contentType: string; size: number }) {
  const row = await t.db.selectFrom("events").selectAll().where("id", "=", eventId).executeTakeFirstOrThrow();
  return t.db.transaction().execute((tx) =>
    type === "event.deleted"
      ? recordDomainEvent(tx, { orgId: t.orgId, type, aggregateId: eventId, payload: { event: eventSnapshot(row) } })
      : recordDomainEvent(tx, { orgId: t.orgId, type, aggregateId: eventId, payload: { event: eventSnapshot(row), material: material! } }),
  );
}

async function delivery(factId: string) {
  return t.db.selectFrom("subscriber_deliveries").selectAll().where("domain_event_id", "=", factId).where("subscriber", "like", "connection:%").executeTakeFirst();
}

async function delivered(factId: string, what: string) {
  const d = await waitFor(async () => {
    const d = await delivery(factId);
    return d?.status === "succeeded" || d?.status === "dead" ? d : undefined;
  }, { what, timeoutMs: 30_000 });
  expect(d, `${what}: ${d.last_error}`).toMatchObject({ status: "succeeded" });
  return d;
}

const folderOf = async (eventId: string) => (await live()).find((i) => i.kind === "folder" && i.name.endsWith(`(${eventId.slice(0, 8)})`));
const filesIn = async (folderId: string) => (await live()).filter((i) => i.parentId === folderId);
const factOf = async (aggregateId: string, type: string) => (await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", aggregateId).where("type", "=", type).orderBy("occurred_at", "desc").executeTakeFirstOrThrow()).id;

describe("OneDrive", () => {
  it("connects through the identity platform with PKCE and Files.ReadWrite, linked to the user", async () => {
    const connector = await onedrive();
    const url = new URL(await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector, mode: "sandbox" }));
    expect(url.pathname).toBe("/onedrive/common/oauth2/v2.0/authorize");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("scope")!.split(" ")).toEqual(expect.arrayContaining(["offline_access", "User.Read", "Files.ReadWrite"]));
    const back = await consent(url.toString());
    const result = await completeAuthorization(t.db, appKeyring(), { connector, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null });
    expect(result).toMatchObject({ ok: true });
    const row = (await findConnection(t.db, t.orgId, "onedrive"))!;
    expect(row.status).toBe("connected");
    expect(row.external_account_id).toBe("3c9d7e10-2b4f-4c1a-8d5e-0d51ce0d0001");
    const tested = await connector.testConnection(await context());
    expect(tested.account).toEqual({ id: "3c9d7e10-2b4f-4c1a-8d5e-0d51ce0d0001", name: USER_MAIL });
    expect(tested.detail).toMatch(/^Connected as organizer@contoso\.sandbox\.test: OneDrive for Business, .* used\. Event folders go in "Switchboard"\.$/);
  });

  it("makes the event's folder inside Switchboard, shared with everyone paid by then, with a view link kept for e-mails", async () => {
    const { event, ticketType } = await paidEvent("Folder Day");
    const ada = await pay(event.slug, ticketType.id, "Ada@Example.com");
    await delivered(await factOf(ada.order.id, "ticket.purchased"), "the purchase before any material");
    expect(await folderOf(event.id)).toBeUndefined();

    const { fact } = await addMaterial(event.id, "agenda.pdf", Buffer.from("%PDF-1.4 agenda"));
    await delivered(fact, "the material");
    const folder = (await folderOf(event.id))!;
    expect(folder.path).toBe(`/Switchboard/Folder Day 2030-06-01 (${event.id.slice(0, 8)})`);
    expect(folder.sharedWith).toEqual(["ada@example.com"]);
    expect(folder.permissions.find((p) => p.email)).toMatchObject({ roles: ["read"] });
    const link = folder.permissions.find((p) => p.link)!.link!;
    expect(link).toMatchObject({ type: "view", scope: "users" });
    const [file] = await filesIn(folder.id);
    expect(file).toMatchObject({ name: "agenda.pdf", size: 15, uploadedIn: { via: "put" } });

    const record = await t.db.selectFrom("external_objects").select(["external_id", "data"]).where("kind", "=", "onedrive.folder").where("local_id", "=", event.id).executeTakeFirstOrThrow();
    expect(record.external_id).toBe(folder.id);
    expect(record.data).toMatchObject({ shareUrl: link.webUrl });
    const invite = (await sandbox.requests("onedrive")).find((r: { path: string }) => r.path.endsWith(`/items/${folder.id}/invite`));
    expect(invite.body).toEqual({ recipients: [{ email: "ada@example.com" }], roles: ["read"], requireSignIn: true, sendInvitation: false });
    expect(invite.validation).toMatchObject({ checked: true, issues: [] });

    // A second event's folder goes in the same top folder.
    const other = await paidEvent("Folder Day");
    await delivered((await addMaterial(other.event.id, "agenda.pdf", Buffer.from("%PDF-1.4 other"))).fact, "the other event's material");
    const inTop = (await live()).filter((i) => i.kind === "folder" && i.path.startsWith("/Switchboard/Folder Day"));
    expect(inTop.map((f) => f.name).sort()).toEqual([`Folder Day 2030-06-01 (${event.id.slice(0, 8)})`, `Folder Day 2030-06-01 (${other.event.id.slice(0, 8)})`].sort());
    expect((await live()).filter((i) => i.path === "/Switchboard")).toHaveLength(1);
  });

  it("sends a material over 4 MB through an upload session in 320 KiB-multiple chunks, byte for byte", async () => {
    const { event } = await paidEvent("Big Slides");
    const bytes = randomBytes(9 * 1024 * KiB + 123);
    const { fact } = await addMaterial(event.id, "slides.pptx", bytes, "application/vnd.openxmlformats-officedocument.presentationml.presentation");
    await delivered(fact, "the large material");
    const folder = (await folderOf(event.id))!;
    const [file] = await filesIn(folder.id);
    expect(file).toMatchObject({ name: "slides.pptx", size: bytes.length, uploadedIn: { via: "session", chunks: 3 } });
    const requests = await sandbox.requests("onedrive");
    const chunks = requests.filter((r: { operation: string }) => r.operation === "onedrive uploads.chunk");
    expect(chunks.map((c: { status: number }) => c.status)).toEqual([202, 202, 201]);
    expect(requests.some((r: { operation: string; path: string }) => r.operation === "onedrive content.put" && r.path.includes("slides.pptx"))).toBe(false);
    const session = requests.find((r: { operation: string }) => r.operation === "onedrive uploads.create");
    expect(session.body).toEqual({ item: { "@microsoft.graph.conflictBehavior": "replace", name: "slides.pptx", fileSize: bytes.length } });
    // The bytes arrived whole: the sandbox's hash of what it holds is the one of what was sent.
    const token = await sandbox.control("tokens", { provider: "onedrive" });
    const held = await fetch(`${sandbox.url}/onedrive/v1.0/me/drive/items/${file!.id}`, { headers: { authorization: `Bearer ${token.access_token}` } }).then((r) => r.json());
    expect(held.file.hashes.quickXorHash).toBe((await import("node:crypto")).createHash("sha1").update(bytes).digest("base64"));
  });

  it("makes one file when a delivery is repeated, and one folder when two materials arrive at once", async () => {
    const { event } = await paidEvent("Twice");
    const first = await addMaterial(event.id, "notes.pdf", Buffer.from("%PDF-1.4 notes"));
    const second = await addMaterial(event.id, "notes 2.pdf", Buffer.from("%PDF-1.4 more"));
    await delivered(first.fact, "the first material");
    await delivered(second.fact, "the second material");
    // The same fact handled again, as a redelivery would.
    const row = await t.db.selectFrom("events").selectAll().where("id", "=", event.id).executeTakeFirstOrThrow();
    await (await onedrive()).handlers["event.material_added"]!({ type: "event.material_added", payload: { event: eventSnapshot(row), material: first.material } } as never, (await context()) as never);
    // And once more after our record of the upload was lost: the same name replaces the same file.
    await t.db.deleteFrom("external_objects").where("kind", "=", "onedrive.material").where("local_id", "=", first.material.id).execute();
    await (await onedrive()).handlers["event.material_added"]!({ type: "event.material_added", payload: { event: eventSnapshot(row), material: first.material } } as never, (await context()) as never);
    const folders = (await live()).filter((i) => i.kind === "folder" && i.name.endsWith(`(${event.id.slice(0, 8)})`));
    expect(folders).toHaveLength(1);
    expect((await filesIn(folders[0]!.id)).map((f) => f.name).sort()).toEqual(["notes 2.pdf", "notes.pdf"]);

    // Two materials of one name stay two files.
    await delivered((await addMaterial(event.id, "notes.pdf", Buffer.from("%PDF-1.4 again"))).fact, "a material of the same name");
    expect(await filesIn(folders[0]!.id)).toHaveLength(3);

    // Two deliveries racing to make a new event's folder: Graph's 409 for the loser, which then finds the winner's.
    const race = await paidEvent("Race");
    const raceRow = await t.db.selectFrom("events").selectAll().where("id", "=", race.event.id).executeTakeFirstOrThrow();
    const materials = await Promise.all(["a.pdf", "b.pdf"].map(async (name) => {
      const file = await insertFile(t.db, { orgId: t.orgId, eventId: race.event.id, purpose: "material", filename: name, contentType: "application/pdf", size: 9, connectionId: null });
      await putLocal(file.object_key, Buffer.from("%PDF-1.4 "));
      return { id: file.id, filename: name, contentType: "application/pdf", size: 9 };
    }));
    const handler = (await onedrive()).handlers["event.material_added"]!;
    await Promise.all(materials.map(async (material) => handler({ type: "event.material_added", payload: { event: eventSnapshot(raceRow), material } } as never, (await context()) as never)));
    const raced = (await live()).filter((i) => i.kind === "folder" && i.name.endsWith(`(${race.event.id.slice(0, 8)})`));
    expect(raced).toHaveLength(1);
    expect((await filesIn(raced[0]!.id)).map((f) => f.name).sort()).toEqual(["a.pdf", "b.pdf"]);
  });

  it("goes on from where the upload session is when a chunk's answer was lost and the chunk is sent again", async () => {
    const { event } = await paidEvent("Lost Chunk");
    const bytes = randomBytes(5 * 1024 * KiB);
    const file = await insertFile(t.db, { orgId: t.orgId, eventId: event.id, purpose: "material", filename: "video.zip", contentType: "application/zip", size: bytes.length, connectionId: null });
    await putLocal(file.object_key, bytes);
    const real = await context();
    // OneDrive takes the first chunk, its answer never arrives, and the policy sends it again.
    let lost = false;
    const ctx = {
      ...real,
      call: async <T,>(operation: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> => {
        if (operation !== "uploads.chunk" || lost) return real.call(operation, fn);
        lost = true;
        await fn(new AbortController().signal);
        return real.call(operation, fn);
      },
    };
    const row = await t.db.selectFrom("events").selectAll().where("id", "=", event.id).executeTakeFirstOrThrow();
    await (await onedrive()).handlers["event.material_added"]!({ type: "event.material_added", payload: { event: eventSnapshot(row), material: { id: file.id, filename: "video.zip", contentType: "application/zip", size: bytes.length } } } as never, ctx as never);
    const [held] = await filesIn((await folderOf(event.id))!.id);
    expect(held).toMatchObject({ name: "video.zip", size: bytes.length, uploadedIn: { via: "session", chunks: 2 } });
    const statuses = (await sandbox.requests("onedrive")).filter((r: { operation: string; path: string }) => r.operation?.startsWith("onedrive uploads.")).map((r: { operation: string; status: number }) => `${r.operation.replace("onedrive uploads.", "")} ${r.status}`);
    expect(statuses.slice(-5)).toEqual(["create 200", "chunk 202", "chunk 416", "status 200", "chunk 201"]);
  });

  it("deletes a removed material's file, and takes names OneDrive refuses as safe ones", async () => {
    const { event } = await paidEvent("Removals");
    const kept = await addMaterial(event.id, 'what: "why"?.pdf', Buffer.from("%PDF-1.4 q"));
    const gone = await addMaterial(event.id, "old.pdf", Buffer.from("%PDF-1.4 old"));
    await delivered(kept.fact, "the oddly named material");
    await delivered(gone.fact, "the material to remove");
    await delivered(await recordFact(event.id, "event.material_removed", gone.material), "the removal");
    const folder = (await folderOf(event.id))!;
    // The stored name has lost its quotes already (lib/files); OneDrive's forbidden ":" and "?" become "_".
    expect((await filesIn(folder.id)).map((f) => f.name)).toEqual(["what_ why_.pdf"]);
  });

  it("invites a buyer who pays once the folder exists, and on refund removes them unless the address holds another paid ticket", async () => {
    const { event, ticketType } = await paidEvent("Refunds");
    await delivered((await addMaterial(event.id, "handout.pdf", Buffer.from("%PDF-1.4 h"))).fact, "the material");
    const folder = (await folderOf(event.id))!;
    expect(folder.sharedWith).toEqual([]);

    const bea = await pay(event.slug, ticketType.id, "bea@example.com");
    const cy = await pay(event.slug, ticketType.id, "cy@example.com", 2);
    const cyAgain = await pay(event.slug, ticketType.id, "cy@example.com");
    for (const o of [bea, cy, cyAgain]) await delivered(await factOf(o.order.id, "ticket.purchased"), "a purchase");
    expect(((await folderOf(event.id))!.sharedWith).sort()).toEqual(["bea@example.com", "cy@example.com"]);

    // Bea's whole order back: her address loses the folder.
    expect(await applyRefunds(t.db, bea.order.id, { refundedMinor: 2000, attendeeIds: [] })).toBe("changed");
    await delivered(await factOf(bea.order.id, "ticket.refunded"), "Bea's refund");
    expect((await folderOf(event.id))!.sharedWith).toEqual(["cy@example.com"]);

    // Cy returns one of two tickets, then the whole first order: the third ticket, in another order, keeps the folder open.
    expect(await applyRefunds(t.db, cy.order.id, { refundedMinor: 2000, attendeeIds: [cy.attendees[0]!.id] })).toBe("changed");
    expect(await applyRefunds(t.db, cy.order.id, { refundedMinor: 4000, attendeeIds: [] })).toBe("changed");
    const refunds = await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", cy.order.id).where("type", "=", "ticket.refunded").execute();
    for (const r of refunds) await delivered(r.id, "Cy's refunds");
    expect((await folderOf(event.id))!.sharedWith).toEqual(["cy@example.com"]);

    // The last one back: now the address goes.
    expect(await applyRefunds(t.db, cyAgain.order.id, { refundedMinor: 2000, attendeeIds: [] })).toBe("changed");
    await delivered(await factOf(cyAgain.order.id, "ticket.refunded"), "Cy's last refund");
    expect((await folderOf(event.id))!.sharedWith).toEqual([]);

    const panel = await (await onedrive()).eventViews!.panel!(t.db, { id: (await findConnection(t.db, t.orgId, "onedrive"))!.id, orgId: t.orgId }, event.id);
    expect(panel).toMatchObject({ title: "OneDrive folder", rows: expect.arrayContaining([{ label: "Materials", value: "1" }, { label: "Shared with", value: "0 addresses" }]) });
  });

  it("makes the folder again, shared again, when it was deleted by hand in OneDrive", async () => {
    const { event, ticketType } = await paidEvent("Hand Deleted");
    await pay(event.slug, ticketType.id, "eve@example.com");
    await delivered((await addMaterial(event.id, "one.pdf", Buffer.from("%PDF-1.4 1"))).fact, "the first material");
    const first = (await folderOf(event.id))!;
    const token = await sandbox.control("tokens", { provider: "onedrive" });
    expect((await fetch(`${sandbox.url}/onedrive/v1.0/me/drive/items/${first.id}`, { method: "DELETE", headers: { authorization: `Bearer ${token.access_token}` } })).status).toBe(204);
    await delivered((await addMaterial(event.id, "two.pdf", Buffer.from("%PDF-1.4 2"))).fact, "the material after the folder went");
    const again = (await folderOf(event.id))!;
    expect(again.id).not.toBe(first.id);
    expect(again.sharedWith).toEqual(["eve@example.com"]);
    expect((await filesIn(again.id)).map((f) => f.name)).toEqual(["two.pdf"]);
  });

  it("deletes the event's folder with its files when the event is deleted", async () => {
    const { event } = await paidEvent("Deleted Later");
    await delivered((await addMaterial(event.id, "a.pdf", Buffer.from("%PDF-1.4 a"))).fact, "the material");
    const folder = (await folderOf(event.id))!;
    await delivered(await recordFact(event.id, "event.deleted"), "the deletion");
    const after = (await items()).filter((i) => i.id === folder.id || i.parentId === folder.id);
    expect(after.length).toBe(2);
    expect(after.every((i) => i.deletedAt)).toBe(true);
    const record = await t.db.selectFrom("external_objects").select("data").where("kind", "=", "onedrive.folder").where("local_id", "=", event.id).executeTakeFirstOrThrow();
    expect(record.data).toMatchObject({ deleted: true });
  });

  it("refuses what Graph would refuse: a driveItem property that does not exist, a chunk not a multiple of 320 KiB", async () => {
    const token = await sandbox.control("tokens", { provider: "onedrive" });
    const auth = { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" };
    const bad = await fetch(`${sandbox.url}/onedrive/v1.0/me/drive/root/children`, { method: "POST", headers: auth, body: JSON.stringify({ name: "X", folder: {}, colour: "red" }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain("'colour' does not exist on type 'microsoft.graph.driveItem'");
    const session = await fetch(`${sandbox.url}/onedrive/v1.0/me/drive/root:/odd.bin:/createUploadSession`, { method: "POST", headers: auth, body: JSON.stringify({ item: { name: "odd.bin" } }) }).then((r) => r.json());
    const chunk = await fetch(session.uploadUrl, { method: "PUT", headers: { "content-range": "bytes 0-99999/300000" }, body: Buffer.alloc(100_000) });
    expect(chunk.status).toBe(400);
    expect((await chunk.json()).error.message).toContain("multiple of 320 KiB");
  });
});

describe("OneDrive failing", () => {
  it("turns a lasting 503 into a failed delivery, tried again later until the folder is made", async () => {
    const { event } = await paidEvent("Outage");
    await sandbox.control("faults", { provider: "onedrive", match: "/children", kind: "status", status: 503, times: 3 });
    const { fact } = await addMaterial(event.id, "late.pdf", Buffer.from("%PDF-1.4 late"));
    const failed = await waitFor(async () => {
      const d = await delivery(fact);
      return d && d.status === "retrying" ? d : undefined;
    }, { what: "the delivery to fail", timeoutMs: 30_000 });
    expect(failed.last_error).toContain("503");
    await delivered(fact, "the delivery after the outage");
    expect(await filesIn((await folderOf(event.id))!.id)).toHaveLength(1);
    const calls = await t.db.selectFrom("integration_calls").select("http_status").where("connector_id", "=", "onedrive").where("operation", "=", "folders.create").execute();
    expect(calls.filter((c) => c.http_status === 503)).toHaveLength(3);
  });

  it("marks the connection Needs attention on a revoked grant, the delivery dead, and the purchase still made", async () => {
    const { event, ticketType } = await paidEvent("After Revoke");
    await delivered((await addMaterial(event.id, "x.pdf", Buffer.from("%PDF-1.4 x"))).fact, "the material");
    await sandbox.control("revoke", { provider: "onedrive" });
    const row = (await findConnection(t.db, t.orgId, "onedrive"))!;
    const { readCredentials, sealCredentials } = await import("@/lib/integrations/connections/credentials");
    const tokens = await readCredentials<Record<string, unknown>>(t.db, appKeyring(), row, "OneDrive");
    await t.db.updateTable("connections").set({ credentials_sealed: sealCredentials(appKeyring(), row.id, { ...tokens, expiresAt: new Date(Date.now() - 1000).toISOString() }) }).where("id", "=", row.id).execute();
    const dee = await pay(event.slug, ticketType.id, "dee@example.com");
    const fact = await factOf(dee.order.id, "ticket.purchased");
    const dead = await waitFor(async () => {
      const d = await delivery(fact);
      return d?.status === "dead" ? d : undefined;
    }, { what: "the delivery to die", timeoutMs: 30_000 });
    expect(dead.last_error).toContain("reconnect OneDrive");
    const after = (await findConnection(t.db, t.orgId, "onedrive"))!;
    expect(after.status).toBe("needs_attention");
    expect((await t.db.selectFrom("orders").select("status").where("id", "=", dee.order.id).executeTakeFirstOrThrow()).status).toBe("paid");
    expect((await folderOf(event.id))!.sharedWith).toEqual([]);
  });
});
