// Google Calendar end to end against the sandbox: OAuth with PKCE and offline
// access, entries created, updated and deleted with their events, idempotent
// retries, guests, and a revoked grant that needs a person.
import { describe, expect, it } from "vitest";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { addTicketType, cancelEvent, createEvent, publishEvent, updateEvent } from "@/lib/domain/events/service";
import { retryDelivery } from "@/lib/jobs/deliveries";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { updateSettings } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connectorContext } from "@/lib/integrations/connections/context";
import { connector as googleCalendar } from "@/lib/integrations/google-calendar/connector";
import { entryIdFor, upsertEntry } from "@/lib/integrations/google-calendar/entries";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import { consent } from "../helpers/consent";
import { eventFields } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();

async function connectGoogle() {
  const url = new URL(await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector: googleCalendar, mode: "sandbox" }));
  expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(url.searchParams.get("access_type")).toBe("offline");
  const back = await consent(url.toString());
  return completeAuthorization(t.db, appKeyring(), {
    connector: googleCalendar, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null,
  });
}

async function entries() {
  return (await sandbox.inbox())["google-calendar"].events as Array<{ id: string; summary: string; status: string; attendees: Array<{ email: string }>; reminders: unknown; start: { dateTime: string } }>;
}

describe("Google Calendar", () => {
  it("connects with PKCE and offline access, keeping a refresh token", async () => {
    const result = await connectGoogle();
    expect(result).toMatchObject({ ok: true });
    const row = (await findConnection(t.db, t.orgId, "google-calendar"))!;
    expect(row.status).toBe("connected");
    expect(row.token_expires_at!.getTime()).toBeGreaterThan(Date.now());
    await updateSettings(t.db, t.orgId, "google-calendar", { calendarId: "primary", addAttendeesAsGuests: true, reminderMinutes: "1440, 30" });
  });

  it("refuses reminders Google would not accept", async () => {
    await expect(updateSettings(t.db, t.orgId, "google-calendar", { calendarId: "primary", addAttendeesAsGuests: false, reminderMinutes: "soon" })).rejects.toMatchObject({
      fieldErrors: { reminderMinutes: [expect.stringContaining("minutes before the event")] },
    });
  });

  it("creates the entry on publish, updates it on edit, adds guests, and deletes it on cancel", async () => {
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Calendar Day" });
    const tt = await addTicketType(t.db, t.orgId, event.id, { name: "General", price: "0", currency: "EUR", quantity: 10 });
    await publishEvent(t.db, t.orgId, event.id);
    const id = entryIdFor(event.id);
    const created = await waitFor(async () => (await entries()).find((e) => e.id === id), { what: "the calendar entry", timeoutMs: 20_000 });
    expect(created.summary).toBe("Calendar Day");
    expect(created.start.dateTime).toBe("2030-06-01T07:00:00.000Z");
    expect(created.reminders).toEqual({ useDefault: false, overrides: [{ method: "popup", minutes: 1440 }, { method: "popup", minutes: 30 }] });

    await updateEvent(t.db, t.orgId, event.id, { ...eventFields, title: "Calendar Day (moved)", version: event.version });
    await waitFor(async () => (await entries()).find((e) => e.id === id && e.summary === "Calendar Day (moved)"), { what: "the updated entry", timeoutMs: 20_000 });

    await registerFree(t.db, event.slug, { name: "Finn", email: "finn@example.com", ticketTypeId: tt.id, quantity: 1 });
    await waitFor(async () => (await entries()).find((e) => e.id === id && e.attendees.some((a) => a.email === "finn@example.com")), { what: "the guest", timeoutMs: 20_000 });

    await cancelEvent(t.db, t.orgId, event.id);
    await waitFor(async () => {
      const e = (await entries()).find((x) => x.id === id);
      return !e || e.status === "cancelled";
    }, { what: "the deleted entry", timeoutMs: 20_000 });
    expect((await entries()).filter((e) => e.summary?.startsWith("Calendar Day") && e.status !== "cancelled")).toHaveLength(0);
    // Calls go to the configured base (the sandbox's /google-calendar/ prefix), not just its origin.
    const calendarCalls = (await sandbox.requests("google-calendar")).filter((r: { path: string }) => r.path.includes("/calendar/v3/"));
    expect(calendarCalls.length).toBeGreaterThan(3);
    expect(calendarCalls.every((r: { path: string }) => r.path.startsWith("/google-calendar/calendar/v3/"))).toBe(true);
  });

  it("never creates a second entry when an insert is retried after its answer was lost", async () => {
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Retry Fest" });
    const published = await publishEvent(t.db, t.orgId, event.id);
    await waitFor(async () => (await entries()).find((e) => e.id === entryIdFor(event.id)), { what: "the entry", timeoutMs: 20_000 });
    // Forget our record of it, as if the first insert's answer never arrived.
    await t.db.deleteFrom("external_objects").where("local_id", "=", event.id).execute();
    const row = (await findConnection(t.db, t.orgId, "google-calendar"))!;
    await upsertEntry((await connectorContext(t.db, appKeyring(), googleCalendar, row)) as never, eventSnapshot({ ...published, title: "Retry Fest II" }));
    const matching = (await entries()).filter((e) => e.id === entryIdFor(event.id));
    expect(matching).toHaveLength(1);
    expect(matching[0]!.summary).toBe("Retry Fest II");
  });

  it("puts an online event's meeting link in the entry's location and description", async () => {
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Online Hour", online: "on" });
    await publishEvent(t.db, t.orgId, event.id);
    const id = entryIdFor(event.id);
    await waitFor(async () => (await entries()).find((e) => e.id === id), { what: "the entry", timeoutMs: 20_000 });
    // A meeting provider records its meeting; the link reaches the entry through event.updated.
    const { recordMeeting } = await import("@/lib/meetings/store");
    const row = (await findConnection(t.db, t.orgId, "google-calendar"))!;
    const joinUrl = "https://meet.example.test/j/123456789";
    await recordMeeting(t.db, { orgId: t.orgId, connectionId: row.id, eventId: event.id, providerMeetingId: "123456789", joinUrl });
    const entry = (await waitFor(async () => (await entries()).find((e) => e.id === id && (e as { location?: string }).location === joinUrl), { what: "the link in the entry", timeoutMs: 20_000 })) as unknown as { description: string };
    expect(entry.description).toContain(`Join online: ${joinUrl}`);
  });

  it("refreshes an expired access token before calling", async () => {
    await sandbox.control("expire", { provider: "google-calendar" });
    await t.db.updateTable("connections").set({ token_expires_at: new Date(Date.now() - 1000) }).where("connector_id", "=", "google-calendar").execute();
    // The stored expiry lives inside the sealed credentials too: age it there.
    const row = (await findConnection(t.db, t.orgId, "google-calendar"))!;
    const { readCredentials, sealCredentials } = await import("@/lib/integrations/connections/credentials");
    const tokens = await readCredentials<Record<string, unknown>>(t.db, appKeyring(), row, "Google");
    await t.db.updateTable("connections").set({ credentials_sealed: sealCredentials(appKeyring(), row.id, { ...tokens, expiresAt: new Date(Date.now() - 1000).toISOString() }) }).where("id", "=", row.id).execute();
    const ctx = await connectorContext(t.db, appKeyring(), googleCalendar, (await findConnection(t.db, t.orgId, "google-calendar"))!);
    const result = await googleCalendar.testConnection(ctx);
    expect(result.detail).toContain("calendars visible");
    const refreshed = (await sandbox.requests("google-calendar")).filter((r: { path: string; body?: { grant_type?: string } }) => r.path.endsWith("/token") && r.body?.grant_type === "refresh_token");
    expect(refreshed).toHaveLength(1);
  });

  it("marks the connection for attention when the grant is revoked, and resumes after reconnecting", async () => {
    await sandbox.control("revoke", { provider: "google-calendar" });
    // Make the next delivery need a refresh, which Google now refuses.
    const row = (await findConnection(t.db, t.orgId, "google-calendar"))!;
    const { readCredentials, sealCredentials } = await import("@/lib/integrations/connections/credentials");
    const tokens = await readCredentials<Record<string, unknown>>(t.db, appKeyring(), row, "Google");
    await t.db.updateTable("connections").set({ credentials_sealed: sealCredentials(appKeyring(), row.id, { ...tokens, expiresAt: new Date(Date.now() - 1000).toISOString() }) }).where("id", "=", row.id).execute();

    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "After Revoke" });
    const published = await publishEvent(t.db, t.orgId, event.id);
    expect(published.status).toBe("published"); // the domain write never waits on Google
    const fact = await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", event.id).where("type", "=", "event.published").executeTakeFirstOrThrow();
    const dead = await waitFor(async () => {
      const d = await t.db.selectFrom("subscriber_deliveries").selectAll().where("domain_event_id", "=", fact.id).where("subscriber", "like", "connection:%").executeTakeFirst();
      return d?.status === "dead" ? d : undefined;
    }, { what: "the delivery to stop", timeoutMs: 20_000 });
    expect(dead.attempts).toBe(1); // refused credentials are not retried
    const after = (await findConnection(t.db, t.orgId, "google-calendar"))!;
    expect(after.status).toBe("needs_attention");
    expect(after.status_reason).toContain("reconnect");

    // Reconnect, then retry the stuck delivery by hand.
    expect(await connectGoogle()).toMatchObject({ ok: true });
    expect((await findConnection(t.db, t.orgId, "google-calendar"))!.status).toBe("connected");
    await retryDelivery(t.db, t.orgId, dead.id, 3);
    await waitFor(async () => (await entries()).find((e) => e.id === entryIdFor(event.id)), { what: "the entry after reconnecting", timeoutMs: 20_000 });
  });
});
