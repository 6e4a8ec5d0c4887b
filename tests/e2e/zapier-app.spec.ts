// The Zapier app (zapier-app/) against the running Switchboard, driven by the
// platform's own harness (createAppTester) exactly as Zapier runs it: connect
// with an API key made in the UI, subscribe a REST hook, receive a real
// delivery, list samples, fill the dropdowns, run the actions, unsubscribe; and
// a wrong key or a paid ticket stop with Switchboard's own sentence.
import { expect, test } from "@playwright/test";
import { RECEIVER_PORT } from "../../playwright.config";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";
import { appTesterFor, failureOf, loadZapierApp, type AppTester, type ZapierApp } from "../helpers/zapier-app";
import { addTicketType, localDateTime, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

interface Message {
  id: string;
  type: string;
  timestamp: string;
  data: { event: { id: string; title: string }; order: { id: string; buyerEmail: string }; attendees: Array<{ id: string; email: string }> };
}

let receiver: Receiver;
let app: ZapierApp;
let run: AppTester;

test.beforeAll(async () => {
  receiver = await startReceiver(RECEIVER_PORT);
  app = loadZapierApp();
  run = appTesterFor(app);
});
test.afterAll(async () => {
  await receiver?.stop();
});

test("a Zapier user connects, subscribes, receives, lists and acts through the Switchboard app", async ({ page, baseURL }) => {
  const suffix = unique();
  let authData = { base_url: baseURL!, api_key: "" };
  const trigger = () => app.triggers.registration_created!.operation;

  await test.step("the owner creates an API key for Zapier", async () => {
    await signIn(page, OWNER_EMAIL);
    await page.goto("/settings/api-keys");
    const form = page.getByRole("form", { name: "Create API key" });
    await form.getByLabel("Key name").fill(`Zapier app ${suffix}`);
    await form.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByTestId("api-key-secret")).toHaveText(/^sbk_/);
    authData = { ...authData, api_key: (await page.getByTestId("api-key-secret").textContent())!.trim() };
  });

  await test.step("the connection test names the organization and the key; a wrong key is refused clearly", async () => {
    const me = (await run(app.authentication.test, { authData })) as { org_name: string; api_key: { name: string } };
    expect(me.org_name).toBe("Demo Events");
    const label = await run(app.authentication.connectionLabel, { authData, inputData: me });
    expect(label).toBe(`Demo Events (Zapier app ${suffix}) at ${new URL(baseURL!).host}`);

    const refused = await failureOf(run(app.authentication.test, { authData: { ...authData, api_key: "sbk_not-a-real-key" } }));
    expect(refused).toContain("Switchboard refused the API key: The API key is unknown or has been revoked.");
    expect(refused).toContain("Settings → API keys");

    const elsewhere = await failureOf(run(app.authentication.test, { authData: { ...authData, base_url: "http://127.0.0.1:9" } }));
    expect(elsewhere).toContain("Could not reach Switchboard at http://127.0.0.1:9/api/zapier/me");
  });

  let eventId = "";
  const title = `Zapier Meetup ${suffix}`;
  await test.step("Create Event Draft makes a draft; the owner adds tickets and publishes it", async () => {
    const created = (await run(app.creates.create_event!.operation.perform, {
      authData,
      inputData: { title, venue: "Volkshaus, Zurich", starts_at: localDateTime(40, 18), ends_at: localDateTime(40, 21), time_zone: "Europe/Zurich", capacity: 50, description: "" },
    })) as { id: string; status: string; admin_url: string };
    expect(created.status).toBe("draft");
    eventId = created.id;
    await page.goto(created.admin_url);
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await addTicketType(page, { name: "Community", price: "0", currency: "CHF", quantity: 40 });
    await addTicketType(page, { name: "Supporter", price: "25", currency: "CHF", quantity: 10 });
    await publish(page);
  });

  let free = "";
  let paid = "";
  await test.step("the dropdowns list the event and its ticket types, free and paid told apart", async () => {
    const events = (await run(app.triggers.event_list!.operation.perform, { authData })) as Array<{ id: string; label: string }>;
    expect(events.find((e) => e.id === eventId)?.label).toBe(`${title} (${localDateTime(40, 18).slice(0, 10)})`);

    const types = (await run(app.triggers.ticket_type_list!.operation.perform, { authData, inputData: { event_id: eventId } })) as Array<{ id: string; label: string }>;
    expect(types.map((t) => t.label)).toEqual(["Community (free)", expect.stringMatching(/^Supporter \(CHF\s25\.00, paid: not available in Zapier\)$/)]);
    [free, paid] = types.map((t) => t.id) as [string, string];

    expect(await failureOf(run(app.triggers.ticket_type_list!.operation.perform, { authData, inputData: {} }))).toContain("Choose an event first");
  });

  const hookPath = `/zap-${suffix}`;
  let subscribeData = { id: "" };
  await test.step("turning the Zap on subscribes a REST hook", async () => {
    subscribeData = (await run(trigger().performSubscribe!, { authData, targetUrl: receiver.url(hookPath) })) as { id: string };
    expect(subscribeData).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), event: "registration.created", target_url: receiver.url(hookPath) });
  });

  const email = `zapier-${suffix}@example.com`;
  let orderId = "";
  await test.step("Create Registration registers someone for the free ticket type", async () => {
    const registration = (await run(app.creates.create_registration!.operation.perform, {
      authData,
      inputData: { event_id: eventId, ticket_type_id: free, name: "Zoe Zapier", email, phone: "", quantity: "" },
    })) as { id: string; order: { status: string }; attendees: Array<{ email: string; ticketTypeName: string }> };
    expect(registration.order.status).toBe("paid");
    expect(registration.attendees).toEqual([expect.objectContaining({ email, ticketTypeName: "Community" })]);
    orderId = registration.id;
  });

  await test.step("the delivery reaches the Zap, and perform hands it on with an id", async () => {
    await expect.poll(() => receiver.received(hookPath).length, { timeout: 30_000 }).toBe(1);
    const delivery = receiver.received(hookPath)[0]!;
    const items = (await run(trigger().perform, {
      authData,
      cleanedRequest: JSON.parse(delivery.body),
      rawRequest: { headers: delivery.headers, content: delivery.body },
    })) as Message[];
    expect(items).toHaveLength(1);
    expect(items[0]!.type).toBe("registration.created");
    expect(items[0]!.data.order.id).toBe(orderId);
    expect(items[0]!.data.attendees[0]!.email).toBe(email);
    expect(items[0]!.id).toBe(`registration.created:${orderId}:${items[0]!.timestamp}`);
  });

  await test.step("performList shows the latest real registrations, this one first, with the same id", async () => {
    const samples = (await run(trigger().performList!, { authData })) as Message[];
    expect(samples[0]!.data.order.id).toBe(orderId);
    expect(samples[0]!.data.event.title).toBe(title);
    const delivered = JSON.parse(receiver.received(hookPath)[0]!.body) as Message;
    expect(samples[0]!.timestamp).toBe(delivered.timestamp);
  });

  await test.step("the other actions: a paid ticket is refused, the contact is updated, the attendee checked in", async () => {
    const refused = await failureOf(
      run(app.creates.create_registration!.operation.perform, { authData, inputData: { event_id: eventId, ticket_type_id: paid, name: "Paul Paid", email: `paid-${suffix}@example.com` } }),
    );
    expect(refused).toContain("This ticket has a price; paid tickets are bought through checkout.");
    expect(refused).toContain('"status":409');

    const invalid = await failureOf(
      run(app.creates.create_registration!.operation.perform, { authData, inputData: { event_id: eventId, ticket_type_id: free, name: "No Mail", email: "not-an-email" } }),
    );
    expect(invalid).toContain("email: Enter a valid e-mail address");

    const contact = (await run(app.creates.upsert_contact!.operation.perform, { authData, inputData: { event_id: eventId, email, name: "Zoe Zapier-Renamed" } })) as { action: string; name: string };
    expect(contact).toMatchObject({ action: "updated", name: "Zoe Zapier-Renamed" });

    const checkIn = (await run(app.creates.check_in_attendee!.operation.perform, { authData, inputData: { event_id: eventId, email, attendee_id: "" } })) as { already_checked_in: boolean; attendee: { name: string } };
    expect(checkIn).toMatchObject({ already_checked_in: false, attendee: { name: "Zoe Zapier-Renamed" } });
  });

  await test.step("turning the Zap off unsubscribes; a second time finds it already gone", async () => {
    expect(await run(trigger().performUnsubscribe!, { authData, subscribeData })).toEqual({});
    expect(await run(trigger().performUnsubscribe!, { authData, subscribeData })).toEqual({});
    // A Zap still on receives the next registration; by then the one turned off would have too, had it stayed.
    const stillOn = `/zap-on-${suffix}`;
    const other = (await run(trigger().performSubscribe!, { authData, targetUrl: receiver.url(stillOn) })) as { id: string };
    await run(app.creates.create_registration!.operation.perform, { authData, inputData: { event_id: eventId, ticket_type_id: free, name: "After Off", email: `after-${suffix}@example.com` } });
    await expect.poll(() => receiver.received(stillOn).length, { timeout: 30_000 }).toBe(1);
    expect(receiver.received(hookPath)).toHaveLength(1);
    await run(trigger().performUnsubscribe!, { authData, subscribeData: other });
  });
});
