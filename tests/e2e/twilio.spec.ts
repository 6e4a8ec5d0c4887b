// An admin connects Twilio in sandbox mode, an attendee registers with a phone
// number and ticks the SMS box, the confirmation SMS shows in the sandbox inbox,
// and after the attendee replies STOP the next registration with that number
// gets no SMS.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { SANDBOX_CONTROL_TOKEN, SANDBOX_URL } from "../../playwright.config";
import { addTicketType, createEvent, disconnectIfConnected, expectNoA11yViolations, keepScreenshot, openConnector, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

const ACCOUNT = "AC00000000000000000000000000e2e001";
const TOKEN = "fake0auth0token0for0e2e000000001";

interface SandboxSms {
  direction: string;
  from: string;
  to: string;
  body: string;
}

async function sandboxSms(request: APIRequestContext, to: string): Promise<SandboxSms[]> {
  const inbox = (await (await request.get(`${SANDBOX_URL}/_sandbox/inbox.json`)).json()) as { twilio: { messages: SandboxSms[] } };
  return inbox.twilio.messages.filter((m) => m.direction === "outbound-api" && m.to === to);
}

test("an attendee who agreed gets the SMS confirmation, and none after replying STOP", async ({ page, browser, baseURL, request }) => {
  test.setTimeout(120_000);
  const id = unique();
  const title = `SMS Night ${id}`;
  const phone = `+4144668${String(Math.floor(Math.random() * 9000) + 1000)}`;
  const otherPhone = `+4144669${String(Math.floor(Math.random() * 9000) + 1000)}`;
  await signIn(page, OWNER_EMAIL);

  await disconnectIfConnected(page, "Twilio");

  let sender = "";
  await test.step("the admin connects Twilio with the account's auth token and picks a number", async () => {
    await openConnector(page, "Twilio");
    const form = page.getByRole("form", { name: "Credentials" });
    await form.getByLabel("Account SID").fill("AC-not-a-sid");
    await form.getByLabel("Auth token").fill(TOKEN);
    await form.getByRole("button", { name: "Save and test" }).click();
    await expect(form.getByRole("alert").filter({ hasText: "An Account SID starts with AC" })).toBeVisible();
    await form.getByLabel("Account SID").fill(ACCOUNT);
    await form.getByLabel("Auth token").fill(TOKEN);
    await form.getByRole("button", { name: "Save and test" }).click();
    await expect(form.getByRole("status")).toContainText("Connected.");
    await page.reload();
    expect(await page.content()).not.toContain(TOKEN);
    const settings = page.getByRole("form", { name: "Settings" });
    const select = settings.getByLabel("Send from");
    sender = (await select.locator("option").filter({ hasText: /^\+1202555/ }).first().getAttribute("value"))!;
    await select.selectOption(sender);
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toHaveText("Settings saved.");
    await expect(select.locator("option").filter({ hasText: "Messaging Service: Sandbox Notifications" })).toHaveCount(1);
    // Calls and WhatsApp come from the account's numbers only; templates from its Content API.
    await expect(settings.getByLabel("Call from").locator("option").filter({ hasText: /^\+1202555/ })).toHaveCount(2);
    await expect(settings.getByLabel("Call from").locator("option").filter({ hasText: "Messaging Service" })).toHaveCount(0);
    await expect(settings.getByLabel("WhatsApp sender").locator("option").filter({ hasText: /^\+1202555/ })).toHaveCount(2);
    await expect(settings.getByLabel("WhatsApp confirmation template").locator("option").filter({ hasText: "registration_confirmation (en)" })).toHaveCount(1);
    await expect(settings.getByLabel("WhatsApp reminder template").locator("option").filter({ hasText: "event_reminder (en)" })).toHaveCount(1);
    await expectNoA11yViolations(page);
    await keepScreenshot(page, "twilio-connector-page.png", { fullPage: true });
  });

  let publicPath = "";
  const registerWith = async (name: string, number: string) => {
    const attendee = await browser.newContext({ baseURL });
    try {
      const pub = await attendee.newPage();
      await pub.goto(publicPath);
      const form = pub.getByRole("form", { name: "Order tickets" });
      await form.getByLabel("Your name").fill(name);
      await form.getByLabel("E-mail").fill(`${name.toLowerCase().replace(/\W+/g, ".")}.${id}@example.com`);
      await form.getByLabel("Phone (optional)").fill(number);
      await form.getByLabel(/Text me my confirmation/).check();
      await form.getByRole("button", { name: "Register" }).click();
      await expect(pub.getByRole("status")).toContainText("You're registered.");
    } finally {
      await attendee.close();
    }
  };

  await test.step("an attendee registers with a phone number and ticks the SMS box; a local number is refused on its field", async () => {
    await createEvent(page, { title, venue: "Kaufleuten, Zurich" });
    await addTicketType(page, { name: "General", price: "0", currency: "EUR", quantity: 20 });
    publicPath = await publish(page);
    const attendee = await browser.newContext({ baseURL });
    try {
      const pub = await attendee.newPage();
      await pub.goto(publicPath);
      const form = pub.getByRole("form", { name: "Order tickets" });
      await form.getByLabel("Your name").fill("Lena Local");
      await form.getByLabel("E-mail").fill(`lena.${id}@example.com`);
      await form.getByLabel("Phone (optional)").fill("044 668 18 00");
      await form.getByLabel(/Text me my confirmation/).check();
      await form.getByRole("button", { name: "Register" }).click();
      await expect(form.getByRole("alert").filter({ hasText: "country code" })).toBeVisible();
      await expect(form.getByLabel("Phone (optional)")).toHaveValue("044 668 18 00");
    } finally {
      await attendee.close();
    }
    await registerWith("Sami Sms", phone);
  });

  await test.step("the SMS appears in the sandbox inbox", async () => {
    const inbox = await page.context().newPage();
    await expect(async () => {
      await inbox.goto(`${SANDBOX_URL}/?only=sms`);
      await expect(inbox.locator("#sms")).toContainText(`You're registered for ${title}`, { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    await expect(inbox.locator("#sms")).toContainText(phone);
    await keepScreenshot(inbox, "sandbox-sms-inbox.png", { fullPage: true });
    await inbox.close();
  });

  await test.step("the attendee replies STOP; the next registration with that number gets no SMS", async () => {
    // The connection's callback URL, as the sandbox has been posting statuses to it.
    const callbacks = (await (await request.get(`${SANDBOX_URL}/_sandbox/twilio/callbacks`)).json()) as Array<{ url: string }>;
    const url = callbacks.map((c) => c.url).find((u) => u.startsWith(`${baseURL}/api/webhooks/twilio?connection=`))!;
    const reply = await request.post(`${SANDBOX_URL}/_sandbox/twilio/inbound`, { headers: { "x-sandbox-control-token": SANDBOX_CONTROL_TOKEN }, data: { from: phone, to: sender, body: "STOP", url } });
    expect(reply.status()).toBe(200);
    expect((await reply.json()).answered).toBe(200);
    // The reply is on the attendee in the event's admin page.
    await expect(async () => {
      await page.reload();
      const row = page.getByTestId("attendee-row").filter({ hasText: "Sami Sms" });
      await row.getByText(/\d+ SMS/).click();
      await expect(row.getByTestId("attendee-sms")).toContainText("STOP", { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });

    await registerWith("Sami Again", phone);
    // Deliveries to one connection run in order: once a later registration's SMS is in, the earlier one was handled.
    await registerWith("Olga Other", otherPhone);
    await expect.poll(async () => (await sandboxSms(request, otherPhone)).length, { timeout: 30_000 }).toBe(1);
    expect(await sandboxSms(request, phone)).toHaveLength(1);
  });
});
