// Files end to end, as the people involved see them: the organizer gives an event
// a cover and a PDF of slides, connects S3-compatible storage in sandbox mode and
// asks for a CV; an attendee pays with a CV attached (kept in the bucket) and
// gets the ticket PDF in the confirmation e-mail; the organizer checks the ticket
// in on the check-in page by its code; the materials link opens for the attendee
// who paid and not for a stranger.
import { expect, test, type Page } from "@playwright/test";
import { SANDBOX_CONTROL_TOKEN, SANDBOX_URL } from "../../playwright.config";
import { readTicketPdf } from "../helpers/pdf-qr";
import { addTicketType, createEvent, ensureSendGrid, ensureStripe, expectNoA11yViolations, keepScreenshot, openConnector, OWNER_EMAIL, payOnSandboxCheckout, publish, signIn, unique } from "./helpers";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b80000000049454e44ae426082", "hex");
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Title (${text}) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, "latin1");
const SLIDES = pdf("slides");
const CV = pdf("cv");
/** The sandbox's seeded bucket and key (README, "Sandbox: S3"). */
const S3 = { bucket: "switchboard-sandbox", accessKeyId: "AKIASANDBOXEXAMPLE01", secretAccessKey: "sandbox-s3-secret-key-not-a-real-secret-0000" };

async function sandboxInbox(page: Page) {
  const res = await page.request.get(`${SANDBOX_URL}/_sandbox/inbox.json`, { headers: { "x-sandbox-control-token": SANDBOX_CONTROL_TOKEN } });
  return res.json();
}

async function connectS3(page: Page) {
  await openConnector(page, "S3-compatible storage");
  const form = page.getByRole("form", { name: "Credentials" });
  if (!(await form.count())) return;
  await form.getByLabel("Access key ID").fill(S3.accessKeyId);
  await form.getByLabel("Secret access key").fill(S3.secretAccessKey);
  await form.getByLabel("Bucket").fill(S3.bucket);
  await form.getByLabel("Region").fill("us-east-1");
  await form.getByRole("button", { name: "Save and test" }).click();
  await expect(form.getByRole("status")).toContainText("Connected.");
  await expect(page.getByText(/Wrote, read and deleted a test object in bucket "switchboard-sandbox"/)).toBeVisible();
}

