// Bad input is answered next to the field it concerns, and nothing the person
// typed is lost.
import { expect, test } from "@playwright/test";
import { addTicketType, createEvent, expectNoA11yViolations, localDateTime, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

test("the new-event form shows field errors and keeps what was typed", async ({ page }) => {
  const venue = `Halle 622, Zurich ${unique()}`;
  const description = "Doors open at six.\nBring your badge.";
  const startsAt = localDateTime(40, 19);
  const endsAt = localDateTime(40, 17); // before the start

  await signIn(page, OWNER_EMAIL);
  await page.goto("/events/new");
  await page.getByLabel("Title").fill("");
  await page.getByLabel("Description").fill(description);
  await page.getByLabel("Venue").fill(venue);
  await page.getByLabel("Starts").fill(startsAt);
  await page.getByLabel("Ends").fill(endsAt);
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await page.getByLabel("Capacity").fill("75");
  await page.getByRole("button", { name: "Create draft" }).click();

  await expect(page.getByText("Give the event a title")).toBeVisible();
  await expect(page.getByText("The event must end after it starts")).toBeVisible();
  await expect(page).toHaveURL(/\/events\/new$/);

  // The errors are tied to their fields for assistive technology.
  await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Title")).toHaveAccessibleDescription("Give the event a title");
  await expect(page.getByLabel("Ends")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Ends")).toHaveAccessibleDescription("The event must end after it starts");
  await expect(page.getByLabel("Venue")).toHaveAttribute("aria-invalid", "false");
  await expectNoA11yViolations(page);

  // Everything typed is still there.
  await expect(page.getByLabel("Venue")).toHaveValue(venue);
  await expect(page.getByLabel("Description")).toHaveValue(description);
  await expect(page.getByLabel("Starts")).toHaveValue(startsAt);
  await expect(page.getByLabel("Ends")).toHaveValue(endsAt);
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Berlin");
  await expect(page.getByLabel("Capacity")).toHaveValue("75");

  // Fixing the mistakes creates the event with the kept values.
  const title = `E2E Fixed ${unique()}`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Ends").fill(localDateTime(40, 22));
  await page.getByRole("button", { name: "Create draft" }).click();
  await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText(venue)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Attendees (0 / 75)" })).toBeVisible();
});

test("registering with an invalid e-mail shows the field error and keeps the name", async ({ page, browser, baseURL }) => {
  const title = `E2E Validation ${unique()}`;
  await signIn(page, OWNER_EMAIL);
  await createEvent(page, { title });
  await addTicketType(page, { name: "Free entry", price: "0", currency: "EUR", quantity: 10 });
  const publicPath = await publish(page);

  const visitor = await browser.newContext({ baseURL });
  try {
    const pub = await visitor.newPage();
    await pub.goto(publicPath);
    const form = pub.getByRole("form", { name: "Order tickets" });
    await form.getByLabel("Your name").fill("Bea Broken-Mail");
    await form.getByLabel("E-mail").fill("bea-at-example.com");
    await form.getByRole("button", { name: "Register" }).click();

    const email = form.getByLabel("E-mail");
    await expect(form.getByText("Enter a valid e-mail address, such as ana@example.com")).toBeVisible();
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(email).toHaveAccessibleDescription("Enter a valid e-mail address, such as ana@example.com");
    await expect(form.getByLabel("Your name")).toHaveValue("Bea Broken-Mail");
    await expect(email).toHaveValue("bea-at-example.com");
    await expect(pub.getByText(/You're registered/)).toHaveCount(0);
    await expectNoA11yViolations(pub);

    // Nobody was registered.
    await pub.reload();
    await expect(pub.getByRole("region", { name: "Tickets" }).getByRole("listitem").filter({ hasText: "Free entry" })).toContainText("10 left");
  } finally {
    await visitor.close();
  }
});
