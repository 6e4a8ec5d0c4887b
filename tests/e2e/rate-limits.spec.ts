// A visitor who hits a rate limit on the public page reads why and how long to
// wait next to the form, and keeps everything typed. Uses the default limit of
// registrations per e-mail address (5 an hour).
import { expect, test } from "@playwright/test";
import { addTicketType, createEvent, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

test("the sixth registration for one e-mail within the hour shows the wait and keeps the form", async ({ page, browser, baseURL }) => {
  await signIn(page, OWNER_EMAIL);
  await createEvent(page, { title: `E2E Limits ${unique()}` });
  await addTicketType(page, { name: "Free entry", price: "0", currency: "EUR", quantity: 50 });
  const publicPath = await publish(page);
  const slug = publicPath.split("/").pop()!;

  const visitor = await browser.newContext({ baseURL });
  try {
    const pub = await visitor.newPage();
    await pub.goto(publicPath);
    const form = pub.getByRole("form", { name: "Register" });
    const ticketTypeId = await form.getByLabel("Ticket").inputValue();
    const email = `lim.${unique()}@example.com`;
    for (let i = 0; i < 5; i++) {
      const res = await visitor.request.post(`/api/public/events/${slug}/registrations`, { data: { ticketTypeId, quantity: 1, name: `Guest ${i}`, email } });
      expect(res.status()).toBe(201);
    }

    await form.getByLabel("Quantity").fill("2");
    await form.getByLabel("Your name").fill("Lia Limited");
    await form.getByLabel("E-mail").fill(email);
    await form.getByLabel("Phone (optional)").fill("+41 44 123 45 67");
    await form.getByRole("button", { name: "Register" }).click();

    await expect(form.getByText(/Too many registrations and checkouts for this e-mail address\. Try again in \d+ minutes\./)).toBeVisible();
    await expect(form.getByLabel("Quantity")).toHaveValue("2");
    await expect(form.getByLabel("Your name")).toHaveValue("Lia Limited");
    await expect(form.getByLabel("E-mail")).toHaveValue(email);
    await expect(form.getByLabel("Phone (optional)")).toHaveValue("+41 44 123 45 67");
    await expect(pub.getByText(/You're registered/)).toHaveCount(0);
    await expect(form.getByRole("button", { name: "Register" })).toBeEnabled();
  } finally {
    await visitor.close();
  }
});
