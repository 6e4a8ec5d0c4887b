// The main flow: an owner creates and publishes an event with a free ticket, an
// attendee registers on the public page, the owner checks them in, and the facts
// reach the activity log through the outbox and the in-process worker.
import { expect, test } from "@playwright/test";
import { addTicketType, createEvent, expectNoA11yViolations, keepScreenshot, localDateTime, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

test("owner publishes an event, an attendee registers, the owner checks them in and the activity log records it", async ({ page, browser, baseURL }) => {
  const id = unique();
  const title = `E2E Meetup ${id}`;
  const attendeeName = `Ana Attendee ${id}`;
  const attendeeEmail = `ana.${id}@example.com`;

  await test.step("the owner signs in and creates a draft", async () => {
    await signIn(page, OWNER_EMAIL);
    await createEvent(page, {
      title,
      venue: "Kaufleuten, Zurich",
      description: "Talks about integrations.",
      startsAt: localDateTime(20, 17),
      endsAt: localDateTime(20, 20),
      timeZone: "Europe/Zurich",
      capacity: 80,
    });
    await expect(page.getByRole("main").getByText("draft", { exact: true })).toBeVisible();
    await expect(page.getByText("Kaufleuten, Zurich")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Attendees (0 / 80)" })).toBeVisible();
  });

  let publicPath = "";
  await test.step("adds a free ticket type and publishes", async () => {
    await addTicketType(page, { name: "General", price: "0", currency: "EUR", quantity: 50 });
    publicPath = await publish(page);
  });

  await test.step("an attendee without the admin session registers on the public page", async () => {
    const attendee = await browser.newContext({ baseURL });
    try {
      const pub = await attendee.newPage();
      const response = await pub.goto(publicPath);
      expect(response?.status()).toBe(200);
      await expect(pub.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await expect(pub.getByRole("region", { name: "Tickets" }).getByRole("listitem").filter({ hasText: "General" })).toContainText("50 left");
      // Nothing of the admin UI leaks to a visitor.
      await expect(pub.getByRole("button", { name: "Sign out" })).toHaveCount(0);

      const form = pub.getByRole("form", { name: "Order tickets" });
      // The one type on sale comes with one ticket chosen.
      await expect(form.getByLabel("Quantity of General")).toHaveValue("1");
      await form.getByLabel("Your name").fill(attendeeName);
      await form.getByLabel("E-mail").fill(attendeeEmail);
      await form.getByRole("button", { name: "Register" }).click();
      await expect(pub.getByRole("status")).toHaveText(`You're registered. A confirmation goes to ${attendeeEmail}.`);
      await expect(pub.getByRole("form", { name: "Order tickets" })).toHaveCount(0);

      await pub.reload();
      await expect(pub.getByRole("region", { name: "Tickets" }).getByRole("listitem").filter({ hasText: "General" })).toContainText("49 left");
    } finally {
      await attendee.close();
    }
  });

  await test.step("the owner sees the attendee and checks them in", async () => {
    await page.reload();
    await expect(page.getByRole("heading", { name: "Attendees (1 / 80)" })).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: attendeeName });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(attendeeEmail);
    await expect(row).toContainText("General");
    await expect(row).toContainText("paid");
    await row.getByRole("button", { name: "Check in" }).click();
    await expect(row.getByText(/^Checked in /)).toBeVisible();
    await expect(row.getByRole("button", { name: "Check in" })).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Ticket types" }).getByRole("listitem").filter({ hasText: "General" })).toContainText("1 / 50 taken");

    // Survives a reload: the check-in is stored, not just shown.
    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: attendeeName }).getByText(/^Checked in /)).toBeVisible();
    await expectNoA11yViolations(page);
    await keepScreenshot(page, "event-page.png", { fullPage: true });
  });

  await test.step("the worker writes both facts to the activity log", async () => {
    await page.goto("/settings/activity");
    await expect(page.getByRole("heading", { name: "Activity" })).toBeVisible();
    const registration = page.getByRole("listitem").filter({ hasText: "registration.created" }).filter({ hasText: attendeeEmail });
    const checkIn = page.getByRole("listitem").filter({ hasText: "attendee.checked_in" }).filter({ hasText: attendeeName });
    await expect(async () => {
      await page.reload();
      await expect(registration).toHaveCount(1, { timeout: 500 });
      await expect(checkIn).toHaveCount(1, { timeout: 500 });
    }).toPass({ timeout: 20_000, intervals: [250, 500, 1000] });
    await expect(registration).toContainText(`${attendeeName} <${attendeeEmail}> registered for ${title} (1 ticket)`);
    await expect(checkIn).toContainText(`${attendeeName} checked in at ${title}`);
    await expectNoA11yViolations(page);
  });

  await test.step("the activity-log deliveries succeeded", async () => {
    await page.goto("/settings/deliveries");
    await expect(page.getByRole("heading", { name: "Deliveries" })).toBeVisible();
    const activityRows = page.getByRole("row").filter({ hasText: "activity-log" });
    await expect(async () => {
      await page.reload();
      for (const type of ["registration.created", "attendee.checked_in", "event.published"]) {
        await expect(activityRows.filter({ hasText: type }).first()).toBeVisible({ timeout: 500 });
      }
      // Every activity-log delivery ends as succeeded: none waiting, retrying or dead.
      const statuses = await activityRows.locator("td:nth-child(3)").allInnerTexts();
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.map((s) => s.trim()).filter((s) => s !== "succeeded")).toEqual([]);
    }).toPass({ timeout: 20_000, intervals: [250, 500, 1000] });
    await expect(page.getByRole("button", { name: "Retry now" })).toHaveCount(0);
    await expectNoA11yViolations(page);
  });
});
