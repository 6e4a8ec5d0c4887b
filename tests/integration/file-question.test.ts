// The "file" registration question end to end on real Postgres and the local
// disk (a temporary SWITCHBOARD_DATA_DIR), through the real upload route: a PDF
// uploaded and given as the answer of a free registration and of a paid order;
// a disguised, an oversized and an unasked-for file refused on its field with
// nothing stored; file ids of another event, another organization or another
// registration refused as answers; a draft event's route closed; and one
// address uploading too much limited.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attendeeRows } from "@/lib/domain/attendees/export";
import { ValidationError } from "@/lib/domain/errors";
import { addTicketType, createEvent } from "@/lib/domain/events/service";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { markOrderPaid } from "@/lib/domain/orders/settle";
import { addQuestion } from "@/lib/domain/questions/service";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { listLocal } from "@/lib/files/local-disk";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { eventFields, makeOrg, makePublishedEvent } from "../helpers/fixtures";

Object.assign(process.env, { TRUST_PROXY_HOPS: "1", RATE_LIMIT_PUBLIC_UPLOAD: "4/60" });

type Handler = (req: Request, ctx: { params: Promise<{ slug: string; questionId: string }> }) => Promise<Response>;
let t: TestDatabase;
let orgId: string;
let dataDir: string;
let upload: Handler;

beforeAll(async () => {
  t = await freshDatabase();
  process.env.DATABASE_URL = t.url;
  dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-file-question-"));
  process.env.SWITCHBOARD_DATA_DIR = dataDir;
  orgId = (await makeOrg(t.db)).id;
  upload = (await import("@/app/api/public/events/[slug]/questions/[questionId]/file/route")).POST;
});
afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().destroy();
  await t.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const MB = 1024 * 1024;
/** A small but real PDF: file-type knows it by its first bytes. */
const pdf = (padTo = 0) => {
  const head = Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n", "latin1");
  return Buffer.concat([head, Buffer.alloc(Math.max(0, padTo - head.length), 0x20), Buffer.from("\n%%EOF\n")]);
};

let ipCounter = 0;
const freshIp = () => `203.0.113.${++ipCounter}`;

function send(slug: string, questionId: string, file: { bytes: Buffer; name: string; type?: string } | null, opts: { ip?: string; ticketTypeIds?: string[] } = {}) {
  const body = new FormData();
  if (file) body.set("file", new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? "application/pdf" }));
  const query = new URLSearchParams((opts.ticketTypeIds ?? []).map((id) => ["ticketTypeId", id]));
  const req = new Request(`http://localhost/api/public/events/${slug}/questions/${questionId}/file?${query}`, {
    method: "POST",
    headers: { "x-forwarded-for": `${opts.ip ?? freshIp()}, 10.0.0.2` },
    body,
  });
  return upload(req, { params: Promise.resolve({ slug, questionId }) });
}

async function uploaded(slug: string, questionId: string, name = "cv.pdf"): Promise<string> {
  const res = await send(slug, questionId, { bytes: pdf(), name });
  expect(res.status).toBe(201);
  const body = await res.json();
  expect(body).toEqual({ fileId: expect.any(String), filename: name });
  return body.fileId;
}

async function fieldErrors(p: Promise<unknown>): Promise<Record<string, string[]>> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).fieldErrors;
}

/** What is stored of one organization: rows and bytes on the disk. */
async function stored(org = orgId) {
  const rows = await t.db.selectFrom("files").select("id").where("org_id", "=", org).execute();
  return { rows: rows.length, onDisk: (await listLocal(`org/${org}/`)).length };
}

async function fileEvent(opts: { max?: string; price?: string; required?: boolean; org?: string } = {}) {
  const org = opts.org ?? orgId;
  const { event, ticketType } = await makePublishedEvent(t.db, org, { price: opts.price });
  const question = await addQuestion(
    t.db,
    org,
    event.id,
    { label: "Your CV", kind: "file", fileAccept: "application/pdf", fileMaxMb: opts.max ?? "1", required: opts.required === false ? "" : "on" },
    [],
  );
  return { event, ticketType, question };
}

