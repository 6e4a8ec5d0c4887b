// A visitor who hits a rate limit on the public page reads why and how long to
// wait next to the form, and keeps everything typed. Uses the default limit of
// registrations per e-mail address (5 an hour). And a client that writes its own
// X-Forwarded-For is still counted by the address it connects from.
import { expect, test } from "@playwright/test";
import { limitSpec } from "../../lib/rate-limit/limits";
import { PUBLIC_IP_LIMIT } from "../../playwright.config";
import { addTicketType, createEvent, OWNER_EMAIL, postFrom, publish, signIn, unique } from "./helpers";

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
    const form = pub.getByRole("form", { name: "Order tickets" });
    const ticketTypeId = (await form.getByLabel("Quantity of Free entry").getAttribute("name"))!.replace(/^qty-/, "");
    const email = `lim.${unique()}@example.com`;
    // The e-mail's budget is spent from another address: only the per-e-mail limit can refuse the form below.
    for (let i = 0; i < 5; i++) {
      const res = await postFrom("127.0.0.4", new URL(`/api/public/events/${slug}/registrations`, baseURL), {}, { ticketTypeId, quantity: 1, name: `Guest ${i}`, email });
      expect(res.status).toBe(201);
    }

    await form.getByLabel("Quantity of Free entry").fill("2");
    await form.getByLabel("Your name").fill("Lia Limited");
    await form.getByLabel("E-mail").fill(email);
    await form.getByLabel("Phone (optional)").fill("+41 44 123 45 67");
    await form.getByRole("button", { name: "Register" }).click();

    await expect(form.getByText(/Too many registrations and checkouts for this e-mail address\. Try again in \d+ minutes\./)).toBeVisible();
    await expect(form.getByLabel("Quantity of Free entry")).toHaveValue("2");
    await expect(form.getByLabel("Your name")).toHaveValue("Lia Limited");
    await expect(form.getByLabel("E-mail")).toHaveValue(email);
    await expect(form.getByLabel("Phone (optional)")).toHaveValue("+41 44 123 45 67");
    await expect(pub.getByText(/You're registered/)).toHaveCount(0);
    await expect(form.getByRole("button", { name: "Register" })).toBeEnabled();
  } finally {
    await visitor.close();
  }
});

test("a client that sends its own X-Forwarded-For gets no fresh per-address budget", async ({ page, baseURL }) => {
  await signIn(page, OWNER_EMAIL);
  await createEvent(page, { title: `E2E Spoofed address ${unique()}` });
  await addTicketType(page, { name: "Free entry", price: "0", currency: "EUR", quantity: 50 });
  const publicPath = await publish(page);
  const slug = publicPath.split("/").pop()!;
  await page.goto(publicPath);
  const ticketTypeId = (await page.getByRole("form", { name: "Order tickets" }).getByLabel("Quantity of Free entry").getAttribute("name"))!.replace(/^qty-/, "");

  const url = new URL(`/api/public/events/${slug}/registrations`, baseURL);
  // The limit the e2e server runs with (playwright.config.ts), read the way the server reads it.
  const { points } = limitSpec("public_ip", { RATE_LIMIT_PUBLIC_IP: PUBLIC_IP_LIMIT })!;
  const send = (i: number) =>
    postFrom(
      "127.0.0.2",
      url,
      // Every request claims another address, in every header a client could use for that.
      { "x-forwarded-for": `198.51.100.${i}`, "x-real-ip": `198.51.100.${i}`, forwarded: `for=198.51.100.${i}` },
      { ticketTypeId, quantity: 1, name: `Guest ${i}`, email: `spoof.${i}.${unique()}@example.com` },
    );
  for (let i = 1; i <= points; i++) expect((await send(i)).status).toBe(201);
  const refused = await send(points + 1);
  expect(refused.status).toBe(429);
  expect(JSON.parse(refused.body).message).toMatch(/Too many registrations and checkouts from your network/);
});
