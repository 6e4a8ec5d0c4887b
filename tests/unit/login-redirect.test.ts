// After sign-in a person goes back where they were, but only to a page of ours:
// the login page's own handling of callbackUrl and next-auth's redirect callback.
import { beforeEach, describe, expect, it, vi } from "vitest";

const nav = vi.hoisted(() => ({
  redirect: vi.fn((to: string) => {
    throw new Error(`NEXT_REDIRECT ${to}`);
  }),
}));
const session = vi.hoisted(() => ({ member: null as null | { userId: string } }));
vi.mock("next/navigation", () => ({ redirect: nav.redirect }));
vi.mock("@/lib/auth/session", () => ({ currentMember: async () => session.member }));

import LoginPage from "@/app/login/page";
import { authOptions } from "@/lib/auth/options";

const BASE = "http://localhost:3000";

// As the page receives them, i.e. after the query string was decoded once.
const OFF_SITE = [
  "//evil.example",
  "//evil.example/events",
  "/\\evil.example",
  "\\\\evil.example",
  "/\t/evil.example",
  " //evil.example",
  "/.//evil.example",
  "https://evil.example",
  "https://evil.example/events",
  "http://localhost:3000.evil.example/",
  "javascript:alert(document.cookie)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
];

type Element = { props: { children?: unknown } & Record<string, unknown> };

async function formCallbackUrl(callbackUrl: string | undefined): Promise<unknown> {
  const page = (await LoginPage({ searchParams: Promise.resolve({ callbackUrl }) })) as Element;
  const children = ([] as unknown[]).concat(page.props.children);
  const form = children.find((c): c is Element => !!c && typeof c === "object" && "callbackUrl" in ((c as Element).props ?? {}));
  return form!.props.callbackUrl;
}

async function signedInRedirect(callbackUrl: string): Promise<string> {
  session.member = { userId: "u1" };
  nav.redirect.mockClear();
  await expect(LoginPage({ searchParams: Promise.resolve({ callbackUrl }) })).rejects.toThrow(/NEXT_REDIRECT/);
  return nav.redirect.mock.calls[0]![0];
}

function staysOnOrigin(target: string): void {
  expect(target.startsWith("//")).toBe(false);
  expect(new URL(target, BASE).origin).toBe(BASE);
}

describe("login page callbackUrl", () => {
  beforeEach(() => {
    session.member = null;
  });

  it.each(OFF_SITE)("sends the sign-in form's success to /events, not to %j", async (raw) => {
    expect(await formCallbackUrl(raw)).toBe("/events");
  });

  it.each(OFF_SITE)("redirects a signed-in visitor to /events, not to %j", async (raw) => {
    expect(await signedInRedirect(raw)).toBe("/events");
  });

  it("keeps a path that was encoded twice on our own origin", async () => {
    const target = (await formCallbackUrl("%2F%2Fevil.example")) as string;
    staysOnOrigin(target);
  });

  it("keeps our own paths, query and fragment, and turns our absolute URLs into paths", async () => {
    expect(await formCallbackUrl("/events/123?tab=attendees#top")).toBe("/events/123?tab=attendees#top");
    expect(await formCallbackUrl(`${BASE}/settings/integrations`)).toBe("/settings/integrations");
    expect(await formCallbackUrl(undefined)).toBe("/events");
    expect(await signedInRedirect("/settings")).toBe("/settings");
  });
});

describe("next-auth redirect callback", () => {
  const redirect = (url: string) => authOptions.callbacks!.redirect!({ url, baseUrl: BASE });

  it.each([...OFF_SITE, "%2F%2Fevil.example"])("never leaves our origin for %j", async (raw) => {
    const target = await redirect(raw);
    expect(new URL(target).origin).toBe(BASE);
    expect(new URL(target).pathname.startsWith("//")).toBe(false);
  });

  it("keeps our own relative and absolute URLs", async () => {
    expect(await redirect("/events/1?x=1")).toBe(`${BASE}/events/1?x=1`);
    expect(await redirect(`${BASE}/settings`)).toBe(`${BASE}/settings`);
  });
});
