// An admin connects Microsoft 365 in sandbox mode (the identity platform's consent
// screen included), picks the calendar and settings, creates an online event and
// publishes it: the Outlook entry with its Teams meeting shows in the sandbox
// inbox (its own section and the shared week view), and the Teams join link on the
// event's admin and public pages. Then two-way sync: with "Calendar wins", moving
// the entry in the sandbox's Outlook moves the event; with "Switchboard wins",
// moving it again puts it back where the event says.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { SANDBOX_URL } from "../../playwright.config";
import { addTicketType, allowOnConsentScreen, createEvent, disconnectIfConnected, expectNoA11yViolations, keepScreenshot, localDateTime, openConnector, OWNER_EMAIL, publish, signIn, unique } from "./helpers";
import { calendarEntry, editInCalendar } from "./sandbox-calendar";

interface OutlookEntry {
  subject: string;
  calendarId: string;
  joinUrl: string | null;
  deleted: unknown;
}

async function outlookEntry(request: APIRequestContext, subject: string): Promise<OutlookEntry | undefined> {
  const inbox = (await (await request.get(`${SANDBOX_URL}/_sandbox/inbox.json`)).json()) as { microsoft365: { entries: OutlookEntry[] } };
  return inbox.microsoft365.entries.find((e) => e.subject === subject && !e.deleted);
}

async function chooseSyncPolicy(page: Page, label: string): Promise<void> {
  await openConnector(page, "Microsoft 365");
  const settings = page.getByRole("form", { name: "Settings" });
  await settings.getByLabel("When an entry is changed in the calendar").selectOption({ label });
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(settings.getByRole("status")).toHaveText("Settings saved.");
}

/** The instant an ISO time stands for, to the minute: the week view writes Outlook's wall time with its offset. */
const minuteOf = (iso: string) => new Date(iso).toISOString().slice(0, 16);

