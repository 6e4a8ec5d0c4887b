// Cancelling a free registration: the place is freed and `registration.cancelled`
// is written once, in the same transaction; Slack, Google Calendar and an
// outbound endpoint hear it through the real worker and the sandbox. The order
// page's capability reaches only its own order's free tickets.
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, NotFoundError } from "@/lib/domain/errors";
import { addTicketType, createEvent, publishEvent, soldCount } from "@/lib/domain/events/service";
import { listTicketTypes } from "@/lib/domain/events/queries";
import { insertOrderWithAttendees } from "@/lib/domain/orders/insert";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { markOrderPaid } from "@/lib/domain/orders/settle";
import { cancelOwnRegistration, cancelRegistration } from "@/lib/domain/registrations/cancel";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { updateSettings } from "@/lib/integrations/connections/service";
import { connector as googleCalendar } from "@/lib/integrations/google-calendar/connector";
import { entryIdFor } from "@/lib/integrations/google-calendar/entries";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { connector as slack } from "@/lib/integrations/slack/connector";
import { connectorPage } from "@/lib/integrations/views";
import { insertEndpoint } from "@/lib/webhooks/outbound/endpoint-store";
import type { Connector } from "@/lib/integrations/contract";
import { consent } from "../helpers/consent";
import { eventFields, makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";

const { t, sandbox, owner } = useIntegrationHarness();
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS = `127.0.0.1:${receiver.port}`;
});
afterAll(async () => {
  await receiver?.stop();
  delete process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS;
});

async function connect(connector: Connector) {
  const url = await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector, mode: "sandbox" });
  const back = await consent(url);
  const result = await completeAuthorization(t.db, appKeyring(), {
    connector, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null,
  });
  expect(result).toMatchObject({ ok: true });
}

const cancelledFacts = (orderId: string) =>
  t.db.selectFrom("domain_events").select(["payload"]).where("type", "=", "registration.cancelled").where("aggregate_id", "=", orderId).execute();

