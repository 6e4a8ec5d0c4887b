// Google Drive end to end against the sandbox: OAuth asking only for the files
// the app creates; an event's folder made with its first material (once, however
// often the fact is delivered, even when our record of it is lost) and shared with
// everyone who paid; buyers shared and refunded ones unshared unless the same
// e-mail holds another paid ticket; a large material sent in a resumable upload;
// a removed material and a deleted event taking their copies with them; and a
// Drive outage or a revoked grant ending as a failed delivery, never as an error
// in the request that produced the fact.
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { addTicketType, createEvent, publishEvent } from "@/lib/domain/events/service";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import { recordDomainEvent } from "@/lib/domain/outbox/record";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { applyRefunds, markOrderPaid } from "@/lib/domain/orders/settle";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { cancelRegistration } from "@/lib/domain/registrations/cancel";
import type { DomainEvent } from "@/lib/domain/outbox/catalog";
import { insertFile } from "@/lib/files/records";
import { putLocal } from "@/lib/files/local-disk";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connectorContext } from "@/lib/integrations/connections/context";
import { connectionEventViews } from "@/lib/integrations/event-views";
import { connector as googleDrive } from "@/lib/integrations/google-drive/connector";
import { consent } from "../helpers/consent";
import { eventFields } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

// Materials' bytes live on the local disk backend: a directory of this file's own.
process.env.SWITCHBOARD_DATA_DIR = mkdtempSync(path.join(tmpdir(), "switchboard-drive-"));

const { t, sandbox, owner } = useIntegrationHarness();
const WAIT = { timeoutMs: 20_000 };

interface DriveItem {
  id: string;
  name: string;
  mimeType: string;
  folder: boolean;
  parents: string[];
  size: number | null;
  uploadType: string | null;
  appProperties: Record<string, string>;
  sharedWith: Array<{ email: string; role: string; notified: boolean }>;
}

async function items(): Promise<DriveItem[]> {
  return (await sandbox.inbox())["google-drive"].items;
}

async function folderOf(eventId: string) {
  return (await items()).find((i) => i.folder && i.appProperties.switchboardEvent === eventId);
}

const readersOf = (folder: DriveItem | undefined) => (folder?.sharedWith ?? []).map((s) => s.email).sort();

async function connectDrive() {
  const url = new URL(await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector: googleDrive, mode: "sandbox" }));
  expect(url.pathname).toBe("/google-drive/o/oauth2/v2/auth");
  expect(url.searchParams.get("scope")).toBe("https://www.googleapis.com/auth/drive.file");
  expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  const back = await consent(url.toString());
  return completeAuthorization(t.db, appKeyring(), { connector: googleDrive, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null });
}

async function paidEvent(title: string) {
  const event = await createEvent(t.db, t.orgId, { ...eventFields, title });
  const paid = await addTicketType(t.db, t.orgId, event.id, { name: "Standard", price: "20", currency: "EUR", quantity: 50 });
  const free = await addTicketType(t.db, t.orgId, event.id, { name: "Volunteer", price: "0", currency: "EUR", quantity: 50 });
  return { event: await publishEvent(t.db, t.orgId, event.id), paid, free };
}

async function buy(slug: string, ticketTypeId: string, email: string) {
  const { order } = await createPendingOrder(t.db, slug, { name: email.split("@")[0], email, attempt: randomUUID(), items: [{ ticketTypeId, quantity: 1 }] }, "stripe");
  expect(await markOrderPaid(t.db, order.id, { paymentIntentId: `pi_${order.id.slice(0, 8)}` })).toBe("changed");
  return order;
}

async function refund(orderId: string) {
  const order = await t.db.selectFrom("orders").select("total_minor").where("id", "=", orderId).executeTakeFirstOrThrow();
  expect(await applyRefunds(t.db, orderId, { refundedMinor: order.total_minor, attendeeIds: [] })).toBe("changed");
}

