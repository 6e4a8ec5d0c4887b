// The file core on the local disk: browser uploads refused or checked by their
// bytes, expiring signed links that open one file only, removal through the
// queue's task, and a published event's public cover.
import { mkdtemp, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../helpers/db";
import { freshDatabase } from "../helpers/db";
import { eventFields, makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { createEvent } from "@/lib/domain/events/service";
import { signLink, linkQuery } from "@/lib/files/links";
import { PURPOSE_LIMITS } from "@/lib/files/limits";
import { headLocal } from "@/lib/files/local-disk";
import { findFile } from "@/lib/files/records";
import { removeEventFiles, removeFile } from "@/lib/files/removal";
import { receiveFile } from "@/lib/integrations/storage/receive";
import { finishUpload, startUpload } from "@/lib/integrations/storage/upload";
import { removeStoredFile } from "@/lib/integrations/storage/tasks";
import { appKeyring } from "@/lib/vault/app-keyring";
import { ValidationError } from "@/lib/domain/errors";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b80000000049454e44ae426082", "hex");
const PDF = Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n", "latin1");

let t: TestDatabase;
let orgA: string;
let orgB: string;
let eventA: string;
let dataDir: string;
let files: typeof import("@/app/api/files/[id]/route");
let cover: typeof import("@/app/api/public/files/[id]/route");

beforeAll(async () => {
  t = await freshDatabase();
  process.env.DATABASE_URL = t.url;
  dataDir = await mkdtemp(path.join(os.tmpdir(), "sb-files-core-"));
  process.env.SWITCHBOARD_DATA_DIR = dataDir;
  orgA = (await makeOrg(t.db, "A")).id;
  orgB = (await makeOrg(t.db, "B")).id;
  eventA = (await makePublishedEvent(t.db, orgA)).event.id;
  files = await import("@/app/api/files/[id]/route");
  cover = await import("@/app/api/public/files/[id]/route");
});
afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().destroy();
  await t.drop();
});

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const keyring = () => appKeyring();

function fieldErrors(err: unknown): Record<string, string[]> {
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).fieldErrors;
}