describe("a file question on the public form", () => {
  it("takes a PDF, which answers the question of a free registration and shows by name in the CSV", async () => {
    const { event, ticketType, question } = await fileEvent();
    const before = await stored();
    const fileId = await uploaded(event.slug, question.id, "Ana CV.pdf");
    expect(await stored()).toEqual({ rows: before.rows + 1, onDisk: before.onDisk + 1 });
    const row = await t.db.selectFrom("files").selectAll().where("id", "=", fileId).executeTakeFirstOrThrow();
    // No storage connection: the local disk keeps it, waiting for nothing.
    expect(row).toMatchObject({ org_id: orgId, event_id: event.id, purpose: "answer", status: "stored", content_type: "application/pdf", connection_id: null, move_to_connection_id: null });

    const { order, attendees } = await registerFree(t.db, event.slug, { name: "Ana", email: "ana@example.com", ticketTypeId: ticketType.id, quantity: 1, answers: { [question.id]: fileId } });
    expect(attendees[0]!.answers).toEqual([{ questionId: question.id, question: "Your CV", kind: "file", value: fileId, filename: "Ana CV.pdf" }]);
    const fact = await t.db.selectFrom("domain_events").selectAll().where("aggregate_id", "=", order.id).where("type", "=", "registration.created").executeTakeFirstOrThrow();
    expect((fact.payload as { attendees: Array<{ answers: unknown[] }> }).attendees[0]!.answers).toEqual([
      { questionId: question.id, question: "Your CV", kind: "file", value: fileId, filename: "Ana CV.pdf" },
    ]);
    const csv = await attendeeRows(t.db, orgId, event.id);
    expect(csv[0]).toContain("Your CV");
    expect(csv[1]!.at(-1)).toBe("Ana CV.pdf");
  });

  it("keeps a paid order's file answer with the order until it settles, then gives it to the attendee", async () => {
    const { event, ticketType, question } = await fileEvent({ price: "20" });
    const fileId = await uploaded(event.slug, question.id, "slides.pdf");
    const pending = await createPendingOrder(
      t.db,
      event.slug,
      { name: "Bo", email: "bo@example.com", attempt: randomUUID(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }], answers: { [question.id]: fileId } },
      "stripe",
    );
    expect(pending.order.pending_answers).toEqual([expect.objectContaining({ kind: "file", value: fileId, filename: "slides.pdf" })]);
    expect(await markOrderPaid(t.db, pending.order.id, { paymentIntentId: "pi_test_file_answer" })).toBe("changed");
    const attendee = await t.db.selectFrom("attendees").selectAll().where("order_id", "=", pending.order.id).executeTakeFirstOrThrow();
    expect(attendee.answers).toEqual([{ questionId: question.id, question: "Your CV", kind: "file", value: fileId, filename: "slides.pdf" }]);
  });

  it("refuses a text file named .pdf by its content, and a file over the question's size with 413, on the field and with nothing stored", async () => {
    const { event, question } = await fileEvent({ max: "1" });
    const field = `answers.${question.id}`;
    const before = await stored();

    const fake = await send(event.slug, question.id, { bytes: Buffer.from("#!/bin/sh\necho not a pdf\n".repeat(20)), name: "slides.pdf", type: "application/pdf" });
    expect(fake.status).toBe(400);
    expect((await fake.json()).fields).toEqual({ [field]: ["This file's content is not a PDF; the name does not decide what a file is."] });

    const big = await send(event.slug, question.id, { bytes: pdf(2 * MB), name: "big.pdf" });
    expect(big.status).toBe(413);
    const bigBody = await big.json();
    expect(bigBody.fields).toEqual({ [field]: ["The file is larger than 1 MB, the largest this question takes."] });

    // Just past the limit, inside the multipart framing's allowance: still refused on its field.
    const edge = await send(event.slug, question.id, { bytes: pdf(MB + 10), name: "edge.pdf" });
    expect(edge.status).toBe(400);
    expect((await edge.json()).fields[field]).toEqual([expect.stringMatching(/^The file is 1 MB; the largest accepted is 1 MB\.$/)]);

    const none = await send(event.slug, question.id, null);
    expect(none.status).toBe(400);
    expect((await none.json()).fields).toEqual({ [field]: ["Choose a file to upload."] });

    expect(await stored()).toEqual(before);
  });

  it("answers only for a published, open event's file question, asked for the chosen ticket type", async () => {
    const draft = await createEvent(t.db, orgId, { ...eventFields, title: "Draft with a file question" });
    const draftQuestion = await addQuestion(t.db, orgId, draft.id, { label: "CV", kind: "file", fileAccept: "application/pdf" }, []);
    const before = await stored();
    const closed = await send(draft.slug, draftQuestion.id, { bytes: pdf(), name: "cv.pdf" });
    expect(closed.status).toBe(404);

    const { event, question } = await fileEvent();
    const text = await addQuestion(t.db, orgId, event.id, { label: "Company", kind: "short-text" }, []);
    expect((await send(event.slug, text.id, { bytes: pdf(), name: "cv.pdf" })).status).toBe(404);
    expect((await send(event.slug, "not-a-question", { bytes: pdf(), name: "cv.pdf" })).status).toBe(404);
    // Another event's question through this event's address.
    const other = await fileEvent();
    expect((await send(event.slug, other.question.id, { bytes: pdf(), name: "cv.pdf" })).status).toBe(404);

    const vip = await addTicketType(t.db, orgId, event.id, { name: "VIP", price: "0", currency: "EUR", quantity: 5 });
    const vipOnly = await addQuestion(t.db, orgId, event.id, { label: "Portfolio", kind: "file", fileAccept: "application/pdf", ticketTypeId: vip.id }, []);
    const wrongType = await send(event.slug, vipOnly.id, { bytes: pdf(), name: "cv.pdf" }, { ticketTypeIds: [question.ticket_type_id ?? randomUUID()] });
    expect(wrongType.status).toBe(400);
    expect((await wrongType.json()).fields).toEqual({ [`answers.${vipOnly.id}`]: ["This question is asked for another ticket type; choose that ticket first."] });
    expect(await stored()).toEqual(before);
    expect((await send(event.slug, vipOnly.id, { bytes: pdf(), name: "cv.pdf" }, { ticketTypeIds: [vip.id] })).status).toBe(201);
  });
});