/** What the product's materials page will do: keep the bytes, then tell the world in one transaction. */
async function addMaterial(eventId: string, filename: string, bytes: Buffer, contentType = "application/pdf") {
  const file = await insertFile(t.db, { orgId: t.orgId, eventId, purpose: "material", filename, contentType, size: bytes.length, connectionId: null });
  await putLocal(file.object_key, bytes);
  const factId = await t.db.transaction().execute(async (tx) => {
    const ev = await tx.selectFrom("events").selectAll().where("id", "=", eventId).executeTakeFirstOrThrow();
    return recordDomainEvent(tx, { orgId: t.orgId, type: "event.material_added", aggregateId: eventId, payload: { event: eventSnapshot(ev), material: { id: file.id, filename: file.filename, contentType, size: bytes.length } } });
  });
  return { file, factId };
}

async function recordEventFact(eventId: string, type: "event.deleted" | "event.material_removed", material?: { id: string; filename: string; contentType: string; size: number }) {
  return t.db.transaction().execute(async (tx) => {
    const ev = await tx.selectFrom("events").selectAll().where("id", "=", eventId).executeTakeFirstOrThrow();
    const event = eventSnapshot(ev);
    return type === "event.deleted"
      ? recordDomainEvent(tx, { orgId: t.orgId, type, aggregateId: eventId, payload: { event } })
      : recordDomainEvent(tx, { orgId: t.orgId, type, aggregateId: eventId, payload: { event, material: material! } });
  });
}

async function delivery(factId: string) {
  return t.db.selectFrom("subscriber_deliveries").selectAll().where("domain_event_id", "=", factId).where("subscriber", "like", "connection:%").executeTakeFirst();
}

async function deliveredFact(factId: string) {
  return waitFor(async () => (await delivery(factId))?.status === "succeeded", { what: `the delivery of ${factId}`, ...WAIT });
}

async function storedFact<T extends DomainEvent["type"]>(factId: string): Promise<DomainEvent<T>> {
  const row = await t.db.selectFrom("domain_events").selectAll().where("id", "=", factId).executeTakeFirstOrThrow();
  return { id: row.id, orgId: row.org_id, type: row.type as T, version: row.version, occurredAt: row.occurred_at, payload: row.payload as never };
}

async function factOf(orderId: string, type: DomainEvent["type"]) {
  return (await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", orderId).where("type", "=", type).executeTakeFirstOrThrow()).id;
}

async function driveContext() {
  return connectorContext(t.db, appKeyring(), googleDrive, (await findConnection(t.db, t.orgId, "google-drive"))!);
}

const pdf = (n: number, fill = "x") => Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(n, fill)]);

