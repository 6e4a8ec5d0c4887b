// With Google Calendar connected in sandbox mode, the event form warns when the
// chosen time overlaps something in the calendar, says so when Google is too slow
// to ask, and never stands in the way of saving.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { SANDBOX_CONTROL_TOKEN, SANDBOX_URL } from "../../playwright.config";
import { allowOnConsentScreen, expectNoA11yViolations, keepScreenshot, openConnector, OWNER_EMAIL, signIn, unique } from "./helpers";

const control = { "x-sandbox-control-token": SANDBOX_CONTROL_TOKEN };

/** Connects Google Calendar unless an earlier spec of the run already did. */
async function ensureGoogleCalendar(page: Page): Promise<void> {
  await page.goto("/settings/integrations");
  if (!(await page.getByRole("link", { name: /^Google Calendar: not connected/ }).count())) return;
  await openConnector(page, "Google Calendar");
  await page.getByRole("link", { name: "Connect Google Calendar" }).click();
  await allowOnConsentScreen(page);
  await expect(page.getByRole("status").filter({ hasText: "Connected to Google Calendar as" })).toBeVisible();
}

/** Books time in the sandbox account's primary calendar, as its owner would in Google Calendar. */
async function bookInGoogle(request: APIRequestContext, summary: string, start: string, end: string): Promise<void> {
  const minted = await request.post(`${SANDBOX_URL}/_sandbox/tokens`, { headers: control, data: { provider: "google-calendar" } });
  expect(minted.status()).toBe(201);
  const { access_token } = (await minted.json()) as { access_token: string };
  const created = await request.post(`${SANDBOX_URL}/google-calendar/calendar/v3/calendars/primary/events`, {
    headers: { authorization: `Bearer ${access_token}` },
    data: { summary, start: { dateTime: start }, end: { dateTime: end } },
  });
  expect(created.status()).toBe(200);
}

function zurich(iso: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Zurich", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
}

/** A day far enough ahead that no other spec books it, as YYYY-MM-DD. */
function quietDay(): string {
  const d = new Date(Date.now() + (200 + Math.floor(Math.random() * 300)) * 24 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}

test("the event form warns of a calendar conflict without blocking the save", async ({ page, request }) => {
  test.setTimeout(90_000);
  const day = quietDay();
  const title = `Planning Day ${unique()}`;
  await signIn(page, OWNER_EMAIL);
  await ensureGoogleCalendar(page);
  await bookInGoogle(request, "Board meeting", `${day}T14:00:00Z`, `${day}T15:00:00Z`);

  const warning = page.getByRole("status", { name: "Calendar conflicts" });
  await test.step("picking a time that overlaps the booking shows the conflict", async () => {
    await page.goto("/events/new");
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Venue").fill("Kosmos, Zurich");
    await page.getByLabel("Time zone").fill("Europe/Zurich");
    // 15:30–17:00 in Zurich overlaps the 14:00–15:00 UTC booking in winter (UTC+1) and summer (UTC+2) alike.
    await page.getByLabel("Starts").fill(`${day}T15:30`);
    await page.getByLabel("Ends").fill(`${day}T17:00`);
    await expect(warning).toContainText("This time overlaps something in your calendars. You can still save.");
    await expect(warning).toContainText("Busy in Google Calendar (primary):");
    // Shown on the event's own clock.
    await expect(warning).toContainText(`${zurich(`${day}T14:00:00Z`)}–${zurich(`${day}T15:00:00Z`)}`);
    await expectNoA11yViolations(page);
    await keepScreenshot(page, "free-busy-conflict.png", { fullPage: true });
  });

  await test.step("moving it to a free time clears the warning", async () => {
    await page.getByLabel("Starts").fill(`${day}T20:00`);
    await page.getByLabel("Ends").fill(`${day}T21:00`);
    await expect(warning).toHaveText("No conflicts in your connected calendars.");
  });

  await test.step("a Google that does not answer within 2 seconds is named, and saving goes ahead", async () => {
    await request.post(`${SANDBOX_URL}/_sandbox/faults`, { headers: control, data: { provider: "google-calendar", match: "/freeBusy", kind: "latency", latencyMs: 4000, times: 1 } });
    await page.getByLabel("Starts").fill(`${day}T15:30`);
    await expect(warning).toContainText("Could not check Google Calendar: it did not answer within 2 seconds");
    await page.getByLabel("Capacity").fill("80");
    await page.getByRole("button", { name: "Create draft" }).click();
    await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  });

  await test.step("editing the saved event checks again, in the event's time zone", async () => {
    const details = page.getByRole("region", { name: "Details" });
    await expect(details.getByLabel("Starts")).toHaveValue(`${day}T15:30`);
    await details.getByLabel("Ends").fill(`${day}T16:45`);
    await expect(details.getByRole("status", { name: "Calendar conflicts" })).toContainText("Busy in Google Calendar (primary)");
  });
});