describe("a file answer in a registration", () => {
  it("is refused when required and missing, or when it names another event's, another organization's or an already given file", async () => {
    const { event, ticketType, question } = await fileEvent();
    const field = `answers.${question.id}`;
    const register = (answer: unknown, n: number) =>
      registerFree(t.db, event.slug, { name: `Guest ${n}`, email: `guest${n}@example.com`, ticketTypeId: ticketType.id, quantity: 1, answers: { [question.id]: answer } });

    expect(await fieldErrors(register("", 1))).toEqual({ [field]: ["This question needs an answer"] });
    expect(await fieldErrors(register(randomUUID(), 2))).toEqual({ [field]: ["This upload was not found; choose the file again."] });

    const otherEvent = await fileEvent();
    const elsewhere = await uploaded(otherEvent.event.slug, otherEvent.question.id);
    expect(await fieldErrors(register(elsewhere, 3))).toEqual({ [field]: ["This upload was not found; choose the file again."] });

    const stranger = await makeOrg(t.db, "Another organization");
    const theirs = await fileEvent({ org: stranger.id });
    const theirFile = await uploaded(theirs.event.slug, theirs.question.id);
    expect(await fieldErrors(register(theirFile, 4))).toEqual({ [field]: ["This upload was not found; choose the file again."] });

    const mine = await uploaded(event.slug, question.id);
    await register(mine, 5);
    expect(await fieldErrors(register(mine, 6))).toEqual({ [field]: ["This file is already another registration's answer; choose the file again."] });

    // Two registrations sent at once with one file: the event's lock queues them, and only one keeps it.
    const shared = await uploaded(event.slug, question.id);
    const both = await Promise.allSettled([register(shared, 8), register(shared, 9)]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = both.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((lost.reason as ValidationError).fieldErrors).toEqual({ [field]: ["This file is already another registration's answer; choose the file again."] });

    // A file being removed answers nothing either.
    const removed = await uploaded(event.slug, question.id);
    await t.db.updateTable("files").set({ status: "deleting" }).where("id", "=", removed).execute();
    expect(await fieldErrors(register(removed, 7))).toEqual({ [field]: ["This upload was not found; choose the file again."] });
  });
});

describe("uploads from one address", () => {
  it("are limited: past the limit the route answers 429 with Retry-After and stores nothing", async () => {
    const { event, question } = await fileEvent();
    const ip = "198.51.100.9";
    for (let i = 0; i < 4; i++) expect((await send(event.slug, question.id, { bytes: pdf(), name: `cv${i}.pdf` }, { ip })).status).toBe(201);
    const before = await stored();
    const refused = await send(event.slug, question.id, { bytes: pdf(), name: "cv5.pdf" }, { ip });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).message).toMatch(/^Too many file uploads from your network\. Try again in/);
    expect(await stored()).toEqual(before);
    // Another address is not held back.
    expect((await send(event.slug, question.id, { bytes: pdf(), name: "cv.pdf" })).status).toBe(201);
  });
});