test("an online event gets an Outlook entry with a Teams meeting, its join link is shown, and changes in Outlook come back by policy", async ({ page, request }) => {
  test.setTimeout(180_000);
  const title = `Teams Night ${unique()}`;
  await signIn(page, OWNER_EMAIL);

  await test.step("connect Microsoft 365 by OAuth and choose the calendar and settings", async () => {
    await disconnectIfConnected(page, "Microsoft 365");
    await openConnector(page, "Microsoft 365");
    await page.getByRole("link", { name: "Connect Microsoft 365" }).click();
    await expect(page.getByText("wants to access your Microsoft 365 account")).toBeVisible();
    await allowOnConsentScreen(page);
    await expect(page.getByRole("status").filter({ hasText: "Connected to Microsoft 365 as" })).toBeVisible();
    const settings = page.getByRole("form", { name: "Settings" });
    await settings.getByLabel("Calendar", { exact: true }).selectOption({ label: "Team events" });
    await settings.getByLabel("Add a Microsoft Teams meeting to online events").check();
    await settings.getByLabel("Reminder (minutes before)").fill("30");
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toHaveText("Settings saved.");
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByText(/calendars visible, default "Calendar"/)).toBeVisible();
    await expectNoA11yViolations(page);
  });

  let eventId = "";
  const startsAt = localDateTime(45, 17);
  await test.step("create an online event and publish it: the Outlook entry has a Teams meeting", async () => {
    eventId = await createEvent(page, { title, venue: "", startsAt, endsAt: localDateTime(45, 19), timeZone: "UTC" });
    await page.getByLabel("Online event (a meeting link is created by a connected meeting provider)").check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Saved.")).toBeVisible();
    await addTicketType(page, { name: "General", price: "0", currency: "EUR", quantity: 20 });
    const publicPath = await publish(page);
    await expect.poll(async () => (await outlookEntry(request, title))?.joinUrl ?? null, { timeout: 30_000 }).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    const entry = (await outlookEntry(request, title))!;
    expect(entry.calendarId).toBe("AAMkAGSbxCalendarTeamEvents02");
    const meetingRegion = page.getByRole("region", { name: "Meeting link" });
    await expect(async () => {
      await page.reload();
      await expect(meetingRegion).toContainText(`Microsoft 365: ${entry.joinUrl}`, { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    await keepScreenshot(page, "teams-event-admin.png", { fullPage: true });

    const inbox = await page.context().newPage();
    await inbox.goto(`${SANDBOX_URL}/?only=outlook`);
    const section = inbox.locator("#outlook");
    await expect(section).toContainText(title);
    await expect(section.getByRole("link", { name: "Join Teams meeting" }).first()).toBeVisible();
    await keepScreenshot(inbox, "outlook-sandbox-inbox.png", { fullPage: true });
    await inbox.goto(`${SANDBOX_URL}/?only=calendar-week&week=${startsAt.slice(0, 10)}`);
    const week = inbox.locator("#calendar-week");
    // Another calendar connected by an earlier test may hold an entry of this event too: the Outlook one is asked for.
    const outlookCard = week.locator(".entry").filter({ hasText: title }).filter({ has: inbox.locator(".provider", { hasText: "Outlook" }) });
    await expect(outlookCard.getByRole("link", { name: `Join ${title}` })).toHaveAttribute("href", entry.joinUrl!);
    await keepScreenshot(inbox, "outlook-week-view.png", { fullPage: true });
    await inbox.close();

    await page.goto(publicPath);
    await expect(page.getByRole("link", { name: "join the meeting" })).toHaveAttribute("href", /teams\.microsoft\.com|zoom/);
  });
  await test.step("calendar wins: the entry moved in Outlook moves the event", async () => {
    await chooseSyncPolicy(page, "Calendar wins: update the event");
    const section = page.getByRole("region", { name: "Changes from the calendar" });
    await expect(async () => {
      await page.reload();
      await expect(section.getByTestId("calendar-channel")).toContainText("Listening for changes until", { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    const entry = (await calendarEntry(request, "Outlook", title))!;
    const moved = new Date(new Date(`${startsAt}:00Z`).getTime() + 2 * 3600_000).toISOString();
    await editInCalendar(request, entry.id, { startsAt: moved });
    await expect(async () => {
      await page.goto(`/events/${eventId}`);
      await expect(page.getByLabel("Starts")).toHaveValue(moved.slice(0, 16), { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    await openConnector(page, "Microsoft 365");
    const row = page.getByRole("table", { name: "Changes from the calendar" }).getByRole("row").filter({ hasText: title });
    // The sync job moves the event first and logs the change a moment later.
    await expect(async () => {
      await page.reload();
      await expect(row.filter({ hasText: "Applied to the event" })).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
  });

  await test.step("Switchboard wins: the entry moved in Outlook is put back where the event is", async () => {
    await chooseSyncPolicy(page, "Switchboard wins: put it back");
    const eventStart = new Date(new Date(`${startsAt}:00Z`).getTime() + 2 * 3600_000).toISOString();
    const entry = (await calendarEntry(request, "Outlook", title))!;
    expect(minuteOf(entry.start)).toBe(minuteOf(eventStart));
    const elsewhere = new Date(new Date(eventStart).getTime() + 24 * 3600_000).toISOString();
    await editInCalendar(request, entry.id, { startsAt: elsewhere });
    // Moved, then put back: the entry ends where the event is, and the event did not move.
    await expect.poll(async () => minuteOf((await calendarEntry(request, "Outlook", title))!.start), { timeout: 30_000 }).toBe(minuteOf(eventStart));
    const table = page.getByRole("table", { name: "Changes from the calendar" });
    await expect(async () => {
      await page.reload();
      await expect(table.getByRole("row").filter({ hasText: title }).filter({ hasText: "Put back" })).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    await expectNoA11yViolations(page);
    await keepScreenshot(page, "outlook-changes.png", { fullPage: true });
    await page.goto(`/events/${eventId}`);
    await expect(page.getByLabel("Starts")).toHaveValue(eventStart.slice(0, 16));
  });
});