test("cover and slides, S3 connected, a paid attendee with a CV, the ticket PDF checked in by its code, materials for the paid attendee only", async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  const id = unique();
  const title = `Files Night ${id}`;
  const question = `Your CV ${id}`;
  const ana = { name: `Ana Files ${id}`, email: `ana.files.${id}@example.com` };
  await signIn(page, OWNER_EMAIL);
  await ensureSendGrid(page, "SG.e2e-storage.key12345");
  await ensureStripe(page);

  let eventPath = "";
  let publicPath = "";
  await test.step("the organizer makes a paid event asking for a CV, with a cover and a PDF of slides", async () => {
    await createEvent(page, { title, venue: "Volkshaus, Zurich" });
    eventPath = new URL(page.url()).pathname;
    await addTicketType(page, { name: "Standard", price: "30.00", currency: "CHF", quantity: 10 });
    const add = page.getByRole("form", { name: "Add a question" });
    await add.getByLabel("Kind of answer").selectOption({ label: "File upload" });
    await add.getByLabel("Question").fill(question);
    await add.getByLabel("Largest file (MB)").fill("1");
    await add.getByRole("checkbox", { name: /Required/ }).check();
    await add.getByRole("button", { name: "Add question" }).click();
    await expect(add.getByRole("status")).toHaveText(`Added "${question}".`);

    const cover = page.getByTestId("cover-field");
    await cover.getByLabel("Cover image").setInputFiles({ name: "cover.png", mimeType: "image/png", buffer: PNG });
    await expect(cover.getByRole("status")).toHaveText("Cover saved.");
    const materials = page.getByTestId("materials-section");
    await materials.getByLabel("Add materials").setInputFiles([{ name: "slides.pdf", mimeType: "application/pdf", buffer: SLIDES }]);
    await expect(materials.getByTestId("material-row").filter({ hasText: "slides.pdf" })).toBeVisible();
    publicPath = await publish(page);
  });

  await test.step("the organizer connects S3-compatible storage in sandbox mode; test connection proves the bucket", async () => {
    await connectS3(page);
    await expectNoA11yViolations(page);
    // Browsers upload straight to the bucket and load its links: the pages' CSP admits the sandbox's origin.
    const csp = (await page.request.get(eventPath)).headers()["content-security-policy"] ?? "";
    expect(csp).toMatch(new RegExp(`connect-src [^;]*${SANDBOX_URL.replace(/[.]/g, "\\.")}`));
    expect(csp).toMatch(new RegExp(`img-src [^;]*${SANDBOX_URL.replace(/[.]/g, "\\.")}`));
  });

  let orderPath = "";
  const visitor = await browser.newContext({ baseURL });
  try {
    const pub = await visitor.newPage();
    await test.step("an attendee sees the cover, attaches a CV and pays", async () => {
      await pub.goto(publicPath);
      await expect(pub.getByTestId("event-cover")).toBeVisible();
      const form = pub.getByRole("form", { name: "Order tickets" });
      await form.getByLabel("Quantity of Standard").fill("1");
      await form.getByLabel("Your name").fill(ana.name);
      await form.getByLabel("E-mail").fill(ana.email);
      await form.getByLabel(question).setInputFiles({ name: "cv.pdf", mimeType: "application/pdf", buffer: CV });
      await expect(form.getByText("Uploaded cv.pdf.")).toBeVisible();
      await form.getByRole("button", { name: "Continue to payment" }).click();
      await payOnSandboxCheckout(pub, ana.name);
      orderPath = new URL(pub.url()).pathname;
      await expect(pub.getByRole("link", { name: "Download your tickets (PDF)" })).toBeVisible();
    });
  } finally {
    await visitor.close();
  }

  await test.step("the CV is kept in the S3 bucket, and the admin downloads it from the attendee list", async () => {
    await expect(async () => {
      const inbox = await sandboxInbox(page);
      const bucket = (inbox.s3.buckets as Array<{ name: string; objects: Array<{ key: string; size: number }> }>).find((b) => b.name === S3.bucket);
      expect(bucket?.objects.some((o) => /^org\/[0-9a-f-]{36}\/answer\/[0-9a-f-]{36}$/.test(o.key) && o.size === CV.byteLength)).toBe(true);
    }).toPass({ timeout: 20_000 });
    await page.goto(eventPath);
    const link = page.getByTestId("attendee-row").filter({ hasText: ana.name }).getByTestId("attendee-answers").getByRole("link", { name: "cv.pdf" });
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const { readFile } = await import("node:fs/promises");
    expect(await readFile((await download.path())!)).toEqual(CV);
  });

  let code = "";
  let materialsLink = "";
  await test.step("the confirmation e-mail carries the ticket PDF, whose QR code is the ticket code, and the materials link", async () => {
    type Mail = { to: Array<{ email: string }>; subject: string; html: string; attachments: Array<{ filename: string; url: string }> };
    let mail: Mail | undefined;
    await expect(async () => {
      const inbox = await sandboxInbox(page);
      mail = (inbox.sendgrid.emails as Mail[]).find((m) => m.to.some((x) => x.email === ana.email) && m.subject.startsWith("Your tickets"));
      expect(mail?.attachments.map((a) => a.filename)).toContain("tickets.pdf");
    }).toPass({ timeout: 30_000 });
    const attachment = mail!.attachments.find((a) => a.filename === "tickets.pdf")!;
    const res = await page.request.get(new URL(attachment.url, SANDBOX_URL).toString(), { headers: { "x-sandbox-control-token": SANDBOX_CONTROL_TOKEN } });
    const pages = await readTicketPdf(new Uint8Array(await res.body()));
    expect(pages).toHaveLength(1);
    code = pages[0]!.qr!;
    expect(pages[0]!.text).toContain(title);
    materialsLink = /href="([^"]+\/materials\/[^"]+)"/.exec(mail!.html)?.[1] ?? "";
    expect(materialsLink).toContain(`${publicPath}/materials/`);
    // The order page offers the same tickets.
    const fromPage = await page.request.get(`${orderPath}/tickets.pdf`);
    expect((await readTicketPdf(new Uint8Array(await fromPage.body())))[0]!.qr).toBe(code);
  });

  await test.step("the organizer checks the ticket in on the check-in page by its code", async () => {
    await page.goto(eventPath);
    await page.getByRole("link", { name: "Check-in" }).click();
    await page.getByLabel("Ticket code").fill(code);
    await page.getByRole("button", { name: "Check in" }).click();
    const result = page.getByTestId("check-in-result");
    await expect(result).toHaveAttribute("data-outcome", "checked_in");
    await expect(result).toContainText(ana.name);
    await expect(page.getByTestId("check-in-count")).toHaveText("1 / 1 checked in");
    await page.goto(eventPath);
    await expect(page.getByTestId("attendee-row").filter({ hasText: ana.name })).toContainText(/checked in/i);
  });

  await test.step("the materials link opens the slides for the paid attendee, and nothing for a stranger", async () => {
    const attendee = await browser.newContext({ baseURL });
    const stranger = await browser.newContext({ baseURL });
    try {
      const mine = await attendee.newPage();
      await mine.goto(new URL(materialsLink).pathname);
      const item = mine.getByTestId("materials-list").getByRole("listitem").filter({ hasText: "slides.pdf" });
      await expect(item).toBeVisible();
      const res = await mine.request.get((await item.getByRole("link", { name: "Download" }).getAttribute("href"))!);
      expect(res.status()).toBe(200);
      expect(Buffer.from(await res.body()).equals(SLIDES)).toBe(true);
      await expectNoA11yViolations(mine);
      await keepScreenshot(mine, "materials-paid-attendee.png", { fullPage: true });

      const other = await stranger.newPage();
      const token = new URL(materialsLink).pathname.split("/").pop()!;
      const forged = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
      await other.goto(`${publicPath}/materials/${forged}`);
      await expect(other.getByTestId("materials-refused")).toBeVisible();
      await expect(other.getByRole("link", { name: "Download" })).toHaveCount(0);
      await expect(other.getByText("slides.pdf")).toHaveCount(0);
      await keepScreenshot(other, "materials-stranger.png", { fullPage: true });
    } finally {
      await attendee.close();
      await stranger.close();
    }
  });
});
