// Registration questions as people use them: the organizer adds a required
// question (a mistake first, nothing typed lost), an attendee is told which
// answer is missing, fixes it and registers; the answer shows in the attendee
// list and in the CSV download.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { addTicketType, createEvent, expectNoA11yViolations, keepScreenshot, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

test("an organizer asks a required question, an attendee answers it, and the answer reaches the list and the CSV", async ({ page, browser, baseURL }) => {
  const id = unique();
  const title = `E2E Questions ${id}`;
  const question = `Which team are you in? ${id}`;
  const ana = { name: `Ana Asked ${id}`, email: `ana.${id}@example.com`, team: `=Team Rocket ${id}` };

  let publicPath = "";
  await test.step("the owner adds a required question, fixing a mistake without retyping", async () => {
    await signIn(page, OWNER_EMAIL);
    await createEvent(page, { title, capacity: 10 });
    await addTicketType(page, { name: "General", price: "0", currency: "EUR", quantity: 5 });
    const form = page.getByRole("form", { name: "Add a question" });
    await form.getByLabel("Kind of answer").selectOption({ label: "Choice (one of a list)" });
    await form.getByLabel("Help text (optional)").fill("As on your badge");
    await form.getByRole("checkbox", { name: /Required/ }).check();
    await form.getByRole("button", { name: "Add question" }).click();
    await expect(form.getByLabel("Question")).toHaveAccessibleDescription("Write the question");
    await expect(form.getByLabel("Choices")).toHaveAccessibleDescription("Give at least two choices, one per line");
    // What was typed is still there.
    await expect(form.getByLabel("Help text (optional)")).toHaveValue("As on your badge");
    await expect(form.getByRole("checkbox", { name: /Required/ })).toBeChecked();
    await form.getByLabel("Kind of answer").selectOption({ label: "Short text" });
    await form.getByLabel("Question").fill(question);
    await form.getByRole("button", { name: "Add question" }).click();
    await expect(form.getByRole("status")).toHaveText(`Added "${question}".`);
    const list = page.getByTestId("question-list");
    await expect(list.getByTestId("question-row")).toHaveCount(1);
    await expect(list).toContainText("Short text · required · every ticket type");
    await form.getByLabel("Kind of answer").selectOption({ label: "Checkbox (yes or no)" });
    await form.getByLabel("Question").fill("Send me the newsletter");
    await form.getByRole("button", { name: "Add question" }).click();
    await expect(list.getByTestId("question-row")).toHaveCount(2);
    await list.getByTestId("question-row").nth(1).getByRole("button", { name: "Move up" }).click();
    await expect(list.getByTestId("question-row").first()).toContainText("Send me the newsletter");
    await expectNoA11yViolations(page);
    await keepScreenshot(page.getByRole("region", { name: "Registration questions" }), "questions-editor.png");
    publicPath = await publish(page);
  });

  const visitor = await browser.newContext({ baseURL });
  try {
    const pub = await visitor.newPage();
    await test.step("an attendee skips the required question, is told which one, fixes it and registers", async () => {
      await pub.goto(publicPath);
      const form = pub.getByRole("form", { name: "Order tickets" });
      await form.getByLabel("Your name").fill(ana.name);
      await form.getByLabel("E-mail").fill(ana.email);
      await form.getByRole("checkbox", { name: /Send me the newsletter/ }).check();
      await form.getByRole("button", { name: "Register" }).click();
      const answer = form.getByLabel(question);
      await expect(answer).toHaveAccessibleDescription("This question needs an answer");
      await expect(answer).toHaveAttribute("aria-invalid", "true");
      await expect(form.getByLabel("Your name")).toHaveValue(ana.name);
      await expect(form.getByRole("checkbox", { name: /Send me the newsletter/ })).toBeChecked();
      await expectNoA11yViolations(pub);
      await keepScreenshot(pub, "public-form-error.png", { fullPage: true });
      await answer.fill(ana.team);
      await form.getByRole("button", { name: "Register" }).click();
      await expect(pub.getByRole("status").filter({ hasText: "You're registered." })).toHaveText(`You're registered. A confirmation goes to ${ana.email}.`);
    });
  } finally {
    await visitor.close();
  }

  await test.step("the admin sees the answer in the attendee list and downloads it as CSV", async () => {
    await page.reload();
    const row = page.getByTestId("attendee-row").filter({ hasText: ana.name });
    await expect(row.getByTestId("attendee-answers")).toContainText(`${question}: ${ana.team}`);
    await expect(row.getByTestId("attendee-answers")).toContainText("Send me the newsletter: Yes");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download attendees and answers (CSV)" }).click()]);
    expect(download.suggestedFilename()).toMatch(/-attendees\.csv$/);
    const csv = await readFile((await download.path())!, "utf8");
    const [header, line] = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(header).toContain(`Send me the newsletter,${question}`);
    // The answer starts with "=", so the file keeps it as text for spreadsheets.
    expect(line).toContain(`${ana.name},${ana.email},`);
    expect(line).toMatch(new RegExp(`,Yes,'=Team Rocket ${id}$`));
  });

  await test.step("the event catalog still describes registration.created version 1, without answers", async () => {
    await page.goto("/settings/webhooks/event-types");
    const section = page.getByRole("region", { name: "registration.created" });
    await expect(section).toContainText("(payload version 2)");
    const v1 = section.getByTestId("earlier-registration.created-v1");
    await v1.getByText("Version 1, still sent to").click();
    await expect(v1.getByLabel("Example registration.created version 1")).not.toContainText("answers");
    await expect(section.getByLabel("Example registration.created", { exact: true })).toContainText('"answers"');
    await keepScreenshot(section, "catalog-versions.png");
  });
});
