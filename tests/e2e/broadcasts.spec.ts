// Messaging an event's attendees in bulk from its admin page: an admin sends an
// e-mail and watches the progress bar reach 100 % with a summary, the e-mails in
// the sandbox inbox; and after an attendee replies STOP to a bulk SMS, the next
// bulk SMS skips that number and says why.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { SANDBOX_CONTROL_TOKEN, SANDBOX_URL } from "../../playwright.config";
import { addTicketType, createEvent, ensureSendGrid, expectNoA11yViolations, keepScreenshot, openConnector, OWNER_EMAIL, postFrom, publish, signIn, unique } from "./helpers";

const ACCOUNT = "AC00000000000000000000000000e2e0b1";
const TOKEN = "fake0auth0token0for0e2e0000000b1";

async function ensureTwilio(page: Page): Promise<string> {
  await page.goto("/settings/integrations");
  if (await page.getByRole("link", { name: /^Twilio: not connected/ }).count()) {
    await openConnector(page, "Twilio");
    const form = page.getByRole("form", { name: "Credentials" });
    await form.getByLabel("Account SID").fill(ACCOUNT);
    await form.getByLabel("Auth token").fill(TOKEN);
    await form.getByRole("button", { name: "Save and test" }).click();
    await expect(form.getByRole("status")).toContainText("Connected.");
    await page.reload();
  } else {
    await openConnector(page, "Twilio");
  }
  const settings = page.getByRole("form", { name: "Settings" });
  const select = settings.getByLabel("Send from");
  let sender = await select.inputValue();
  if (!sender) {
    sender = (await select.locator("option").filter({ hasText: /^\+1202555/ }).first().getAttribute("value"))!;
    await select.selectOption(sender);
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toHaveText("Settings saved.");
  }
  return sender;
}

/** The attendees register through the public API from their own loopback address: this spec is about messaging them, not about the form. */
async function register(baseURL: string | undefined, slug: string, ticketTypeId: string, a: { name: string; email: string; phone?: string }) {
  const url = new URL(`/api/public/events/${slug}/registrations`, baseURL);
  const body = { ticketTypeId, quantity: 1, name: a.name, email: a.email, ...(a.phone ? { phone: a.phone, smsConsent: "on" } : {}) };
  const res = await postFrom("127.0.0.3", url, {}, body);
  expect(res.status, res.body).toBe(201);
}

async function eventWithAttendees(page: Page, baseURL: string | undefined, title: string, attendees: Array<{ name: string; email: string; phone?: string }>) {
  await createEvent(page, { title, venue: "Kaufleuten, Zurich" });
  await addTicketType(page, { name: "General", price: "0", currency: "EUR", quantity: 20 });
  const publicPath = await publish(page);
  const eventPath = new URL(page.url()).pathname;
  await page.goto(publicPath);
  const ticketTypeId = (await page.getByRole("form", { name: "Order tickets" }).getByLabel("Quantity of General").getAttribute("name"))!.replace(/^qty-/, "");
  for (const a of attendees) await register(baseURL, publicPath.split("/").pop()!, ticketTypeId, a);
  await page.goto(eventPath);
  return eventPath;
}

/** Fills the event page's "Message attendees" form and sends; returns once the progress page shows 100 %. */
async function sendBroadcast(page: Page, m: { channel: string; audience: RegExp; subject?: string; text: string }) {
  const form = page.getByRole("form", { name: "Message attendees" });
  await form.getByLabel("Send as").selectOption({ label: m.channel });
  await form.getByLabel("To").selectOption({ label: (await form.getByLabel("To").locator("option").filter({ hasText: m.audience }).first().textContent())! });
  if (m.subject !== undefined) await form.getByLabel("Subject").fill(m.subject);
  await form.getByLabel("Message").fill(m.text);
  await form.getByRole("button", { name: "Send" }).click();
  await page.waitForURL(/\/events\/[0-9a-f-]{36}\/broadcasts\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("progressbar", { name: "Messages handled" })).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
  await expect(page.getByTestId("broadcast-summary")).toBeVisible();
}

const sandboxSms = async (request: APIRequestContext, to: string) =>
  ((await (await request.get(`${SANDBOX_URL}/_sandbox/inbox.json`)).json()) as { twilio: { messages: Array<{ direction: string; to: string; body: string }> } }).twilio.messages.filter(
    (m) => m.direction === "outbound-api" && m.to === to,
  );