async function countFiles(orgId: string): Promise<number> {
  const r = await t.db.selectFrom("files").select((eb) => eb.fn.countAll<number>().as("n")).where("org_id", "=", orgId).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function put(url: string, body: Uint8Array, contentType: string): Promise<Response> {
  const u = new URL(url);
  return files.PUT(new Request(url, { method: "PUT", body: Buffer.from(body), headers: { "content-type": contentType } }), params(u.pathname.split("/").pop()!));
}

const upload = (over: Partial<Parameters<typeof startUpload>[2]> = {}) =>
  startUpload(t.db, keyring(), { orgId: orgA, eventId: eventA, purpose: "cover", filename: "cover.png", contentType: "image/png", size: PNG.byteLength, field: "cover", limits: PURPOSE_LIMITS.cover, ...over });

describe("browser uploads to the local disk", () => {
  it("go to a signed link, and finishing checks the bytes that arrived", async () => {
    const { file, target } = await upload();
    expect(target).toMatchObject({ method: "PUT", headers: { "content-type": "image/png" } });
    expect(target.url).toContain(`/api/files/${file.id}?use=upload`);
    expect((await put(target.url, PNG, "image/png")).status).toBe(200);
    const done = await finishUpload(t.db, keyring(), orgA, file.id, "cover");
    expect(done.status).toBe("stored");
    expect(await headLocal(done.object_key)).toEqual({ size: PNG.byteLength });
    // Finishing twice is harmless.
    expect((await finishUpload(t.db, keyring(), orgA, file.id, "cover")).status).toBe("stored");
  });

  it("refuse a type or size the purpose does not take on its field, before any row or byte", async () => {
    const before = await countFiles(orgA);
    expect(fieldErrors(await upload({ contentType: "application/pdf" }).catch((e) => e)).cover![0]).toMatch(/not accepted here: choose a PNG image, JPEG image, WebP image or GIF image/);
    expect(fieldErrors(await upload({ size: PURPOSE_LIMITS.cover.maxBytes + 1 }).catch((e) => e)).cover![0]).toMatch(/the largest accepted is 10 MB/);
    expect(fieldErrors(await upload({ size: 0 }).catch((e) => e)).cover![0]).toMatch(/empty/);
    expect(await countFiles(orgA)).toBe(before);
  });

  it("refuse a body of another size or another type, or bytes that are not what was announced, writing nothing", async () => {
    const { file, target } = await upload();
    expect((await put(target.url, Buffer.concat([PNG, Buffer.from("x")]), "image/png")).status).toBe(413);
    expect((await put(target.url, PNG, "image/gif")).status).toBe(415);
    const text = Buffer.alloc(PNG.byteLength, "a");
    const refused = await put(target.url, text, "image/png");
    expect(refused.status).toBe(415);
    expect(((await refused.json()) as { error: string }).error).toMatch(/not a PNG image/);
    expect(await headLocal(file.object_key)).toBeNull();
    expect(fieldErrors(await finishUpload(t.db, keyring(), orgA, file.id, "cover").catch((e) => e)).cover![0]).toMatch(/did not arrive/);
  });

  it("refuse an expired, forged or reused upload link", async () => {
    const { file, target } = await upload();
    const expired = `${target.url.split("?")[0]}?${linkQuery(signLink(keyring(), file.id, "upload", 1, Date.now() - 60_000))}`;
    expect((await put(expired, PNG, "image/png")).status).toBe(403);
    const read = `${target.url.split("?")[0]}?${linkQuery(signLink(keyring(), file.id, "read", 60))}`;
    expect((await put(read, PNG, "image/png")).status).toBe(403);
    expect((await put(target.url, PNG, "image/png")).status).toBe(200);
    await finishUpload(t.db, keyring(), orgA, file.id, "cover");
    expect((await put(target.url, PNG, "image/png")).status).toBe(409);
  });

  it("of one organization cannot be finished or found by another", async () => {
    const { file, target } = await upload();
    await put(target.url, PNG, "image/png");
    expect(await findFile(t.db, orgB, file.id)).toBeUndefined();
    expect(fieldErrors(await finishUpload(t.db, keyring(), orgB, file.id, "cover").catch((e) => e)).cover![0]).toMatch(/not found/);
  });
});

describe("signed read links", () => {
  it("serve the file until they expire, as an attachment when asked, never sniffed", async () => {
    const stored = await receiveFile(t.db, keyring(), { orgId: orgA, eventId: eventA, purpose: "material", filename: "../../slides.pdf", bytes: PDF, limits: PURPOSE_LIMITS.material, field: "file" });
    expect(stored.filename).toBe("slides.pdf");
    expect(stored.content_type).toBe("application/pdf");
    const url = (use: "read" | "download", seconds: number, now = Date.now()) => `http://localhost/api/files/${stored.id}?${linkQuery(signLink(keyring(), stored.id, use, seconds, now))}`;
    const res = await files.GET(new Request(url("download", 60)), params(stored.id));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PDF);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="slides.pdf"/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const expired = await files.GET(new Request(url("read", 1, Date.now() - 60_000)), params(stored.id));
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as { error: string }).error).toMatch(/expired/);
  });

  it("open only the file they were made for: another file's id with this signature is refused", async () => {
    const mine = await receiveFile(t.db, keyring(), { orgId: orgA, eventId: eventA, purpose: "material", filename: "a.pdf", bytes: PDF, limits: PURPOSE_LIMITS.material, field: "file" });
    const theirs = await receiveFile(t.db, keyring(), { orgId: orgB, eventId: null, purpose: "material", filename: "b.pdf", bytes: PDF, limits: PURPOSE_LIMITS.material, field: "file" });
    const q = linkQuery(signLink(keyring(), mine.id, "read", 60));
    expect((await files.GET(new Request(`http://localhost/api/files/${theirs.id}?${q}`), params(theirs.id))).status).toBe(403);
    expect((await files.GET(new Request(`http://localhost/api/files/${mine.id}?${q}`), params(mine.id))).status).toBe(200);
    expect((await files.GET(new Request(`http://localhost/api/files/${mine.id}`), params(mine.id))).status).toBe(403);
  });

  it("refuse a file that content-sniffs as something else, whatever its name", async () => {
    const err = await receiveFile(t.db, keyring(), { orgId: orgA, eventId: eventA, purpose: "material", filename: "slides.pdf", bytes: Buffer.from("#!/bin/sh\nrm -rf /\n"), limits: PURPOSE_LIMITS.material, field: "file" }).catch((e) => e);
    expect(fieldErrors(err).file![0]).toMatch(/the name does not decide/);
  });
});

