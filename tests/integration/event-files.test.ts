// Covers, materials and deleting an event, on the local-disk backend under a
// temporary data directory: the browser's upload path (start, PUT to the signed
// target, finish), the facts each change records, the public cover route, the
// attendees' materials links, and removal of the bytes through the queue.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as publicFile } from "@/app/api/public/files/[id]/route";
import { GET as fileGet, PUT as filePut } from "@/app/api/files/[id]/route";
import { ConflictError, ValidationError } from "@/lib/domain/errors";
import { setEventCover } from "@/lib/domain/events/cover";
import { deleteEvent } from "@/lib/domain/events/delete";
import { cancelEvent, createEvent } from "@/lib/domain/events/service";
import { registerFree } from "@/lib/domain/registrations/register-free";
import type { EventRow } from "@/lib/db/schema";
import { PURPOSE_LIMITS } from "@/lib/files/limits";
import { headLocal } from "@/lib/files/local-disk";
import { fileLink } from "@/lib/integrations/storage/links";
import { removeStoredFile } from "@/lib/integrations/storage/tasks";
import { finishUpload, startUpload } from "@/lib/integrations/storage/upload";
import { MATERIALS_AFTER_END_SECONDS, materialsToken } from "@/lib/materials/access";
import { openMaterials } from "@/lib/materials/open";
import { addMaterial, materialRecipients, removeMaterial } from "@/lib/materials/service";
import { appKeyring } from "@/lib/vault/app-keyring";
import { jobKeys } from "@/lib/queue/job-keys";
import { keyringFromEnv } from "@/lib/vault";
import { eventFields, makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();
let dataDir: string;

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  dataDir = await mkdtemp(path.join(os.tmpdir(), "sb-event-files-"));
  process.env.SWITCHBOARD_DATA_DIR = dataDir;
});
afterAll(async () => {
  delete process.env.SWITCHBOARD_DATA_DIR;
  await rm(dataDir, { recursive: true, force: true });
});

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b80000000049454e44ae426082", "hex");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
const ctxOf = (id: string) => ({ params: Promise.resolve({ id }) });

/** What the browser does: start, send the bytes to the target exactly as told, finish. */
async function upload(orgId: string, event: EventRow, purpose: "cover" | "material", filename: string, contentType: string, bytes: Buffer) {
  const field = purpose === "cover" ? "cover" : "materials";
  const { file, target } = await startUpload(t.db, appKeyring(), { orgId, eventId: event.id, purpose, filename, contentType, size: bytes.byteLength, field, limits: PURPOSE_LIMITS[purpose] });
  expect(target.method).toBe("PUT");
  const url = new URL(target.url);
  expect(url.pathname).toBe(`/api/files/${file.id}`);
  const put = await filePut(new Request(url, { method: "PUT", headers: target.headers, body: new Uint8Array(bytes) }), ctxOf(file.id));
  return { file, put, finish: () => finishUpload(t.db, appKeyring(), orgId, file.id, field) };
}

async function facts(aggregateId: string, type?: string) {
  let q = t.db.selectFrom("domain_events").selectAll().where("aggregate_id", "=", aggregateId).orderBy("occurred_at");
  if (type) q = q.where("type", "=", type);
  return q.execute();
}

async function removalJobs(fileIds: string[]) {
  const keys = fileIds.map((id) => jobKeys.fileRemoval.of(id));
  const { rows } = await sql<{ key: string }>`select key from graphile_worker.jobs where task_identifier = 'remove_stored_file' and key = any(${keys})`.execute(t.db);
  return rows;
}