test("an admin sends a bulk e-mail and watches progress", async ({ page, baseURL }) => {
  test.setTimeout(150_000);
  const id = unique();
  const title = `Bulk Mail ${id}`;
  const people = ["Ada", "Ben", "Cleo"].map((n) => ({ name: `${n} Guest`, email: `${n.toLowerCase()}.${id}@example.com` }));
  await signIn(page, OWNER_EMAIL);
  await ensureSendGrid(page, "SG.e2e-broadcasts.key12345");
  await eventWithAttendees(page, baseURL, title, people);

  await test.step("the form offers the e-mail channel with each audience's count, and keeps the text when the subject is missing", async () => {
    const form = page.getByRole("form", { name: "Message attendees" });
    await form.getByLabel("Send as").selectOption({ label: "E-mail via SendGrid" });
    await expect(form.getByLabel("To").locator("option").filter({ hasText: "Everyone with a ticket (3 addresses)" })).toHaveCount(1);
    await form.getByLabel("Message").fill("Doors open at 18:30.\n\nBring your ticket.");
    await form.getByRole("button", { name: "Send" }).click();
    await expect(form.getByRole("alert").filter({ hasText: "Give the e-mail a subject" })).toBeVisible();
    await expect(form.getByLabel("Message")).toHaveValue("Doors open at 18:30.\n\nBring your ticket.");
    await expectNoA11yViolations(page);
    await keepScreenshot(page.getByRole("region", { name: "Message attendees" }), "message-attendees-section.png");
  });

  await test.step("sending goes to the progress page, which reaches 100 % with a summary and each recipient", async () => {
    await sendBroadcast(page, { channel: "E-mail via SendGrid", audience: /^Everyone with a ticket/, subject: `Doors open ${id}`, text: "Doors open at 18:30.\n\nBring your ticket." });
    await expect(page.getByTestId("broadcast-summary")).toContainText("Done: 3 sent, 0 skipped, 0 failed, of 3 recipients.");
    await expect(page.getByTestId("recipient-row")).toHaveCount(3);
    for (const p of people) await expect(page.getByTestId("recipient-row").filter({ hasText: p.email })).toContainText("sent");
    await expectNoA11yViolations(page);
    await keepScreenshot(page, "broadcast-progress-page.png", { fullPage: true });
  });

  await test.step("the e-mails are in the sandbox inbox, and the message is listed on the event page", async () => {
    const inbox = await page.context().newPage();
    await inbox.goto(SANDBOX_URL);
    for (const p of people) await expect(inbox.getByText(p.email).first()).toBeVisible();
    await expect(inbox.getByText(`Doors open ${id}`).first()).toBeVisible();
    await inbox.close();
    await page.getByRole("link", { name: `← ${title}` }).click();
    await expect(page.getByTestId("past-broadcasts")).toContainText(`Doors open ${id}`);
    await expect(page.getByTestId("past-broadcasts")).toContainText("3 sent, 0 skipped, 0 failed");
    await keepScreenshot(page.getByRole("region", { name: "Message attendees" }), "message-attendees-with-past.png");
  });
});

test("a simulated STOP reply stops the next bulk SMS to that number", async ({ page, baseURL, request }) => {
  test.setTimeout(150_000);
  const id = unique();
  const title = `Bulk SMS ${id}`;
  const stopper = `+4144670${String(Math.floor(Math.random() * 9000) + 1000)}`;
  const stayer = `+4144671${String(Math.floor(Math.random() * 9000) + 1000)}`;
  await signIn(page, OWNER_EMAIL);
  const sender = await ensureTwilio(page);
  const eventPath = await eventWithAttendees(page, baseURL, title, [
    { name: "Stella Stop", email: `stella.${id}@example.com`, phone: stopper },
    { name: "Sam Stay", email: `sam.${id}@example.com`, phone: stayer },
  ]);

  await test.step("the first bulk SMS reaches both numbers", async () => {
    await sendBroadcast(page, { channel: "SMS via Twilio", audience: /^Everyone with a ticket \(2 numbers\)/, text: `First update ${id}` });
    await expect(page.getByTestId("broadcast-summary")).toContainText("Done: 2 sent, 0 skipped");
    await expect.poll(async () => (await sandboxSms(request, stopper)).filter((m) => m.body.startsWith(`First update ${id}`)).length).toBe(1);
    expect((await sandboxSms(request, stayer)).filter((m) => m.body.startsWith(`First update ${id}`))).toHaveLength(1);
  });

  await test.step("one attendee replies STOP; the next bulk SMS skips that number with the reason", async () => {
    const callbacks = (await (await request.get(`${SANDBOX_URL}/_sandbox/twilio/callbacks`)).json()) as Array<{ url: string }>;
    const url = callbacks.map((c) => c.url).find((u) => u.startsWith(`${baseURL}/api/webhooks/twilio?connection=`))!;
    const reply = await request.post(`${SANDBOX_URL}/_sandbox/twilio/inbound`, { headers: { "x-sandbox-control-token": SANDBOX_CONTROL_TOKEN }, data: { from: stopper, to: sender, body: "STOP", url } });
    expect(reply.status()).toBe(200);
    expect((await reply.json()).answered).toBe(200);
    await page.goto(eventPath);
    await sendBroadcast(page, { channel: "SMS via Twilio", audience: /^Everyone with a ticket/, text: `Second update ${id}` });
    await expect(page.getByTestId("broadcast-summary")).toContainText("Done: 1 sent, 1 skipped, 0 failed, of 2 recipients.");
    await expect(page.getByTestId("recipient-row").filter({ hasText: stopper })).toContainText("opted out: the number replied STOP");
    expect((await sandboxSms(request, stopper)).filter((m) => m.body.startsWith(`Second update ${id}`))).toHaveLength(0);
    expect((await sandboxSms(request, stayer)).filter((m) => m.body.startsWith(`Second update ${id}`))).toHaveLength(1);
    await keepScreenshot(page, "broadcast-sms-skipped.png", { fullPage: true });
  });
});
