// An owner creates an API key, sees it once, uses it as Zapier would, and revokes it.
import { expect, test } from "@playwright/test";
import { expectNoA11yViolations, OWNER_EMAIL, signIn, unique } from "./helpers";

test("an API key is shown once, works for Zapier, and stops working when revoked", async ({ page, request }) => {
  await signIn(page, OWNER_EMAIL);
  await page.goto("/settings/api-keys");
  await expect(page.getByRole("heading", { name: "API keys", exact: true })).toBeVisible();

  // A nameless key is refused with a field message.
  const form = page.getByRole("form", { name: "Create API key" });
  await form.getByRole("button", { name: "Create key" }).click();
  await expect(form.getByRole("alert").filter({ hasText: /name/ })).toBeVisible();

  const name = `Zapier ${unique()}`;
  await form.getByLabel("Key name").fill(name);
  await form.getByRole("button", { name: "Create key" }).click();
  const secret = page.getByTestId("api-key-secret");
  await expect(secret).toHaveText(/^sbk_/);
  await expect(page.getByText("it is shown only once")).toBeVisible();
  const key = (await secret.textContent())!.trim();

  const row = page.getByTestId("api-key-row").filter({ hasText: name });
  await expect(row).toContainText(key.slice(0, 10));
  await expect(row).toContainText("Active");
  await expectNoA11yViolations(page);

  const me = await request.get("/api/zapier/me", { headers: { "X-API-Key": key } });
  expect(me.status()).toBe(200);
  expect((await me.json()).org_name).toBeTruthy();

  // After a reload the secret is gone for good.
  await page.reload();
  await expect(page.getByTestId("api-key-secret")).toHaveCount(0);

  page.once("dialog", (d) => d.accept());
  await page.getByTestId("api-key-row").filter({ hasText: name }).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("api-key-row").filter({ hasText: name })).toContainText("Revoked");

  const after = await request.get("/api/zapier/me", { headers: { "X-API-Key": key } });
  expect(after.status()).toBe(401);
});