describe("the cover image", () => {
  it("goes up through the signed local target, becomes the cover with event.updated, and replaces the old one", async () => {
    const event = await createEvent(t.db, t.orgId, eventFields);
    const first = await upload(t.orgId, event, "cover", "cover.png", "image/png", PNG);
    expect(first.put.status).toBe(200);
    const stored = await first.finish();
    expect(stored.status).toBe("stored");
    expect(await headLocal(stored.object_key)).toEqual({ size: PNG.byteLength });

    const withCover = await setEventCover(t.db, t.orgId, event.id, { fileId: stored.id, version: event.version });
    expect(withCover.cover_file_id).toBe(stored.id);
    expect(withCover.version).toBe(event.version + 1);
    const updated = await facts(event.id, "event.updated");
    expect(updated).toHaveLength(1);
    expect((updated[0]!.payload as { event: { coverImageUrl?: string } }).event.coverImageUrl).toMatch(new RegExp(`/api/public/files/${stored.id}$`));

    // A stale version is refused, as for any edit.
    await expect(setEventCover(t.db, t.orgId, event.id, { fileId: null, version: event.version })).rejects.toBeInstanceOf(ConflictError);

    const second = await upload(t.orgId, event, "cover", "new.png", "image/png", PNG);
    const replacement = await second.finish();
    await setEventCover(t.db, t.orgId, event.id, { fileId: replacement.id, version: withCover.version });
    const old = await t.db.selectFrom("files").select("status").where("id", "=", stored.id).executeTakeFirstOrThrow();
    expect(old.status).toBe("deleting");
    expect(await removalJobs([stored.id])).toHaveLength(1);
  });

  it("refuses another event's or organization's file as the cover", async () => {
    const event = await createEvent(t.db, t.orgId, eventFields);
    const other = await createEvent(t.db, t.orgId, eventFields);
    const foreign = await (await upload(t.orgId, other, "cover", "x.png", "image/png", PNG)).finish();
    await expect(setEventCover(t.db, t.orgId, event.id, { fileId: foreign.id, version: event.version })).rejects.toBeInstanceOf(ValidationError);
    const otherOrg = (await makeOrg(t.db, "Other")).id;
    await expect(setEventCover(t.db, otherOrg, event.id, { fileId: foreign.id, version: event.version })).rejects.toThrow(/not found/);
    expect((await facts(event.id, "event.updated"))).toHaveLength(0);
  });

  it("refuses a text file named .png by its content, and stores nothing", async () => {
    const event = await createEvent(t.db, t.orgId, eventFields);
    const text = Buffer.from("just some text pretending to be an image\n".repeat(4));
    const u = await upload(t.orgId, event, "cover", "photo.png", "image/png", text);
    expect(u.put.status).toBe(415);
    expect(((await u.put.json()) as { error: string }).error).toMatch(/not a PNG image/);
    expect(await headLocal(u.file.object_key)).toBeNull();
    await expect(u.finish()).rejects.toBeInstanceOf(ValidationError);
    const stored = await t.db.selectFrom("files").select("id").where("event_id", "=", event.id).where("status", "=", "stored").execute();
    expect(stored).toEqual([]);
  });

  it("refuses an oversized or wrongly typed cover on its field before any row or byte exists", async () => {
    const event = await createEvent(t.db, t.orgId, eventFields);
    const base = { orgId: t.orgId, eventId: event.id, purpose: "cover" as const, filename: "huge.png", field: "cover", limits: PURPOSE_LIMITS.cover };
    const tooBig = startUpload(t.db, appKeyring(), { ...base, contentType: "image/png", size: PURPOSE_LIMITS.cover.maxBytes + 1 });
    await expect(tooBig).rejects.toMatchObject({ fieldErrors: { cover: [expect.stringMatching(/largest accepted is 10 MB/)] } });
    const pdf = startUpload(t.db, appKeyring(), { ...base, filename: "a.pdf", contentType: "application/pdf", size: 100 });
    await expect(pdf).rejects.toMatchObject({ fieldErrors: { cover: [expect.stringMatching(/PNG image, JPEG image, WebP image or GIF image/)] } });
    expect(await t.db.selectFrom("files").select("id").where("event_id", "=", event.id).execute()).toEqual([]);
  });

  it("is served publicly for a published event and not for a draft", async () => {
    const draft = await createEvent(t.db, t.orgId, eventFields);
    const draftCover = await (await upload(t.orgId, draft, "cover", "d.png", "image/png", PNG)).finish();
    await setEventCover(t.db, t.orgId, draft.id, { fileId: draftCover.id, version: draft.version });
    const hidden = await publicFile(new Request(`http://app.test/api/public/files/${draftCover.id}`), ctxOf(draftCover.id));
    expect(hidden.status).toBe(404);

    const { event } = await makePublishedEvent(t.db, t.orgId);
    const cover = await (await upload(t.orgId, event, "cover", "p.png", "image/png", PNG)).finish();
    await setEventCover(t.db, t.orgId, event.id, { fileId: cover.id, version: event.version });
    const shown = await publicFile(new Request(`http://app.test/api/public/files/${cover.id}`), ctxOf(cover.id));
    expect(shown.status).toBe(200);
    expect(shown.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await shown.arrayBuffer()).equals(PNG)).toBe(true);
  });
});

