// Covers and materials in the browser: the owner uploads a cover (refused by
// content first, then accepted) and a material, the public page shows the
// cover, and a registered attendee opens the materials page from the e-mail.
import { expect, test } from "@playwright/test";
import { SANDBOX_CONTROL_TOKEN, SANDBOX_URL } from "../../playwright.config";
import { addTicketType, createEvent, ensureSendGrid, keepScreenshot, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

// A 1×1 PNG and a tiny PDF: recognisable by their bytes.
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b80000000049454e44ae426082", "hex");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");

test("owner adds a cover and materials; an attendee opens the materials from the e-mail", async ({ page, browser, baseURL, request }) => {
  const id = unique();
  const title = `Files ${id}`;
  const email = `mia.${id}@example.com`;
  await signIn(page, OWNER_EMAIL);
  await ensureSendGrid(page, "SG.e2e-files.key12345");
  await createEvent(page, { title, venue: "Volkshaus, Zurich", capacity: 20 });
  await addTicketType(page, { name: "General", price: "0", currency: "EUR", quantity: 20 });
  const publicPath = await publish(page);
  const eventPath = new URL(page.url()).pathname;

  await test.step("a text file named .png is refused on the cover field; a real PNG becomes the cover", async () => {
    const cover = page.getByTestId("cover-field");
    await cover.getByLabel("Cover image").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: Buffer.from("not an image at all\n".repeat(10)) });
    await expect(cover.getByRole("alert")).toContainText("not a PNG image");
    await cover.getByLabel("Cover image").setInputFiles({ name: "cover.png", mimeType: "image/png", buffer: PNG });
    await expect(cover.getByRole("status")).toHaveText("Cover saved.");
    // The details form still saves: the cover's new version reached it.
    await page.getByLabel("Venue").fill("Kaufleuten, Zurich");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Saved.", { exact: true })).toBeVisible();
  });

  await test.step("an attendee registers", async () => {
    const ctx = await browser.newContext({ baseURL });
    const pub = await ctx.newPage();
    await pub.goto(publicPath);
    await expect(pub.getByTestId("event-cover")).toBeVisible();
    expect(await pub.getByTestId("event-cover").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    const form = pub.getByRole("form", { name: "Order tickets" });
    await form.getByLabel("Your name").fill("Mia");
    await form.getByLabel("E-mail").fill(email);
    await form.getByRole("button", { name: "Register" }).click();
    await expect(pub.getByRole("status")).toContainText("You're registered");
    await keepScreenshot(pub, "event-files-public.png", { fullPage: true });
    await ctx.close();
  });

  await test.step("the owner adds a material; it is listed", async () => {
    await page.goto(eventPath);
    const section = page.getByTestId("materials-section");
    await section.getByLabel("Add materials").setInputFiles([{ name: "handbook.pdf", mimeType: "application/pdf", buffer: PDF }]);
    await expect(section.getByTestId("material-row").filter({ hasText: "handbook.pdf" })).toBeVisible();
    await expect(section.getByTestId("material-row")).toContainText("PDF");
    await keepScreenshot(page, "event-files-admin.png", { fullPage: true });
  });

  await test.step("the attendee's e-mail opens the materials page with a working download", async () => {
    let link = "";
    await expect(async () => {
      const inbox = await (await request.get(`${SANDBOX_URL}/_sandbox/inbox.json`, { headers: { "x-sandbox-control-token": SANDBOX_CONTROL_TOKEN } })).json();
      const mail = (inbox.sendgrid.emails as Array<{ to: Array<{ email: string }>; subject: string; html: string }>).find((m) => m.to.some((x) => x.email === email) && m.subject.startsWith("New material"));
      link = /href="([^"]+)"/.exec(mail?.html ?? "")?.[1] ?? "";
      expect(link).toContain("/materials/");
    }).toPass({ timeout: 20_000 });
    const ctx = await browser.newContext({ baseURL });
    const pub = await ctx.newPage();
    await pub.goto(new URL(link).pathname);
    const item = pub.getByTestId("materials-list").getByRole("listitem").filter({ hasText: "handbook.pdf" });
    await expect(item).toBeVisible();
    const href = await item.getByRole("link", { name: "Download" }).getAttribute("href");
    const res = await pub.request.get(href!);
    expect(res.status()).toBe(200);
    expect(Buffer.from(await res.body()).equals(PDF)).toBe(true);
    await keepScreenshot(pub, "event-files-materials.png", { fullPage: true });
    // A tampered link shows a refusal and no file.
    await pub.goto(new URL(link).pathname.replace(/.$/, (c) => (c === "A" ? "B" : "A")));
    await expect(pub.getByTestId("materials-refused")).toContainText("not valid");
    await expect(pub.getByRole("link", { name: "Download" })).toHaveCount(0);
    await ctx.close();
  });
});
