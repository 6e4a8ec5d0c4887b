// Who may see what: visitors are sent to sign in, members see events but not
// settings, and every page carries the security headers.
import { expect, test } from "@playwright/test";
import { expectNoA11yViolations, MEMBER_EMAIL, OWNER_EMAIL, signIn } from "./helpers";

test("a visitor without a session is sent to sign in", async ({ page }) => {
  const response = await page.goto("/events");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fevents$/);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Sign in to Switchboard" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Events", exact: true })).toHaveCount(0);

  await page.goto("/settings/activity");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Factivity$/);
});

test("a wrong password is refused with a message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(OWNER_EMAIL);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("That e-mail and password do not match an account.");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel("E-mail")).toHaveValue(OWNER_EMAIL);
});

test("a member sees events but gets 403 at settings", async ({ page }) => {
  await signIn(page, MEMBER_EMAIL);
  await expect(page.getByText(`${MEMBER_EMAIL} · member`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Switchboard Launch Night" })).toBeVisible();
  // The navigation does not offer what the member may not open.
  await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);

  const response = await page.goto("/settings");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Owners and admins only" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Settings", exact: true })).toHaveCount(0);
  await expectNoA11yViolations(page);

  const activity = await page.goto("/settings/activity");
  expect(activity?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Owners and admins only" })).toBeVisible();
});

test("pages carry the security headers", async ({ page }) => {
  for (const path of ["/login", "/events"]) {
    const response = await page.goto(path);
    expect(response, path).not.toBeNull();
    const headers = await response!.allHeaders();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"], path).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]+'/);
    expect(headers["referrer-policy"], path).toMatch(/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/);
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-powered-by"], path).toBeUndefined();
  }
});