describe("materials", () => {
  async function eventWithAttendees(orgId: string) {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    const ana = await registerFree(t.db, event.slug, { ticketTypeId: ticketType.id, quantity: 1, name: "Ana", email: "ana@example.com" });
    const ben = await registerFree(t.db, event.slug, { ticketTypeId: ticketType.id, quantity: 1, name: "Ben", email: "ben@example.com" });
    const idOf = async (orderId: string) => (await t.db.selectFrom("attendees").select("id").where("order_id", "=", orderId).executeTakeFirstOrThrow()).id;
    return { event, ana: await idOf(ana.order.id), ben: await idOf(ben.order.id) };
  }

  it("records event.material_added once per file and event.material_removed in the removal's transaction", async () => {
    const { event } = await makePublishedEvent(t.db, t.orgId);
    const file = await (await upload(t.orgId, event, "material", "slides.pdf", "application/pdf", PDF)).finish();
    await addMaterial(t.db, t.orgId, event.id, file.id);
    await addMaterial(t.db, t.orgId, event.id, file.id);
    const added = await facts(event.id, "event.material_added");
    expect(added).toHaveLength(1);
    expect(added[0]!.payload).toMatchObject({ material: { id: file.id, filename: "slides.pdf", contentType: "application/pdf", size: PDF.byteLength } });

    // Another event's id does not reach this event's file.
    const other = await createEvent(t.db, t.orgId, eventFields);
    await expect(removeMaterial(t.db, t.orgId, other.id, file.id)).rejects.toThrow(/not found/);

    expect(await removeMaterial(t.db, t.orgId, event.id, file.id)).toEqual({ removed: true });
    expect(await removeMaterial(t.db, t.orgId, event.id, file.id)).toEqual({ removed: false });
    expect(await facts(event.id, "event.material_removed")).toHaveLength(1);
    expect(await removalJobs([file.id])).toHaveLength(1);
  });

  it("refuses to announce a cover, or an unfinished upload, as a material", async () => {
    const { event } = await makePublishedEvent(t.db, t.orgId);
    const cover = await (await upload(t.orgId, event, "cover", "c.png", "image/png", PNG)).finish();
    await expect(addMaterial(t.db, t.orgId, event.id, cover.id)).rejects.toBeInstanceOf(ValidationError);
    const pending = await startUpload(t.db, appKeyring(), { orgId: t.orgId, eventId: event.id, purpose: "material", filename: "x.pdf", contentType: "application/pdf", size: PDF.byteLength, field: "materials", limits: PURPOSE_LIMITS.material });
    await expect(addMaterial(t.db, t.orgId, event.id, pending.file.id)).rejects.toBeInstanceOf(ValidationError);
    expect(await facts(event.id, "event.material_added")).toHaveLength(0);
  });

  it("opens to a paid attendee's link with download links that serve the file", async () => {
    const { event, ana } = await eventWithAttendees(t.orgId);
    const file = await (await upload(t.orgId, event, "material", "handbook.pdf", "application/pdf", PDF)).finish();
    await addMaterial(t.db, t.orgId, event.id, file.id);
    expect((await materialRecipients(t.db, t.orgId, event.id)).map((r) => r.name)).toEqual(["Ana", "Ben"]);

    const access = await openMaterials(t.db, appKeyring(), event.slug, materialsToken(appKeyring(), ana, event.ends_at));
    if (!access.ok) throw new Error(access.message);
    expect(access.materials.map((m) => m.id)).toEqual([file.id]);
    const link = new URL(await fileLink(t.db, appKeyring(), access.materials[0]!, { expiresInSeconds: 60, download: true }));
    const res = await fileGet(new Request(link), ctxOf(file.id));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="handbook.pdf"/);
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it("refuses a refunded or cancelled attendee in words, with no file", async () => {
    const { event, ana, ben } = await eventWithAttendees(t.orgId);
    await t.db.updateTable("attendees").set({ status: "refunded" }).where("id", "=", ana).execute();
    await t.db.updateTable("attendees").set({ status: "cancelled" }).where("id", "=", ben).execute();
    const refunded = await openMaterials(t.db, appKeyring(), event.slug, materialsToken(appKeyring(), ana, event.ends_at));
    expect(refunded).toEqual({ ok: false, status: 403, message: expect.stringMatching(/refunded/) });
    const cancelled = await openMaterials(t.db, appKeyring(), event.slug, materialsToken(appKeyring(), ben, event.ends_at));
    expect(cancelled).toEqual({ ok: false, status: 403, message: expect.stringMatching(/cancelled/) });
  });

  it("refuses a forged, tampered, expired or foreign-key token", async () => {
    const { event, ana } = await eventWithAttendees(t.orgId);
    const token = materialsToken(appKeyring(), ana, event.ends_at);
    const [id, exp, sig] = token.split(".") as [string, string, string];
    const stranger = keyringFromEnv({ VAULT_KEYS: "other:b3RoZXItaW5zdGFsbGF0aW9uLWtleS0zMi1ieXRlcyE=", VAULT_CURRENT_KEY_ID: "other" });
    const refused = [
      "",
      "not-a-token",
      `${id}.${Number(exp) + 3600}.${sig}`,
      `${randomUUID()}.${exp}.${sig}`,
      `${id}.${exp}.${"A".repeat(43)}`,
      materialsToken(stranger, ana, event.ends_at),
    ];
    for (const bad of refused) {
      const r = await openMaterials(t.db, appKeyring(), event.slug, bad);
      expect(r, bad).toMatchObject({ ok: false, status: 403, message: expect.stringMatching(/not valid/) });
    }
    const afterExpiry = event.ends_at.getTime() + MATERIALS_AFTER_END_SECONDS * 1000 + 1000;
    expect(await openMaterials(t.db, appKeyring(), event.slug, token, afterExpiry)).toMatchObject({ ok: false, message: expect.stringMatching(/expired/) });
    // Still valid the moment before.
    expect((await openMaterials(t.db, appKeyring(), event.slug, token, afterExpiry - 2000)).ok).toBe(true);
  });

  it("never shows one organization's files through another organization's attendee link", async () => {
    const orgB = (await makeOrg(t.db, "Org B")).id;
    const a = await eventWithAttendees(t.orgId);
    const b = await eventWithAttendees(orgB);
    const fileA = await (await upload(t.orgId, a.event, "material", "a.pdf", "application/pdf", PDF)).finish();
    const fileB = await (await upload(orgB, b.event, "material", "b.pdf", "application/pdf", PDF)).finish();
    await addMaterial(t.db, t.orgId, a.event.id, fileA.id);
    await addMaterial(t.db, orgB, b.event.id, fileB.id);
    // Org A's attendee: only org A's file, and nothing under org B's event address.
    const tokenA = materialsToken(appKeyring(), a.ana, a.event.ends_at);
    const own = await openMaterials(t.db, appKeyring(), a.event.slug, tokenA);
    expect(own.ok && own.materials.map((m) => m.id)).toEqual([fileA.id]);
    expect(await openMaterials(t.db, appKeyring(), b.event.slug, tokenA)).toMatchObject({ ok: false, status: 404 });
    // Org B's material cannot be announced under org A's event.
    await expect(addMaterial(t.db, t.orgId, a.event.id, fileB.id)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("deleting an event", () => {
  it("deletes a draft with event.deleted and removes its files' bytes through the queue", async () => {
    const event = await createEvent(t.db, t.orgId, eventFields);
    const cover = await (await upload(t.orgId, event, "cover", "c.png", "image/png", PNG)).finish();
    await setEventCover(t.db, t.orgId, event.id, { fileId: cover.id, version: event.version });
    const material = await (await upload(t.orgId, event, "material", "m.pdf", "application/pdf", PDF)).finish();
    await addMaterial(t.db, t.orgId, event.id, material.id);

    expect(await deleteEvent(t.db, t.orgId, event.id)).toEqual({ filesRemoved: 2 });
    expect(await t.db.selectFrom("events").select("id").where("id", "=", event.id).executeTakeFirst()).toBeUndefined();
    const deleted = await facts(event.id, "event.deleted");
    expect(deleted).toHaveLength(1);
    expect(deleted[0]!.payload).toMatchObject({ event: { id: event.id, title: "Test Conference" } });

    // The bytes are still there until the queue runs the removal jobs.
    const jobs = await removalJobs([cover.id, material.id]);
    expect(jobs).toHaveLength(2);
    expect(await headLocal(cover.object_key)).not.toBeNull();
    for (const f of [cover, material]) expect(await removeStoredFile(t.db, appKeyring(), f.id)).toBe("removed");
    expect(await headLocal(cover.object_key)).toBeNull();
    expect(await headLocal(material.object_key)).toBeNull();
    expect(await t.db.selectFrom("files").select("id").where("id", "in", [cover.id, material.id]).execute()).toEqual([]);
  });

  it("refuses a published event in words and keeps everything", async () => {
    const { event } = await makePublishedEvent(t.db, t.orgId);
    const material = await (await upload(t.orgId, event, "material", "m.pdf", "application/pdf", PDF)).finish();
    await expect(deleteEvent(t.db, t.orgId, event.id)).rejects.toThrow(/published event cannot be deleted.*Cancel it first/);
    expect(await t.db.selectFrom("events").select("id").where("id", "=", event.id).executeTakeFirst()).toBeDefined();
    expect((await t.db.selectFrom("files").select("status").where("id", "=", material.id).executeTakeFirstOrThrow()).status).toBe("stored");
    expect(await facts(event.id, "event.deleted")).toHaveLength(0);
  });

  it("deletes a cancelled event with free registrations, and not another organization's", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    await registerFree(t.db, event.slug, { ticketTypeId: ticketType.id, quantity: 1, name: "Ana", email: "ana@example.com" });
    await cancelEvent(t.db, t.orgId, event.id);
    const orgB = (await makeOrg(t.db, "Org C")).id;
    await expect(deleteEvent(t.db, orgB, event.id)).rejects.toThrow(/not found/);
    await deleteEvent(t.db, t.orgId, event.id);
    expect(await t.db.selectFrom("attendees").select("id").where("event_id", "=", event.id).execute()).toEqual([]);
  });
});
