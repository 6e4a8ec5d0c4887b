// An admin connects Zoom in sandbox mode (its OAuth consent screen included),
// creates an online event and publishes it; the join link shows on the event's
// admin page, on its public page and in the sandbox inbox. Deleting the meeting by
// hand in Zoom shows the link as missing, with what to do.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { SANDBOX_CONTROL_TOKEN, SANDBOX_URL } from "../../playwright.config";
import { addTicketType, allowOnConsentScreen, createEvent, disconnectIfConnected, expectNoA11yViolations, keepScreenshot, openConnector, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

interface SandboxMeeting {
  id: number;
  topic: string;
  joinUrl: string;
  waitingRoom: boolean;
  deleted: unknown;
}

async function sandboxMeeting(request: APIRequestContext, topic: string): Promise<SandboxMeeting | undefined> {
  const inbox = (await (await request.get(`${SANDBOX_URL}/_sandbox/inbox.json`)).json()) as { zoom: { meetings: SandboxMeeting[] } };
  return inbox.zoom.meetings.find((m) => m.topic === topic);
}

test("an online event gets a Zoom meeting, its join link is shown, and a meeting deleted in Zoom shows as missing", async ({ page, request }) => {
  test.setTimeout(120_000);
  const title = `Online Night ${unique()}`;
  await signIn(page, OWNER_EMAIL);

  await test.step("connect Zoom by OAuth and choose the meeting settings", async () => {
    // Zoom as the only meeting provider: another (Teams, connected by an earlier test) would add its own link.
    await disconnectIfConnected(page, "Microsoft 365");
    await page.goto("/settings/integrations");
    await expect(page.getByRole("heading", { name: "Online meetings" })).toBeVisible();
    await openConnector(page, "Zoom");
    await page.getByRole("link", { name: "Connect Zoom" }).click();
    await allowOnConsentScreen(page);
    await expect(page.getByRole("status").filter({ hasText: "Connected to Zoom as" })).toBeVisible();
    const settings = page.getByRole("form", { name: "Settings" });
    await settings.getByLabel("Waiting room").check();
    await settings.getByLabel("Passcode").check();
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toHaveText("Settings saved.");
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByText(/meetings are created in this user's Zoom account/)).toBeVisible();
    await expectNoA11yViolations(page);
  });

  let publicPath = "";
  let joinUrl = "";
  await test.step("create an online event and publish it: the join link shows on its pages", async () => {
    await createEvent(page, { title, venue: "" });
    await page.getByLabel("Online event (a meeting link is created by a connected meeting provider)").check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Saved.")).toBeVisible();
    await addTicketType(page, { name: "General", price: "0", currency: "EUR", quantity: 20 });
    publicPath = await publish(page);
    const meetingRegion = page.getByRole("region", { name: "Meeting link" });
    await expect(async () => {
      await page.reload();
      await expect(meetingRegion.getByRole("link")).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    joinUrl = (await meetingRegion.getByRole("link").getAttribute("href"))!;
    expect(joinUrl).toMatch(/\/zoom\/j\/\d+\?pwd=/);
    await expect(meetingRegion).toContainText(`Zoom: ${joinUrl}`);
    await expectNoA11yViolations(page);
    await keepScreenshot(page, "zoom-event-admin.png", { fullPage: true });

    await page.goto(publicPath);
    await expect(page.getByRole("link", { name: "join the meeting" })).toHaveAttribute("href", joinUrl);
    await keepScreenshot(page, "zoom-event-public.png", { fullPage: true });
  });

  await test.step("the sandbox inbox shows the meeting with its join link", async () => {
    const meeting = await sandboxMeeting(request, title);
    expect(meeting).toMatchObject({ joinUrl, waitingRoom: true, deleted: null });
    const inbox = await page.context().newPage();
    await inbox.goto(`${SANDBOX_URL}/?only=meetings`);
    const section = inbox.locator("#meetings");
    await expect(section).toContainText(title);
    await expect(section.getByRole("link", { name: joinUrl })).toBeVisible();
    await keepScreenshot(inbox, "zoom-sandbox-inbox.png", { fullPage: true });
    await inbox.close();
  });

  await test.step("the meeting is deleted by hand in Zoom: the event shows its link as missing", async () => {
    const meeting = (await sandboxMeeting(request, title))!;
    const res = await request.post(`${SANDBOX_URL}/_sandbox/zoom/meetings/delete`, { headers: { "x-sandbox-control-token": SANDBOX_CONTROL_TOKEN }, data: { id: meeting.id } });
    expect(res.ok()).toBe(true);
    await page.goBack();
    const meetingRegion = page.getByRole("region", { name: "Meeting link" });
    await expect(async () => {
      await page.reload();
      await expect(meetingRegion.getByRole("alert")).toContainText("the meeting link is missing", { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    await expect(meetingRegion).toContainText("The meeting was deleted in Zoom");
    await keepScreenshot(page, "zoom-link-missing.png", { fullPage: true });
    await page.goto(publicPath);
    await expect(page.getByText("the meeting link will appear here")).toBeVisible();
  });
});
