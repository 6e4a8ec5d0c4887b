// An event's reminders on its admin page: when each is due in the event's time
// zone (daylight saving included), a refused value named on its field and kept
// as typed, and a saved change shown at once.
import { expect, test } from "@playwright/test";
import { createEvent, expectNoA11yViolations, OWNER_EMAIL, signIn, unique } from "./helpers";

test("an organizer sets an event's reminders, with field errors that keep what was typed", async ({ page }) => {
  await signIn(page, OWNER_EMAIL);
  // Noon in Zurich on the day summer time starts: 24 hours earlier is 11:00 on the wall clock.
  await createEvent(page, { title: `E2E Reminders ${unique()}`, startsAt: "2027-03-28T12:00", endsAt: "2027-03-28T14:00", timeZone: "Europe/Zurich" });
  const section = page.getByRole("region", { name: "Reminders" });
  const list = section.getByTestId("reminder-list");
  await expect(list.getByRole("listitem")).toHaveText([
    /^24 hours before the start: 27 Mar 2027, 11:00 \(Europe\/Zurich\)\s*0 sent$/,
    /^1 hour before the start: 28 Mar 2027, 11:00 \(Europe\/Zurich\)\s*0 sent$/,
  ]);

  const form = page.getByRole("form", { name: "Reminder settings" });
  const field = form.getByLabel("Remind attendees before the start");
  await expect(field).toHaveValue("24h, 1h");
  await field.fill("2d, whenever");
  await form.getByRole("button", { name: "Save reminders" }).click();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(/"whenever" is not a duration/);
  await expect(field).toHaveValue("2d, whenever");
  await expectNoA11yViolations(page);

  await field.fill("30m,2d");
  await form.getByRole("button", { name: "Save reminders" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved: attendees are reminded 2d, 30m before the start.");
  await expect(field).toHaveValue("2d, 30m");
  await expect(list.getByRole("listitem")).toHaveText([
    /^2 days before the start: 26 Mar 2027, 11:00 \(Europe\/Zurich\)/,
    /^30 minutes before the start: 28 Mar 2027, 11:30 \(Europe\/Zurich\)/,
  ]);
  await expectNoA11yViolations(page);
});
