// Two-way sync with Google Calendar in a browser: an admin connects Google Calendar
// in sandbox mode and picks "Calendar wins"; an organizer moves the event's entry in
// the sandbox calendar and the event's time follows; deleting the entry waits on
// the connector page until the admin puts it back.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { addTicketType, allowOnConsentScreen, createEvent, disconnectIfConnected, expectNoA11yViolations, keepScreenshot, localDateTime, openConnector, OWNER_EMAIL, publish, signIn, unique } from "./helpers";
import { calendarEntry, editInCalendar } from "./sandbox-calendar";

function entryTitled(request: APIRequestContext, title: string) {
  return calendarEntry(request, "Google Calendar", title);
}

test("calendar wins: an entry moved in Google Calendar moves the event, and a deleted one waits for the admin", async ({ page, request }) => {
  test.setTimeout(150_000);
  const title = `Two-Way Night ${unique()}`;
  await signIn(page, OWNER_EMAIL);
  await disconnectIfConnected(page, "Google Calendar");

  await test.step("connect Google Calendar and choose Calendar wins", async () => {
    await openConnector(page, "Google Calendar");
    await page.getByRole("link", { name: "Connect Google Calendar" }).click();
    await allowOnConsentScreen(page);
    await expect(page.getByRole("status").filter({ hasText: "Connected to Google Calendar as" })).toBeVisible();
    const settings = page.getByRole("form", { name: "Settings" });
    await settings.getByLabel("Calendar", { exact: true }).selectOption("primary");
    await settings.getByLabel("When an entry is changed in the calendar").selectOption({ label: "Calendar wins: update the event" });
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toHaveText("Settings saved.");
    const section = page.getByRole("region", { name: "Changes from the calendar" });
    await expect(async () => {
      await page.reload();
      await expect(section.getByTestId("calendar-channel")).toContainText("Listening for changes until", { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    await expectNoA11yViolations(page);
  });

  let eventPath = "";
  const startsAt = localDateTime(40, 17);
  await test.step("publish an event: its entry appears in the sandbox calendar", async () => {
    await createEvent(page, { title, startsAt, endsAt: localDateTime(40, 19), timeZone: "UTC" });
    await addTicketType(page, { name: "General", price: "0", currency: "EUR", quantity: 20 });
    await publish(page);
    eventPath = new URL(page.url()).pathname;
    await expect.poll(async () => (await entryTitled(request, title))?.id, { timeout: 30_000 }).toBeTruthy();
  });

  await test.step("the organizer moves the entry two hours later: the event's time follows", async () => {
    const entry = (await entryTitled(request, title))!;
    const moved = new Date(new Date(`${startsAt}:00Z`).getTime() + 2 * 3600_000).toISOString().replace(".000Z", "Z");
    await editInCalendar(request, entry.id, { startsAt: moved });
    await expect(async () => {
      await page.goto(eventPath);
      await expect(page.getByLabel("Starts")).toHaveValue(moved.slice(0, 16), { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    await openConnector(page, "Google Calendar");
    const row = page.getByRole("table", { name: "Changes from the calendar" }).getByRole("row").filter({ hasText: title });
    // The sync job moves the event first and logs the change a moment later.
    await expect(async () => {
      await page.reload();
      await expect(row).toContainText("Applied to the event", { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    await expect(row).toContainText("Start:");
  });

  await test.step("the organizer deletes the entry: it waits for the admin, who puts it back", async () => {
    const entry = (await entryTitled(request, title))!;
    await editInCalendar(request, entry.id, { remove: true });
    const table = page.getByRole("table", { name: "Changes from the calendar" });
    await expect(async () => {
      await page.reload();
      await expect(table.getByRole("row").filter({ hasText: "Waiting for you" }).filter({ hasText: title })).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    await expectNoA11yViolations(page);
    await keepScreenshot(page, "calendar-changes.png", { fullPage: true });
    const waiting = table.getByRole("row").filter({ hasText: "Waiting for you" }).filter({ hasText: title });
    await waiting.getByRole("button", { name: "Put the entry back" }).click();
    await expect.poll(async () => {
      const e = await entryTitled(request, title);
      return e !== undefined && !e.cancelled;
    }, { timeout: 15_000 }).toBe(true);
    // The entry is back at Google before the change is marked answered.
    await expect(async () => {
      await page.reload();
      await expect(table.getByRole("row").filter({ hasText: title }).filter({ hasText: "Entry put back" })).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    // The event itself was never cancelled.
    await page.goto(eventPath);
    await expect(page.getByRole("main").getByText("published", { exact: true })).toBeVisible();
  });
});
