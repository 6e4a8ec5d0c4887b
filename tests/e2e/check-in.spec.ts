// Tickets at the door, as the people there see them: an attendee pays, downloads
// the tickets' PDF from the order page (its QR codes decode to the ticket codes);
// the admin refunds another order and opens the check-in page; a typed code checks
// in, the same code again is "already checked in", the refunded one is refused; and
// a second device scans a ticket's QR code with its camera (Chromium's fake camera
// playing a video of that QR code).
import { writeFileSync } from "node:fs";
import { chromium, expect, test, type Page } from "@playwright/test";
import { ticketQr } from "../../lib/tickets/qr";
import { formatTicketCode } from "../../lib/tickets/code";
import { resolveBrowser } from "../helpers/browser";
import { readTicketPdf } from "../helpers/pdf-qr";
import { addTicketType, createEvent, ensureStripe, expectNoA11yViolations, keepScreenshot, OWNER_EMAIL, payOnSandboxCheckout, publish, signIn, unique } from "./helpers";

/** A few frames of video (YUV 4:2:0, the Y4M Chromium's fake camera plays) showing the QR code of `code`, black on white. */
function qrVideo(code: string, path: string): void {
  const qr = ticketQr(code);
  const [w, h, px, quiet] = [640, 480, 10, 4];
  const side = (qr.size + 2 * quiet) * px;
  const [left, top] = [(w - side) / 2, (h - side) / 2];
  const y = Buffer.alloc(w * h, 235);
  for (let r = 0; r < qr.size; r++) {
    for (let c = 0; c < qr.size; c++) {
      if (!qr.dark(r, c)) continue;
      for (let dy = 0; dy < px; dy++) y.fill(16, (top + (r + quiet) * px + dy) * w + left + (c + quiet) * px, (top + (r + quiet) * px + dy) * w + left + (c + quiet + 1) * px);
    }
  }
  const chroma = Buffer.alloc((w / 2) * (h / 2), 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), y, chroma, chroma]);
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: 5 }, () => frame)]));
}

async function buy(page: Page, publicPath: string, who: { name: string; email: string }, quantity: number): Promise<string> {
  await page.goto(publicPath);
  const form = page.getByRole("form", { name: "Order tickets" });
  await form.getByLabel("Quantity of Standard").fill(String(quantity));
  await form.getByLabel("Your name").fill(who.name);
  await form.getByLabel("E-mail").fill(who.email);
  await form.getByRole("button", { name: "Continue to payment" }).click();
  await payOnSandboxCheckout(page, who.name);
  return new URL(page.url()).pathname;
}

