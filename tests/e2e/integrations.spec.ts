// An admin connects Slack, SendGrid and Google Calendar in sandbox mode through
// the settings pages (OAuth consent screens included), publishes an event, an
// attendee registers, and the sandbox inbox shows the Slack message, the
// confirmation e-mail and the calendar entry.
import { expect, test } from "@playwright/test";
import { SANDBOX_CONTROL_TOKEN, SANDBOX_URL } from "../../playwright.config";
import { addTicketType, allowOnConsentScreen, connectSlack, createEvent, disconnectIfConnected, expectNoA11yViolations, keepScreenshot, MEMBER_EMAIL, openConnector, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

test("an admin connects Slack, SendGrid and Google Calendar and sees each one work in the sandbox inbox", async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  const id = unique();
  const title = `Integrations Night ${id}`;
  const attendeeEmail = `ines.${id}@example.com`;
  await signIn(page, OWNER_EMAIL);

  for (const name of ["Slack", "SendGrid", "Google Calendar"]) await disconnectIfConnected(page, name);

  await test.step("the catalog lists the connectors by category", async () => {
    await page.goto("/settings/integrations");
    await expect(page.getByRole("heading", { name: "Integrations" })).toBeVisible();
    for (const name of ["Slack", "SendGrid", "Google Calendar"]) {
      await expect(page.getByRole("link", { name: new RegExp(`^${name}: not connected`) })).toBeVisible();
    }
    await expect(page.getByRole("heading", { name: "Messaging" })).toBeVisible();
    // Each logo comes from its provider's folder through one route, and loads.
    const logos = page.locator('a[href^="/settings/integrations/"] img');
    expect(await logos.count()).toBeGreaterThanOrEqual(3);
    for (const img of await logos.all()) {
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), { message: "a provider logo loads" }).toBe(true);
    }
    // Zapier and the organization's own endpoints are reached from the same catalog.
    await expect(page.getByRole("link", { name: /^Zapier: / })).toHaveAttribute("href", "/settings/api-keys");
    await expect(page.getByRole("link", { name: /^Webhooks: / })).toHaveAttribute("href", "/settings/webhooks");
  });

  await test.step("Slack: install by OAuth, choose a channel, post a test message", async () => {
    await connectSlack(page, "#events");
    await page.getByRole("button", { name: "Send a test message" }).click();
    await expect(page.getByText("Posted a test message to the default channel.")).toBeVisible();
    await expect(page.getByRole("table", { name: "Recent calls" })).toContainText("chat.postMessage");
    await expectNoA11yViolations(page);
  });

  await test.step("SendGrid: a refused key is named on its field and kept; a good key connects", async () => {
    await openConnector(page, "SendGrid");
    const form = page.getByRole("form", { name: "Credentials" });
    await form.getByLabel("API key").fill("SG.invalid-e2e.key00000");
    await form.getByRole("button", { name: "Save and test" }).click();
    await expect(form.getByRole("alert").filter({ hasText: "SendGrid refused this API key" })).toBeVisible();
    await expect(form.getByLabel("API key")).toHaveValue("SG.invalid-e2e.key00000");
    await expectNoA11yViolations(page);
    await form.getByLabel("API key").fill("SG.e2e-sandbox.key12345");
    await form.getByRole("button", { name: "Save and test" }).click();
    await expect(form.getByRole("status")).toContainText("Connected.");
    await page.reload();
    await expect(page.getByText("Saved key: ••••2345")).toBeVisible();
    // The key itself is nowhere in the page.
    expect(await page.content()).not.toContain("SG.e2e-sandbox.key12345");
    const settings = page.getByRole("form", { name: "Settings" });
    await settings.getByLabel("Sender e-mail").fill("tickets@demo.example");
    await settings.getByLabel("Sender name").fill("Demo Events");
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toHaveText("Settings saved.");
    // Connected: settings, the template editor with its preview, health and the call log.
    await expectNoA11yViolations(page);
  });

  await test.step("Google Calendar: connect by OAuth and add attendees as guests", async () => {
    await openConnector(page, "Google Calendar");
    await page.getByRole("link", { name: "Connect Google Calendar" }).click();
    await allowOnConsentScreen(page);
    await expect(page.getByRole("status").filter({ hasText: "Connected to Google Calendar as" })).toBeVisible();
    const settings = page.getByRole("form", { name: "Settings" });
    await settings.getByLabel("Calendar", { exact: true }).selectOption("primary");
    await settings.getByLabel("Add attendees as guests").check();
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toHaveText("Settings saved.");
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByText(/calendars visible/)).toBeVisible();
    await expectNoA11yViolations(page);
    await keepScreenshot(page, "google-calendar-page.png", { fullPage: true });
  });

  let publicPath = "";
  let eventAdminPath = "";
  await test.step("the admin publishes an event and an attendee registers", async () => {
    await createEvent(page, { title, venue: "Rote Fabrik, Zurich" });
    await addTicketType(page, { name: "General", price: "0", currency: "EUR", quantity: 20 });
    publicPath = await publish(page);
    eventAdminPath = new URL(page.url()).pathname;
    const attendee = await browser.newContext({ baseURL });
    try {
      const pub = await attendee.newPage();
      await pub.goto(publicPath);
      const form = pub.getByRole("form", { name: "Order tickets" });
      await form.getByLabel("Your name").fill("Ines Attendee");
      await form.getByLabel("E-mail").fill(attendeeEmail);
      await form.getByRole("button", { name: "Register" }).click();
      await expect(pub.getByRole("status")).toContainText("You're registered.");
    } finally {
      await attendee.close();
    }
  });

  await test.step("the sandbox inbox shows the Slack message, the e-mail and the calendar entry", async () => {
    const inbox = await page.context().newPage();
    await expect(async () => {
      await inbox.goto(SANDBOX_URL);
      const slack = inbox.locator("#slack");
      await expect(slack).toContainText(`${title} is published`, { timeout: 500 });
      await expect(slack).toContainText(`Ines Attendee registered for ${title}`, { timeout: 500 });
      await expect(inbox.locator("#email")).toContainText(`Your tickets for ${title}`, { timeout: 500 });
      await expect(inbox.locator("#calendar")).toContainText(title, { timeout: 500 });
      // The entry is made on publish; the attendee joins it later, with the registration's own delivery.
      await expect(inbox.locator("#calendar")).toContainText(attendeeEmail, { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    await expect(inbox.locator("#email")).toContainText("event.ics");
    await keepScreenshot(inbox, "sandbox-inbox.png", { fullPage: true });
  });

  await test.step("SendGrid's signed Event Webhook reports a bounce: the attendee's address is suppressed, and the connector page counts it", async () => {
    const posted = await page.request.post(`${SANDBOX_URL}/_sandbox/sendgrid/events`, {
      headers: { "x-sandbox-control-token": SANDBOX_CONTROL_TOKEN },
      data: { to: attendeeEmail, event: "bounce", reason: "550 5.1.1 mailbox unavailable" },
    });
    expect(posted.ok()).toBe(true);
    await expect(async () => {
      await page.goto(eventAdminPath);
      await expect(page.getByTestId("attendee-email-suppressed")).toContainText("No e-mail is sent to this address", { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    await openConnector(page, "SendGrid");
    const activity = page.getByTestId("connector-activity");
    await expect(activity.getByRole("heading", { name: "E-mail events" })).toBeVisible();
    await expect(activity.locator("div").filter({ has: page.getByText("Bounced", { exact: true }) }).locator("dd")).toHaveText("1");
    await expectNoA11yViolations(page);
  });
});

test("a member cannot reach the integrations, and an unknown connector is not found", async ({ page }) => {
  await signIn(page, MEMBER_EMAIL);
  const res = await page.goto("/settings/integrations/slack");
  expect(res?.status()).toBe(403);
  const start = await page.request.get("/api/integrations/slack/oauth/start?mode=sandbox", { maxRedirects: 0 });
  expect(start.status()).toBe(403);
});
