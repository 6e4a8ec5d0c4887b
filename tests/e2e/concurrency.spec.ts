// Optimistic concurrency: two people edit the same event; the second save does not
// silently overwrite the first, and the second person's typing is kept.
import { expect, test } from "@playwright/test";
import { createEvent, expectNoA11yViolations, OWNER_EMAIL, signIn, unique } from "./helpers";

test("the second of two concurrent edits gets a conflict and keeps its input", async ({ page, context }) => {
  const title = `E2E Concurrency ${unique()}`;
  await signIn(page, OWNER_EMAIL);
  const eventId = await createEvent(page, { title, venue: "Rote Fabrik, Zurich" });

  // Two tabs open the same version of the event.
  const first = page;
  const second = await context.newPage();
  await first.goto(`/events/${eventId}`);
  await second.goto(`/events/${eventId}`);
  const firstForm = first.getByRole("region", { name: "Details" });
  const secondForm = second.getByRole("region", { name: "Details" });
  await expect(firstForm.getByLabel("Title")).toHaveValue(title);
  await expect(secondForm.getByLabel("Title")).toHaveValue(title);

  const firstTitle = `${title} (first)`;
  await firstForm.getByLabel("Title").fill(firstTitle);
  await firstForm.getByRole("button", { name: "Save changes" }).click();
  await expect(firstForm.getByRole("status")).toHaveText("Saved.");
  await expect(first.getByRole("heading", { level: 1, name: firstTitle })).toBeVisible();

  const secondTitle = `${title} (second)`;
  await secondForm.getByLabel("Title").fill(secondTitle);
  await secondForm.getByLabel("Venue").fill("Dynamo, Zurich");
  await secondForm.getByRole("button", { name: "Save changes" }).click();
  await expect(secondForm.getByRole("alert")).toContainText("Someone else changed this event");
  await expectNoA11yViolations(second);
  await expect(secondForm.getByLabel("Title")).toHaveValue(secondTitle);
  await expect(secondForm.getByLabel("Venue")).toHaveValue("Dynamo, Zurich");

  // The first save stands: the stored event has the first title and the old venue.
  await second.reload();
  await expect(second.getByRole("heading", { level: 1, name: firstTitle })).toBeVisible();
  await expect(secondForm.getByLabel("Title")).toHaveValue(firstTitle);
  await expect(secondForm.getByLabel("Venue")).toHaveValue("Rote Fabrik, Zurich");

  // After reloading, the second person can save on top of the current version.
  await secondForm.getByLabel("Venue").fill("Dynamo, Zurich");
  await secondForm.getByRole("button", { name: "Save changes" }).click();
  await expect(secondForm.getByRole("status")).toHaveText("Saved.");
  await second.reload();
  await expect(secondForm.getByLabel("Venue")).toHaveValue("Dynamo, Zurich");
});
