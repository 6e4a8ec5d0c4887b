// An admin connects Microsoft 365 in sandbox mode (the identity platform's consent
// screen included), picks the calendar and settings, creates an online event and
// publishes it: the Outlook entry with its Teams meeting shows in the sandbox
// inbox, and the Teams join link on the event's admin and public pages.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { SANDBOX_URL } from "../../playwright.config";
import { addTicketType, allowOnConsentScreen, createEvent, disconnectIfConnected, expectNoA11yViolations, openConnector, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

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

test("an online event gets an Outlook entry with a Teams meeting, and its join link is shown", async ({ page, request }) => {
  test.setTimeout(120_000);
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

  await test.step("create an online event and publish it: the Outlook entry has a Teams meeting", async () => {
    await createEvent(page, { title, venue: "" });
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
    await page.screenshot({ path: test.info().outputPath("teams-event-admin.png"), fullPage: true });

    const inbox = await page.context().newPage();
    await inbox.goto(SANDBOX_URL);
    const section = inbox.locator("#outlook");
    await expect(section).toContainText(title);
    await expect(section.getByRole("link", { name: "Join Teams meeting" }).first()).toBeVisible();
    await inbox.screenshot({ path: test.info().outputPath("outlook-sandbox-inbox.png"), fullPage: true });
    await inbox.close();

    await page.goto(publicPath);
    await expect(page.getByRole("link", { name: "join the meeting" })).toHaveAttribute("href", /teams\.microsoft\.com|zoom/);
  });
});
