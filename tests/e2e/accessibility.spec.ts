// Every page of the app, in the states a person meets it (empty and filled,
// with field errors, with a secret shown once, as a member, 403 and 404), passes
// axe-core's WCAG 2.0/2.1 A and AA rules. The checks are soft: one run lists
// every page that fails, and with E2E_SCREENSHOTS=1 a screenshot of each page is kept.
import { expect, test, type Page } from "@playwright/test";
import { SANDBOX_CONTROL_TOKEN, SANDBOX_URL } from "../../playwright.config";
import { addTicketType, createEvent, expectNoA11yViolations, keepScreenshot, MEMBER_EMAIL, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

let shot = 0;
async function check(page: Page, name: string): Promise<void> {
  await expectNoA11yViolations(page);
  await keepScreenshot(page, `${String(++shot).padStart(2, "0")}-${name}.png`, { fullPage: true });
}

test("every page passes axe's WCAG A and AA rules", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const id = unique();
  const title = `E2E Accessible ${id}`;

  await test.step("sign-in page, empty and after a refused password", async () => {
    await page.goto("/login");
    await check(page, "login");
    await page.getByLabel("E-mail").fill(OWNER_EMAIL);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toBeVisible();
    await check(page, "login-refused");
  });

  let eventPath = "";
  let publicPath = "";
  await test.step("events: list, new with field errors, the admin page as a draft and published", async () => {
    await signIn(page, OWNER_EMAIL);
    await check(page, "events");
    await page.goto("/events/new");
    await page.getByRole("button", { name: "Create draft" }).click();
    await expect(page.getByRole("alert").first()).toBeVisible();
    await check(page, "event-new-errors");
    await createEvent(page, { title, capacity: 40 });
    eventPath = new URL(page.url()).pathname;
    await check(page, "event-draft");
    await addTicketType(page, { name: "General", price: "0", currency: "EUR", quantity: 20 });
    await addTicketType(page, { name: "Supporter", price: "15.00", currency: "EUR", quantity: 5 });
    publicPath = await publish(page);
  });

  await test.step("the public page, a registration and the attendee's order page", async () => {
    const visitor = await browser.newContext({ baseURL });
    try {
      const pub = await visitor.newPage();
      for (const name of [`Ada ${id}`, `Bo ${id}`]) {
        await pub.goto(publicPath);
        if (name.startsWith("Ada")) await check(pub, "public-event");
        const form = pub.getByRole("form", { name: "Order tickets" });
        await form.getByLabel("Quantity of General").fill("1");
        await form.getByLabel("Your name").fill(name);
        await form.getByLabel("E-mail").fill(`${name.split(" ")[0]!.toLowerCase()}.${id}@example.com`);
        await form.getByRole("button", { name: "Register" }).click();
        await expect(pub.getByRole("status").filter({ hasText: "You're registered." })).toBeVisible();
      }
      await check(pub, "public-registered");
      await pub.getByRole("link", { name: "Your registration" }).click();
      await pub.waitForURL(/\/orders\//);
      await check(pub, "order");
      await pub.goto(`${publicPath}/orders/00000000-0000-0000-0000-000000000000`);
      await check(pub, "order-404");
    } finally {
      await visitor.close();
    }
  });

  await test.step("the event's admin page with attendees, one checked in", async () => {
    await page.goto(eventPath);
    await page.getByTestId("attendee-row").filter({ hasText: `Ada ${id}` }).getByRole("button", { name: "Check in" }).click();
    await expect(page.getByTestId("attendee-row").filter({ hasText: `Ada ${id}` }).getByText(/^Checked in /)).toBeVisible();
    await check(page, "event-attendees");
  });

  await test.step("settings, integrations and every connector's page", async () => {
    await page.goto("/settings");
    await check(page, "settings");
    await page.goto("/settings/integrations");
    await check(page, "integrations");
    const connectors = await page.getByRole("main").getByRole("link").evaluateAll((links) =>
      [...new Set(links.map((a) => (a as HTMLAnchorElement).pathname).filter((p) => /^\/settings\/integrations\/[^/]+$/.test(p)))],
    );
    expect(connectors.length).toBeGreaterThan(3);
    for (const path of connectors) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await check(page, `connector-${path.split("/").pop()}`);
    }
  });

  await test.step("activity, deliveries, alerts and received webhooks", async () => {
    for (const path of ["/settings/activity", "/settings/deliveries", "/settings/alerts", "/settings/received-webhooks"]) {
      await page.goto(path);
      await check(page, path.split("/").pop()!);
    }
  });

  await test.step("webhooks: the list, a refused address, a new endpoint's secret, its page and the event types", async () => {
    await page.goto("/settings/webhooks");
    await check(page, "webhooks");
    const form = page.getByRole("form", { name: "Add endpoint" });
    await form.getByLabel("Endpoint URL").fill("http://169.254.169.254/latest/meta-data");
    await form.getByRole("button", { name: "Add endpoint" }).click();
    await expect(form.getByRole("alert").first()).toBeVisible();
    await check(page, "webhooks-refused");
    // The sandbox's own demo receiver, which is always up.
    await form.getByLabel("Endpoint URL").fill(`${SANDBOX_URL}/_sandbox/receiver/demo`);
    await form.getByLabel("Description").fill(`Accessibility ${id}`);
    await form.getByLabel("ticket.refunded").check();
    await form.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByTestId("endpoint-secret")).toHaveText(/^whsec_/);
    await check(page, "webhooks-secret");
    await page.getByRole("link", { name: "Open the endpoint" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await check(page, "endpoint");
    await page.goto("/settings/webhooks/event-types");
    await check(page, "event-types");
  });

  await test.step("API keys, with a new key shown once", async () => {
    await page.goto("/settings/api-keys");
    await check(page, "api-keys");
    const form = page.getByRole("form", { name: "Create API key" });
    await form.getByLabel("Key name").fill(`Accessibility ${id}`);
    await form.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByTestId("api-key-secret")).toHaveText(/^sbk_/);
    await check(page, "api-key-secret");
  });

  await test.step("the sandbox inbox's calendar week, with an entry's edit form open and after a refused edit", async () => {
    const request = page.request;
    const minted = await request.post(`${SANDBOX_URL}/_sandbox/tokens`, { headers: { "x-sandbox-control-token": SANDBOX_CONTROL_TOKEN }, data: { provider: "google-calendar" } });
    const { access_token } = (await minted.json()) as { access_token: string };
    const inserted = await request.post(`${SANDBOX_URL}/google-calendar/calendar/v3/calendars/primary/events`, {
      headers: { authorization: `Bearer ${access_token}` },
      data: {
        summary: `Week view ${id}`,
        start: { dateTime: "2031-02-05T18:00:00+01:00", timeZone: "Europe/Zurich" },
        end: { dateTime: "2031-02-05T20:00:00+01:00", timeZone: "Europe/Zurich" },
        conferenceData: { entryPoints: [{ entryPointType: "video", uri: "https://meet.example.com/e2e-week" }] },
      },
    });
    expect(inserted.ok()).toBe(true);
    const inbox = await page.context().newPage();
    await inbox.goto(`${SANDBOX_URL}/?only=calendar-week&week=2031-02-05`);
    const entry = inbox.locator("#calendar-week .entry").filter({ hasText: `Week view ${id}` });
    await entry.getByText("Edit in calendar").click();
    await check(inbox, "sandbox-calendar-week");
    await entry.getByLabel("Start (date, time and offset)").fill("next friday");
    await entry.getByRole("button", { name: "Save in calendar" }).click();
    await expect(inbox.getByRole("alert")).toContainText("Start (startsAt) must be a date and time with its offset");
    await check(inbox, "sandbox-calendar-edit-refused");
    await inbox.close();
  });

  await test.step("404 pages", async () => {
    await page.goto("/events/00000000-0000-0000-0000-000000000000");
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await check(page, "event-404");
    await page.goto(`/no-such-page-${id}`);
    await check(page, "page-404");
  });

  await test.step("a member's events page and the 403 page", async () => {
    await page.context().clearCookies();
    await signIn(page, MEMBER_EMAIL);
    await check(page, "member-events");
    await page.goto("/settings");
    await expect(page.getByRole("heading", { name: "Owners and admins only" })).toBeVisible();
    await check(page, "forbidden");
  });
});