describe("removal", () => {
  it("hides a file at once and removes its bytes and row in the queue's task", async () => {
    const f = await receiveFile(t.db, keyring(), { orgId: orgA, eventId: eventA, purpose: "material", filename: "old.pdf", bytes: PDF, limits: PURPOSE_LIMITS.material, field: "file" });
    expect(await removeFile(t.db, orgB, f.id)).toBe(false);
    expect(await removeFile(t.db, orgA, f.id)).toBe(true);
    expect(await removeFile(t.db, orgA, f.id)).toBe(false);
    const q = linkQuery(signLink(keyring(), f.id, "read", 60));
    expect((await files.GET(new Request(`http://localhost/api/files/${f.id}?${q}`), params(f.id))).status).toBe(404);
    const jobs = await t.db.selectFrom("graphile_worker.jobs" as never).select("key" as never).execute();
    expect((jobs as Array<{ key: string }>).map((j) => j.key)).toContain(`file-remove:${f.id}`);
    expect(await removeStoredFile(t.db, keyring(), f.id)).toBe("removed");
    expect(await headLocal(f.object_key)).toBeNull();
    expect(await removeStoredFile(t.db, keyring(), f.id)).toBe("already removed");
  });

  it("takes every file of an event in one statement", async () => {
    const ev = (await makePublishedEvent(t.db, orgA)).event.id;
    const made = await Promise.all([1, 2, 3].map((i) => receiveFile(t.db, keyring(), { orgId: orgA, eventId: ev, purpose: "material", filename: `${i}.pdf`, bytes: PDF, limits: PURPOSE_LIMITS.material, field: "file" })));
    expect(await removeEventFiles(t.db, orgB, ev)).toBe(0);
    expect(await removeEventFiles(t.db, orgA, ev)).toBe(3);
    for (const f of made) expect(await removeStoredFile(t.db, keyring(), f.id)).toBe("removed");
    expect(await readdir(path.join(dataDir, "files", "org", orgA, "material"))).not.toContain(made[0]!.id);
  });
});

describe("the public cover", () => {
  it("is served for an event that is not a draft, and is not found for a draft's", async () => {
    const img = await receiveFile(t.db, keyring(), { orgId: orgA, eventId: eventA, purpose: "cover", filename: "c.png", bytes: PNG, limits: PURPOSE_LIMITS.cover, field: "cover" });
    expect((await cover.GET(new Request("http://localhost/"), params(img.id))).status).toBe(404);
    await t.db.updateTable("events").set({ cover_file_id: img.id }).where("id", "=", eventA).execute();
    const res = await cover.GET(new Request("http://localhost/"), params(img.id));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    const draft = await createEvent(t.db, orgA, eventFields);
    const img2 = await receiveFile(t.db, keyring(), { orgId: orgA, eventId: draft.id, purpose: "cover", filename: "d.png", bytes: PNG, limits: PURPOSE_LIMITS.cover, field: "cover" });
    await t.db.updateTable("events").set({ cover_file_id: img2.id }).where("id", "=", draft.id).execute();
    expect((await cover.GET(new Request("http://localhost/"), params(img2.id))).status).toBe(404);
    expect((await cover.GET(new Request("http://localhost/"), params("../../etc/passwd"))).status).toBe(404);
  });
});

describe("abandoned uploads", () => {
  it("are removed by the sweep a day after they were signed, and recent ones are left alone", async () => {
    const { sweepWaitingFiles } = await import("@/lib/integrations/storage/tasks");
    const old = (await upload()).file;
    const recent = (await upload()).file;
    await sql`update files set created_at = now() - interval '25 hours' where id = ${old.id}`.execute(t.db);
    await sweepWaitingFiles(t.db);
    const rows = await t.db.selectFrom("files").select(["id", "status"]).where("id", "in", [old.id, recent.id]).execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [old.id]: "deleting", [recent.id]: "uploading" });
    expect(await removeStoredFile(t.db, keyring(), old.id)).toBe("removed");
  });

  it("include an attendee's answer file that nobody's answers name after a day, but not one an attendee gave", async () => {
    const { sweepWaitingFiles } = await import("@/lib/integrations/storage/tasks");
    const answerFile = () => receiveFile(t.db, keyring(), { orgId: orgA, eventId: eventA, purpose: "answer", filename: "cv.pdf", bytes: PDF, limits: PURPOSE_LIMITS.answer, field: "a" });
    const [unused, given] = [await answerFile(), await answerFile()];
    const attendee = await t.db.selectFrom("attendees").select("id").where("event_id", "=", eventA).executeTakeFirst();
    let attendeeId = attendee?.id;
    if (!attendeeId) {
      const { registerFree } = await import("@/lib/domain/registrations/register-free");
      const slug = (await t.db.selectFrom("events").select("slug").where("id", "=", eventA).executeTakeFirstOrThrow()).slug;
      const tt = await t.db.selectFrom("ticket_types").select("id").where("event_id", "=", eventA).executeTakeFirstOrThrow();
      attendeeId = (await registerFree(t.db, slug, { ticketTypeId: tt.id, quantity: 1, name: "Ana", email: "ana@example.test" })).attendees[0]!.id;
    }
    await sql`update attendees set answers = ${JSON.stringify([{ questionId: "00000000-0000-4000-8000-000000000001", question: "CV", kind: "file", value: given.id, filename: "cv.pdf" }])}::jsonb where id = ${attendeeId}`.execute(t.db);
    await sql`update files set created_at = now() - interval '25 hours' where id in (${unused.id}, ${given.id})`.execute(t.db);
    await sweepWaitingFiles(t.db);
    const rows = await t.db.selectFrom("files").select(["id", "status"]).where("id", "in", [unused.id, given.id]).execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [unused.id]: "deleting", [given.id]: "stored" });
  });
});