const attendeeStatus = async (id: string) => (await t.db.selectFrom("attendees").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;

async function slackTexts(channelId: string): Promise<string[]> {
  const box = await sandbox.inbox();
  return (box.slack.channels.find((c: { id: string }) => c.id === channelId)?.messages ?? []).map((m: { text: string }) => m.text);
}

describe("cancelling a registration", () => {
  it("frees the place and tells Slack, Google Calendar and an outbound endpoint once, however often it is cancelled", async () => {
    await connect(slack);
    const channel = (await connectorPage(t.db, t.orgId, slack)).fields.find((f) => f.name === "channelId")!.choices!.find((c) => c.label === "#events")!;
    await updateSettings(t.db, t.orgId, "slack", { channelId: channel.value, postOnRegistration: true, postOnPublish: false });
    await connect(googleCalendar);
    await updateSettings(t.db, t.orgId, "google-calendar", { calendarId: "primary", addAttendeesAsGuests: true, reminderMinutes: "30" });
    const { secret } = await insertEndpoint(t.db, {
      orgId: t.orgId, url: receiver.url("/cancelled"), description: "cancellations", eventTypes: ["registration.cancelled"], source: "admin", rateLimitPerSecond: null,
    });

    // One place in all, so only a freed place lets the next person in.
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Cancel Camp", capacity: 1 });
    const tt = await addTicketType(t.db, t.orgId, event.id, { name: "General", price: "0", currency: "EUR", quantity: 1 });
    await publishEvent(t.db, t.orgId, event.id);
    const { order, attendees } = await registerFree(t.db, event.slug, { name: "Cora Cancel", email: "cora@example.com", ticketTypeId: tt.id, quantity: 1 });
    const entryId = entryIdFor(event.id);
    const guests = async () => ((await sandbox.inbox())["google-calendar"].events as Array<{ id: string; attendees?: Array<{ email: string }> }>).find((e) => e.id === entryId)?.attendees?.map((a) => a.email) ?? [];
    await waitFor(async () => ((await guests()).includes("cora@example.com") ? true : undefined), { what: "Cora as a guest", timeoutMs: 20_000 });
    await expect(registerFree(t.db, event.slug, { name: "Next", email: "next@example.com", ticketTypeId: tt.id, quantity: 1 })).rejects.toBeInstanceOf(ConflictError);

    const first = await cancelRegistration(t.db, t.orgId, attendees[0]!.id);
    expect(first).toMatchObject({ changed: true, attendee: { status: "cancelled" }, order: { status: "cancelled" } });
    expect(await soldCount(t.db, event.id)).toBe(0);
    expect(Number((await listTicketTypes(t.db, event.id))[0]!.taken)).toBe(0);
    // Cancelled again, by the admin or from the order page: nothing changes, nothing is told twice.
    expect((await cancelRegistration(t.db, t.orgId, attendees[0]!.id)).changed).toBe(false);
    expect((await cancelOwnRegistration(t.db, { slug: event.slug, orderId: order.id, attendeeId: attendees[0]!.id })).changed).toBe(false);
    const facts = await cancelledFacts(order.id);
    expect(facts).toHaveLength(1);
    expect(facts[0]!.payload).toMatchObject({ order: { id: order.id, status: "cancelled" }, attendees: [{ id: attendees[0]!.id, status: "cancelled" }] });

    // The freed place can be taken.
    await registerFree(t.db, event.slug, { name: "Next", email: "next@example.com", ticketTypeId: tt.id, quantity: 1 });

    const [delivery] = await waitFor(async () => (receiver.received("/cancelled").length ? receiver.received("/cancelled") : undefined), { what: "the webhook delivery", timeoutMs: 20_000 });
    const message = new Webhook(secret).verify(delivery!.body, delivery!.headers) as { type: string; data: { order: { id: string }; attendees: Array<{ email: string }> } };
    expect(message.type).toBe("registration.cancelled");
    expect(message.data.order.id).toBe(order.id);
    expect(message.data.attendees.map((a) => a.email)).toEqual(["cora@example.com"]);

    const wanted = "Cora Cancel's registration for Cancel Camp was cancelled (1 ticket)";
    await waitFor(async () => ((await slackTexts(channel.value)).includes(wanted) ? true : undefined), { what: "the Slack message", timeoutMs: 20_000 });
    await waitFor(async () => {
      const now = await guests();
      return !now.includes("cora@example.com") && now.includes("next@example.com") ? true : undefined;
    }, { what: "Cora off the guest list", timeoutMs: 20_000 });

    // Every subscriber finished, and nobody heard the cancellation twice.
    await waitFor(async () => {
      const d = await t.db.selectFrom("subscriber_deliveries").select("status").execute();
      return d.every((x) => x.status === "succeeded" || x.status === "skipped") ? true : undefined;
    }, { what: "all deliveries to finish" });
    expect(receiver.received("/cancelled")).toHaveLength(1);
    expect((await slackTexts(channel.value)).filter((x) => x === wanted)).toHaveLength(1);
  });

  it("lets the attendee cancel only a free ticket of their own order", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { capacity: 10 });
    const mine = await registerFree(t.db, event.slug, { name: "Ola Own", email: "ola@example.com", ticketTypeId: ticketType.id, quantity: 2 });
    const theirs = await registerFree(t.db, event.slug, { name: "Pat Other", email: "pat@example.com", ticketTypeId: ticketType.id, quantity: 1 });

    // Another order's ticket, or this order under another event's address: not found, nothing changed.
    await expect(cancelOwnRegistration(t.db, { slug: event.slug, orderId: mine.order.id, attendeeId: theirs.attendees[0]!.id })).rejects.toBeInstanceOf(NotFoundError);
    const elsewhere = await makePublishedEvent(t.db, t.orgId);
    await expect(cancelOwnRegistration(t.db, { slug: elsewhere.event.slug, orderId: mine.order.id, attendeeId: mine.attendees[0]!.id })).rejects.toBeInstanceOf(NotFoundError);
    expect(await attendeeStatus(theirs.attendees[0]!.id)).toBe("paid");

    // One of two tickets: the order still holds the other.
    const one = await cancelOwnRegistration(t.db, { slug: event.slug, orderId: mine.order.id, attendeeId: mine.attendees[0]!.id });
    expect(one).toMatchObject({ changed: true, order: { status: "paid" } });
    expect(await soldCount(t.db, event.id)).toBe(2);
    const two = await cancelOwnRegistration(t.db, { slug: event.slug, orderId: mine.order.id, attendeeId: mine.attendees[1]!.id });
    expect(two).toMatchObject({ changed: true, order: { status: "cancelled" } });
    expect(await soldCount(t.db, event.id)).toBe(1);
    expect(await cancelledFacts(mine.order.id)).toHaveLength(2);
    expect(await cancelledFacts(theirs.order.id)).toHaveLength(0);

    // A paid ticket is refunded by the organizer, never cancelled: refused from the order page and by the admin.
    const paidType = await addTicketType(t.db, t.orgId, event.id, { name: "Supporter", price: "20", currency: "EUR", quantity: 5 });
    const paid = await t.db.transaction().execute(async (tx) => {
      const ev = await tx.selectFrom("events").selectAll().where("id", "=", event.id).executeTakeFirstOrThrow();
      return insertOrderWithAttendees(tx, {
        event: ev, buyer: { name: "Quinn Paid", email: "quinn@example.com", phone: null }, status: "paid", totalMinor: 2000, currency: "EUR", lines: [{ ticketTypeId: paidType.id, quantity: 1 }],
      });
    });
    const paidTicket = paid.attendees[0]!.id;
    await expect(cancelOwnRegistration(t.db, { slug: event.slug, orderId: paid.order.id, attendeeId: paidTicket })).rejects.toThrow("ask the organizer for a refund");
    await expect(cancelRegistration(t.db, t.orgId, paidTicket)).rejects.toThrow("refund it instead");
    expect(await attendeeStatus(paidTicket)).toBe("paid");
    expect(await cancelledFacts(paid.order.id)).toHaveLength(0);
  });

  it("lets the attendee give back a free ticket of a paid order, never the paid one, and leaves the order's status to its payment", async () => {
    // Three places: one paid and one free ticket in one order, and one more for whoever comes next.
    const { event, ticketType: paidType } = await makePublishedEvent(t.db, t.orgId, { capacity: 3, price: "20" });
    const freeType = await addTicketType(t.db, t.orgId, event.id, { name: "Companion", price: "0", currency: "EUR", quantity: 5 });
    const { order } = await createPendingOrder(t.db, event.slug, {
      name: "Mia Mixed", email: "mia@example.com", attempt: crypto.randomUUID(), items: [{ ticketTypeId: paidType.id, quantity: 1 }, { ticketTypeId: freeType.id, quantity: 1 }],
    }, "stripe");
    expect(await markOrderPaid(t.db, order.id, { paymentIntentId: "pi_mixed_cancel" })).toBe("changed");
    const tickets = await t.db.selectFrom("attendees").select(["id", "ticket_type_id"]).where("order_id", "=", order.id).execute();
    const paidTicket = tickets.find((a) => a.ticket_type_id === paidType.id)!.id;
    const freeTicket = tickets.find((a) => a.ticket_type_id === freeType.id)!.id;
    await registerFree(t.db, event.slug, { name: "Fill", email: "fill@example.com", ticketTypeId: freeType.id, quantity: 1 });
    await expect(registerFree(t.db, event.slug, { name: "Late", email: "late@example.com", ticketTypeId: freeType.id, quantity: 1 })).rejects.toBeInstanceOf(ConflictError);

    const given = await cancelOwnRegistration(t.db, { slug: event.slug, orderId: order.id, attendeeId: freeTicket });
    expect(given).toMatchObject({ changed: true, attendee: { status: "cancelled" }, order: { status: "paid", total_minor: 2000 } });
    expect(await soldCount(t.db, event.id)).toBe(2);
    const facts = await cancelledFacts(order.id);
    expect(facts).toHaveLength(1);
    expect(facts[0]!.payload).toMatchObject({ order: { id: order.id, status: "paid" }, attendees: [{ id: freeTicket, status: "cancelled", ticketTypeName: "Companion" }] });
    // The freed place can be taken.
    await registerFree(t.db, event.slug, { name: "Late", email: "late@example.com", ticketTypeId: freeType.id, quantity: 1 });

    await expect(cancelOwnRegistration(t.db, { slug: event.slug, orderId: order.id, attendeeId: paidTicket })).rejects.toThrow("ask the organizer for a refund");
    await expect(cancelRegistration(t.db, t.orgId, paidTicket)).rejects.toThrow("refund it instead");
    expect(await attendeeStatus(paidTicket)).toBe("paid");
    expect(await cancelledFacts(order.id)).toHaveLength(1);
  });

  it("leaves a paid order's status alone when its last valid ticket, a free one, is cancelled", async () => {
    const { event, ticketType: paidType } = await makePublishedEvent(t.db, t.orgId, { price: "20" });
    const freeType = await addTicketType(t.db, t.orgId, event.id, { name: "Companion", price: "0", currency: "EUR", quantity: 5 });
    const { order } = await createPendingOrder(t.db, event.slug, {
      name: "Nia Refunded", email: "nia@example.com", attempt: crypto.randomUUID(), items: [{ ticketTypeId: paidType.id, quantity: 1 }, { ticketTypeId: freeType.id, quantity: 1 }],
    }, "stripe");
    await markOrderPaid(t.db, order.id, { paymentIntentId: "pi_refunded_then_cancel" });
    const tickets = await t.db.selectFrom("attendees").select(["id", "ticket_type_id"]).where("order_id", "=", order.id).execute();
    // The paid ticket was refunded: its money is back, and the order says so, not "cancelled".
    await t.db.updateTable("attendees").set({ status: "refunded" }).where("id", "=", tickets.find((a) => a.ticket_type_id === paidType.id)!.id).execute();
    const freeTicket = tickets.find((a) => a.ticket_type_id === freeType.id)!.id;
    const last = await cancelOwnRegistration(t.db, { slug: event.slug, orderId: order.id, attendeeId: freeTicket });
    expect(last).toMatchObject({ changed: true, order: { status: "paid" } });
    expect((await t.db.selectFrom("orders").select("status").where("id", "=", order.id).executeTakeFirstOrThrow()).status).toBe("paid");
    expect(await soldCount(t.db, event.id)).toBe(0);
  });

  it("tells of a ticket cancelled by several people at once exactly once", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const { order, attendees } = await registerFree(t.db, event.slug, { name: "Sam Same", email: "sam@example.com", ticketTypeId: ticketType.id, quantity: 1 });
    const attendeeId = attendees[0]!.id;
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => cancelRegistration(t.db, t.orgId, attendeeId)),
      ...Array.from({ length: 4 }, () => cancelOwnRegistration(t.db, { slug: event.slug, orderId: order.id, attendeeId })),
    ]);
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(await cancelledFacts(order.id)).toHaveLength(1);
    expect(await soldCount(t.db, event.id)).toBe(0);
  });

  it("keeps other organizations' admins out", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const { attendees } = await registerFree(t.db, event.slug, { name: "Rae", email: "rae@example.com", ticketTypeId: ticketType.id, quantity: 1 });
    const other = await makeOrg(t.db, "Other");
    await expect(cancelRegistration(t.db, other.id, attendees[0]!.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await attendeeStatus(attendees[0]!.id)).toBe("paid");
  });
});
