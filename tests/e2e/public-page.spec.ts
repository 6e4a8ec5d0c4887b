// The public event page as an attendee meets it, on a phone: one order form for
// free and paid tickets (one of each, one order, one payment for the paid one),
// the event in their calendar from the .ics file, share links, and the tags that
// make a shared link and a search result show the event.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { addTicketType, createEvent, ensureStripe, expectNoA11yViolations, keepScreenshot, OWNER_EMAIL, payOnSandboxCheckout, publish, signIn, unique } from "./helpers";

test("an attendee orders a free and a paid ticket in one order on a phone, and adds the event to a calendar", async ({ page, browser, baseURL }) => {
  test.setTimeout(150_000);
  const id = unique();
  const title = `Open Day ${id}`;
  const buyer = `Nia Phone ${id}`;
  await signIn(page, OWNER_EMAIL);
  await ensureStripe(page);

  let publicPath = "";
  await test.step("the admin publishes an event with a free and a paid ticket type", async () => {
    await createEvent(page, { title, venue: "Kaufleuten, Zurich", description: "Talks, demos and a rooftop apéro." });
    await addTicketType(page, { name: "Community", price: "0", currency: "EUR", quantity: 20 });
    await addTicketType(page, { name: "Supporter", price: "15.00", currency: "EUR", quantity: 5 });
    publicPath = await publish(page);
  });
  const slug = publicPath.split("/").pop()!;

  const phone = await browser.newContext({ baseURL, viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true, acceptDownloads: true });
  const pub = await phone.newPage();
  try {
    await test.step("the page carries Open Graph, Twitter card and schema.org Event tags", async () => {
      await pub.goto(publicPath);
      const meta = (selector: string) => pub.locator(selector).first().getAttribute("content");
      expect(await pub.title()).toBe(`${title} · Switchboard`);
      expect(await meta('meta[property="og:title"]')).toBe(title);
      expect(await meta('meta[property="og:url"]')).toBe(`${baseURL}${publicPath}`);
      expect(await meta('meta[property="og:type"]')).toBe("website");
      expect(await meta('meta[property="og:description"]')).toMatch(/\(Europe\/Zurich\) · Kaufleuten, Zurich\. Talks, demos/);
      expect(await meta('meta[name="twitter:card"]')).toBe("summary");
      expect(await meta('meta[name="twitter:title"]')).toBe(title);
      expect(await pub.locator('link[rel="canonical"]').getAttribute("href")).toBe(`${baseURL}${publicPath}`);
      const ld = JSON.parse((await pub.locator('script[type="application/ld+json"]').textContent())!);
      expect(ld).toMatchObject({ "@type": "Event", name: title, url: `${baseURL}${publicPath}`, location: { "@type": "Place", name: "Kaufleuten, Zurich" }, eventStatus: "https://schema.org/EventScheduled" });
      expect(ld.startDate).toMatch(/^\d{4}-\d{2}-\d{2}T18:00:00\+0[12]:00$/);
      expect(ld.offers.map((o: { name: string; price: string; availability: string }) => [o.name, o.price, o.availability])).toEqual([
        ["Community", "0.00", "https://schema.org/InStock"],
        ["Supporter", "15.00", "https://schema.org/InStock"],
      ]);
    });

    await test.step("it fits a 360 px phone screen and has no accessibility violations", async () => {
      expect(await pub.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await expectNoA11yViolations(pub);
      await keepScreenshot(pub, "public-page-360.png", { fullPage: true });
    });

    await test.step("the .ics download holds the event, in UTC, with its address", async () => {
      const [download] = await Promise.all([pub.waitForEvent("download"), pub.getByRole("link", { name: "Download .ics" }).click()]);
      expect(download.suggestedFilename()).toBe(`${slug}.ics`);
      const ics = await readFile((await download.path())!, "utf8");
      const lines = ics.replace(/\r\n[ \t]/g, "").split("\r\n");
      expect(lines[0]).toBe("BEGIN:VCALENDAR");
      expect(lines).toContain(`SUMMARY:${title}`);
      expect(lines).toContain("LOCATION:Kaufleuten\\, Zurich");
      expect(lines).toContain(`URL;VALUE=URI:${baseURL}${publicPath}`);
      expect(lines.find((l) => l.startsWith("DTSTART"))).toMatch(/^DTSTART:\d{8}T1[67]0000Z$/);
      const google = new URL((await pub.getByRole("link", { name: "Google Calendar" }).getAttribute("href"))!);
      expect([google.host, google.searchParams.get("text")]).toEqual(["calendar.google.com", title]);
      expect(await pub.getByRole("link", { name: "Outlook" }).getAttribute("href")).toMatch(/^https:\/\/outlook\.live\.com\/calendar\//);
      const x = new URL((await pub.getByRole("link", { name: "Share on X" }).getAttribute("href"))!);
      expect(x.searchParams.get("url")).toBe(`${baseURL}${publicPath}`);
      expect(await pub.getByRole("link", { name: "Share on LinkedIn" }).getAttribute("href")).toContain(encodeURIComponent(`${baseURL}${publicPath}`));
      expect(await pub.getByRole("link", { name: "Share by e-mail" }).getAttribute("href")).toMatch(/^mailto:\?subject=/);
    });

    await test.step("one free and one paid ticket, one form, one payment of the paid one", async () => {
      const form = pub.getByRole("form", { name: "Order tickets" });
      await expect(form.getByRole("button", { name: "Register" })).toBeVisible();
      await form.getByLabel("Quantity of Community").fill("1");
      await expect(form.getByText("Total: free")).toBeVisible();
      await form.getByLabel("Quantity of Supporter").fill("1");
      await expect(form.getByText("Total: €15.00")).toBeVisible();
      await form.getByLabel("Your name").fill(buyer);
      await form.getByLabel("E-mail").fill(`nia.${id}@example.com`);
      await form.getByRole("button", { name: "Continue to payment" }).click();
      await pub.waitForURL(/\/checkout\/pay\//);
      // The provider bills the paid ticket alone.
      await expect(pub.getByText("EUR 15.00").first()).toBeVisible();
      await payOnSandboxCheckout(pub, buyer);
      const tickets = pub.getByRole("listitem");
      await expect(tickets.filter({ hasText: "Community" })).toContainText("paid");
      await expect(tickets.filter({ hasText: "Supporter" })).toContainText("paid");
      await expect(tickets.filter({ hasText: "Total" })).toContainText("€15.00");
      await expectNoA11yViolations(pub);
    });

    await test.step("the places left went down by one each, and the organization's page lists the event", async () => {
      await pub.goto(publicPath);
      const list = pub.getByRole("region", { name: "Tickets" }).getByRole("listitem");
      await expect(list.filter({ hasText: "Community" })).toContainText("19 left");
      await expect(list.filter({ hasText: "Supporter" })).toContainText("4 left");
      await pub.getByRole("link", { name: /^More events by / }).click();
      await pub.waitForURL(/\/o\/[^/]+$/);
      await expect(pub.getByRole("heading", { level: 1, name: "Upcoming events" })).toBeVisible();
      await expect(pub.getByRole("link", { name: title })).toHaveAttribute("href", publicPath);
      await expectNoA11yViolations(pub);
      await keepScreenshot(pub, "organization-page-360.png", { fullPage: true });
    });
  } finally {
    await phone.close();
  }
});