test("tickets as a PDF with QR codes, checked in once at the door by typing and by the camera; a refunded ticket refused", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const id = unique();
  const title = `Door Night ${id}`;
  const pia = { name: `Pia Door ${id}`, email: `pia.${id}@example.com` };
  const rob = { name: `Rob Refund ${id}`, email: `rob.${id}@example.com` };
  await signIn(page, OWNER_EMAIL);
  await ensureStripe(page);

  let publicPath = "";
  let eventPath = "";
  await test.step("the admin publishes an event with a paid ticket type", async () => {
    await createEvent(page, { title, venue: "Kaufleuten, Zurich" });
    eventPath = new URL(page.url()).pathname;
    await addTicketType(page, { name: "Standard", price: "25.00", currency: "CHF", quantity: 10 });
    publicPath = await publish(page);
  });

  let codes: string[] = [];
  let robCode = "";
  const visitor = await browser.newContext({ baseURL });
  try {
    const pub = await visitor.newPage();
    await test.step("an attendee buys two tickets and downloads them as a PDF whose QR codes are the ticket codes", async () => {
      await buy(pub, publicPath, pia, 2);
      const link = pub.getByRole("link", { name: "Download your tickets (PDF)" });
      await expect(link).toBeVisible();
      await expectNoA11yViolations(pub);
      await keepScreenshot(pub, "order-page-with-tickets.png", { fullPage: true });
      const res = await pub.request.get((await link.getAttribute("href"))!);
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toBe("application/pdf");
      const pages = await readTicketPdf(new Uint8Array(await res.body()));
      expect(pages).toHaveLength(2);
      codes = pages.map((p) => p.qr!);
      expect(codes.every((c) => /^[0-9A-F]{16}$/.test(c))).toBe(true);
      expect(pages[0]!.text).toContain(title);
      expect(pages[0]!.text).toContain(formatTicketCode(codes[0]!));
    });
    await test.step("another attendee buys a ticket", async () => {
      await buy(pub, publicPath, rob, 1);
      const pdf = await pub.request.get(`${new URL(pub.url()).pathname}/tickets.pdf`);
      robCode = (await readTicketPdf(new Uint8Array(await pdf.body())))[0]!.qr!;
    });
  } finally {
    await visitor.close();
  }

  await test.step("the admin refunds the second attendee's ticket", async () => {
    await page.goto(eventPath);
    const row = page.getByTestId("attendee-row").filter({ hasText: rob.name });
    page.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: "Refund" }).click();
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("attendee-row").filter({ hasText: rob.name })).toContainText("refunded", { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
  });

  const result = page.getByTestId("check-in-result");
  const typeCode = async (code: string) => {
    await page.getByLabel("Ticket code").fill(code);
    await page.getByRole("button", { name: "Check in" }).click();
  };
  await test.step("the admin opens the check-in page from the event page; without a camera it says so", async () => {
    await page.getByRole("link", { name: "Check-in" }).click();
    await page.waitForURL(/\/events\/[0-9a-f-]{36}\/check-in$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Check-in: ${title}`);
    await expect(page.getByTestId("check-in-count")).toHaveText("0 / 2 checked in");
    await page.getByRole("button", { name: "Start camera" }).click();
    await expect(page.getByTestId("camera-problem")).toContainText(/type the codes below/i);
    await expectNoA11yViolations(page);
  });

  await test.step("a typed code checks in; the same code again is already checked in; the refunded ticket is refused", async () => {
    await typeCode(formatTicketCode(codes[0]!).toLowerCase().replace(/-/g, " "));
    await expect(result).toHaveAttribute("data-outcome", "checked_in");
    await expect(result).toHaveAttribute("aria-live", "assertive");
    await expect(result).toContainText("Checked in");
    await expect(result).toContainText(`${pia.name} · Standard`);
    await expect(page.getByTestId("check-in-count")).toHaveText("1 / 2 checked in");
    await expect(page.getByLabel("Ticket code")).toHaveValue("");
    await keepScreenshot(page, "check-in-checked-in.png", { fullPage: true });

    await typeCode(codes[0]!);
    await expect(result).toHaveAttribute("data-outcome", "already_checked_in");
    await expect(page.getByTestId("check-in-headline")).toHaveText(/^Already checked in at \d\d:\d\d$/);
    await expect(page.getByTestId("check-in-count")).toHaveText("1 / 2 checked in");
    await keepScreenshot(page, "check-in-already.png", { fullPage: true });

    await typeCode(robCode);
    await expect(result).toHaveAttribute("data-outcome", "refunded");
    await expect(page.getByTestId("check-in-headline")).toHaveText("Refused: refunded");
    await expect(result).toContainText("was refunded and is no longer valid. Do not admit.");
    await expect(page.getByTestId("recent-scans").getByRole("listitem")).toHaveCount(3);
    await expectNoA11yViolations(page);
    await keepScreenshot(page, "check-in-refunded.png", { fullPage: true });
  });

  await test.step("a second device scans the other ticket's QR code with its camera", async () => {
    const video = test.info().outputPath("ticket-qr.y4m");
    qrVideo(codes[1]!, video);
    const resolved = resolveBrowser();
    const withCamera = await chromium.launch({
      executablePath: resolved.executablePath,
      env: { ...process.env, ...resolved.env },
      args: ["--no-sandbox", "--disable-gpu", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
    });
    try {
      const ctx = await withCamera.newContext({ baseURL, permissions: ["camera"] });
      const door = await ctx.newPage();
      await signIn(door, OWNER_EMAIL);
      await door.goto(`${eventPath}/check-in`);
      await door.getByRole("button", { name: "Start camera" }).click();
      const scanned = door.getByTestId("check-in-result");
      await expect(scanned).toHaveAttribute("data-outcome", "checked_in", { timeout: 20_000 });
      await expect(scanned).toContainText(`${pia.name} · Standard`);
      await expect(door.getByTestId("check-in-count")).toHaveText("2 / 2 checked in");
      await keepScreenshot(door, "check-in-camera.png", { fullPage: true });
      // The code stays in front of the lens: it is answered once, not again every few frames.
      // (Waiting is the point here: longer than a code must be out of sight to be scanned again.)
      await door.waitForTimeout(2500);
      await expect(door.getByTestId("recent-scans").getByRole("listitem")).toHaveCount(1);
      await door.getByRole("button", { name: "Stop camera" }).click();
    } finally {
      await withCamera.close();
    }
  });
});