describe("Google Drive", () => {
  it("connects with PKCE and offline access, asking only for the files it creates", async () => {
    expect(await connectDrive()).toMatchObject({ ok: true });
    const row = (await findConnection(t.db, t.orgId, "google-drive"))!;
    expect(row.status).toBe("connected");
    expect(row.external_account_id).toBe("09876543210987654321");
    const result = await googleDrive.testConnection(await driveContext());
    expect(result.account.name).toBe("sandbox.drive@example.com");
    expect(result.detail).toContain("“Switchboard”");
  });

  it("makes the event's folder with its first material, once, shared with everyone who already paid", async () => {
    const { event, paid } = await paidEvent("Materials Day");
    const early = await buy(event.slug, paid.id, "ann@example.com");
    // Paid before any material: there is no folder to share yet, and none is made for it.
    await deliveredFact(await factOf(early.id, "ticket.purchased"));
    expect(await folderOf(event.id)).toBeUndefined();

    const { file, factId } = await addMaterial(event.id, "slides.pdf", pdf(2048));
    await deliveredFact(factId);
    const folder = (await folderOf(event.id))!;
    expect(folder.name).toBe("Materials Day (2030-06-01)");
    const root = (await items()).find((i) => i.id === folder.parents[0])!;
    expect(root).toMatchObject({ name: "Switchboard", folder: true, appProperties: { switchboard: "root" } });
    expect(folder.sharedWith).toEqual([{ email: "ann@example.com", type: "user", role: "reader", notified: true }]);
    const copies = (await items()).filter((i) => i.appProperties.switchboardMaterial === file.id);
    expect(copies).toEqual([expect.objectContaining({ name: "slides.pdf", mimeType: "application/pdf", size: 2057, uploadType: "multipart", parents: [folder.id] })]);

    // The same delivery again asks Drive nothing new.
    const fact = await storedFact<"event.material_added">(factId);
    const before = (await sandbox.requests("google-drive")).length;
    await googleDrive.handlers["event.material_added"]!(fact, await driveContext());
    expect((await sandbox.requests("google-drive")).length).toBe(before);
    // Even with our records lost (a create whose answer never came), Drive's own marks find the first ones.
    await t.db.deleteFrom("external_objects").where("connection_id", "=", (await findConnection(t.db, t.orgId, "google-drive"))!.id).where("kind", "in", ["gdrive.folder", "gdrive.file"]).execute();
    await googleDrive.handlers["event.material_added"]!(fact, await driveContext());
    const after = await items();
    expect(after.filter((i) => i.appProperties.switchboardEvent === event.id)).toHaveLength(1);
    expect(after.filter((i) => i.appProperties.switchboardMaterial === file.id)).toHaveLength(1);
    expect(after.filter((i) => i.appProperties.switchboard === "root")).toHaveLength(1);
  });

  it("shares with each buyer, and unshares on a refund only when the e-mail holds no other paid ticket", async () => {
    const { event, paid, free } = await paidEvent("Share Fest");
    await deliveredFact((await addMaterial(event.id, "handbook.pdf", pdf(100))).factId);

    const bob = await buy(event.slug, paid.id, "bob@example.com");
    const carl1 = await buy(event.slug, paid.id, "Carl@Example.com");
    const carl2 = await buy(event.slug, paid.id, "carl@example.com");
    await waitFor(async () => readersOf(await folderOf(event.id)).join() === "bob@example.com,carl@example.com", { what: "bob and carl as readers", ...WAIT });
    // Carl holds two tickets: one is refunded, the other still entitles him.
    await refund(carl1.id);
    await refund(bob.id);
    await waitFor(async () => readersOf(await folderOf(event.id)).join() === "carl@example.com", { what: "bob unshared, carl kept", ...WAIT });
    await refund(carl2.id);
    await waitFor(async () => readersOf(await folderOf(event.id)).length === 0, { what: "carl unshared", ...WAIT });

    // A free ticket is settled at once; cancelling it takes the access back.
    const { order, attendees } = await registerFree(t.db, event.slug, { name: "Dana", email: "dana@example.com", ticketTypeId: free.id, quantity: 1 });
    await deliveredFact(await factOf(order.id, "registration.created"));
    expect(readersOf(await folderOf(event.id))).toEqual(["dana@example.com"]);
    const views = await connectionEventViews(t.db, t.orgId, event.id, [attendees[0]!.id]);
    expect(views.panels.find((p) => p.connectorId === "google-drive")).toMatchObject({ title: "Google Drive folder", rows: [{ label: "Materials", value: "1" }, { label: "Shared with", value: "1 person" }] });
    expect(views.attendees.get(attendees[0]!.id)).toEqual(["Drive: materials folder shared"]);
    await cancelRegistration(t.db, t.orgId, attendees[0]!.id);
    await deliveredFact(await factOf(order.id, "registration.cancelled"));
    expect(readersOf(await folderOf(event.id))).toEqual([]);
    expect((await connectionEventViews(t.db, t.orgId, event.id, [attendees[0]!.id])).attendees.get(attendees[0]!.id)).toEqual(["Drive: access removed"]);
  });

  it("sends a large material in a resumable upload, removes a removed one, and deletes the folder with its event", async () => {
    const { event } = await paidEvent("Big Files");
    const big = pdf(9 * 1024 * 1024, "b");
    const { file: bigFile, factId } = await addMaterial(event.id, "recording.pdf", big);
    await deliveredFact(factId);
    const copy = (await items()).find((i) => i.appProperties.switchboardMaterial === bigFile.id)!;
    expect(copy).toMatchObject({ uploadType: "resumable", size: big.length });
    const chunks = (await sandbox.requests("google-drive")).filter((r: { method: string; path: string }) => r.method === "PUT" && r.path === "/google-drive/upload/drive/v3/files");
    // Chunks of 8 MiB: a full one, then the rest.
    expect(chunks).toHaveLength(2);
    const { file: small, factId: smallFact } = await addMaterial(event.id, "agenda.pdf", pdf(10));
    await deliveredFact(smallFact);

    await deliveredFact(await recordEventFact(event.id, "event.material_removed", { id: small.id, filename: small.filename, contentType: small.content_type, size: Number(small.size_bytes) }));
    expect((await items()).find((i) => i.appProperties.switchboardMaterial === small.id)).toBeUndefined();
    expect((await items()).find((i) => i.appProperties.switchboardMaterial === bigFile.id)).toBeDefined();

    await deliveredFact(await recordEventFact(event.id, "event.deleted"));
    expect(await folderOf(event.id)).toBeUndefined();
    expect((await items()).find((i) => i.appProperties.switchboardMaterial === bigFile.id)).toBeUndefined();
  });

  it("makes the folder again, shared again, when it was deleted in Drive by hand", async () => {
    const { event, paid } = await paidEvent("Deleted By Hand");
    await buy(event.slug, paid.id, "erin@example.com");
    await deliveredFact((await addMaterial(event.id, "first.pdf", pdf(10))).factId);
    const gone = (await folderOf(event.id))!;
    // The admin deletes the folder in Drive.
    const { access_token } = await sandbox.control("tokens", { provider: "google-drive" });
    expect((await fetch(`${sandbox.url}/google-drive/drive/v3/files/${gone.id}`, { method: "DELETE", headers: { authorization: `Bearer ${access_token}` } })).status).toBe(204);

    const { file, factId } = await addMaterial(event.id, "second.pdf", pdf(10));
    await deliveredFact(factId);
    const again = (await folderOf(event.id))!;
    expect(again.id).not.toBe(gone.id);
    expect(readersOf(again)).toEqual(["erin@example.com"]);
    expect((await items()).find((i) => i.appProperties.switchboardMaterial === file.id)?.parents).toEqual([again.id]);
  });

  it("turns a Drive outage into a failed delivery that succeeds once Drive is back", async () => {
    const { event } = await paidEvent("Outage Day");
    await sandbox.control("faults", { provider: "google-drive", kind: "status", status: 500, times: 0 });
    const { factId } = await addMaterial(event.id, "notes.pdf", pdf(10));
    const failed = await waitFor(async () => {
      const d = await delivery(factId);
      return d?.status === "retrying" ? d : undefined;
    }, { what: "the delivery to fail", ...WAIT });
    expect(failed.last_error).toContain("500");
    expect(await folderOf(event.id)).toBeUndefined();
    await sandbox.control("faults", undefined, "DELETE");
    await deliveredFact(factId);
    expect(await folderOf(event.id)).toBeDefined();
  });

  it("stops at a revoked grant and marks the connection for attention, without retrying", async () => {
    await sandbox.control("revoke", { provider: "google-drive" });
    const row = (await findConnection(t.db, t.orgId, "google-drive"))!;
    const { readCredentials, sealCredentials } = await import("@/lib/integrations/connections/credentials");
    const tokens = await readCredentials<Record<string, unknown>>(t.db, appKeyring(), row, "Google");
    await t.db.updateTable("connections").set({ credentials_sealed: sealCredentials(appKeyring(), row.id, { ...tokens, expiresAt: new Date(Date.now() - 1000).toISOString() }) }).where("id", "=", row.id).execute();

    const { event } = await paidEvent("After Revoke");
    const { factId } = await addMaterial(event.id, "late.pdf", pdf(10));
    const dead = await waitFor(async () => {
      const d = await delivery(factId);
      return d?.status === "dead" ? d : undefined;
    }, { what: "the delivery to stop", ...WAIT });
    expect(dead.attempts).toBe(1);
    const after = (await findConnection(t.db, t.orgId, "google-drive"))!;
    expect(after.status).toBe("needs_attention");
    expect(after.status_reason).toContain("reconnect");
  });
});
