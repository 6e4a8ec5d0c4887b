// After sign-in a person goes back where they were, but only to a page of ours:
// the login page's own handling of callbackUrl and next-auth's redirect callback.
import { beforeEach, describe, expect, it, vi } from "vitest";

const nav = vi.hoisted(() => ({
  redirect: vi.fn((to: string) => {
    throw new Error(`NEXT_REDIRECT ${to}`);
  }),
}));
const session = vi.hoisted(() => ({ member: null as null | { userId: string }, user: null as null | { userId: string; email: string; name: string | null } }));
vi.mock("next/navigation", () => ({ redirect: nav.redirect }));
vi.mock("@/lib/auth/session", () => ({ currentMember: async () => session.member, signedInUser: async () => session.user }));

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

async function formProps(params: Record<string, string | undefined>): Promise<Record<string, unknown>> {
  const page = (await LoginPage({ searchParams: Promise.resolve(params) })) as Element;
  const children = ([] as unknown[]).concat(page.props.children);
  const form = children.find((c): c is Element => !!c && typeof c === "object" && "callbackUrl" in ((c as Element).props ?? {}));
  return form!.props;
}

async function formCallbackUrl(callbackUrl: string | undefined): Promise<unknown> {
  return (await formProps({ callbackUrl })).callbackUrl;
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
    session.user = null;
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

describe("login page for a person removed from every organization", () => {
  beforeEach(() => {
    session.member = null;
    session.user = null;
  });

  it("says they are signed in but belong to no organization, instead of showing the bare form", async () => {
    session.user = { userId: "u1", email: "removed@example.test", name: "Rae" };
    expect((await formProps({})).initialError).toBe(
      "You are signed in as removed@example.test, but that account no longer belongs to any organization on this Switchboard. Ask an owner to invite you again, or sign in with another account.",
    );
  });

  it("shows a sign-in refusal as before when nobody is signed in", async () => {
    expect((await formProps({ error: "CredentialsSignin" })).initialError).toBe("That e-mail and password do not match an account.");
    expect((await formProps({})).initialError).toBeUndefined();
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
