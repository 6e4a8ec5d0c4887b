// A "file" registration question as people use it: the organizer adds one that
// takes PDFs up to 1 MB (a mistake first, nothing typed lost); an attendee picks
// a wrong file and is told why before anything is kept (the browser's check for
// a wrong type, the server's for a text file named .pdf), then uploads a real PDF
// and registers; the admin sees the file by name with a download link.
import { expect, test } from "@playwright/test";
import { addTicketType, createEvent, expectNoA11yViolations, keepScreenshot, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

/** A small but real PDF: the server knows it by its first bytes. */
const PDF = Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n", "latin1");

test("an organizer asks for a PDF, an attendee is refused a wrong file and registers with a PDF, and the admin downloads it", async ({ page, browser, baseURL }) => {
  const id = unique();
  const title = `E2E File question ${id}`;
  const question = `Your CV ${id}`;
  const ana = { name: `Ana Upload ${id}`, email: `ana.upload.${id}@example.com` };

  let publicPath = "";
  await test.step("the owner adds a file question, fixing a mistake without retyping", async () => {
    await signIn(page, OWNER_EMAIL);
    await createEvent(page, { title, capacity: 10 });
    await addTicketType(page, { name: "General", price: "0", currency: "EUR", quantity: 5 });
    const form = page.getByRole("form", { name: "Add a question" });
    await form.getByLabel("Kind of answer").selectOption({ label: "File upload" });
    await form.getByLabel("Question").fill(question);
    await form.getByRole("checkbox", { name: "PDF" }).uncheck();
    await form.getByLabel("Largest file (MB)").fill("25");
    await form.getByRole("checkbox", { name: /Required/ }).check();
    await form.getByRole("button", { name: "Add question" }).click();
    await expect(form.getByRole("group", { name: "Files it takes" })).toHaveAccessibleDescription("Tick at least one type of file the question takes");
    await expect(form.getByLabel("Largest file (MB)")).toHaveAccessibleDescription("At most 10 MB: attendee uploads are limited to that");
    await expect(form.getByLabel("Question")).toHaveValue(question);
    await expect(form.getByRole("checkbox", { name: /Required/ })).toBeChecked();
    await form.getByRole("checkbox", { name: "PDF" }).check();
    await form.getByLabel("Largest file (MB)").fill("1");
    await form.getByRole("button", { name: "Add question" }).click();
    await expect(form.getByRole("status")).toHaveText(`Added "${question}".`);
    const list = page.getByTestId("question-list");
    await expect(list).toContainText("File upload (PDF, up to 1 MB) · required · every ticket type");
    await expectNoA11yViolations(page);
    await keepScreenshot(page.getByRole("region", { name: "Registration questions" }), "file-question-editor.png");
    publicPath = await publish(page);
  });

  const visitor = await browser.newContext({ baseURL });
  try {
    const pub = await visitor.newPage();
    await test.step("an attendee picks wrong files, is told why, then uploads a PDF and registers", async () => {
      await pub.goto(publicPath);
      const form = pub.getByRole("form", { name: "Order tickets" });
      await form.getByLabel("Your name").fill(ana.name);
      await form.getByLabel("E-mail").fill(ana.email);
      const file = form.getByLabel(question);
      await expect(file).toHaveAttribute("accept", "application/pdf,.pdf");
      await expect(file).toHaveAccessibleDescription("PDF, up to 1 MB.");
      // The browser's own check: a plain text file is not a PDF by its type.
      await file.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("just some notes") });
      await expect(file).toHaveAccessibleDescription("This file type is not accepted here. Accepted: PDF, up to 1 MB.");
      // The server's check: a text file named .pdf is refused by its content.
      await file.setInputFiles({ name: "slides.pdf", mimeType: "application/pdf", buffer: Buffer.from("#!/bin/sh\necho this is not a pdf\n") });
      await expect(file).toHaveAccessibleDescription("This file's content is not a PDF; the name does not decide what a file is.");
      await expect(file).toHaveAttribute("aria-invalid", "true");
      await expectNoA11yViolations(pub);
      await keepScreenshot(pub, "file-question-public-refused.png", { fullPage: true });
      await file.setInputFiles({ name: "cv.pdf", mimeType: "application/pdf", buffer: PDF });
      await expect(form.getByText("Uploaded cv.pdf.")).toBeVisible();
      await expect(file).toHaveAccessibleDescription("PDF, up to 1 MB.");
      await keepScreenshot(pub, "file-question-public-uploaded.png", { fullPage: true });
      await form.getByRole("button", { name: "Register" }).click();
      await expect(pub.getByRole("status").filter({ hasText: "You're registered." })).toHaveText(`You're registered. A confirmation goes to ${ana.email}.`);
    });
  } finally {
    await visitor.close();
  }

  await test.step("the admin sees the file by name and downloads it", async () => {
    await page.reload();
    const row = page.getByTestId("attendee-row").filter({ hasText: ana.name });
    const link = row.getByTestId("attendee-answers").getByRole("link", { name: "cv.pdf" });
    await expect(link).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe("cv.pdf");
    const { readFile } = await import("node:fs/promises");
    expect(await readFile((await download.path())!)).toEqual(PDF);
  });
});
